// The staff area's role check (a hint for the UI: the staff actions check roles themselves).
import { api } from '../api/index';
import { loadInto, refreshAfter, type LoadingPage } from './page';

export interface StaffFlags {
  isStaff: boolean;
  isAdmin: boolean;
}

/** Flags from the profile's roles; an admin is staff too. */
export function staffFlags(roles: readonly string[]): StaffFlags {
  const isAdmin = roles.includes('admin');
  return { isStaff: isAdmin || roles.includes('staff'), isAdmin };
}

/** A staff page's main load (spinner every time): view(flags) is what the page keeps; returns the flags or null. */
export async function loadRoles(page: LoadingPage, view: (flags: StaffFlags) => object): Promise<StaffFlags | null> {
  const profile = await loadInto(page, () => api.account.profile({}, { loading: false }), (d) => view(staffFlags(d.roles)), false);
  return profile && staffFlags(profile.roles);
}

interface GatedPage extends LoadingPage {
  data: LoadingPage['data'] & { allowed: boolean };
  load(): Promise<unknown>;
  init(): Promise<void>;
}

const gated = (page: unknown) => page as GatedPage;

/**
 * dataPage for a page only `role` may use: onLoad → roles first (data.allowed, isStaff, isAdmin;
 * the wxml shows its 仅限… block while !allowed), then load() only when allowed; retry → init;
 * back on the page → a quiet load() once loaded; pull-down → load() (init() while not allowed).
 * The page brings load(); its own onLoad/onShow, if any, replace these (call init() itself).
 */
export function staffDataPage(role: 'staff' | 'admin') {
  return Behavior({
    data: { allowed: false, isStaff: false, isAdmin: false },
    methods: {
      onLoad() {
        void gated(this).init();
      },
      async init() {
        const page = gated(this);
        const may = (flags: StaffFlags) => (role === 'admin' ? flags.isAdmin : flags.isStaff);
        // Allowed: the spinner stays on, the data comes next.
        const flags = await loadRoles(page, (f) => ({ ...f, allowed: may(f), loading: may(f) }));
        if (flags && may(flags)) await page.load();
      },
      onShow() {
        const page = gated(this);
        if (page.data.allowed && page.data.loaded) void page.load();
      },
      onPullDownRefresh() {
        const page = gated(this);
        return refreshAfter(page.data.allowed ? page.load() : page.init());
      },
    },
  });
}
