/** CPU seconds spent by this process and by the PostgreSQL it started (postmaster and backends), from /proc. */
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface Stat {
  /** The command name: `postgres` for the server's processes. */
  command: string;
  ppid: number;
  cpuTicks: number;
}

function stat(pid: number): Stat | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may hold spaces: the fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const command = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    return { command, ppid: Number(fields[1]), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null;
  }
}

/**
 * Seconds of CPU used so far by this process itself, by every PostgreSQL process descended from
 * it (the embedded server's postmaster and backends; an exited backend's time is counted in its
 * parent's cutime only once reaped, so sample around phases whose connections stay open), and by
 * its other descendants (bench:e2e's `npm start`, with its worker threads).
 */
export function cpuSeconds(): { node: number; postgres: number; children: number } {
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
  let children = 0;
  for (const pid of descendants) {
    const s = all.get(pid);
    if (pid === process.pid || !s) continue;
    if (s.command === 'postgres') postgres += s.cpuTicks;
    else children += s.cpuTicks;
  }
  const own = process.cpuUsage();
  return {
    node: (own.user + own.system) / 1e6,
    postgres: postgres / TICKS_PER_SECOND,
    children: children / TICKS_PER_SECOND,
  };
}

export type CpuSeconds = ReturnType<typeof cpuSeconds>;

/** CPU seconds spent since `before`, by the same three parts. */
export function cpuSince(before: CpuSeconds): CpuSeconds {
  const now = cpuSeconds();
  return {
    node: now.node - before.node,
    postgres: now.postgres - before.postgres,
    children: now.children - before.children,
  };
}
