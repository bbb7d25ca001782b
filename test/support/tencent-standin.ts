// A loopback stand-in of the Tencent Cloud API endpoints the deploy uses (tcb and scf), with
// state, reached the way a proxy would: the unmodified @cloudbase/manager-node honours
// `http_proxy` (an HTTPS CONNECT proxy), and `NODE_EXTRA_CA_CERTS` makes the child trust a CA
// made here at test time. Requests are TC3-HMAC-SHA256 signed by the SDK; the stand-in checks
// the signature with the test key, as the real API does.
import { execFileSync } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import http from 'http';
import https from 'https';
import net from 'net';
import os from 'os';
import path from 'path';

export interface StandinFunction {
  FunctionName: string; Runtime: string; Timeout: number; Description: string; Handler: string;
  Variables: Record<string, string>; Triggers: { TriggerName: string; Type: string; Cron: string }[];
  ZipBytes: number; InstallDependency: string;
}
export interface StandinTable { indexes: { Name: string; Unique: boolean; Keys: { Name: string; Direction: string }[] }[]; acl: string }
export interface Call { service: string; action: string; params: any }

const READ_ONLY = new Set(['DescribeEnvs', 'DescribeEnvInfo', 'GetFunction', 'DescribeTable', 'DescribeDatabaseACL']);

