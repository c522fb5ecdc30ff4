import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StatementOpenOptions } from '../../core/import/import-statement';
import { adoptFormat, type PrepareContext, type PreparedEvent } from '../../core/import/prepare-rows';
import type { StatementPreparer } from '../../core/import/preparing-statement';
import { NotAStatementError, type DetectedFormat } from '../../core/statement/types';
import type { AccountChoice } from '../../ports/import-store';

/** The context of `prepare` as it crosses to the worker (the account lookup stays here). */
export interface PrepareRequest {
  type: 'prepare';
  context: Omit<PrepareContext, 'redact' | 'accountIn'>;
  format: DetectedFormat;
}

/** Messages from the import's thread to the worker. */
export type ToWorker =
  | { type: 'open'; options: StatementOpenOptions }
  | { type: 'chunk'; bytes: Uint8Array }
  | { type: 'eof' }
  | { type: 'source-error'; message: string }
  | PrepareRequest
  | { type: 'taken' }
  | { type: 'account'; id: number; account?: AccountChoice; error?: string };

/** Messages from the worker. */
export type FromWorker =
  | { type: 'pull' }
  | { type: 'opened'; format: DetectedFormat }
  | { type: 'event'; event: PreparedEvent; format?: DetectedFormat }
  | { type: 'account'; id: number; currency: string; accountName: string | null }
  | { type: 'failed'; name: string; message: string };

/**
 * The thread's own heap. What a CSV keeps is small (a batch or two, the remembered descriptions;
 * a million rows' occurrence counts are ~25 MB outside it), but OFX, QIF and CAMT are read whole
 * (up to 50 MB of text and its tree), so the cap is the 256 MB the bench gives a Lambda's heap,
 * not less. A small young generation keeps the garbage of each row, which dies young, from
 * swelling the process (bench:ingest's peak RSS fell from 253 to 224–235 MB at 1,000,000 rows).
 */
const WORKER_HEAP_MB = 256;
const WORKER_YOUNG_GENERATION_MB = 16;

/**
 * Prepares a statement's rows on a worker thread (node:worker_threads), so that the import's
 * own thread only moves bytes in and sends batches to PostgreSQL: parsing the next batch
 * overlaps the insert of the last on another core instead of taking turns with it. The bytes
 * still come from the blob store on this thread (the worker asks for a few 64 KB chunks ahead,
 * so the file is streamed, never held whole); batches come back as columns, at most two ahead
 * of the inserts. The worker is started per statement and ended with it.
 *
 * Local stack only: a Lambda's bundle is one file, and a parser Lambda at its memory size has
 * about one vCPU to share, so there the rows are prepared in-thread (preparingInThread).
 */
export function preparingOnWorker(
  options: {
    /** Files smaller than this are prepared by `inThread` instead: starting a worker costs more than they do. */
    smallerInThread?: { bytes: number; preparer: StatementPreparer };
  } = {},
): StatementPreparer {
  return async (source, openOptions) => {
    const small = options.smallerInThread;
    if (small && openOptions.sizeBytes !== undefined && openOptions.sizeBytes < small.bytes) {
      return small.preparer(source, openOptions);
    }
    const session = new WorkerSession(source);
    try {
      const format = await session.open(openOptions);
      return {
        format,
        prepare: (context) => session.prepare(context, format),
        close: () => session.close(),
      };
    } catch (error) {
      await session.close();
      throw error;
    }
  };
}

/**
 * How to start the worker: built JavaScript beside this file when there is one, else the
 * TypeScript source through tsx's require hook (npm start and the tests run the sources; a
 * worker does not reliably inherit a loader given to node with --import).
 */
function workerEntry(): { script: string; eval: boolean } {
  const built = join(__dirname, 'statement-worker-thread.js');
  if (existsSync(built)) return { script: built, eval: false };
  const source = join(__dirname, 'statement-worker-thread.ts');
  const tsx = require.resolve('tsx/cjs/api');
  return { script: `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(source)});`, eval: true };
}

class WorkerSession {
  private readonly worker: Worker;
  private readonly bytes: AsyncIterator<Uint8Array>;
  private readonly events: { event: PreparedEvent; format?: DetectedFormat }[] = [];
  private failure: Error | null = null;
  private wake: (() => void) | null = null;
  private onOpened: { resolve: (format: DetectedFormat) => void; reject: (error: Error) => void } | null = null;
  private accountIn: PrepareContext['accountIn'] | null = null;
  private closed = false;
  private reading: Promise<void> = Promise.resolve();

  constructor(source: AsyncIterable<Uint8Array>) {
    this.bytes = source[Symbol.asyncIterator]();
    const entry = workerEntry();
    this.worker = new Worker(entry.script, {
      eval: entry.eval,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
    });
    this.worker.on('message', (message: FromWorker) => this.receive(message));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) => {
      if (!this.closed) this.fail(new Error(`the statement worker stopped (exit code ${code})`));
    });
  }

  open(options: StatementOpenOptions): Promise<DetectedFormat> {
    return new Promise((resolve, reject) => {
      this.onOpened = { resolve, reject };
      this.post({ type: 'open', options });
    });
  }

  async *prepare(context: Omit<PrepareContext, 'redact'>, format: DetectedFormat): AsyncGenerator<PreparedEvent> {
    const { accountIn, ...rest } = context;
    this.accountIn = accountIn;
    this.post({ type: 'prepare', context: rest, format });
    for (;;) {
      while (this.events.length === 0 && !this.failure) await new Promise<void>((resolve) => (this.wake = resolve));
      if (this.events.length === 0 && this.failure) throw this.failure;
      const { event, format: learned } = this.events.shift()!;
      this.post({ type: 'taken' });
      if (learned) adoptFormat(format, learned);
      yield event;
      if (event.kind === 'end') return;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.worker.terminate();
    await this.bytes.return?.();
  }

  private post(message: ToWorker, transfer?: ArrayBuffer[]): void {
    if (!this.closed) this.worker.postMessage(message, transfer);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'pull':
        // One read at a time, in the order asked.
        this.reading = this.reading.then(() => this.pull());
        break;
      case 'opened':
        this.onOpened?.resolve(message.format);
        this.onOpened = null;
        break;
      case 'event':
        this.events.push({ event: message.event, format: message.format });
        this.wake?.();
        break;
      case 'account':
        Promise.resolve(this.accountIn!(message.currency, message.accountName)).then(
          (account) => this.post({ type: 'account', id: message.id, account }),
          (error: unknown) => this.post({ type: 'account', id: message.id, error: (error as Error).message }),
        );
        break;
      case 'failed':
        this.fail(
          message.name === 'NotAStatementError' ? new NotAStatementError(message.message) : new Error(message.message),
        );
        break;
    }
  }

  private async pull(): Promise<void> {
    try {
      const { value, done } = await this.bytes.next();
      if (done) return this.post({ type: 'eof' });
      // A copy of exactly the chunk, handed over rather than cloned (a Buffer may be a view of a larger pool).
      const bytes = new Uint8Array(value);
      this.post({ type: 'chunk', bytes }, [bytes.buffer]);
    } catch (error) {
      this.post({ type: 'source-error', message: (error as Error).message });
    }
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.onOpened?.reject(error);
    this.onOpened = null;
    this.wake?.();
  }
}
