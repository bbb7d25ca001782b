import { z } from 'zod';
import { cardNo, command, id, isoTime, personName, phone, query, requestId, text } from './common';
import { cardView, memberView } from './account';

// Reader events (读者活动) and volunteer events (志愿者活动): sign-up with family members and a
// waitlist, rotating QR check-in, volunteer registration and confirmed service.

export const eventKind = z.enum(['reader', 'volunteer']);
export type EventKind = z.infer<typeof eventKind>;
export const eventStatus = z.enum(['published', 'cancelled']);

/**
 * Where an event stands for a patron, derived from the clock and the seats:
 * open (可报名) · full (已满, waitlist possible) · closed (报名已截止, not started yet) ·
 * ongoing (进行中) · ended (已结束) · cancelled (已取消).
 */
export const eventPhase = z.enum(['open', 'full', 'closed', 'ongoing', 'ended', 'cancelled']);
export type EventPhase = z.infer<typeof eventPhase>;

/**
 * confirmed (已报名) · waitlisted (候补第 N 位) · attended (已签到) · served (服务已确认, volunteer
 * events) · absent (缺席, set by the timer) · cancelled (已取消, by the patron or the event).
 */
export const signupStatus = z.enum(['confirmed', 'waitlisted', 'attended', 'served', 'absent', 'cancelled']);
export type SignupStatus = z.infer<typeof signupStatus>;

export const signupMember = z.object({ memberId: z.string(), name: z.string(), relation: z.string() });

/** One of the caller's sign-ups (their own data: names are not masked). */
export const mySignupView = z.object({
  signupId: z.string(),
  eventId: z.string(),
  cardNo: z.string(),
  status: signupStatus,
  /** 1 (the card holder) + members. */
  seats: z.number().int(),
  /** 1-based waitlist position while waitlisted, else null. */
  position: z.number().int().nullable(),
  members: z.array(signupMember),
  /** Points awarded for this sign-up (check-in or confirmed service), 0 until then. */
  awarded: z.number().int(),
  /** Volunteer events: hours confirmed by staff, else null. */
  hours: z.number().nullable(),
  /** The patron allowed a reminder (subscribe message) the day before. */
  remind: z.boolean(),
  createdAt: z.string(),
  attendedAt: z.string().nullable(),
});
export type MySignupView = z.infer<typeof mySignupView>;

export const eventView = z.object({
  eventId: z.string(),
  kind: eventKind,
  title: z.string(),
  description: z.string(),
  place: z.string(),
  startAt: z.string(),
  endAt: z.string(),
  signupDeadline: z.string(),
  capacity: z.number().int(),
  /** Seats held by confirmed (and attended) sign-ups; in lists a few seconds stale at most. */
  seatsTaken: z.number().int(),
  seatsLeft: z.number().int(),
  /** Sign-ups on the waitlist. */
  waitlisted: z.number().int(),
  points: z.number().int(),
  status: eventStatus,
  phase: eventPhase,
  /** The caller's active sign-up on this event (current card first), or null. */
  mySignup: mySignupView.nullable(),
  /** Every sign-up of the caller's cards on this event (detail page: one per card). */
  mySignups: z.array(mySignupView),
});
export type EventView = z.infer<typeof eventView>;

/** What staff and admins see of an event (list for 活动管理 and the staff pickers). */
export const eventAdminView = eventView.omit({ mySignup: true, mySignups: true }).extend({
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Sign-ups that checked in / whose service was confirmed. */
  attended: z.number().int(),
});
export type EventAdminView = z.infer<typeof eventAdminView>;

export const volunteerStatus = z.enum(['none', 'pending', 'approved', 'rejected']);
export const volunteerView = z.object({
  volunteerId: z.string(),
  name: z.string(), // masked for staff
  phone: z.string(), // masked for staff (and for the patron's own status too)
  skills: z.string(),
  status: volunteerStatus.exclude(['none']),
  reason: z.string().nullable(),
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
  /** Total confirmed service hours. */
  serviceHours: z.number(),
});

export const rosterEntry = z.object({
  signupId: z.string(),
  cardNo: z.string(), // masked
  name: z.string(), // masked
  status: signupStatus,
  seats: z.number().int(),
  /** Members' names, masked. */
  members: z.array(z.string()),
  position: z.number().int().nullable(),
  attended: z.boolean(),
  attendedAt: z.string().nullable(),
  awarded: z.number().int(),
  hours: z.number().nullable(),
  createdAt: z.string(),
});

const eventId = id;
/** Hours of confirmed volunteer service: 0.5 to 24 in half hours. */
export const serviceHours = z.number().min(0.5).max(24).refine((h) => Number.isInteger(h * 2), '服务时长以半小时为单位');

