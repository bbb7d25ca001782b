import { createHmac, randomBytes } from 'crypto';
import fs from 'fs';
import http from 'http';
import path from 'path';

// Cloud storage for the real wx-server-sdk: it asks `/admin` for `storage.getUploadMetadata`, PUTs
// the file to the URL answered (COS in the cloud), and asks `storage.batchGetDownloadUrl` /
// `storage.batchDeleteFile`. Files live under <dataDir>/storage (or in memory); temporary URLs are
// signed loopback URLs served at /storage/files/<cloudPath>.
const BUCKET = 'local-1250000000';
const TYPES: Record<string, string> = {
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.json': 'application/json', '.png': 'image/png', '.txt': 'text/plain',
};

export interface LocalStorage {
  /** Answers a `storage.*` wire action, or null for any other action. */
  handle(body: Record<string, unknown>): object | null;
  /** Serves uploads and downloads under /storage/; false for other paths. */
  serve(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>;
  /** Stored cloud paths (tests). */
  list(): string[];
}

export function createLocalStorage(opts: { dataDir: string | null; baseUrl: () => string; env?: string }): LocalStorage {
  const env = opts.env ?? 'local';
  const dir = opts.dataDir ? path.join(opts.dataDir, 'storage') : null;
  const memory = new Map<string, Buffer>();
  const key = randomBytes(16);
  const sign = (p: string, t: number) => createHmac('sha256', key).update(`${p}\n${t}`).digest('hex').slice(0, 32);
  const fileId = (p: string) => `cloud://${env}.${BUCKET}/${p}`;
  const pathOf = (id: string): string | null => {
    const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(id);
    return m && !m[1].split('/').includes('..') ? m[1] : null;
  };
  const safe = (p: string) => p && !p.startsWith('/') && !p.split('/').includes('..');
  const read = (p: string): Buffer | null => {
    if (!dir) return memory.get(p) ?? null;
    const f = path.join(dir, p);
    return fs.existsSync(f) ? fs.readFileSync(f) : null;
  };
  const write = (p: string, b: Buffer) => {
    if (!dir) return void memory.set(p, b);
    const f = path.join(dir, p);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, b);
  };
  const remove = (p: string): boolean => {
    if (!dir) return memory.delete(p);
    const f = path.join(dir, p);
    if (!fs.existsSync(f)) return false;
    fs.unlinkSync(f);
    return true;
  };
  const encodePath = (p: string) => p.split('/').map(encodeURIComponent).join('/');

  return {
    handle(body) {
      switch (body.action) {
        case 'storage.getUploadMetadata': {
          const p = String(body.path ?? '');
          if (!safe(p)) return { code: 'INVALID_PARAM', message: 'invalid cloud path' };
          return { data: { url: `${opts.baseUrl()}/storage/upload/${encodePath(p)}`, token: 'local', authorization: 'local', fileId: fileId(p), cosFileId: `cos-${p}` } };
        }
        case 'storage.batchGetDownloadUrl': {
          const list = (body.file_list as { fileid: string; max_age?: number }[] | undefined) ?? [];
          return {
            data: {
              download_list: list.map((f) => {
                const p = pathOf(String(f.fileid));
                if (!p || !read(p)) return { fileID: f.fileid, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' };
                const maxAge = Number(f.max_age ?? 86400);
                const t = Date.now() + maxAge * 1000;
                return { fileID: f.fileid, tempFileURL: `${opts.baseUrl()}/storage/files/${encodePath(p)}?t=${t}&sign=${sign(p, t)}`, code: 'SUCCESS', maxAge };
              }),
            },
          };
        }
        case 'storage.batchDeleteFile': {
          const list = (body.fileid_list as string[] | undefined) ?? [];
          return {
            data: {
              delete_list: list.map((id) => {
                const p = pathOf(String(id));
                return { fileID: id, code: p && remove(p) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' };
              }),
            },
          };
        }
        default:
          return String(body.action ?? '').startsWith('storage.') ? { code: 'INVALID_PARAM', message: `action ${String(body.action)} is not supported by the local storage` } : null;
      }
    },
    async serve(req, res, url) {
      if (req.method === 'PUT' && url.pathname.startsWith('/storage/upload/')) {
        const p = decodeURIComponent(url.pathname.slice('/storage/upload/'.length));
        if (!safe(p)) return void res.writeHead(400).end('bad path'), true;
        const chunks: Buffer[] = [];
        for await (const c of req) chunks.push(c as Buffer);
        write(p, Buffer.concat(chunks));
        res.writeHead(200, { 'content-type': 'application/xml' });
        res.end('');
        return true;
      }
      if (req.method === 'GET' && url.pathname.startsWith('/storage/files/')) {
        const p = decodeURIComponent(url.pathname.slice('/storage/files/'.length));
        const t = Number(url.searchParams.get('t'));
        const file = safe(p) ? read(p) : null;
        if (!file || !(t > Date.now()) || url.searchParams.get('sign') !== sign(p, t)) {
          res.writeHead(file ? 403 : 404, { 'content-type': 'text/plain' });
          res.end(file ? 'link expired or not signed' : 'no such file');
          return true;
        }
        res.writeHead(200, { 'content-type': TYPES[path.extname(p)] ?? 'application/octet-stream', 'content-length': file.length, 'access-control-allow-origin': '*' });
        res.end(file);
        return true;
      }
      return false;
    },
    list() {
      if (!dir) return [...memory.keys()];
      if (!fs.existsSync(dir)) return [];
      const out: string[] = [];
      const walk = (d: string) => {
        for (const e of fs.readdirSync(d, { withFileTypes: true })) {
          if (e.isDirectory()) walk(path.join(d, e.name));
          else out.push(path.relative(dir, path.join(d, e.name)));
        }
      };
      walk(dir);
      return out;
    },
  };
}
