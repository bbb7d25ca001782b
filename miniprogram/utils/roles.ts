// Staff pages: no separate role check. Each staff page's data action is role-gated by its
// function and answers FORBIDDEN to anyone else; the page shows that as its 仅限… block.
import type { Envelope } from '../contract/errors';
import { loadInto, refreshAfter, type LoadingPage } from './page';

export interface StaffFlags {
  isStaff: boolean;
  isAdmin: boolean;
}

/** Flags from the roles an answer carries; an admin is staff too. */
export function staffFlags(roles: readonly string[]): StaffFlags {
  const isAdmin = roles.includes('admin');
  return { isStaff: isAdmin || roles.includes('staff'), isAdmin };
}

/** Call options of a staff page's data call: FORBIDDEN is the page's own answer, not a toast. */
export const GATED = { loading: false, expected: ['FORBIDDEN'] } as const;

/**
 * A staff page's main load (loadInto) through its role-gated data action, called with GATED:
 * FORBIDDEN → data[flag] false (the wxml shows its 仅限… block while it is false); an answer →
 * data[flag] true and view(data) in the same setData. Returns the data, or null.
 */
export async function loadGated<T>(
  page: LoadingPage,
  flag: string,
  call: () => Promise<Envelope<T>>,
  view: (data: T) => object = () => ({}),
  shown?: boolean,
): Promise<T | null> {
  const res = await loadInto<T | null>(page, async () => {
    const answer = await call();
    return !answer.ok && answer.error.code === 'FORBIDDEN' ? { ok: true, data: null } : answer;
  }, (d) => (d === null ? { [flag]: false } : { [flag]: true, ...view(d) }), shown);
  return res ?? null;
}

interface GatedPage extends LoadingPage {
  data: LoadingPage['data'] & { allowed: boolean };
  load(): Promise<unknown>;
}

const gated = (page: unknown) => page as GatedPage;

/**
 * dataPage for a staff page whose load() goes through loadGated(this, 'allowed', …): onLoad →
 * load() (one call: the data, or FORBIDDEN); retry (init) → load(); back on the page → a quiet
 * load() once allowed and loaded; pull-down → load(). The page's own onLoad/onShow replace these.
 */
export const staffDataPage = Behavior({
  data: { allowed: false },
  methods: {
    onLoad() {
      void gated(this).load();
    },
    init() {
      return gated(this).load();
    },
    onShow() {
      const page = gated(this);
      if (page.data.allowed && page.data.loaded) void page.load();
    },
    onPullDownRefresh() {
      return refreshAfter(gated(this).load());
    },
  },
});
