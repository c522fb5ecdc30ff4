import { Metrics } from '@aws-lambda-powertools/metrics';
import { OpenAiCompatibleCoachModel } from '../adapters/local/openai-compatible-coach-model';
import type { S3Event } from 'aws-lambda';
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { FileBlobStore } from '../adapters/local/file-blob-store';
import { preparingOnWorker } from '../adapters/local/statement-worker';
import { preparingInThread } from '../core/import/preparing-statement';
import { LocalTokens } from '../adapters/local/local-tokens';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../adapters/local/embedded-database';
import { loadMigrations } from '../adapters/postgres/load-migrations';
import { runMigrations } from '../adapters/postgres/migrations-runner';
import { createPostgresDatabase } from '../adapters/postgres/postgres-database';
import { PostgresImportStore } from '../adapters/postgres/postgres-import-store';
import { PostgresQueue } from '../adapters/postgres/postgres-queue';
import { createUpload } from '../adapters/postgres/repositories/uploads';
import { ensureUser } from '../adapters/postgres/repositories/users';
import { withUser } from '../adapters/postgres/user-scope';
import { badRequest, ProblemError } from '../app/api/problem';
import { apiRoutes } from '../app/api/routes';
import { createRouter } from '../app/api/router';
import { createCategoriserHandler } from '../app/categoriser';
import { decidingOnInsert } from '../app/decide-on-insert';
import { createForecastHandler } from '../app/forecast';
import { loadMerchantKnowledge } from '../app/merchant-knowledge-files';
import { tieredCategorisation } from '../app/tiered-categorisation';
import { uploadLimits } from '../app/upload-limits-config';
import { linkTransfersAfterImport } from '../app/link-transfers-after-import';
import { createLogger } from '../app/logging';
import { METRICS_NAMESPACE } from '../core/metrics-namespace';
import { createParserHandler } from '../app/parser';
import { parseUploadKey, safeFilename, uploadObjectKey } from '../core/import/upload-key';
import {
  LOCAL_CATEGORISE_BATCH_SIZE,
  type CategoriseMessage,
  type ExportMessage,
  type ForecastMessage,
} from '../core/messages';
import { createExportHandler } from '../app/export-worker';
import type { DownloadUrl, UploadUrl } from '../ports/blob-store';
import { noUserDirectory } from '../ports/user-directory';
import { EXPORT_PREFIX } from '../app/person-export-document';
import { redact } from '../core/redact/redact';
import { openStatement } from '../core/statement/open-statement';
import { DEFAULT_PERSON_LIMITS } from '../core/person-limits';
import { DropFolder } from './drop-folder';
import { erasingLocalCopies } from './erase-local-copies';
import { resumeInterruptedUploads } from '../app/resume-interrupted-uploads';
import { startHttpServer } from './http-server';
import { signedLinkIsValid } from './signed-link';
import { WEB_DIST } from './web-site';
import type { LocalConfig } from './local-config';

