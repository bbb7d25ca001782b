// What the staff events pages (签到码, 报名名单, 确认服务) share: the events to pick from,
// `?eventId=` to open one directly, retry and pull-down. One call on load: the list (staff-gated,
// FORBIDDEN: not staff), or with `?eventId=` only that event (the list waits until 选择其他活动).
// The page brings load(quiet) for the open event (or its own open(eventId) and reload()), and
// its onBack calls showList().
import { api } from '../api/index';
import type { EventKind } from '../contract/events';
import { eventRow } from '../utils/events';
import { refreshAfter, type LoadingPage } from '../utils/page';
import { GATED, loadGated } from '../utils/roles';

interface PickerPage extends LoadingPage {
  data: LoadingPage['data'] & { isStaff: boolean; eventId: string; listed: boolean };
  open(eventId: string): Promise<void>;
  reload(): Promise<void>;
  load(quiet: boolean): Promise<void>;
  init(eventId?: string): Promise<void>;
  loadEvents(): Promise<void>;
}

const self = (page: unknown) => page as PickerPage;

export function eventPicker(filter: { kind?: EventKind; includeEnded?: boolean }) {
  return Behavior({
    data: { isStaff: false, events: [] as ReturnType<typeof eventRow>[], eventId: '', listed: false },
    methods: {
      onLoad(query: Record<string, string | undefined>) {
        void self(this).init(query.eventId ?? '');
      },
      onRetry() {
        void self(this).init(self(this).data.eventId);
      },
      async init(eventId = '') {
        const page = self(this);
        await (eventId ? page.open(eventId) : page.loadEvents());
      },
      /** The events to pick from (spinner until in). */
      async loadEvents() {
        const page = self(this);
        const res = await loadGated(page, 'isStaff', () => api.events.listAll(filter, GATED), (d) => ({
          listed: true,
          // The answer is newest start first; for check-in the soonest event comes first.
          events: (filter.includeEnded ? d.events : [...d.events].reverse()).filter((e) => e.status !== 'cancelled').map(eventRow),
        }), false);
        if (!res) page.setData({ listed: false });
      },
      /** Back from an event to the list: the list is read now if it was never read. */
      showList() {
        const page = self(this);
        if (!page.data.listed) void page.loadEvents();
      },
      onPullDownRefresh() {
        const page = self(this);
        return refreshAfter(page.data.eventId ? page.reload() : page.loadEvents());
      },
      /** Shows one event: its own spinner and error state. */
      async open(eventId: string) {
        self(this).setData({ eventId, event: null, rows: [] });
        await self(this).load(false);
      },
      reload() {
        return self(this).load(true);
      },
      onPick(e: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
        void self(this).open(e.currentTarget.dataset.id);
      },
    },
  });
}
