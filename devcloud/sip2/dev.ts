import type http from 'http';
import { z } from 'zod';
import { personName, phone } from '../../miniprogram/contract/common';
import type { Sip2Standin } from './standin';

// Local cloud only: the stand-in library system's desk (the preview's dev panel, e2e walks).
//   GET  /dev/sip2          → { enabled, port, encoding, terminator, checksum, readers }
//   POST /dev/sip2/readers  { name, phone?, password?, idNumber? } → { cardNo } (a new e-card, as 办理电子证 would)
//   POST /dev/sip2/status   { cardNo, lost?, blocked?, valid? } → { ok }
const newReader = z.object({ name: personName, phone: phone.nullable().optional(), password: z.string().max(32).optional(), idNumber: z.string().max(18).optional() });
const statusChange = z.object({ cardNo: z.string().min(1).max(32), lost: z.boolean().optional(), blocked: z.boolean().optional(), valid: z.boolean().optional() });

let serial = 0;

type Send = (res: http.ServerResponse, status: number, body: unknown) => void;

export async function sip2DevHandler(req: http.IncomingMessage, res: http.ServerResponse, url: URL, standin: Sip2Standin | null, readBody: (r: http.IncomingMessage) => Promise<string>, send: Send): Promise<void> {
  if (req.method === 'GET' && url.pathname === '/dev/sip2') {
    if (!standin) return send(res, 200, { enabled: false });
    const { encoding, terminator, checksum } = standin.opts;
    return send(res, 200, { enabled: true, port: standin.port, encoding, terminator, checksum, readers: standin.patrons.size });
  }
  if (!standin) return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '本地云未启动图书馆系统模拟（YUE_SIP2_STANDIN=1）' } });
  let body: unknown;
  try { body = JSON.parse((await readBody(req)) || '{}'); } catch { body = null; }
  if (req.method === 'POST' && url.pathname === '/dev/sip2/readers') {
    const p = newReader.safeParse(body);
    if (!p.success) return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: p.error.issues[0]?.message ?? '输入有误' } });
    // E-card numbers: E + day + serial, unique within this local cloud.
    let cardNo: string;
    do {
      serial += 1;
      cardNo = `E${new Date().toISOString().slice(2, 10).replace(/-/g, '')}${String(serial).padStart(4, '0')}`;
    } while (standin.patrons.has(cardNo));
    standin.addPatron({ cardNo, name: p.data.name, phone: p.data.phone ?? null, password: p.data.password, idNumber: p.data.idNumber });
    return send(res, 200, { cardNo });
  }
  if (req.method === 'POST' && url.pathname === '/dev/sip2/status') {
    const p = statusChange.safeParse(body);
    const patron = p.success ? standin.patrons.get(p.data.cardNo) : undefined;
    if (!p.success || !patron) return send(res, 400, { ok: false, error: { code: 'INVALID_INPUT', message: '没有这张读者证' } });
    Object.assign(patron, Object.fromEntries(Object.entries(p.data).filter(([k, v]) => k !== 'cardNo' && v !== undefined)));
    return send(res, 200, { ok: true });
  }
  return send(res, 404, { ok: false, error: { code: 'NOT_FOUND', message: '未知地址' } });
}
