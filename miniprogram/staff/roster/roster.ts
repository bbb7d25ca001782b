// 报名名单: an event's sign-ups (masked names and cards), seats, check-in marks, and 手动签到 for
// a patron whose phone cannot scan (the same once-only award as a scan).
import { api } from '../../api/index';
import type { EventAdminView } from '../../contract/events';
import type { Contract, OutputOf } from '../../contract/index';
import { eventPicker } from '../event-picker';
import { eventRow, signupStatusText, type EventRow } from '../../utils/events';
import { toast } from '../../utils/page';
import { GATED, loadGated } from '../../utils/roles';
import { formatShort } from '../../utils/time';

interface Row {
  signupId: string;
  name: string;
  cardNo: string;
  seats: number;
  membersText: string;
  statusText: string;
  attended: boolean;
  attendedText: string;
  canCheckIn: boolean;
}

type Entry = OutputOf<Contract['events']['roster']>['signups'][number];

/** A roster line from the roster's entry (or manualAttend's answer). */
function rowOf(s: Entry, reader: boolean): Row {
  return {
    signupId: s.signupId,
    name: s.name,
    cardNo: s.cardNo,
    seats: s.seats,
    membersText: s.members.join('、'),
    statusText: signupStatusText(s.status, s.position),
    attended: s.attended,
    attendedText: s.attendedAt ? `${formatShort(s.attendedAt)} 签到` : '',
    canCheckIn: reader && s.status === 'confirmed' && !s.attended,
  };
}

interface Summary extends EventRow {
  kind: EventAdminView['kind'];
  attended: number;
}

Component({
  behaviors: [eventPicker({ includeEnded: true })],
  data: {
    loading: true,
    error: '',
    isStaff: false,
    events: [] as EventRow[],
    eventId: '',
    event: null as Summary | null,
    rows: [] as Row[],
    busy: false,
  },
  methods: {
    async load(quiet = true) {
      const { eventId } = this.data;
      // Staff-gated: opened by ?eventId= this is the page's only call (FORBIDDEN: not staff).
      await loadGated(this, 'isStaff', () => api.events.roster({ eventId }, GATED), (d) => {
        const reader = d.event.kind === 'reader';
        return {
          event: { ...eventRow(d.event), kind: d.event.kind, attended: d.event.attended },
          rows: d.signups.map((s) => rowOf(s, reader)),
        };
      }, quiet);
    },
    async onCheckIn(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const row = this.data.rows.find((r) => r.signupId === e.currentTarget.dataset.id);
      if (!row || !row.canCheckIn || this.data.busy) return;
      this.setData({ busy: true });
      const { confirm } = await wx.showModal({
        title: '手动签到',
        content: `为 ${row.name}（读者证 ${row.cardNo}，${row.seats} 人）签到？签到后发放活动积分。`,
        confirmText: '签到',
      });
      if (confirm) {
        const res = await api.events.manualAttend({ eventId: this.data.eventId, signupId: row.signupId }, { loading: '签到中' });
        const at = this.data.rows.findIndex((r) => r.signupId === row.signupId);
        if (res.ok && at >= 0 && this.data.event) {
          // One call: the answer is the line after the check-in, which now counts as attended
          // (only a confirmed line of a reader event offers 手动签到). A refusal re-reads the roster.
          this.setData({ [`rows[${at}]`]: rowOf(res.data.signup, true), 'event.attended': this.data.event.attended + 1 });
          toast(res.data.awarded ? `已签到，发放 ${res.data.awarded} 积分` : '已签到');
        } else if (!res.ok || at < 0) await this.load();
      }
      this.setData({ busy: false });
    },
    onBack() {
      this.setData({ eventId: '', event: null, rows: [] });
      this.showList();
    },
  },
});
