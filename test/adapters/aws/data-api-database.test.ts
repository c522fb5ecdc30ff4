import {
  BeginTransactionCommand,
  CommitTransactionCommand,
  DatabaseResumingException,
  ExecuteStatementCommand,
  RDSData,
  RDSDataClient,
  RollbackTransactionCommand,
} from '@aws-sdk/client-rds-data';
import { mockClient } from 'aws-sdk-client-mock';
import { sql } from 'kysely';
import { createDataApiDatabase } from '../../../lambdas/adapters/aws/data-api-database';
import type { Database } from '../../../lambdas/adapters/postgres/schema';
import { withUser } from '../../../lambdas/adapters/postgres/user-scope';

const rdsData = mockClient(RDSDataClient);
const ARNS = {
  resourceArn: 'arn:aws:rds:eu-west-1:123456789012:cluster:smart-spend',
  secretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
  database: 'smart_spend',
};
const resuming = () => new DatabaseResumingException({ message: 'The database is resuming', $metadata: {} });

function database(retry = { attempts: 3, initialDelayMs: 1, sleep: async () => undefined }) {
  return createDataApiDatabase<Database>({ ...ARNS, client: new RDSData({ region: 'eu-west-1' }), retry });
}

describe('the Data API dialect', () => {
  beforeEach(() => rdsData.reset());

  it('maps bigint, calendar date, numeric, null, text[] and jsonb results as postgres.js does', async () => {
    rdsData.on(ExecuteStatementCommand).resolves({
      columnMetadata: [
        { name: 'amount', typeName: 'int8' },
        { name: 'date', typeName: 'date' },
        { name: 'rate', typeName: 'numeric' },
        { name: 'notes', typeName: 'text' },
        { name: 'tags', typeName: '_text' },
        { name: 'splits', typeName: 'jsonb' },
        { name: 'created_at', typeName: 'timestamptz' },
      ],
      records: [
        [
          { longValue: 5_000_000_000_123 },
          { stringValue: '2024-02-29' },
          { stringValue: '12.50' },
          { isNull: true },
          { arrayValue: { stringValues: ['holiday', 'shared'] } },
          { stringValue: '[{"category":"Groceries","amount":-1000}]' },
          { stringValue: '2024-03-01 12:30:00' },
        ],
      ],
    });

    const { rows } = await sql<Record<string, unknown>>`select 1`.execute(database());

    expect(rows[0]).toEqual({
      amount: 5_000_000_000_123,
      date: '2024-02-29',
      rate: '12.50',
      notes: null,
      tags: ['holiday', 'shared'],
      splits: [{ category: 'Groceries', amount: -1000 }],
      created_at: new Date('2024-03-01T12:30:00Z'),
    });
  });

  it('sends bigints as longValue and tags UUID- and date-shaped strings so Postgres can compare them', async () => {
    rdsData.on(ExecuteStatementCommand).resolves({ columnMetadata: [{ name: 'id', typeName: 'uuid' }], records: [] });

    await database()
      .selectFrom('transactions')
      .select('id')
      .where('user_id', '=', '0b9b7a52-51a4-4f7e-9a0d-3d5f0c1d2e3f')
      .where('date', '>=', '2024-01-01')
      .where('amount', '<', 3_000_000_000)
      .where('description', '=', 'TESCO')
      .where('merchant', 'is', null)
      .execute();

    const parameters = rdsData.commandCalls(ExecuteStatementCommand)[0].args[0].input.parameters;
    expect(parameters).toEqual([
      { name: '0', typeHint: 'UUID', value: { stringValue: '0b9b7a52-51a4-4f7e-9a0d-3d5f0c1d2e3f' } },
      { name: '1', typeHint: 'DATE', value: { stringValue: '2024-01-01' } },
      { name: '2', value: { longValue: 3_000_000_000 } },
      { name: '3', value: { stringValue: 'TESCO' } },
    ]);
  });

  it("runs a person's unit of work in one Data API transaction that first sets the row-level-security scope", async () => {
    rdsData.on(BeginTransactionCommand).resolves({ transactionId: 'tx-1' });
    rdsData
      .on(ExecuteStatementCommand)
      .resolves({ columnMetadata: [{ name: 'set_config', typeName: 'text' }], records: [[{ stringValue: 'x' }]] });
    rdsData.on(CommitTransactionCommand).resolves({ transactionStatus: 'Transaction Committed' });

    await withUser(database(), '0b9b7a52-51a4-4f7e-9a0d-3d5f0c1d2e3f', (trx) =>
      trx.selectFrom('accounts').select('id').execute(),
    );

    const statements = rdsData.commandCalls(ExecuteStatementCommand).map((call) => call.args[0].input);
    expect(statements.map((s) => s.transactionId)).toEqual(['tx-1', 'tx-1']);
    expect(statements[0].sql).toContain("set_config('app.user_id', :0::text, true)");
    expect(rdsData.commandCalls(CommitTransactionCommand)[0].args[0].input.transactionId).toBe('tx-1');
    expect(rdsData.commandCalls(RollbackTransactionCommand)).toHaveLength(0);
  });

  it('rolls the transaction back when a statement fails', async () => {
    rdsData.on(BeginTransactionCommand).resolves({ transactionId: 'tx-2' });
    rdsData.on(ExecuteStatementCommand).rejects(new Error('duplicate key value violates unique constraint'));
    rdsData.on(RollbackTransactionCommand).resolves({});

    await expect(
      database()
        .transaction()
        .execute((trx) => sql`select 1`.execute(trx)),
    ).rejects.toThrow(/duplicate key/);
    expect(rdsData.commandCalls(RollbackTransactionCommand)[0].args[0].input.transactionId).toBe('tx-2');
    expect(rdsData.commandCalls(CommitTransactionCommand)).toHaveLength(0);
  });

  it('waits for a paused cluster to resume, retrying DatabaseResumingException', async () => {
    rdsData
      .on(ExecuteStatementCommand)
      .rejectsOnce(resuming())
      .rejectsOnce(resuming())
      .resolves({ columnMetadata: [{ name: 'one', typeName: 'int4' }], records: [[{ longValue: 1 }]] });

    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database());

    expect(rows).toEqual([{ one: 1 }]);
    expect(rdsData.commandCalls(ExecuteStatementCommand)).toHaveLength(3);
  });

  it('gives up with a clear error when the cluster does not resume in time', async () => {
    rdsData.on(BeginTransactionCommand).rejects(resuming());

    await expect(
      database()
        .transaction()
        .execute(async () => 1),
    ).rejects.toThrow('the database was still resuming after 3 attempts');
    expect(rdsData.commandCalls(BeginTransactionCommand)).toHaveLength(3);
  });
});
