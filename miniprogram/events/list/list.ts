// 读者活动 / 志愿者活动: the events of one kind (tabs), upcoming first, with seats and my sign-up.
import { api } from '../../api/index';
import type { EventKind } from '../../contract/events';
import { blockedText, eventRow, KIND_TEXT, signupStatusText, type EventRow } from '../../utils/events';
import { loadInto, refreshAfter } from '../../utils/page';

const KINDS: EventKind[] = ['reader', 'volunteer'];

interface Row extends EventRow {
  /** 已报名 / 候补第 N 位 when one of my cards is signed up. */
  mineText: string;
}

Component({
  data: {
    loading: true,
    error: '',
    kind: 'reader' as EventKind,
    tab: 0,
    rows: [] as Row[],
    /** Why no sign-up is possible after repeated no-shows ('' when it is). */
    blockedText: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      const tab = Math.max(0, KINDS.indexOf(query.kind as EventKind));
      this.setData({ tab, kind: KINDS[tab] });
      wx.setNavigationBarTitle({ title: KIND_TEXT[KINDS[tab]] });
    },
    onShow() {
      // First show and every return from a detail page (a sign-up may have changed).
      void this.load(this.data.rows.length > 0);
    },
    onPullDownRefresh() {
      return refreshAfter(this.load(true));
    },
    onRetry() {
      void this.load(false);
    },
    onTab(e: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const kind = KINDS[e.detail.index] ?? 'reader';
      if (kind === this.data.kind) return;
      this.setData({ kind, tab: e.detail.index, rows: [] });
      wx.setNavigationBarTitle({ title: KIND_TEXT[kind] });
      void this.load(false);
    },
    /** `quiet`: keep what is shown (no spinner, no error state) while refreshing. */
    async load(quiet = false) {
      const kind = this.data.kind;
      await loadInto(this, () => api.events.list({ kind }, { loading: false }), (d) => {
        if (kind !== this.data.kind) return {}; // the tab changed meanwhile; its own load applies
        return {
          rows: d.events.map((e): Row => ({ ...eventRow(e), mineText: e.mySignup ? signupStatusText(e.mySignup.status, e.mySignup.position) : '' })),
          blockedText: d.signupBlockedUntil ? blockedText(d.signupBlockedUntil) : '',
        };
      }, quiet);
    },
    onOpen(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/events/detail/detail?eventId=${e.currentTarget.dataset.id}` });
    },
    onVolunteer() {
      wx.navigateTo({ url: '/events/volunteer/volunteer' });
    },
  },
});
