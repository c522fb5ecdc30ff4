import { ensureUser } from '../../adapters/postgres/repositories/users';
import type { Db } from '../../adapters/postgres/schema';
import { withUser } from '../../adapters/postgres/user-scope';

/** Enough for every person a warm Lambda meets; past it the oldest is asked about again. */
const REMEMBERED = 10_000;

/**
 * A person exists from their first request on, whatever that request is: every route may
 * write rows that reference `users`. The router makes sure of the row once per person per
 * process (one INSERT … ON CONFLICT DO NOTHING) and remembers it, so later requests cost nothing.
 */
export class KnownUsers {
  private readonly seen = new Set<string>();

  async ensure(db: Db, userId: string, email: string | null): Promise<void> {
    if (this.seen.has(userId)) return;
    await withUser(db, userId, (trx) => ensureUser(trx, userId, email));
    if (this.seen.size >= REMEMBERED) this.seen.delete(this.seen.values().next().value as string);
    this.seen.add(userId);
  }

  /** After erasure: the person's next request creates the row again. */
  forget(userId: string): void {
    this.seen.delete(userId);
  }
}
