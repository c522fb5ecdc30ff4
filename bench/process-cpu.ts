/** CPU seconds spent by this process and by the PostgreSQL it started (postmaster and backends), from /proc. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface Stat {
  ppid: number;
  cpuTicks: number;
}

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/**
 * Seconds of CPU used so far by every descendant of this process (the embedded PostgreSQL's
 * postmaster and its backends; an exited backend's time is counted in its parent's cutime only
 * once reaped, so sample around phases whose connections stay open) and by this process itself.
 */
export function cpuSeconds(): { node: number; postgres: number } {
  const all = new Map<number, Stat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const s = stat(Number(entry));
    if (s) all.set(Number(entry), s);
  }
  const descendants = new Set<number>([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of all) {
      if (!descendants.has(pid) && descendants.has(s.ppid)) {
        descendants.add(pid);
        grew = true;
      }
    }
  }
  let postgres = 0;
  for (const pid of descendants) if (pid !== process.pid) postgres += all.get(pid)?.cpuTicks ?? 0;
  const own = process.cpuUsage();
  return { node: (own.user + own.system) / 1e6, postgres: postgres / TICKS_PER_SECOND };
}
