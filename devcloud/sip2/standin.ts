import net from 'net';
import { checksum, decode, encode, parseFields, sipDate, unframe, type Sip2Encoding } from '../../server/ports/sip2/codec';

// A stand-in library system on loopback: a small SIP2 server (login 93, status 99, patron
// information 63, resend 97) over an in-memory patron list, with switches for what real
// systems differ in (encoding, terminator, error detection) and for faults (a bad checksum,
// a slow answer, a dropped connection, "please resend" 96). Local cloud and tests only.

export interface StandinPatron {
  cardNo: string;
  name: string;
  /** BF; null = the system sends no phone field. */
  phone: string | null;
  /** The reader's library password (AD); CQ answers whether it matches. */
  password?: string;
  /** BL N when false (e.g. a card deleted in the ILS). */
  valid?: boolean;
  lost?: boolean;
  /** Charge privileges denied (a blocked account). */
  blocked?: boolean;
  tooManyOverdue?: boolean;
  /** Sent in `idField` (a vendor extension) when set. */
  idNumber?: string;
}

export interface StandinOptions {
  port?: number;
  encoding?: Sip2Encoding;
  terminator?: 'CR' | 'CRLF';
  /** Error detection on answers, and checked on requests (a bad one is answered 96). */
  checksum?: boolean;
  institution?: string;
  user?: string;
  password?: string;
  /** Milliseconds before every answer (a library system far away). */
  latencyMs?: number;
  /** The 64 field code used for ID numbers (e.g. XI is Evergreen's internal id; here any code). */
  idField?: string;
}

export interface Faults {
  /** The next n answers carry a wrong checksum (the client should ask 97). */
  badChecksum: number;
  /** The next n requests are answered 96 (as if their checksum failed here). */
  askResend: number;
  /** The next n 63 answers come this late (ms). */
  slowMs: number;
  slowCount: number;
  /** The next n 63 requests drop the connection instead of answering. */
  drop: number;
}

export class Sip2Standin {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  readonly patrons = new Map<string, StandinPatron>();
  readonly faults: Faults = { badChecksum: 0, askResend: 0, slowMs: 0, slowCount: 0, drop: 0 };
  readonly stats = { connections: 0, logins: 0, statuses: 0, patronInfos: 0, resendsServed: 0, answered96: 0, badRequests: 0 };
  /** Raw requests received (text as decoded), newest last. */
  readonly received: string[] = [];
  port = 0;
  readonly opts: Required<StandinOptions>;

  constructor(opts: StandinOptions = {}) {
    this.opts = {
      port: opts.port ?? 0, encoding: opts.encoding ?? 'utf8', terminator: opts.terminator ?? 'CR', checksum: opts.checksum ?? true,
      institution: opts.institution ?? 'YUE', user: opts.user ?? 'yue-app', password: opts.password ?? 'yue-secret',
      latencyMs: opts.latencyMs ?? 0, idField: opts.idField ?? 'XI',
    };
  }

  async start(): Promise<this> {
    this.server = net.createServer((s) => this.onConnection(s));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.opts.port || this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  /** Stops listening and drops every connection (the library system goes down). */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }

