// Events as the pages show them (the patron pages in events/ and the staff pages share this file).
import type { z } from 'zod';
import type { EventKind, EventPhase, EventView, MySignupView, SignupStatus, volunteerStatus } from '../contract/events';
import { formatDate, formatShort, shanghai } from './time';

export const KIND_TEXT: Record<EventKind, string> = { reader: '读者活动', volunteer: '志愿者活动' };

/** A patron's volunteer registration: none (未注册) · pending · approved · rejected. */
export type VolunteerStatus = z.infer<typeof volunteerStatus>;

export const VOLUNTEER_STATUS_TEXT: Record<VolunteerStatus, string> = { none: '未注册', pending: '审核中', approved: '已通过', rejected: '未通过' };

/** Why no sign-up is possible after repeated no-shows (the list and the detail page say the same). */
export function blockedText(until: string): string {
  return `因多次报名后缺席，${formatDate(until)} 前暂不能报名新的活动`;
}

const PHASE_TEXT: Record<EventPhase, string> = {
  open: '可报名',
  full: '已满',
  closed: '报名已截止',
  ongoing: '进行中',
  ended: '已结束',
  cancelled: '已取消',
};
const PHASE_TAG: Record<EventPhase, string> = {
  open: 'success',
  full: 'warning',
  closed: 'default',
  ongoing: 'primary',
  ended: 'default',
  cancelled: 'danger',
};

/** Why a patron cannot sign up (empty while they can, a full event included: it has a waitlist). */
export const PHASE_REFUSAL: Record<EventPhase, string> = {
  open: '',
  full: '',
  closed: '报名已截止',
  ongoing: '活动已开始，报名已截止',
  ended: '活动已结束',
  cancelled: '活动已取消',
};

const SIGNUP_TAG: Record<SignupStatus, string> = {
  confirmed: 'success',
  waitlisted: 'warning',
  attended: 'primary',
  served: 'primary',
  absent: 'danger',
  cancelled: 'default',
};

/** A sign-up's status as the patron reads it: 已报名 / 候补第 N 位 / 已签到 / …. */
export function signupStatusText(status: SignupStatus, position: number | null): string {
  switch (status) {
    case 'confirmed':
      return '已报名';
    case 'waitlisted':
      return position ? `候补第 ${position} 位` : '候补中';
    case 'attended':
      return '已签到';
    case 'served':
      return '服务已确认';
    case 'absent':
      return '缺席';
    default:
      return '已取消';
  }
}

/** 3月1日 09:00–11:00; both dates when the event spans days. */
export function eventTimeText(startAt: string, endAt: string): string {
  const sameDay = shanghai(startAt).format('YYYYMMDD') === shanghai(endAt).format('YYYYMMDD');
  return sameDay ? `${formatShort(startAt)}–${shanghai(endAt).format('HH:mm')}` : `${formatShort(startAt)} – ${formatShort(endAt)}`;
}

/** A sign-up's shown fields. */
export interface SignupText {
  statusText: string;
  statusTag: string;
  membersText: string;
}

export function signupText(s: Pick<MySignupView, 'status' | 'position' | 'members'>): SignupText {
  return {
    statusText: signupStatusText(s.status, s.position),
    statusTag: SIGNUP_TAG[s.status],
    membersText: s.members.map((m) => `${m.name}（${m.relation}）`).join('、'),
  };
}

/** Whether a sign-up still holds (or waits for) seats. */
export function isActive(s: Pick<MySignupView, 'status'>): boolean {
  return s.status === 'confirmed' || s.status === 'waitlisted';
}

type Listed = Pick<EventView, 'eventId' | 'kind' | 'title' | 'place' | 'startAt' | 'endAt' | 'capacity' | 'seatsTaken' | 'seatsLeft' | 'waitlisted' | 'points' | 'phase'>;

/** An event as a list row: time, place, seats and phase. */
export interface EventRow {
  eventId: string;
  title: string;
  place: string;
  timeText: string;
  points: number;
  seatsText: string;
  phaseText: string;
  phaseTag: string;
  /** 可候补 on a full event that still takes sign-ups. */
  waitlistOpen: boolean;
}

export function eventRow(e: Listed): EventRow {
  return {
    eventId: e.eventId,
    title: e.title,
    place: e.place,
    timeText: eventTimeText(e.startAt, e.endAt),
    points: e.points,
    seatsText: e.seatsLeft > 0 ? `剩余 ${e.seatsLeft}/${e.capacity} 席` : `${e.capacity} 席已满${e.waitlisted ? ` · 候补 ${e.waitlisted} 人` : ''}`,
    phaseText: PHASE_TEXT[e.phase],
    phaseTag: PHASE_TAG[e.phase],
    waitlistOpen: e.phase === 'full',
  };
}

