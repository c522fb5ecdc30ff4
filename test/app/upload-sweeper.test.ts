import { Logger } from '@aws-lambda-powertools/logger';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { S3Event } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { parserInvoker } from '../../lambdas/adapters/aws/parser-invoker';
import { createUpload, findUpload } from '../../lambdas/adapters/postgres/repositories/uploads';
import { ensureUser } from '../../lambdas/adapters/postgres/repositories/users';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createParserHandler } from '../../lambdas/app/parser';
import {
  GAVE_UP_REASON,
  GONE_REASON,
  MAX_UPLOAD_RESUMES,
  NEVER_ARRIVED_REASON,
  resumeInterruptedUploads,
} from '../../lambdas/app/resume-interrupted-uploads';
import { uploadObjectKey } from '../../lambdas/core/import/upload-key';
import { importDependencies } from '../support/app-harness';
import { MemoryBlobStore } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const lambda = mockClient(LambdaClient);
const STATEMENT = 'Date,Description,Amount\n2024-03-01,TESCO STORES 3217,-42.10\n2024-03-02,ACME SALARY,2500.00\n';

/**
 * The AWS sweeper's run (lambdas/handlers/sweeper.ts) on real PostgreSQL: the shared
 * resumeInterruptedUploads with the jobs login, handing orphaned uploads to the parser through an
 * asynchronous invoke (the Lambda client mocked at the SDK), whose payload the real parser then reads.
 */
