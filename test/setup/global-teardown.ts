import type { LocalCloud } from '../../devcloud/server';

export default async function globalTeardown(): Promise<void> {
  const cloud = (globalThis as { __YUE_CLOUD__?: LocalCloud }).__YUE_CLOUD__;
  if (cloud) await cloud.close();
}