export const events = {
  /** Upcoming first (by start), then the recently ended; cancelled events are left out. */
  list: query(
    z.object({ kind: eventKind.optional() }),
    z.object({ events: z.array(eventView), signupBlockedUntil: z.string().nullable() }),
  ),
  detail: query(z.object({ eventId }), z.object({ event: eventView, signupBlockedUntil: z.string().nullable() })),
  /**
   * 活动详情 in one call: detail's answer plus what the sign-up form needs (the caller's cards and
   * family members, the members-per-signup cap) and, for a volunteer event, the caller's
   * volunteer status (null for reader events).
   */
  detailPage: query(z.object({ eventId }), z.object({
    event: eventView,
    signupBlockedUntil: z.string().nullable(),
    cards: z.array(cardView),
    members: z.array(memberView),
    maxMembers: z.number().int(),
    volunteer: volunteerStatus.nullable(),
  })),
  /**
   * Signs the card up with `memberIds` (each takes a seat). A full event answers EVENT_FULL unless
   * `waitlist`; `remind` records the patron's consent to one reminder the day before.
   */
  signup: command(
    z.object({
      eventId,
      cardNo: cardNo.optional(),
      memberIds: z.array(id).max(20).optional(),
      waitlist: z.boolean().optional(),
      remind: z.boolean().optional(),
      requestId: requestId.optional(),
    }),
    z.object({ signup: mySignupView, event: eventView }),
  ),
  /**
   * Frees the seats; the earliest waitlisted sign-ups that fit are promoted in the same transaction.
   * `event`: the event as 活动详情 shows it after the cancel (as detail's), so the page needs no re-read.
   */
  cancel: command(
    z.object({ eventId, cardNo: cardNo.optional(), signupId: z.string().min(1).max(100).optional(), requestId: requestId.optional() }),
    z.object({ signup: mySignupView, promoted: z.number().int(), event: eventView }),
  ),
  /** `token` is the text of the staff screen's QR code. */
  attend: command(
    z.object({ eventId, token: z.string().trim().min(1).max(200), cardNo: cardNo.optional(), requestId: requestId.optional() }),
    z.object({ awarded: z.number().int(), balance: z.number().int(), cardNo: z.string(), signup: mySignupView }),
  ),
  mine: query(
    z.object({}),
    z.object({
      signups: z.array(mySignupView.extend({
        title: z.string(), kind: eventKind, place: z.string(), startAt: z.string(), endAt: z.string(),
        eventStatus, points: z.number().int(),
      })),
      volunteer: z.object({ status: volunteerStatus, serviceHours: z.number() }),
    }),
  ),
  registerVolunteer: command(
    z.object({ name: personName, phone, skills: text(200, { multiline: true }).optional() }),
    z.object({ volunteer: volunteerView }),
  ),
  volunteerStatus: query(
    z.object({}),
    z.object({ status: volunteerStatus, reason: z.string().nullable(), volunteer: volunteerView.nullable() }),
  ),

  // Staff (event check-in, roster, volunteers).
  /** Events for the staff pickers and admin 活动管理 (all kinds, cancelled included, newest start first). */
  listAll: query(
    z.object({ kind: eventKind.optional(), includeEnded: z.boolean().optional() }),
    /** roles: the caller's (活动管理 is for admins; the pickers are for staff). */
    z.object({ events: z.array(eventAdminView), roles: z.array(z.enum(['staff', 'admin'])) }),
    'staff',
  ),
  /** The current QR text; the screen asks again after `refreshInSeconds`. */
  attendanceToken: query(
    z.object({ eventId }),
    z.object({
      token: z.string(), expiresAt: z.string(), refreshInSeconds: z.number().int(), stepSeconds: z.number().int(),
      event: z.object({ eventId: z.string(), title: z.string(), place: z.string(), startAt: z.string(), endAt: z.string() }),
    }),
    'staff',
  ),
  roster: query(
    z.object({ eventId }),
    z.object({
      event: eventAdminView,
      signups: z.array(rosterEntry),
    }),
    'staff',
  ),
  /** 手动签到 from the roster: the same once-only award as a scan. */
  manualAttend: command(
    z.object({ eventId, signupId: id }),
    z.object({ awarded: z.number().int(), signup: rosterEntry }),
    'staff',
  ),
  volunteerQueue: query(
    z.object({ status: volunteerStatus.exclude(['none']).optional() }),
    z.object({ volunteers: z.array(volunteerView) }),
    'staff',
  ),
  /** `reason` is required when rejecting. */
  reviewVolunteer: command(
    z.object({ volunteerId: id, approve: z.boolean(), reason: text(200).optional() }),
    z.object({ volunteer: volunteerView }),
    'staff',
  ),
  /** After a volunteer event: the event's points once per sign-up, hours to the service record. Name the sign-up by `signupId` (from the roster) or `cardNo`. */
  confirmService: command(
    z.object({ eventId, signupId: id.optional(), cardNo: cardNo.optional(), hours: serviceHours }),
    z.object({ awarded: z.number().int(), hours: z.number(), totalHours: z.number(), signup: rosterEntry }),
    'staff',
  ),
};

/** admin.upsertEvent: create (no eventId) or edit; status 'cancelled' cancels and messages everyone signed up. */
export const eventInput = z.object({
  eventId: id.optional(),
  kind: eventKind,
  title: text(50, { min: 1 }),
  description: text(2000, { multiline: true }).optional(),
  place: text(100, { min: 1 }),
  startAt: isoTime,
  endAt: isoTime,
  signupDeadline: isoTime,
  capacity: z.number().int().min(1).max(10_000),
  points: z.number().int().min(0).max(10_000),
  status: eventStatus.optional(),
});
/** `events`: 活动管理's list after the save (as listAll with includeEnded), so the page needs no re-read. */
export const upsertEventOutput = z.object({ event: eventAdminView, events: z.array(eventAdminView) });
