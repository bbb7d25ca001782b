// Events: reader and volunteer events, sign-up with waitlist, QR check-in, volunteers, service.
import { events } from '../../miniprogram/contract/events';
import { attend, attendanceToken, manualAttend } from '../../server/domain/events/attendance';
import { detailPage, eventDetail, listAllEvents, listEvents, mySignups, roster } from '../../server/domain/events/read';
import { confirmService } from '../../server/domain/events/service';
import { cancel, signup } from '../../server/domain/events/signup';
import { registerVolunteer, reviewVolunteer, volunteerQueue, volunteerStatus } from '../../server/domain/events/volunteers';
import { createMain } from '../../server/runtime/router';

export const main = createMain('events', events, {
  list: (ctx, i) => listEvents(ctx, i.kind),
  detail: (ctx, i) => eventDetail(ctx, i.eventId),
  detailPage: (ctx, i) => detailPage(ctx, i.eventId),
  signup: (ctx, i) => signup(ctx, i),
  cancel: (ctx, i) => cancel(ctx, i),
  attend: (ctx, i) => attend(ctx, i),
  mine: (ctx) => mySignups(ctx),
  registerVolunteer: (ctx, i) => registerVolunteer(ctx, i),
  volunteerStatus: (ctx) => volunteerStatus(ctx),
  listAll: (ctx, i) => listAllEvents(ctx, i),
  attendanceToken: (ctx, i) => attendanceToken(ctx, i.eventId),
  roster: (ctx, i) => roster(ctx, i.eventId),
  manualAttend: (ctx, i) => manualAttend(ctx, i),
  volunteerQueue: (ctx, i) => volunteerQueue(ctx, i.status),
  reviewVolunteer: (ctx, i) => reviewVolunteer(ctx, i),
  confirmService: (ctx, i) => confirmService(ctx, i),
});
