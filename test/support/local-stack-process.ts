import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface RunningStack {
  url: string;
  home: string;
  output: () => string;
  stop(): Promise<number | null>;
  /** Kills the process as a crash or `kill -9` would: no handler runs, its PostgreSQL is left behind. */
  kill(): Promise<void>;
}

const ROOT = resolve(__dirname, '../..');

/** Starts `npm start`'s entry as a person would, in its own process, and waits until it listens. */
export async function startLocalStackProcess(
  options: { home?: string; env?: Record<string, string> } = {},
): Promise<RunningStack> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'smart-spend-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    // As `npm start` runs it: tsx as a loader in the one process, so SIGINT reaches the stack's own
    // handler (tsx's CLI relays it to a child and kills that child outright when its event loop is
    // busy for 60 ms, as it is mid-import).
    ['--import', 'tsx', join(ROOT, 'lambdas/local/start.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', SMART_SPEND_HOME: home, DATABASE_URL: '', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output += String(chunk)));
  child.stderr?.on('data', (chunk) => (output += String(chunk)));
  const url = await new Promise<string>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the local stack did not start in time:\n${output}`)), 90_000);
    const check = () => {
      const match = /API:\s+(http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the local stack exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    home,
    output: () => output,
    kill: () =>
      new Promise((resolvePromise) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolvePromise();
        child.once('exit', () => resolvePromise());
        child.kill('SIGKILL');
      }),
    stop: () =>
      new Promise((resolvePromise) => {
        if (child.exitCode !== null) return resolvePromise(child.exitCode);
        child.once('exit', (code) => resolvePromise(code));
        child.kill('SIGINT');
      }),
  };
}
