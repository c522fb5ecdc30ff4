/**
 * The worker thread of `preparingOnWorker`: opens a statement from bytes the main thread sends,
 * and prepares its rows (parse, redact, merchant key, fingerprint, id) into column batches that
 * it posts back, at most `AHEAD` batches ahead of the inserts. See statement-worker.ts for the
 * messages.
 */
import { parentPort } from 'node:worker_threads';
import { prepareRows } from '../../core/import/prepare-rows';
import { redact } from '../../core/redact/redact';
import { openStatement } from '../../core/statement/open-statement';
import type { OpenedStatement } from '../../core/statement/types';
import type { AccountChoice } from '../../ports/import-store';
import type { ToWorker, FromWorker, PrepareRequest } from './statement-worker';

/** Batches posted and not yet taken by the main thread: one inserting, one waiting. */
const AHEAD = 2;
/** Chunks of the file asked for ahead of the parser. */
const CHUNKS_AHEAD = 4;

const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);

const chunks: (Uint8Array | null)[] = [];
let chunksAsked = 0;
let sourceError: string | null = null;
let wakeSource: (() => void) | null = null;
let opened: OpenedStatement | null = null;
let untaken = 0;
let wakeCredit: (() => void) | null = null;
const accountReplies = new Map<number, { resolve: (a: AccountChoice) => void; reject: (e: Error) => void }>();
let nextAccountRequest = 0;

function askForChunks(): void {
  while (chunks.length + chunksAsked < CHUNKS_AHEAD) {
    chunksAsked += 1;
    post({ type: 'pull' });
  }
}

async function* source(): AsyncGenerator<Uint8Array> {
  for (;;) {
    askForChunks();
    while (chunks.length === 0 && sourceError === null) await new Promise<void>((resolve) => (wakeSource = resolve));
    if (sourceError !== null) throw new Error(sourceError);
    const chunk = chunks.shift()!;
    if (chunk === null) return;
    yield chunk;
  }
}

function accountIn(currency: string, accountName: string | null): Promise<AccountChoice> {
  const id = nextAccountRequest++;
  return new Promise((resolve, reject) => {
    accountReplies.set(id, { resolve, reject });
    post({ type: 'account', id, currency, accountName });
  });
}

async function prepare(request: PrepareRequest): Promise<void> {
  if (!opened) throw new Error('prepare before open');
  // What the main thread settled (currency, institution, guesses) joins what reading will learn.
  Object.assign(opened.format, request.format);
  for await (const event of prepareRows(opened.rows, { ...request.context, accountIn, redact })) {
    while (untaken >= AHEAD) await new Promise<void>((resolve) => (wakeCredit = resolve));
    untaken += 1;
    post(event.kind === 'end' ? { type: 'event', event, format: opened.format } : { type: 'event', event });
  }
}

function failed(error: unknown): void {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  post({ type: 'failed', name, message });
}

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'open':
      openStatement(source(), message.options).then((statement) => {
        opened = statement;
        post({ type: 'opened', format: statement.format });
      }, failed);
      break;
    case 'chunk':
    case 'eof':
      chunksAsked -= 1;
      chunks.push(message.type === 'chunk' ? message.bytes : null);
      wakeSource?.();
      break;
    case 'source-error':
      sourceError = message.message;
      wakeSource?.();
      break;
    case 'prepare':
      prepare(message).catch(failed);
      break;
    case 'taken':
      untaken -= 1;
      wakeCredit?.();
      break;
    case 'account': {
      const reply = accountReplies.get(message.id);
      accountReplies.delete(message.id);
      if (message.account) reply?.resolve(message.account);
      else reply?.reject(new Error(message.error ?? 'no account'));
      break;
    }
  }
});
