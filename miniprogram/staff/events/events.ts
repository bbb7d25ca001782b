// 活动管理 (admins): every event (cancelled and ended included), and a form to create or edit
// one with date-time pickers; cancelling messages everyone signed up.
import { api } from '../../api/index';
import { newRequestId } from '../../api/client';
import type { EventAdminView, EventKind } from '../../contract/events';
import { eventRow, KIND_TEXT, type EventRow } from '../../utils/events';
import { wholeNumber } from '../../utils/form';
import { refreshAfter, toast } from '../../utils/page';
import { GATED, loadGated, staffFlags } from '../../utils/roles';
import { formatDateTime, shanghai } from '../../utils/time';

type TimeKey = 'startAt' | 'endAt' | 'signupDeadline';
type FieldKey = 'title' | 'place' | 'description' | 'capacity' | 'points';

interface Form {
  eventId: string;
  kind: EventKind;
  title: string;
  place: string;
  description: string;
  capacity: string;
  points: string;
  startAt: string;
  endAt: string;
  signupDeadline: string;
  /** The saved event is cancelled (read-only then). */
  cancelled: boolean;
}

type FormErrors = Partial<Record<FieldKey | TimeKey, string>>;

interface Row extends EventRow {
  kindText: string;
  cancelled: boolean;
}

const TIME_TITLES: Record<TimeKey, string> = { startAt: '开始时间', endAt: '结束时间', signupDeadline: '报名截止' };
const HOUR = 3_600_000;

/** A new event: tomorrow 14:00–16:00 (library time), sign-up until an hour before. */
function blank(now = Date.now()): Form {
  const at = shanghai(now + 24 * HOUR).hour(14).minute(0).second(0).millisecond(0).valueOf();
  return {
    eventId: '', kind: 'reader', title: '', place: '', description: '', capacity: '', points: '', cancelled: false,
    startAt: new Date(at).toISOString(), endAt: new Date(at + 2 * HOUR).toISOString(), signupDeadline: new Date(at - HOUR).toISOString(),
  };
}

function formOf(e: EventAdminView): Form {
  return {
    eventId: e.eventId, kind: e.kind, title: e.title, place: e.place, description: e.description,
    capacity: String(e.capacity), points: String(e.points), cancelled: e.status === 'cancelled',
    startAt: e.startAt, endAt: e.endAt, signupDeadline: e.signupDeadline,
  };
}

// Each page's events as loaded (kept out of data: the rows derive from them).
const loadedEvents = new WeakMap<object, EventAdminView[]>();