describe('the upload sweeper', () => {
  let database: TestDatabase;
  const blobs = new MemoryBlobStore();
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });
  let parse: (event: S3Event) => Promise<void>;

  beforeAll(async () => {
    database = await createTestDatabase();
    parse = createParserHandler({ ...importDependencies(database, blobs), logger });
  });
  afterAll(async () => database.close());
  beforeEach(() => {
    lambda.reset();
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
  });

  /** An upload its parser began `minutesAgo` and never finished (the process died), read `resumes` times already. */
  const leftParsing = async (
    userId: string,
    options: { minutesAgo: number; file?: boolean; resumes?: number; rowsCommitted?: boolean },
  ) => {
    const id = randomUUID();
    const objectKey = uploadObjectKey(userId, id, 'march.csv');
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      await createUpload(trx, { id, userId, filename: 'march.csv', objectKey });
    });
    if (options.file !== false) blobs.put(objectKey, STATEMENT);
    if (options.rowsCommitted) await parse(s3Event(objectKey)); // a first reading committed every row
    await withUser(database.db, userId, (trx) =>
      sql`update uploads set status = 'parsing', resumes = ${options.resumes ?? 0},
        started_at = now() - make_interval(mins => ${options.minutesAgo})
        where id = ${id}`.execute(trx),
    );
    return { id, objectKey };
  };
  /** An upload made `minutesAgo` whose file the parser never read (its S3 event went to the dead-letter destination). */
  const leftReceived = async (userId: string, options: { minutesAgo: number; file: boolean; resumes?: number }) => {
    const id = randomUUID();
    const objectKey = uploadObjectKey(userId, id, 'march.csv');
    await withUser(database.db, userId, async (trx) => {
      await ensureUser(trx, userId);
      await createUpload(trx, { id, userId, filename: 'march.csv', objectKey });
      await sql`update uploads set resumes = ${options.resumes ?? 0},
        created_at = now() - make_interval(mins => ${options.minutesAgo}) where id = ${id}`.execute(trx);
    });
    if (options.file) blobs.put(objectKey, STATEMENT);
    return { id, objectKey };
  };
  const s3Event = (key: string) =>
    ({
      Records: [{ s3: { object: { key, size: STATEMENT.length }, bucket: { name: 'bucket' } } }],
    }) as unknown as S3Event;

  const sweep = (startedBefore = new Date(Date.now() - 60 * 60_000)) =>
    resumeInterruptedUploads({
      db: database.jobsDb,
      jobsDb: database.jobsDb,
      blobs,
      startedBefore,
      handToParser: parserInvoker(new LambdaClient({ region: 'eu-west-1' }), 'smart-spend-parser', 'bucket'),
      report: () => undefined,
    });

  it('hands an upload left parsing past the timeout back to the parser, which completes it with every row once', async () => {
    const userId = randomUUID();
    const stuck = await leftParsing(userId, { minutesAgo: 90, rowsCommitted: true });
    const running = await leftParsing(userId, { minutesAgo: 5 });

    expect(await sweep()).toMatchObject({ reparsed: 1, failed: 0 });
    const invokes = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(invokes).toHaveLength(1);
    expect(invokes[0]).toMatchObject({ FunctionName: 'smart-spend-parser', InvocationType: 'Event' });
    // what the parser Lambda receives: an S3 event for the stored file
    await parse(JSON.parse(new TextDecoder().decode(invokes[0].Payload as Uint8Array)) as S3Event);

    const [resumed, untouched] = await withUser(database.db, userId, async (trx) => [
      await findUpload(trx, stuck.id),
      await findUpload(trx, running.id),
    ]);
    expect(resumed).toMatchObject({ status: 'categorising', imported: 0, duplicates: 2 });
    expect(untouched).toMatchObject({ status: 'parsing' }); // its parser may still be at work
    const rows = await withUser(database.db, userId, (trx) =>
      trx.selectFrom('transactions').select('description').where('upload_id', '=', stuck.id).execute(),
    );
    expect(rows.map((r) => r.description).sort()).toEqual(['ACME SALARY', 'TESCO STORES 3217']);
  });

  it('fails with a reason an upload whose file is gone, and one that was read again too often', async () => {
    const userId = randomUUID();
    const gone = await leftParsing(userId, { minutesAgo: 120, file: false });
    const killer = await leftParsing(userId, { minutesAgo: 120, resumes: MAX_UPLOAD_RESUMES });

    expect(await sweep()).toMatchObject({ reparsed: 0, failed: 2 });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    const uploads = await withUser(database.db, userId, async (trx) => [
      await findUpload(trx, gone.id),
      await findUpload(trx, killer.id),
    ]);
    expect(uploads).toMatchObject([
      { status: 'failed', failure_reason: GONE_REASON },
      { status: 'failed', failure_reason: GAVE_UP_REASON },
    ]);
  });

  it('counts each reading again, so a file that kills its parser every time ends failed', async () => {
    const userId = randomUUID();
    const { id } = await leftParsing(userId, { minutesAgo: 90 });
    for (let run = 0; run < MAX_UPLOAD_RESUMES; run += 1) {
      expect((await sweep()).reparsed).toBe(1);
      // the parser died again: still parsing, begun long ago
      await withUser(database.db, userId, (trx) =>
        sql`update uploads set started_at = now() - interval '2 hours' where id = ${id}`.execute(trx),
      );
    }
    expect(await sweep()).toMatchObject({ reparsed: 0, failed: 1 });
    expect(await withUser(database.db, userId, (trx) => findUpload(trx, id))).toMatchObject({ status: 'failed' });
  });

  it('hands an upload left received past the same age (its S3 event dead-lettered) to the parser, which imports it', async () => {
    const userId = randomUUID();
    const lost = await leftReceived(userId, { minutesAgo: 90, file: true });
    const arriving = await leftReceived(userId, { minutesAgo: 5, file: true });

    expect(await sweep()).toMatchObject({ reparsed: 1, failed: 0 });
    const invokes = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(invokes).toHaveLength(1);
    const event = JSON.parse(new TextDecoder().decode(invokes[0].Payload as Uint8Array)) as S3Event;
    expect(event.Records[0].s3.object.key).toBe(lost.objectKey);
    await parse(event);

    const [read, waiting] = await withUser(database.db, userId, async (trx) => [
      await findUpload(trx, lost.id),
      await findUpload(trx, arriving.id),
    ]);
    expect(read).toMatchObject({ status: 'categorising', imported: 2, duplicates: 0, resumes: 1 });
    expect(waiting).toMatchObject({ status: 'received' }); // its event may still come
  });

  it('fails a received upload whose file never came once its link has expired, or that was read too often', async () => {
    const userId = randomUUID();
    const expired = await leftReceived(userId, { minutesAgo: 120, file: false });
    const linkStillWorks = await leftReceived(userId, { minutesAgo: 10, file: false });
    const killer = await leftReceived(userId, { minutesAgo: 120, file: true, resumes: MAX_UPLOAD_RESUMES });

    // as the local stack does at start: everything made before this process is someone else's
    // (the uploads of the tests before, younger than this sweep's cut, are swept too: only these three are looked at)
    await sweep(new Date());
    const handedOver = lambda
      .commandCalls(InvokeCommand)
      .map((call) => new TextDecoder().decode(call.args[0].input.Payload as Uint8Array));
    expect(handedOver.filter((payload) => payload.includes(userId))).toEqual([]);
    const uploads = await withUser(database.db, userId, async (trx) => [
      await findUpload(trx, expired.id),
      await findUpload(trx, linkStillWorks.id),
      await findUpload(trx, killer.id),
    ]);
    expect(uploads).toMatchObject([
      { status: 'failed', failure_reason: NEVER_ARRIVED_REASON },
      { status: 'received', failure_reason: null },
      { status: 'failed', failure_reason: GAVE_UP_REASON },
    ]);
  });
});
