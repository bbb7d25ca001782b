// What the staff events pages (签到码, 报名名单, 确认服务) share: the role check, the events to
// pick from, `?eventId=` to open one directly, retry and pull-down. The page brings load(quiet)
// for the open event (or its own open(eventId) and reload()).
import { api } from '../api/index';
import type { EventKind } from '../contract/events';
import { eventRow } from '../utils/events';
import { loadInto, refreshAfter, type LoadingPage } from '../utils/page';
import { loadRoles } from '../utils/roles';

interface PickerPage extends LoadingPage {
  data: LoadingPage['data'] & { isStaff: boolean; eventId: string };
  open(eventId: string): Promise<void>;
  reload(): Promise<void>;
  load(quiet: boolean): Promise<void>;
  init(eventId?: string): Promise<void>;
}

const self = (page: unknown) => page as PickerPage;

/** Roles first, then the events (spinner until both are in); false when the list is not shown. */
async function loadEvents(page: PickerPage, filter: { kind?: EventKind; includeEnded?: boolean }): Promise<boolean> {
  const flags = await loadRoles(page, ({ isStaff }) => ({ isStaff, loading: isStaff }));
  if (!flags?.isStaff) return false;
  const res = await loadInto(page, () => api.events.listAll(filter, { loading: false }), (d) => ({
    // The answer is newest start first; for check-in the soonest event comes first.
    events: (filter.includeEnded ? d.events : [...d.events].reverse()).filter((e) => e.status !== 'cancelled').map(eventRow),
  }), false);
  return !!res;
}

export function eventPicker(filter: { kind?: EventKind; includeEnded?: boolean }) {
  return Behavior({
    data: { isStaff: false, events: [] as ReturnType<typeof eventRow>[], eventId: '' },
    methods: {
      onLoad(query: Record<string, string | undefined>) {
        void self(this).init(query.eventId ?? '');
      },
      onRetry() {
        void self(this).init(self(this).data.eventId);
      },
      async init(eventId = '') {
        const page = self(this);
        if ((await loadEvents(page, filter)) && eventId) await page.open(eventId);
      },
      onPullDownRefresh() {
        const page = self(this);
        return refreshAfter(page.data.eventId ? page.reload() : page.init());
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
