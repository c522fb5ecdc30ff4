import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A PostgreSQL left running on our data directory by a process that died without stopping it
 * (SIGKILL, a crash): it holds the directory, so the next start fails. Its postmaster.pid
 * names it (first line: pid; second: the data directory). Returns its pid, or null when the
 * directory is free (no pid file, or a stale one whose process is gone or is not PostgreSQL).
 */
export function findOrphanedPostgres(dataDir: string): number | null {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  if (!Number.isInteger(pid) || pid <= 1 || pid === process.pid) return null;
  if (!isAlive(pid)) return null;
  // A pid is reused after its process is gone: only a postgres process counts.
  const cmdline = `/proc/${pid}/cmdline`;
  if (existsSync(cmdline) && !/postgres/.test(readFileSync(cmdline, 'utf8'))) return null;
  return pid;
}

/** Stops an orphaned postmaster: a fast shutdown (SIGINT), then SIGKILL if it lingers. */
export async function stopOrphanedPostgres(pid: number, options: { waitMs?: number } = {}): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + (options.waitMs ?? 15_000);
  while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (isAlive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (isAlive(pid)) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is another user's (the 'postgres' user when we are not root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