Component({
  data: {
    loading: true,
    error: '',
    isAdmin: false,
    rows: [] as Row[],
    editing: false,
    form: blank() as Form,
    times: { startAt: '', endAt: '', signupDeadline: '' } as Record<TimeKey, string>,
    errors: {} as FormErrors,
    /** The time field the picker edits ('' when closed), its title and value (ms). */
    picking: '' as TimeKey | '',
    pickerTitle: '',
    pickerValue: 0,
    saving: false,
    /** Kept after a transport failure so saving again cannot create the event twice. */
    pendingRequestId: '',
  },
  methods: {
    onLoad() {
      void this.init();
    },
    init() {
      return this.load(false);
    },
    onPullDownRefresh() {
      return refreshAfter(this.data.isAdmin && !this.data.editing ? this.load(true) : Promise.resolve());
    },
    async load(quiet: boolean) {
      // One call: listAll is staff-gated (FORBIDDEN: a patron); its roles tell an admin.
      await loadGated(this, 'isAdmin', () => api.events.listAll({ includeEnded: true }, GATED), (d) => ({
        isAdmin: staffFlags(d.roles).isAdmin,
        rows: this.listed(d.events),
      }), quiet);
    },
    /** The list's rows (listAll's answer, or upsertEvent's list after a save). */
    listed(events: EventAdminView[]): Row[] {
      loadedEvents.set(this, events);
      return events.map((e): Row => ({ ...eventRow(e), kindText: KIND_TEXT[e.kind], cancelled: e.status === 'cancelled' }));
    },
    edit(form: Form) {
      this.setData({
        editing: true,
        form,
        errors: {},
        pendingRequestId: '',
        times: { startAt: formatDateTime(form.startAt), endAt: formatDateTime(form.endAt), signupDeadline: formatDateTime(form.signupDeadline) },
      });
    },
    onCreate() {
      this.edit(blank());
    },
    onEdit(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const found = (loadedEvents.get(this) ?? []).find((x) => x.eventId === e.currentTarget.dataset.id);
      if (found) this.edit(formOf(found));
    },
    onClose() {
      this.setData({ editing: false, errors: {}, picking: '' });
    },
    onField(e: DetailEvent<string> & { currentTarget: { dataset: { key?: string } } }) {
      const key = e.currentTarget.dataset.key;
      if (key) this.setData({ [`form.${key}`]: e.detail, [`errors.${key}`]: '' });
    },
    onKind(e: DetailEvent<EventKind>) {
      this.setData({ 'form.kind': e.detail });
    },
    onPickTime(e: WechatMiniprogram.BaseEvent<Record<string, never>, { key: TimeKey }>) {
      const key = e.currentTarget.dataset.key;
      if (this.data.form.cancelled) return;
      this.setData({ picking: key, pickerTitle: TIME_TITLES[key], pickerValue: Date.parse(this.data.form[key]) });
    },
    onPickerConfirm(e: DetailEvent<number>) {
      const key = this.data.picking;
      if (!key) return;
      const iso = new Date(Number(e.detail)).toISOString();
      this.setData({ picking: '', [`form.${key}`]: iso, [`times.${key}`]: formatDateTime(iso), [`errors.${key}`]: '' });
    },
    onPickerClose() {
      this.setData({ picking: '' });
    },
    validate() {
      const f = this.data.form;
      const title = f.title.trim();
      const place = f.place.trim();
      const description = f.description.trim();
      const capacity = wholeNumber(f.capacity, 1, 10_000);
      const points = wholeNumber(f.points, 0, 10_000);
      const [start, end, deadline] = [Date.parse(f.startAt), Date.parse(f.endAt), Date.parse(f.signupDeadline)];
      const errors: FormErrors = {};
      if (!title) errors.title = '请输入活动名称';
      else if (Array.from(title).length > 50) errors.title = '名称最多50个字';
      if (!place) errors.place = '请输入活动地点';
      else if (Array.from(place).length > 100) errors.place = '地点最多100个字';
      if (Array.from(description).length > 2000) errors.description = '介绍最多2000个字';
      if (capacity === null) errors.capacity = '名额为1至10000的整数';
      if (points === null) errors.points = '积分为0至10000的整数';
      if (!(end > start)) errors.endAt = '结束时间须晚于开始时间';
      if (!(deadline <= start)) errors.signupDeadline = '报名截止不能晚于开始时间';
      this.setData({ errors });
      if (capacity === null || points === null || Object.keys(errors).length) return null;
      return { kind: f.kind, title, place, description, capacity, points, startAt: f.startAt, endAt: f.endAt, signupDeadline: f.signupDeadline };
    },
    async onSave() {
      if (this.data.saving || this.data.form.cancelled) return;
      const valid = this.validate();
      if (!valid) return;
      const { eventId } = this.data.form;
      await this.upsert({ ...valid, ...(eventId ? { eventId } : {}) }, eventId ? '已保存' : '活动已发布');
    },
    async onCancelEvent() {
      const { form, saving } = this.data;
      const saved = (loadedEvents.get(this) ?? []).find((x) => x.eventId === form.eventId);
      if (!saved || saved.status === 'cancelled' || saving) return;
      const { confirm } = await wx.showModal({
        title: '取消活动',
        content: `确定取消「${saved.title}」吗？已报名的 ${saved.seatsTaken} 个座位和候补都会取消，并通知每位报名的读者。`,
        confirmText: '取消活动',
        cancelText: '再想想',
        confirmColor: '#ee0a24',
      });
      if (!confirm) return;
      const f = formOf(saved);
      await this.upsert({
        eventId: saved.eventId, kind: f.kind, title: f.title, place: f.place, description: f.description,
        capacity: saved.capacity, points: saved.points, startAt: f.startAt, endAt: f.endAt, signupDeadline: f.signupDeadline,
        status: 'cancelled',
      }, '活动已取消，已通知报名读者');
    },
    async upsert(input: Parameters<typeof api.admin.upsertEvent>[0] & object, done: string) {
      const requestId = this.data.pendingRequestId || newRequestId();
      this.setData({ saving: true, pendingRequestId: requestId });
      const res = await api.admin.upsertEvent({ ...input, requestId });
      if (!res.ok) {
        this.setData({ saving: false, pendingRequestId: res.error.code === 'NETWORK' ? requestId : '' });
        return;
      }
      // One call: the answer brings the list after the save (its order is the server's).
      this.setData({ saving: false, pendingRequestId: '', editing: false, rows: this.listed(res.data.events) });
      toast(done);
    },
  },
});
