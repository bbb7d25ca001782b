import net from 'net';
import tls from 'tls';
import { answers, frame, isResendRequest, requests, unframe, type Framing, type PatronInfo } from './codec';
import type { Sip2Config } from './config';

// One SIP2 connection per function instance, requests queued on it (SIP2 is strictly one
// request, one answer). At connect: login (93/94) when a user is configured, then SC status
// (99/98). A drop is noticed on the next request, which reconnects and logs in again. Each
// lookup has one deadline (YUE_SIP2_TIMEOUT_MS) for everything it needs, connecting included,
// so a slow library system never pushes a function past its own timeout. After repeated
// failures a circuit breaker answers "unavailable" at once for a while.

export class Sip2Unavailable extends Error {
  constructor(reason: string) {
    super(`SIP2 unavailable: ${reason}`);
    this.name = 'Sip2Unavailable';
  }
}

const MAX_RESENDS = 2;
export const BREAKER = { failures: 3, openMs: 30_000 } as const;

interface Waiter { resolve(line: Buffer): void; reject(err: Error): void }

class Connection {
  private buffer = Buffer.alloc(0);
  private waiter: Waiter | null = null;
  private lines: Buffer[] = [];
  closed = false;

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const end = (err?: Error) => {
      this.closed = true;
      this.waiter?.reject(new Sip2Unavailable(err ? err.message : 'connection closed'));
      this.waiter = null;
    };
    socket.on('error', end);
    socket.on('close', () => end());
  }

  private onData(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const cr = this.buffer.indexOf(0x0d);
      if (cr < 0) break;
      this.lines.push(this.buffer.subarray(0, cr));
      // CR or CRLF: a LF right after the CR belongs to the terminator.
      const skip = this.buffer[cr + 1] === 0x0a ? 2 : 1;
      this.buffer = this.buffer.subarray(cr + skip);
    }
    // A LF that arrived in the next chunk after a lone CR.
    if (this.buffer[0] === 0x0a) this.buffer = this.buffer.subarray(1);
    while (this.waiter && this.lines.length) {
      const w = this.waiter;
      this.waiter = null;
      w.resolve(this.lines.shift()!);
    }
  }

  /** Sends bytes and waits for the next line, until `deadline`. */
  exchange(bytes: Buffer | null, deadline: number): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Sip2Unavailable('connection closed'));
    this.lines = []; // anything unread belongs to an abandoned exchange
    return new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        // The stream's state is unknown after a timeout: start over on a new connection.
        this.destroy();
        reject(new Sip2Unavailable('timeout'));
      }, Math.max(1, deadline - Date.now()));
      this.waiter = {
        resolve: (line) => { clearTimeout(timer); resolve(line); },
        reject: (err) => { clearTimeout(timer); reject(err); },
      };
      if (bytes) this.socket.write(bytes);
    });
  }

  destroy() {
    this.closed = true;
    this.socket.destroy();
  }
}

export class Sip2Client {
  private conn: Connection | null = null;
  private seq = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private failures = 0;
  private openUntil = 0;
  /** Counters for tests and the bench: connections opened, 97s sent, 96s answered. */
  readonly stats = { connects: 0, resendsAsked: 0, resendsAnswered: 0 };

  constructor(readonly config: Sip2Config, private readonly clock: () => number = Date.now) {}

  private get framing(): Framing {
    return { encoding: this.config.encoding, terminator: this.config.terminator, checksum: this.config.checksum };
  }

  /** 63 → 64 for one card. Throws Sip2Unavailable when the library system cannot answer in time. */
  patronInfo(cardNo: string, patronPassword?: string): Promise<PatronInfo> {
    return this.enqueue(async (deadline) => {
      const text = requests.patronInfo({ institution: this.config.institution, cardNo, terminalPassword: this.config.terminalPassword, patronPassword, now: new Date(this.clock()) });
      const answer = answers.patronInfo(await this.request(text, deadline));
      if (!answer) throw new Sip2Unavailable('unexpected answer to 63');
      return answer;
    });
  }