export interface LocalStack {
  url: string;
  home: string;
  databaseUrl: string;
  /** True when the database is the embedded one started here. */
  embedded: boolean;
  categoriseQueue: PostgresQueue<CategoriseMessage>;
  forecastQueue: PostgresQueue<ForecastMessage>;
  exportQueue: PostgresQueue<ExportMessage>;
  /** Resolves when every queued message has been handled and no upload is being parsed. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** Where the local server serves exports from, behind a signed, expiring link (S3's presigned GET). */
const LOCAL_DOWNLOAD_PATH = '/local/downloads/';
/**
 * Statements smaller than this (about 5,000 rows) are parsed on the import's own thread: a
 * worker thread takes ~0.2–0.5 s to start (tsx compiles its modules), longer than they take.
 */
const IN_THREAD_BELOW_BYTES = 256 * 1024;

/** The path and query of a signed download link for an object key. */
function localDownloadPath(key: string, expires: number, signature: string): string {
  return `${LOCAL_DOWNLOAD_PATH}${key.split('/').map(encodeURIComponent).join('/')}?expires=${expires}&signature=${signature}`;
}

/**
 * The whole product on one machine: embedded PostgreSQL (or DATABASE_URL), the same
 * migrations, the same handlers behind an API Gateway-shaped HTTP server, a drop folder in
 * place of the S3 upload prefix, and in-process queues with SQS's batch, retry and
 * dead-letter behaviour.
 */
export async function startLocalStack(
  config: LocalConfig,
  print: (line: string) => void = () => undefined,
): Promise<LocalStack> {
  const logger = createLogger('smart-spend-local', config.LOG_LEVEL);
  // The same metrics as on AWS, as EMF lines on stdout after each unit of work (as logMetrics does there).
  const metrics = new Metrics({ serviceName: 'smart-spend-local', namespace: METRICS_NAMESPACE });
  const publishingMetrics =
    <A extends unknown[], R>(run: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await run(...args);
      } finally {
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
      }
    };
  let embedded: EmbeddedDatabase | null = null;
  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    embedded = await startEmbeddedDatabase({ dataDir: join(config.home, 'postgres'), notice: print });
    databaseUrl = embedded.url;
  }
  // Migrations as the tables' owner, everything else as the app role (owns nothing), jobs across
  // people as the jobs role; one DATABASE_URL plays every part.
  const owner = createPostgresDatabase({ url: embedded?.ownerUrl ?? databaseUrl, max: 1 });
  const applied = await runMigrations(owner.db, loadMigrations()).finally(() => owner.db.destroy());
  if (applied.length > 0) print(`migrations applied: ${applied.join(', ')}`);
  const { db } = createPostgresDatabase({ url: databaseUrl, max: 10 });
  // The parser's own connections: its next insert never waits behind the categoriser's batches
  // or the API for a pooled connection (one insert in flight, one statement of bookkeeping).
  const parserDatabase = createPostgresDatabase({ url: databaseUrl, max: 2 });
  const jobs = createPostgresDatabase({ url: embedded?.jobsUrl ?? databaseUrl, max: 1 });

  let publicUrl = '';
  const objectsRoot = join(config.home, 'objects');
  const tokens = new LocalTokens(join(config.home, 'local-jwt.secret'));
  const signUpload = (key: string, expires: number) => tokens.sign(`upload|${key}|${expires}`);
  // A separate purpose in what is signed: an upload URL's signature cannot be replayed to download.
  const signDownload = (key: string, expires: number) => tokens.sign(`download|${key}|${expires}`);
  const blobs = new FileBlobStore(
    objectsRoot,
    (key, options): UploadUrl => {
      const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
      return {
        url: `${publicUrl}/local/objects/${key.split('/').map(encodeURIComponent).join('/')}?expires=${expires}&signature=${signUpload(key, expires)}`,
        method: 'PUT',
        headers: options.contentType ? { 'content-type': options.contentType } : ({} as Record<string, string>),
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },
    (key, options): DownloadUrl => {
      const expires = Math.floor(Date.now() / 1000) + options.expiresInSeconds;
      return {
        url: `${publicUrl}${localDownloadPath(key, expires, signDownload(key, expires))}`,
        expiresAt: new Date(expires * 1000).toISOString(),
      };
    },
  );
  // Durable in PostgreSQL: a message outlives the process that sent it (SQS's role on AWS).
  // As many categorise messages at once as the machine has cores (each record of a batch is
  // handled concurrently): one message's rows are decided in Node while another's are written by
  // Postgres. More only queue up on the same upload's counter and aggregate rows.
  const categoriseQueue = new PostgresQueue<CategoriseMessage>(db, {
    name: 'categorise',
    batchSize: availableParallelism(),
    onError: (e) => logger.error('categoriser failed', { error: e as Error }),
  });
  const forecastQueue = new PostgresQueue<ForecastMessage>(db, {
    name: 'forecast',
    batchSize: 10,
    onError: (e) => logger.error('forecast failed', { error: e as Error }),
  });
  // One export at a time, each given as long as it needs before another receive could take it.
  const exportQueue = new PostgresQueue<ExportMessage>(db, {
    name: 'export',
    batchSize: 1,
    visibilityTimeoutSeconds: 15 * 60,
    onError: (e) => logger.error('export failed', { error: e as Error }),
  });
  const limits = uploadLimits(config);

  const accountHints = new Map<string, string>();
  // No Bedrock locally: tier 3 is skipped and the tier-2 answer stands, marked as such.
  const knowledge = loadMerchantKnowledge();
  const parser = publishingMetrics(
    createParserHandler({
      store: new PostgresImportStore(parserDatabase.db),
      blobs,
      categoriseQueue,
      forecastQueue,
      openStatement,
      redact,
      // Parsing on a worker thread overlaps the inserts on another core; a small file is done
      // before a worker would have started.
      // Tiers 1–2 decided before each insert: only unsure rows are left for the categoriser.
      decideOnInsert: decidingOnInsert(parserDatabase.db, knowledge),
      prepareStatement: preparingOnWorker({
        smallerInThread: { bytes: IN_THREAD_BELOW_BYTES, preparer: preparingInThread(openStatement, redact) },
      }),
      limits: {
        maxBytes: config.MAX_UPLOAD_BYTES,
        maxRows: config.MAX_UPLOAD_ROWS,
        insertBatchSize: 2000,
        categoriseBatchSize: LOCAL_CATEGORISE_BATCH_SIZE,
      },
      logger,
      metrics,
      accountHintFor: (uploadId) => accountHints.get(uploadId) ?? null,
      afterImport: linkTransfersAfterImport(db, logger),
    }),
  );
  const categorisation = tieredCategorisation({ knowledge, languageModel: null, metrics, arrayParameters: true });
  const reclaimed =
    (await categoriseQueue.consume(
      publishingMetrics(
        createCategoriserHandler({ db, logger, metrics, categorisation, arrayParameters: true, forecastQueue }),
      ),
      { reclaimInFlight: true },
    )) +
    (await forecastQueue.consume(publishingMetrics(createForecastHandler({ db, logger, metrics })), {
      reclaimInFlight: true,
    })) +
    (await exportQueue.consume(publishingMetrics(createExportHandler({ db, blobs, logger, metrics })), {
      reclaimInFlight: true,
    }));
  if (reclaimed > 0) print(`queues: ${reclaimed} messages in flight when the last run stopped are delivered again`);

  // Parsing runs one upload at a time, like a Lambda with reserved concurrency of one.
  let parsing: Promise<void> = Promise.resolve();
  const parseObject = (objectKey: string, size: number) => {
    const event = {
      Records: [
        {
          s3: { object: { key: encodeURIComponent(objectKey).replace(/%2F/g, '/'), size }, bucket: { name: 'local' } },
          eventName: 'ObjectCreated:Put',
        },
      ],
    } as unknown as S3Event;
    parsing = parsing
      .then(() => parser(event))
      .catch((error) => logger.error('parser failed', { error: error as Error, objectKey }));
    return parsing;
  };

  // DELETE /me erases the drop folder's copies of a person's files too.
  const router = publishingMetrics(
    createRouter(apiRoutes, {
      db,
      blobs: erasingLocalCopies(blobs, join(config.home, 'drop')),
      categoriseQueue,
      forecastQueue,
      exportQueue,
      languageModel: null,
      // Local tokens are signed for any id asked for: no sign-in is kept, so DELETE /me has none to delete.
      users: noUserDirectory,
      coachModel: config.COACH_MODEL_URL
        ? new OpenAiCompatibleCoachModel(config.COACH_MODEL_URL, config.COACH_MODEL_NAME, config.COACH_MODEL_API_KEY)
        : null,
      coachModelSelfHosted: true,
      knowledge,
      logger,
      metrics,
      limits,
      publicBaseUrl: publicUrl,
      personLimits: {
        ...DEFAULT_PERSON_LIMITS,
        uploadsPerDay: config.LIMIT_UPLOADS_PER_DAY,
        rowsPerMonth: config.LIMIT_ROWS_PER_MONTH,
        requestsPerMinute: config.LIMIT_REQUESTS_PER_MINUTE,
        coachAnswersPerDay: config.LIMIT_COACH_ANSWERS_PER_DAY,
      },
      // Locally the links are signed with a fixed secret unless one is given: the stack serves one machine's owner.
      unsubscribeSecret: process.env.UNSUBSCRIBE_SECRET ?? 'smart-spend-local-unsubscribe-secret',
    }),
  );
  const server: Server = await startHttpServer({
    port: config.PORT,
    verifyToken: (token) => tokens.verify(token),
    api: router,
    maxBodyBytes: config.MAX_UPLOAD_BYTES + 1024,
    webDist: WEB_DIST,
    onError: (error) => logger.error('local request failed', { error: error as Error }),
    localRoutes: [
      {
        method: 'POST',
        match: (path) => path === '/local/token',
        handle: async ({ body }) => {
          let json: unknown = {};
          try {
            if (body.length) json = JSON.parse(body.toString('utf8'));
          } catch {
            throw badRequest('the body is not valid JSON', [{ path: 'body', message: 'not valid JSON' }]);
          }
          const parsed = z.object({ userId: z.uuid().optional(), email: z.email().optional() }).safeParse(json);
          if (!parsed.success) {
            throw badRequest('userId must be a UUID', [{ path: 'userId', message: 'expected a UUID' }]);
          }
          const userId = (parsed.data.userId ?? randomUUID()).toLowerCase();
          return { status: 200, body: { token: await tokens.issue(userId, { email: parsed.data.email }), userId } };
        },
      },
      {
        method: 'GET',
        match: (path) => path.startsWith(LOCAL_DOWNLOAD_PATH),
        handle: async ({ path, query }) => {
          const key = path.slice(LOCAL_DOWNLOAD_PATH.length).split('/').map(decodeURIComponent).join('/');
          const link = {
            purpose: 'download' as const,
            key,
            expires: query.get('expires'),
            signature: query.get('signature'),
          };
          if (!key.startsWith(EXPORT_PREFIX) || !signedLinkIsValid((text) => tokens.sign(text), link, Date.now())) {
            throw new ProblemError('forbidden', 'the download URL is not valid or has expired');
          }
          const bytes = await readFile(blobs.pathOf(key)).catch(() => null);
          if (!bytes) throw new ProblemError('not-found', 'the export no longer exists');
          const filename = key.slice(key.lastIndexOf('/') + 1);
          return {
            status: 200,
            body: bytes,
            headers: {
              'content-type': 'application/gzip',
              'content-disposition': `attachment; filename="${filename}"`,
            },
          };
        },
      },
      {
        method: 'PUT',
        match: (path) => path.startsWith('/local/objects/'),
        handle: async ({ path, query, body }) => {
          const key = path.slice('/local/objects/'.length).split('/').map(decodeURIComponent).join('/');
          const expires = Number(query.get('expires'));
          const expected = Buffer.from(signUpload(key, expires));
          const given = Buffer.from(query.get('signature') ?? '');
          if (
            !parseUploadKey(key, { urlEncoded: false }) ||
            expected.length !== given.length ||
            !timingSafeEqual(expected, given) ||
            expires * 1000 < Date.now()
          ) {
            throw new ProblemError('forbidden', 'the upload URL is not valid or has expired');
          }
          await blobs.write(key, body);
          void parseObject(key, body.length);
          return { status: 200, body: {} };
        },
      },
    ],
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  publicUrl = `http://127.0.0.1:${port}`;

  const drop = new DropFolder(
    join(config.home, 'drop'),
    async (file) => {
      const key = uploadObjectKey(file.userId, file.uploadId, file.filename);
      await withUser(db, file.userId, async (trx) => {
        await ensureUser(trx, file.userId);
        await createUpload(trx, {
          id: file.uploadId,
          userId: file.userId,
          filename: safeFilename(file.filename),
          objectKey: key,
        });
      });
      if (file.account) accountHints.set(file.uploadId, file.account);
      await blobs.write(key, file.bytes);
      await parseObject(key, file.bytes.length);
    },
    (error, path) => logger.error('drop folder', { error: error as Error, path }),
  );
  // Every upload this process did not start was left by one that stopped.
  const startedAt = new Date();
  await drop.start();
  await resumeInterruptedUploads({
    db,
    jobsDb: jobs.db,
    blobs,
    startedBefore: startedAt,
    // Not waited for: the parser reads one file at a time, after those the drop folder handed it.
    handToParser: async (objectKey, size) => void parseObject(objectKey, size),
    requeue: (message) => categoriseQueue.send([message]),
    report: print,
  });

  return {
    url: publicUrl,
    home: config.home,
    databaseUrl,
    embedded: embedded !== null,
    categoriseQueue,
    forecastQueue,
    exportQueue,
    async idle() {
      await parsing;
      await categoriseQueue.drained();
      await forecastQueue.drained();
      await exportQueue.drained();
    },
    async stop() {
      drop.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await parsing;
      await categoriseQueue.stop();
      await forecastQueue.stop();
      await exportQueue.stop();
      await db.destroy();
      await parserDatabase.db.destroy();
      await jobs.db.destroy();
      if (embedded) await embedded.stop();
    },
  };
}
