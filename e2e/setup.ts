// What the walks need from the local cloud before they start.
import { STAFF } from './walks';

async function post(baseUrl: string, fn: string, openid: string, body: object): Promise<{ ok: boolean; data?: any; error?: unknown }> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const res = await fetch(`${baseUrl}/fn/${fn}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': openid }, body: JSON.stringify(body) });
  return res.json();
}

/** staff-local has the staff role in the demo seed; granted here when a seed lacks it. */
export async function ensureStaff(baseUrl: string): Promise<void> {
  const profile = await post(baseUrl, 'account', STAFF, { action: 'profile' });
  if (profile.ok && (profile.data.roles ?? []).includes('staff')) return;
  const granted = await post(baseUrl, 'admin', 'admin-local', { action: 'grantRole', openid: STAFF, role: 'staff' });
  if (!granted.ok) throw new Error(`cannot make ${STAFF} staff: ${JSON.stringify(granted.error)}`);
}

/** Throws the preview's build error when it cannot build the mini-program (before any walk starts). */
export async function expectPreviewBuilds(baseUrl: string): Promise<void> {
  const res = await fetch(`${baseUrl}/preview/meta.json`);
  if (!res.ok) throw new Error(await res.text());
}