  /** Closes the connection (tests, instance shutdown). */
  close() {
    this.conn?.destroy();
    this.conn = null;
  }

  private enqueue<T>(work: (deadline: number) => Promise<T>): Promise<T> {
    const run = async () => {
      if (this.clock() < this.openUntil) throw new Sip2Unavailable('circuit open');
      // The deadline starts when the request's turn comes: queued work waits on the instance, not on the library.
      const deadline = this.clock() + this.config.timeoutMs;
      try {
        const out = await work(deadline);
        this.failures = 0;
        return out;
      } catch (err) {
        this.failures += 1;
        if (this.failures >= BREAKER.failures) {
          this.openUntil = this.clock() + BREAKER.openMs;
          this.failures = 0;
        }
        throw err instanceof Sip2Unavailable ? err : new Sip2Unavailable((err as Error).message);
      }
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async connection(deadline: number): Promise<Connection> {
    if (this.conn && !this.conn.closed) return this.conn;
    this.conn = null;
    const { host, port, tls: useTls } = this.config;
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s: net.Socket = useTls
        ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, rejectUnauthorized: this.config.tlsVerify }, () => resolve(s))
        : net.connect({ host, port }, () => resolve(s));
      const timer = setTimeout(() => { s.destroy(); reject(new Sip2Unavailable('connect timeout')); }, Math.max(1, deadline - this.clock()));
      s.once('error', (err) => { clearTimeout(timer); reject(new Sip2Unavailable(err.message)); });
      s.once(useTls ? 'secureConnect' : 'connect', () => clearTimeout(timer));
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 60_000);
    const conn = new Connection(socket);
    this.stats.connects += 1;
    this.seq = 0;
    if (this.config.user) {
      const login = answers.login(await this.exchangeChecked(conn, requests.login(this.config.user, this.config.password, this.config.location), deadline));
      if (!login?.ok) {
        conn.destroy();
        throw new Sip2Unavailable('login refused');
      }
    }
    const status = answers.acsStatus(await this.exchangeChecked(conn, requests.scStatus(), deadline));
    if (!status) {
      conn.destroy();
      throw new Sip2Unavailable('unexpected answer to 99');
    }
    this.conn = conn;
    return conn;
  }

  /** One request on the instance's connection; a connection found dropped is replaced once. */
  private async request(text: string, deadline: number): Promise<string> {
    const reused = this.conn !== null && !this.conn.closed;
    const conn = await this.connection(deadline);
    try {
      return await this.exchangeChecked(conn, text, deadline);
    } catch (err) {
      // An idle connection the library closed is seen only now: reconnect, log in, ask again.
      if (!reused || !conn.closed || this.clock() >= deadline || (err as Error).message === 'SIP2 unavailable: timeout') throw err;
      return this.exchangeChecked(await this.connection(deadline), text, deadline);
    }
  }

  /**
   * Sends one framed message and returns the answer's text. A checksum that does not verify is
   * answered with 97 (send that again); a 96 from the library (it could not verify ours) makes
   * us send the same bytes again. The answer's sequence number must be ours.
   */
  private async exchangeChecked(conn: Connection, text: string, deadline: number): Promise<string> {
    const seq = this.seq;
    this.seq = (this.seq + 1) % 10;
    const bytes = frame(text, seq, this.framing);
    let line = await conn.exchange(bytes, deadline);
    for (let tries = 0; ; tries++) {
      const got = unframe(line, this.config.encoding);
      if (isResendRequest(got.text) && tries < MAX_RESENDS) {
        this.stats.resendsAnswered += 1;
        line = await conn.exchange(bytes, deadline);
        continue;
      }
      const bad = this.config.checksum && (got.checksumOk === false || (got.seq !== null && got.seq !== seq));
      if (!bad) {
        if (isResendRequest(got.text)) throw new Sip2Unavailable('library keeps asking to resend');
        return got.text;
      }
      if (tries >= MAX_RESENDS) throw new Sip2Unavailable('bad checksum');
      this.stats.resendsAsked += 1;
      line = await conn.exchange(frame(requests.resend(), null, this.framing), deadline);
    }
  }
}