  /** Drops every open connection but keeps listening (an idle timeout on the library's side). */
  dropConnections(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  addPatron(p: StandinPatron): StandinPatron {
    this.patrons.set(p.cardNo, { valid: true, ...p });
    return this.patrons.get(p.cardNo)!;
  }

  private onConnection(socket: net.Socket) {
    this.sockets.add(socket);
    this.stats.connections += 1;
    let buffer = Buffer.alloc(0);
    let loggedIn = !this.opts.user;
    let last: Buffer | null = null;
    let chain = Promise.resolve();
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const cr = buffer.indexOf(0x0d);
        if (cr < 0) break;
        const line = buffer.subarray(0, cr);
        buffer = buffer.subarray(cr + (buffer[cr + 1] === 0x0a ? 2 : 1));
        chain = chain.then(async () => {
          const out = await this.answer(line, last, () => { loggedIn = true; }, loggedIn, socket);
          if (out === 'drop') return void socket.destroy();
          if (!out || socket.destroyed) return;
          if (this.opts.latencyMs) await sleep(this.opts.latencyMs);
          if (!out.resend) last = out.clean ?? out.bytes;
          socket.write(out.bytes);
        });
      }
      if (buffer[0] === 0x0a) buffer = buffer.subarray(1);
    });
  }

  private frameAnswer(text: string, seq: number | null, corrupt = false): Buffer {
    let body = encode(text, this.opts.encoding);
    if (this.opts.checksum) {
      body = Buffer.concat([body, Buffer.from(seq === null ? 'AZ' : `AY${seq}AZ`, 'latin1')]);
      let sum = checksum(body);
      if (corrupt) sum = ((parseInt(sum, 16) + 1) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
      body = Buffer.concat([body, Buffer.from(sum, 'latin1')]);
    }
    return Buffer.concat([body, Buffer.from(this.opts.terminator === 'CRLF' ? '\r\n' : '\r', 'latin1')]);
  }

  private async answer(line: Buffer, last: Buffer | null, markLogin: () => void, loggedIn: boolean, socket: net.Socket): Promise<{ bytes: Buffer; clean?: Buffer; resend?: boolean } | 'drop' | null> {
    const got = unframe(line, this.opts.encoding);
    const text = got.checksumOk === null ? decode(line, this.opts.encoding) : got.text;
    this.received.push(text);
    const seq = got.seq;
    if (text.startsWith('97')) {
      this.stats.resendsServed += 1;
      if (!last) return null;
      if (this.faults.badChecksum > 0) {
        this.faults.badChecksum -= 1;
        return { bytes: corruptChecksum(last, this.opts.terminator), resend: true };
      }
      return { bytes: last, resend: true };
    }
    if (this.opts.checksum && got.checksumOk === false) {
      this.stats.answered96 += 1;
      return { bytes: this.frameAnswer('96', null), resend: true };
    }
    if (this.faults.askResend > 0) {
      this.faults.askResend -= 1;
      this.stats.answered96 += 1;
      return { bytes: this.frameAnswer('96', null), resend: true };
    }
    const corrupt = this.faults.badChecksum > 0;
    if (corrupt) this.faults.badChecksum -= 1;
    // Corrupted on the wire only: a 97 gets the good copy.
    const reply = (t: string) => ({ bytes: this.frameAnswer(t, seq, corrupt), clean: this.frameAnswer(t, seq) });
    const now = sipDate(new Date());
    const code = text.slice(0, 2);
    if (code === '93') {
      const f = parseFields(text.slice(4));
      const ok = (f.get('CN')?.[0] ?? '') === this.opts.user && (f.get('CO')?.[0] ?? '') === this.opts.password;
      if (ok) { markLogin(); this.stats.logins += 1; }
      return reply(`94${ok ? 1 : 0}`);
    }
    if (!loggedIn) {
      socket.destroy(); // a terminal that did not log in gets nothing
      return null;
    }
    if (code === '99') {
      this.stats.statuses += 1;
      return reply(`98YYYNYN005003${now}2.00AO${this.opts.institution}|AM云阅图书馆（模拟）|BXNYYNYNNNNNNNYNNN|AF|`);
    }
    if (code === '63') {
      this.stats.patronInfos += 1;
      if (this.faults.drop > 0) {
        this.faults.drop -= 1;
        return 'drop';
      }
      if (this.faults.slowCount > 0) {
        this.faults.slowCount -= 1;
        await sleep(this.faults.slowMs);
      }
      const f = parseFields(text.slice(33));
      const cardNo = f.get('AA')?.[0] ?? '';
      const pw = f.get('AD')?.[0];
      return reply(this.patronInfo(cardNo, pw, now));
    }
    this.stats.badRequests += 1;
    return null;
  }

  private patronInfo(cardNo: string, pw: string | undefined, now: string): string {
    const p = this.patrons.get(cardNo);
    const counts = '0000'.repeat(6);
    if (!p || p.valid === false) {
      return `64YYYY          001${now}${counts}AO${this.opts.institution}|AA${cardNo}|AE|BLN|${pw !== undefined ? 'CQN|' : ''}AF读者证号不存在|`;
    }
    const flags = [' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' ', ' '];
    if (p.blocked) flags[0] = 'Y';
    if (p.lost) { flags[0] = 'Y'; flags[4] = 'Y'; }
    if (p.tooManyOverdue) flags[6] = 'Y';
    let out = `64${flags.join('')}001${now}${counts}AO${this.opts.institution}|AA${p.cardNo}|AE${p.name}|BLY|`;
    if (pw !== undefined) out += `CQ${p.password !== undefined && p.password === pw ? 'Y' : 'N'}|`;
    if (p.phone !== null) out += `BF${p.phone}|`;
    if (p.idNumber) out += `${this.opts.idField}${p.idNumber}|`;
    out += `AF${p.lost ? '读者证已挂失' : p.blocked ? '读者证已暂停使用' : '读者状态正常'}|`;
    return out;
  }
}

/** The same framed answer with its checksum off by one. */
function corruptChecksum(framed: Buffer, terminator: 'CR' | 'CRLF'): Buffer {
  const end = framed.length - (terminator === 'CRLF' ? 2 : 1);
  const hex = framed.subarray(end - 4, end).toString('latin1');
  const wrong = ((parseInt(hex, 16) + 1) & 0xffff).toString(16).toUpperCase().padStart(4, '0');
  return Buffer.concat([framed.subarray(0, end - 4), Buffer.from(wrong, 'latin1'), framed.subarray(end)]);
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
