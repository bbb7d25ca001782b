// 确认服务: after a volunteer event, confirm each volunteer's service with the hours served
// (the event's points once; the hours go to the volunteer's service record).
import { api } from '../../api/index';
import type { Contract, OutputOf } from '../../contract/index';
import { eventPicker } from '../event-picker';
import { eventRow, signupStatusText, type EventRow } from '../../utils/events';
import { toast } from '../../utils/page';
import { GATED, loadGated } from '../../utils/roles';

interface Row {
  signupId: string;
  name: string;
  cardNo: string;
  statusText: string;
  served: boolean;
  canConfirm: boolean;
  /** Hours entered (a suggestion from the event's length until staff change it). */
  hours: number;
  awarded: number;
}

type Entry = OutputOf<Contract['events']['roster']>['signups'][number];

/** A line from the roster's entry (or confirmService's answer) with the hours to show. */
function rowOf(s: Entry, hours: number): Row {
  return {
    signupId: s.signupId,
    name: s.name,
    cardNo: s.cardNo,
    statusText: signupStatusText(s.status, s.position),
    served: s.status === 'served',
    canConfirm: s.status !== 'served',
    hours: s.hours ?? hours,
    awarded: s.awarded,
  };
}

/** The event's length in hours, in half hours, as the default entry. */
function eventHours(startAt: string, endAt: string): number {
  const half = Math.round((Date.parse(endAt) - Date.parse(startAt)) / 1_800_000);
  return Math.min(24, Math.max(0.5, half / 2));
}

Component({
  behaviors: [eventPicker({ kind: 'volunteer', includeEnded: true })],
  data: {
    loading: true,
    error: '',
    isStaff: false,
    events: [] as EventRow[],
    eventId: '',
    event: null as (EventRow & { points: number }) | null,
    rows: [] as Row[],
    busy: false,
  },
  methods: {
    async load(quiet = true) {
      const { eventId } = this.data;
      const entered = new Map(this.data.rows.map((r) => [r.signupId, r.hours]));
      // Staff-gated: opened by ?eventId= this is the page's only call (FORBIDDEN: not staff).
      await loadGated(this, 'isStaff', () => api.events.roster({ eventId }, GATED), (d) => {
        const suggested = eventHours(d.event.startAt, d.event.endAt);
        return {
          event: eventRow(d.event),
          rows: d.signups
            .filter((s) => s.status !== 'cancelled' && s.status !== 'waitlisted')
            .map((s) => rowOf(s, entered.get(s.signupId) ?? suggested)),
        };
      }, quiet);
    },
    onHours(e: DetailEvent<number> & { currentTarget: { dataset: { id?: string } } }) {
      const at = this.data.rows.findIndex((r) => r.signupId === e.currentTarget.dataset.id);
      if (at >= 0) this.setData({ [`rows[${at}].hours`]: Number(e.detail) });
    },
    async onConfirm(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const row = this.data.rows.find((r) => r.signupId === e.currentTarget.dataset.id);
      if (!row || !row.canConfirm || this.data.busy) return;
      const hours = row.hours;
      if (!(hours >= 0.5 && hours <= 24 && Number.isInteger(hours * 2))) {
        toast('服务时长为0.5至24小时，以半小时为单位');
        return;
      }
      this.setData({ busy: true });
      const { confirm } = await wx.showModal({
        title: '确认服务',
        content: `确认 ${row.name}（${row.cardNo}）服务 ${hours} 小时？确认后发放 ${this.data.event?.points ?? 0} 积分，不能修改。`,
        confirmText: '确认',
      });
      if (confirm) {
        const res = await api.events.confirmService({ eventId: this.data.eventId, signupId: row.signupId, hours });
        const at = this.data.rows.findIndex((r) => r.signupId === row.signupId);
        if (res.ok && at >= 0) {
          // One call: the answer is the line after the confirmation. A refusal re-reads the roster.
          this.setData({ [`rows[${at}]`]: rowOf(res.data.signup, hours) });
          toast(`已确认 ${res.data.hours} 小时，发放 ${res.data.awarded} 积分`);
        } else await this.load();
      }
      this.setData({ busy: false });
    },
    onBack() {
      this.setData({ eventId: '', event: null, rows: [] });
      this.showList();
    },
  },
});