/** Test CA and a certificate for *.tencentcloudapi.com, made with openssl in a temp folder (no key is committed). */
function makeCerts(dir: string): { caFile: string; key: Buffer; cert: Buffer } {
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=yue test CA']);
  run(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'host.key', '-out', 'host.csr', '-subj', '/CN=tencentcloudapi.com']);
  fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=DNS:*.tencentcloudapi.com,DNS:tcb.tencentcloudapi.com,DNS:scf.tencentcloudapi.com\n');
  run(['x509', '-req', '-in', 'host.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'host.pem', '-days', '2', '-extfile', 'san.ext']);
  return { caFile: path.join(dir, 'ca.pem'), key: fs.readFileSync(path.join(dir, 'host.key')), cert: fs.readFileSync(path.join(dir, 'host.pem')) };
}

const hmac = (key: crypto.BinaryLike, msg: string) => crypto.createHmac('sha256', key).update(msg).digest();
const sha = (msg: string) => crypto.createHash('sha256').update(msg).digest('hex');

export class TencentStandin {
  readonly calls: Call[] = [];
  readonly functions = new Map<string, StandinFunction>();
  readonly tables = new Map<string, StandinTable>();
  private faults: { action: string; code: string; message: string }[] = [];
  private tls!: https.Server;
  private proxy!: http.Server;
  proxyUrl = '';
  caFile = '';
  private dir = '';
  private readonly sockets = new Set<net.Socket>();

  constructor(readonly envId: string, readonly secretId: string, private readonly secretKey: string) {}

  async start(): Promise<void> {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yue-standin-'));
    const certs = makeCerts(this.dir);
    this.caFile = certs.caFile;
    this.tls = https.createServer({ key: certs.key, cert: certs.cert }, (req, res) => this.handle(req, res));
    await new Promise<void>((r) => this.tls.listen(0, '127.0.0.1', () => r()));
    const tlsPort = (this.tls.address() as net.AddressInfo).port;
    // A CONNECT proxy that sends every *.tencentcloudapi.com:443 tunnel to the stand-in.
    this.proxy = http.createServer((_req, res) => { res.writeHead(405); res.end(); });
    this.proxy.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      if (!/^[a-z]+\.tencentcloudapi\.com:443$/.test(String(req.url))) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      const upstream = net.connect(tlsPort, '127.0.0.1', () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket);
        socket.pipe(upstream);
      });
      this.sockets.add(upstream);
      upstream.on('close', () => this.sockets.delete(upstream));
      upstream.on('error', () => socket.destroy());
      socket.on('error', () => upstream.destroy());
    });
    await new Promise<void>((r) => this.proxy.listen(0, '127.0.0.1', () => r()));
    this.proxyUrl = `http://127.0.0.1:${(this.proxy.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const sock of this.sockets) sock.destroy();
    for (const s of [this.tls, this.proxy]) {
      s.closeAllConnections?.();
      await new Promise<void>((r) => s.close(() => r()));
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** The next call of `action` answers this error. */
  failNext(action: string, code: string, message: string): void {
    this.faults.push({ action, code, message });
  }

  writes(): Call[] {
    return this.calls.filter((c) => !READ_ONLY.has(c.action));
  }

  private verify(req: http.IncomingMessage, body: string, service: string): string | null {
    const auth = String(req.headers.authorization ?? '');
    const m = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([a-z]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]+)$/.exec(auth);
    if (!m) return 'AuthFailure.SignatureFailure';
    const [, id, date, svc, signed, signature] = m;
    if (id !== this.secretId) return 'AuthFailure.SecretIdNotFound';
    if (svc !== service) return 'AuthFailure.SignatureFailure';
    const host = String(req.headers.host).split(':')[0];
    const canonical = `POST\n/\n\ncontent-type:application/json\nhost:${host}\n\n${signed}\n${sha(body)}`;
    const toSign = `TC3-HMAC-SHA256\n${req.headers['x-tc-timestamp']}\n${date}/${service}/tc3_request\n${sha(canonical)}`;
    const key = hmac(hmac(hmac(`TC3${this.secretKey}`, date), service), 'tc3_request');
    return hmac(key, toSign).toString('hex') === signature ? null : 'AuthFailure.SignatureFailure';
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const service = String(req.headers.host).split('.')[0];
      const action = String(req.headers['x-tc-action'] ?? '');
      const params = body ? JSON.parse(body) : {};
      const requestId = crypto.randomUUID();
      const answer = (response: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ Response: { ...response, RequestId: requestId } }));
      };
      const fail = (Code: string, Message: string) => answer({ Error: { Code, Message } });
      this.calls.push({ service, action, params });
      const authError = this.verify(req, body, service);
      if (authError) return fail(authError, 'The provided credentials could not be validated.');
      const fault = this.faults.findIndex((f) => f.action === action);
      if (fault >= 0) {
        const [f] = this.faults.splice(fault, 1);
        return fail(f.code, f.message);
      }
      try {
        const out = this.act(service, action, params);
        if ('Error' in out) return fail(out.Error.Code, out.Error.Message);
        answer(out);
      } catch (e) {
        fail('InternalError', (e as Error).message);
      }
    });
  }

  private act(service: string, action: string, p: any): any {
    const notFound = (what: string) => ({ Error: { Code: 'ResourceNotFound', Message: `${what} not found` } });
    if (service === 'tcb') {
      if (action !== 'DescribeEnvs' && p.EnvId !== this.envId) return { Error: { Code: 'ResourceNotFound.EnvId', Message: `env ${p.EnvId} not found` } };
      switch (action) {
        case 'DescribeEnvs':
          return { EnvList: [{ EnvId: this.envId, Alias: 'yue', Status: 'NORMAL' }] };
        case 'DescribeEnvInfo':
          return { EnvInfo: { EnvBaseInfo: { EnvId: this.envId, Alias: 'yue', Status: 'NORMAL', Databases: [{ InstanceId: 'tnt-standin' }], Functions: [{ Namespace: this.envId }], Storages: [], LogServices: [] }, UserInfo: { AppId: '1250000000' } } };
        case 'CreateTable':
          if (this.tables.has(p.TableName)) return { Error: { Code: 'ResourceInUse', Message: `table ${p.TableName} exists` } };
          this.tables.set(p.TableName, { indexes: [{ Name: '_id_', Unique: true, Keys: [{ Name: '_id', Direction: '1' }] }], acl: 'PRIVATE' });
          return {};
        case 'DescribeTable': {
          const t = this.tables.get(p.TableName);
          return t ? { Indexes: t.indexes, IndexNum: t.indexes.length } : notFound(`table ${p.TableName}`);
        }
        case 'UpdateTable': {
          const t = this.tables.get(p.TableName);
          if (!t) return notFound(`table ${p.TableName}`);
          for (const ix of p.CreateIndexes ?? []) {
            if (t.indexes.some((i) => i.Name === ix.IndexName)) return { Error: { Code: 'InvalidParameter', Message: `index ${ix.IndexName} exists` } };
            t.indexes.push({ Name: ix.IndexName, Unique: !!ix.MgoKeySchema.MgoIsUnique, Keys: ix.MgoKeySchema.MgoIndexKeys });
          }
          for (const ix of p.DropIndexes ?? []) t.indexes = t.indexes.filter((i) => i.Name !== ix.IndexName);
          return {};
        }
        case 'DescribeDatabaseACL': {
          const t = this.tables.get(p.CollectionName);
          return t ? { AclTag: t.acl } : notFound(`collection ${p.CollectionName}`);
        }
        case 'ModifyDatabaseACL': {
          const t = this.tables.get(p.CollectionName);
          if (!t) return notFound(`collection ${p.CollectionName}`);
          t.acl = p.AclTag;
          return {};
        }
        default:
          return { Error: { Code: 'InvalidAction', Message: `tcb ${action} is not part of the stand-in` } };
      }
    }
    if (service === 'scf') {
      if (p.Namespace !== this.envId) return { Error: { Code: 'ResourceNotFound.Namespace', Message: `namespace ${p.Namespace} not found` } };
      const f = this.functions.get(p.FunctionName);
      const fnNotFound = { Error: { Code: 'ResourceNotFound.Function', Message: `function ${p.FunctionName} not found` } };
      const vars = (env: any) => Object.fromEntries((env?.Variables ?? []).map((v: { Key: string; Value: string }) => [v.Key, v.Value]));
      switch (action) {
        case 'GetFunction':
          if (!f) return fnNotFound;
          return {
            FunctionName: f.FunctionName, Runtime: f.Runtime, Timeout: f.Timeout, Description: f.Description, Handler: f.Handler, Status: 'Active', Namespace: p.Namespace,
            Environment: { Variables: Object.entries(f.Variables).map(([Key, Value]) => ({ Key, Value })) },
            Triggers: f.Triggers.map((t) => ({ TriggerName: t.TriggerName, Type: t.Type, TriggerDesc: JSON.stringify({ cron: t.Cron }), Enable: 1 })),
          };
        case 'CreateFunction':
          if (f) return { Error: { Code: 'ResourceInUse.Function', Message: `function ${p.FunctionName} exists` } };
          if (!p.Code?.ZipFile) return { Error: { Code: 'InvalidParameterValue.Code', Message: 'Code.ZipFile is required' } };
          this.functions.set(p.FunctionName, {
            FunctionName: p.FunctionName, Runtime: p.Runtime, Timeout: p.Timeout ?? 3, Description: p.Description ?? '', Handler: p.Handler,
            Variables: vars(p.Environment), Triggers: [], ZipBytes: Buffer.from(p.Code.ZipFile, 'base64').length, InstallDependency: p.InstallDependency,
          });
          return {};
        case 'UpdateFunctionCode':
          if (!f) return fnNotFound;
          f.ZipBytes = Buffer.from(p.Code?.ZipFile ?? '', 'base64').length;
          return {};
        case 'UpdateFunctionConfiguration':
          if (!f) return fnNotFound;
          if (p.Timeout !== undefined) f.Timeout = p.Timeout;
          if (p.Description !== undefined) f.Description = p.Description;
          if (p.Environment) f.Variables = vars(p.Environment); // overwrites the whole set, as SCF does
          return {};
        case 'BatchCreateTrigger':
          if (!f) return fnNotFound;
          for (const t of JSON.parse(p.Triggers)) {
            if (f.Triggers.some((x) => x.TriggerName === t.TriggerName)) return { Error: { Code: 'ResourceInUse.Trigger', Message: `trigger ${t.TriggerName} exists` } };
            f.Triggers.push({ TriggerName: t.TriggerName, Type: t.Type, Cron: t.TriggerDesc });
          }
          return {};
        case 'DeleteTrigger':
          if (!f) return fnNotFound;
          f.Triggers = f.Triggers.filter((t) => t.TriggerName !== p.TriggerName);
          return {};
        default:
          return { Error: { Code: 'InvalidAction', Message: `scf ${action} is not part of the stand-in` } };
      }
    }
    return { Error: { Code: 'InvalidAction', Message: `service ${service} is not part of the stand-in` } };
  }
}
