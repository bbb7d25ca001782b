// The staff area's role check (a hint for the UI: the staff actions check roles themselves).
import { api } from '../api/index';
import { loadInto, type LoadingPage } from './page';

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
