import fs from 'fs';
import path from 'path';
import { EJSON } from 'bson';
import type { AnyObject, Doc, DocId } from './ejson';

/** One committed mutation batch: created collections and document after-images (no `d` = deleted). */
export interface JournalRecord {
  mk?: string[];
  w?: Array<{ c: string; id: DocId; d?: Doc }>;
}

const FILE = 'journal.jsonl';
const LOCK = 'LOCK';
const openDirs = new Set<string>();

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Append-only journal of committed batches (canonical EJSON, one JSON line each), under `<dataDir>/db/`. */
export class Journal {
  private fd: number | null = null;

  private constructor(readonly dir: string) {}

  /** Takes the directory's lock and reads every record (a torn last line is dropped). */
  static open(dataDir: string): { journal: Journal; records: JournalRecord[] } {
    const dir = path.resolve(dataDir, 'db');
    fs.mkdirSync(dir, { recursive: true });
    Journal.lock(dir);
    const journal = new Journal(dir);
    const file = path.join(dir, FILE);
    const records: JournalRecord[] = [];
    if (fs.existsSync(file)) {
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!line.trim()) return;
        try {
          records.push(EJSON.parse(line, { relaxed: true }) as JournalRecord);
        } catch (e) {
          const last = lines.slice(i + 1).every((l) => !l.trim());
          if (!last) throw new Error(`devcloud db: corrupt journal ${file} line ${i + 1}: ${(e as Error).message}`);
          console.warn(`[devcloud db] dropped a torn last line of ${file}`);
        }
      });
    }
    return { journal, records };
  }

  private static lock(dir: string): void {
    if (openDirs.has(dir)) throw new Error(`devcloud db: ${dir} is already open in this process`);
    const lockFile = path.join(dir, LOCK);
    try {
      const pid = Number(fs.readFileSync(lockFile, 'utf8'));
      if (pid && pid !== process.pid && alive(pid)) throw new Error(`devcloud db: ${dir} is in use by process ${pid}`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
    fs.writeFileSync(lockFile, String(process.pid));
    openDirs.add(dir);
  }

  /** Rewrites the journal as the given records (a snapshot), atomically, then opens it for appends. */
  compact(records: Iterable<JournalRecord>): void {
    const file = path.join(this.dir, FILE);
    const tmp = `${file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      for (const r of records) fs.writeSync(fd, line(r));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    this.fd = fs.openSync(file, 'a');
  }

  /** Writes one committed batch (to the OS: it survives a crash of this process). */
  append(r: JournalRecord): void {
    if (this.fd === null) throw new Error('devcloud db: journal is not open');
    fs.writeSync(this.fd, line(r));
  }

  flush(): void {
    if (this.fd !== null) fs.fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) {
      fs.fsyncSync(this.fd);
      fs.closeSync(this.fd);
      this.fd = null;
    }
    try {
      fs.unlinkSync(path.join(this.dir, LOCK));
    } catch {
      /* already gone */
    }
    openDirs.delete(this.dir);
  }
}

const line = (r: JournalRecord): string => `${EJSON.stringify(r as unknown as AnyObject, { relaxed: false })}\n`;
