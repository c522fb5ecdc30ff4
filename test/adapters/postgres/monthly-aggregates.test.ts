import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recomputedAggregates, storedAggregates } from '../../../lambdas/adapters/postgres/repositories/aggregates';
import { withUser, type UserTransaction } from '../../../lambdas/adapters/postgres/user-scope';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

/** A small deterministic generator, so a failure replays with the same seed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

/** How many rows a write statement touched, as Kysely reports it (inserts count their batch). */
function writtenBy(result: unknown, name: string): number {
  if (Array.isArray(result))
    return result.reduce(
      (sum: number, r) => sum + Number(r?.numUpdatedRows ?? r?.numDeletedRows ?? r?.numInsertedOrUpdatedRows ?? 1),
      0,
    );
  return name.startsWith('insert') ? 1 : 0;
}

const STEPS = Number(process.env.AGGREGATE_STEPS ?? 1000);
const CATEGORIES = ['Groceries', 'Dining', 'Salary', 'Housing', 'Transfers', null] as const;

describe('maintained monthly aggregates', () => {
  let database: TestDatabase;
  const person = randomUUID();
  const other = randomUUID();

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  async function setUp(userId: string, accounts: number): Promise<string[]> {
    return withUser(database.db, userId, async (trx) => {
      await trx.insertInto('users').values({ id: userId, email: null }).execute();
      const ids: string[] = [];
      for (let i = 0; i < accounts; i += 1) {
        const row = await trx
          .insertInto('accounts')
          .values({
            user_id: userId,
            name: `A${i}`,
            kind: 'current',
            currency: i === 2 ? 'USD' : 'EUR',
            institution: null,
            last4: null,
            opening_date: null,
            stated_balance: null,
            stated_balance_date: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id);
      }
      return ids;
    });
  }

  jest.setTimeout(240_000);

  it('equal a full recomputation after each of 1,000 random write statements of every kind (thousands of rows)', async () => {
    let accounts = await setUp(person, 3);
    const random = generator(15);
    const date = () =>
      `2024-${String(1 + random.int(4)).padStart(2, '0')}-${String(1 + random.int(28)).padStart(2, '0')}`;
    const amount = () => (random.next() < 0.75 ? -1 : 1) * (1 + random.int(50_000));
    let serial = 0;
    const insertRows = async (trx: UserTransaction, n: number) => {
      const values = Array.from({ length: n }, () => {
        const account = random.pick(accounts);
        serial += 1;
        return {
          user_id: person,
          account_id: account,
          date: date(),
          amount: amount(),
          currency: account === accounts[2] ? 'USD' : 'EUR',
          description: `row ${serial}`,
          category: random.pick(CATEGORIES),
          fingerprint: `fp-${serial}`,
        };
      });
      await trx.insertInto('transactions').values(values).execute();
      return Array.from({ length: n }, () => ({ numInsertedOrUpdatedRows: 1 }));
    };
    const someIds = async (trx: UserTransaction, n: number) =>
      (
        await sql<{
          id: string;
        }>`select id from transactions order by md5(id::text || ${String(random.next())}) limit ${n}`.execute(trx)
      ).rows.map((r) => r.id);

    const writes: Array<[string, (trx: UserTransaction) => Promise<unknown>]> = [
      ['insert one', (trx) => insertRows(trx, 1)],
      ['insert a batch', (trx) => insertRows(trx, 1 + random.int(40))],
      [
        'recategorise',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ category: random.pick(CATEGORIES) })
            .where('id', 'in', await someIds(trx, 1 + random.int(5)))
            .execute(),
      ],
      [
        'apply to similar',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ category: random.pick(CATEGORIES) })
            .where('category', '=', random.pick(CATEGORIES) ?? 'Dining')
            .execute(),
      ],
      [
        'change amount and date',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ amount: amount(), date: date() })
            .where('id', 'in', await someIds(trx, 1))
            .execute(),
      ],
      [
        'split',
        async (trx) => {
          for (const id of await someIds(trx, 1)) {
            const row = await trx
              .selectFrom('transactions')
              .select('amount')
              .where('id', '=', id)
              .executeTakeFirstOrThrow();
            const part = Math.trunc(row.amount / 3) || row.amount;
            const splits =
              part === row.amount
                ? [{ category: 'Dining', amount: row.amount }]
                : [
                    { category: 'Groceries', amount: part },
                    { category: 'Dining', amount: row.amount - part },
                  ];
            await sql`update transactions set splits = ${JSON.stringify(splits)}::jsonb where id = ${id}`.execute(trx);
          }
        },
      ],
      [
        'unsplit',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ splits: null })
            .where('id', 'in', await someIds(trx, 2))
            .execute(),
      ],
      [
        'link a transfer',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ transfer_id: randomUUID() })
            .where('id', 'in', await someIds(trx, 2))
            .execute(),
      ],
      [
        'unlink a transfer',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ transfer_id: null })
            .where('transfer_id', 'is not', null)
            .where('id', 'in', await someIds(trx, 10))
            .execute(),
      ],
      [
        'tombstone',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ deleted_at: sql`now()`, transfer_id: null })
            .where('id', 'in', await someIds(trx, 1))
            .execute(),
      ],
      [
        'restore a tombstone',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ deleted_at: null })
            .where('deleted_at', 'is not', null)
            .where('id', 'in', await someIds(trx, 3))
            .execute(),
      ],
      [
        'delete',
        async (trx) =>
          trx
            .deleteFrom('transactions')
            .where('id', 'in', await someIds(trx, 1 + random.int(3)))
            .execute(),
      ],
      [
        'rename a category',
        async (trx) => {
          const [from, to] = [random.pick(CATEGORIES) ?? 'Dining', random.pick(CATEGORIES) ?? 'Housing'];
          await trx.updateTable('transactions').set({ category: to }).where('category', '=', from).execute();
          await sql`update transactions set splits = (select jsonb_agg(case when s->>'category' = ${from} then jsonb_set(s, '{category}', to_jsonb(${to}::text)) else s end)
          from jsonb_array_elements(splits) s) where splits is not null and splits @> ${JSON.stringify([{ category: from }])}::jsonb`.execute(
            trx,
          );
        },
      ],
      [
        'move to another account',
        async (trx) =>
          trx
            .updateTable('transactions')
            .set({ account_id: accounts[1], currency: 'EUR' })
            .where('account_id', '=', accounts[0])
            .where('id', 'in', await someIds(trx, 3))
            .execute(),
      ],
    ];

    const seen = new Set<string>();
    let rowsWritten = 0;
    for (let step = 0; step < STEPS; step += 1) {
      if (process.env.DEBUG_STEPS) process.stderr.write(`${step} `);
      const [name, write] = step < 5 ? writes[1] : random.pick(writes);
      if (step === Math.floor(STEPS * 0.75)) {
        expect(
          await withUser(database.db, person, async (trx) =>
            (await storedAggregates(trx)).some((row) => row.accountId === accounts[0]),
          ),
        ).toBe(true);
        // Deleting an account takes its transactions and its aggregates with it.
        await withUser(database.db, person, (trx) =>
          trx.deleteFrom('accounts').where('id', '=', accounts[0]).execute(),
        );
        const replacement = await withUser(database.db, person, (trx) =>
          trx
            .insertInto('accounts')
            .values({
              user_id: person,
              name: 'A3',
              kind: 'savings',
              currency: 'EUR',
              institution: null,
              last4: null,
              opening_date: null,
              stated_balance: null,
              stated_balance_date: null,
            })
            .returning('id')
            .executeTakeFirstOrThrow(),
        );
        expect(
          await withUser(database.db, person, async (trx) =>
            (await storedAggregates(trx)).some((row) => row.accountId === accounts[0]),
          ),
        ).toBe(false);
        accounts = [replacement.id, accounts[1], accounts[2]];
      }
      const [stored, recomputed] = await withUser(database.db, person, async (trx) => {
        const result = await write(trx);
        rowsWritten += writtenBy(result, name);
        return [await storedAggregates(trx), await recomputedAggregates(trx)];
      });
      seen.add(name);
      if (JSON.stringify(stored) !== JSON.stringify(recomputed))
        throw new Error(
          `after write ${step} (${name}) the aggregates differ:\n${JSON.stringify(stored)}\n${JSON.stringify(recomputed)}`,
        );
    }
    expect(seen.size).toBe(writes.length);
    expect(rowsWritten).toBeGreaterThan(STEPS * 2);
    const final = await withUser(database.db, person, (trx) => storedAggregates(trx));
    expect(final.length).toBeGreaterThan(10);
    expect(final.some((row) => row.transfer)).toBe(true);
  });

  it('are kept per person: another person sees none of them, and DELETE of a person leaves none behind', async () => {
    await setUp(other, 1);
    expect(await withUser(database.db, other, (trx) => storedAggregates(trx))).toEqual([]);
    await withUser(database.db, person, (trx) => trx.deleteFrom('users').where('id', '=', person).execute());
    expect(await withUser(database.db, person, (trx) => storedAggregates(trx))).toEqual([]);
  });
});
