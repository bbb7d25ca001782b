// A separate local cloud in a child process, for tests that must not share the global one (e.g. a
// rules change) and run where esbuild cannot load (jsdom page tests). Options come as JSON.
import { spawn, type ChildProcess } from 'child_process';
import path from 'path';

export interface CloudProcess { url: string; close(): Promise<void> }

export function startCloudProcess(opts: { adminOpenids: string[]; workers?: number; env?: Record<string, string> }): Promise<CloudProcess> {
  const script = path.join(__dirname, 'cloud-process-main.ts');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(opts)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = out.match(/^READY (\S+)$/m);
      if (m) resolve({
        url: m[1],
        close: () => new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', (code) => reject(new Error(`local cloud process exited (${code}) before it was ready`)));
  });
}
