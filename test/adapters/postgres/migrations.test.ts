import { sql } from 'kysely';
import { loadMigrations } from '../../../lambdas/adapters/postgres/load-migrations';
import { byMigrationNumber, runMigrations } from '../../../lambdas/adapters/postgres/migrations-runner';
import { splitSqlStatements } from '../../../lambdas/adapters/postgres/split-sql';
import { CATEGORY_GROUPS } from '../../../lambdas/core/categorise/taxonomy';
import { ACCOUNT_KINDS } from '../../../lambdas/core/ledger/net-worth';
import { createTestDatabase, type TestDatabase } from '../../support/test-database';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.close());

  it('applies nothing the second time, so every deploy and every start may run them', async () => {
    const applied = await runMigrations(database.ownerDb, loadMigrations());
    expect(applied).toEqual([]);
    const { rows } = await sql<{ name: string }>`select name from schema_migrations`.execute(database.ownerDb);
    expect(rows.map((row) => row.name).sort()).toEqual(
      loadMigrations()
        .map((m) => m.name)
        .sort(),
    );
  });

  it('orders migrations by their number, so 1000_ runs after 999_ and 100_ before 150_', () => {
    const names = [
      '1000_upload_progress.sql',
      '150_notifications.sql',
      '999_last.sql',
      '001_foundation.sql',
      '100_categorisation.sql',
    ];
    expect(
      names
        .map((name) => ({ name, sql: '' }))
        .sort(byMigrationNumber)
        .map((m) => m.name),
    ).toEqual([
      '001_foundation.sql',
      '100_categorisation.sql',
      '150_notifications.sql',
      '999_last.sql',
      '1000_upload_progress.sql',
    ]);
    const loaded = loadMigrations().map((m) => m.name);
    expect(loaded.indexOf('1000_upload_progress.sql')).toBeGreaterThan(loaded.indexOf('600_person_conventions.sql'));
  });

  it('checks category groups and account kinds against the same lists core defines (a migration cannot import them)', async () => {
    const allowed = async (table: string, column: string) => {
      const { rows } = await sql<{ definition: string }>`
        select pg_get_constraintdef(c.oid) as definition from pg_constraint c
        where c.conrelid = ${table}::regclass and c.contype = 'c' and pg_get_constraintdef(c.oid) like ${`%${column}%`}`.execute(
        database.db,
      );
      return [...rows[0].definition.matchAll(/'([^']+)'/g)].map((match) => match[1]).sort();
    };
    expect(await allowed('categories', 'group')).toEqual([...CATEGORY_GROUPS].sort());
    expect(await allowed('accounts', 'kind')).toEqual([...ACCOUNT_KINDS].sort());
  });

  it('forces row-level security on every table that holds user_id', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select c.relname, c.relrowsecurity, c.relforcerowsecurity
      from pg_class c join pg_attribute a on a.attrelid = c.oid
      where a.attname = 'user_id' and c.relkind = 'r' and c.relnamespace = 'public'::regnamespace`.execute(database.db);
    expect(rows.length).toBeGreaterThan(5);
    for (const row of rows)
      expect([row.relname, row.relrowsecurity, row.relforcerowsecurity]).toEqual([row.relname, true, true]);
  });
});

describe('splitSqlStatements', () => {
  it('keeps semicolons inside strings, dollar-quoted bodies and comments', () => {
    const statements = splitSqlStatements(`
      -- a comment; with a semicolon
      create table a (x text default 'a;b');
      do $$ begin perform 1; end $$;
      /* block; comment */ select $tag$;$tag$;
      select "we;ird" from a`);
    expect(statements).toEqual([
      "-- a comment; with a semicolon\n      create table a (x text default 'a;b')",
      'do $$ begin perform 1; end $$',
      '/* block; comment */ select $tag$;$tag$',
      'select "we;ird" from a',
    ]);
  });
});
