// Events: reader and volunteer events, sign-up with waitlist, QR check-in, volunteers, service.
import { events } from '../../miniprogram/contract/events';
import { createMain } from '../../server/runtime/router';

// Contract first: the domain (server/domain/events/) lands in the next commit.
const notYet = async (): Promise<never> => { throw new Error('events: not built yet'); };

export const main = createMain('events', events, {
  list: notYet, detail: notYet, signup: notYet, cancel: notYet, attend: notYet, mine: notYet,
  registerVolunteer: notYet, volunteerStatus: notYet, listAll: notYet, attendanceToken: notYet,
  roster: notYet, manualAttend: notYet, volunteerQueue: notYet, reviewVolunteer: notYet, confirmService: notYet,
});
