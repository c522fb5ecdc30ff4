import { Logger } from '@aws-lambda-powertools/logger';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import type { SNSEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { SesMailer } from '../../lambdas/adapters/aws/ses-mailer';
import { enqueueNotification } from '../../lambdas/adapters/postgres/repositories/notifications';
import { updateNotificationPreferences } from '../../lambdas/adapters/postgres/repositories/notification-preferences';
import { withUser } from '../../lambdas/adapters/postgres/user-scope';
import { createMailFeedbackHandler, createMailHandler } from '../../lambdas/app/mail-handlers';
import type { MailMessage } from '../../lambdas/app/mail-outbox';
import { readUnsubscribeToken } from '../../lambdas/core/insights/unsubscribe-token';
import { RecordingQueue } from '../support/memory-blob-store';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { sqsEventOf } from '../support/sqs-event';

const ses = mockClient(SESv2Client);
const SECRET = 'mail-test-unsubscribe-secret-000';

describe('e-mailing the outbox through SES', () => {
  let database: TestDatabase;
  const logger = new Logger({ serviceName: 'test', logLevel: 'CRITICAL' });
  const queue = new RecordingQueue<MailMessage>();
  let handle: ReturnType<typeof createMailHandler>;

  const person = async (email: string) => {
    const id = randomUUID();
    await withUser(database.db, id, (trx) => trx.insertInto('users').values({ id, email }).execute());
    return id;
  };
  const notify = (userId: string, kind: string, key: string) =>
    withUser(database.db, userId, (trx) =>
      enqueueNotification(trx, userId, {
        kind,
        dedupeKey: key,
        title: `${kind} ${key}`,
        body: `Something about ${key}.`,
      }),
    );
  const relay = async () => {
    queue.sent.length = 0;
    await handle({ action: 'relay' });
    return [...queue.sent];
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    // The sender works across people: it connects as the jobs role, as the nightly jobs do.
    handle = createMailHandler({
      db: database.jobsDb,
      mailer: new SesMailer(
        new SESv2Client({ region: 'eu-west-1' }),
        'Smart Spend <alerts@example.org>',
        'smart-spend',
      ),
      queue,
      logger,
      links: { apiBaseUrl: 'https://api.example.org/', unsubscribeSecret: SECRET },
      today: () => new Date().toISOString().slice(0, 10),
    });
  });
  afterAll(async () => database.close());
  beforeEach(() => {
    ses.reset();
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
  });

  it('sends each notification once, even when SQS delivers its message twice, with a working unsubscribe link', async () => {
    const ann = await person('ann@example.org');
    await notify(ann, 'anomaly', 'dup-1');
    const messages = await relay();
    expect(messages.length).toBeGreaterThanOrEqual(1);
    const result = await handle(sqsEventOf([...messages, ...messages]));
    expect(result).toEqual({ batchItemFailures: [] });
    const sent = ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'ann@example.org');
    expect(sent).toHaveLength(1);
    const input = sent[0].args[0].input;
    expect(input).toMatchObject({
      ConfigurationSetName: 'smart-spend',
      FromEmailAddress: 'Smart Spend <alerts@example.org>',
      Content: { Simple: { Subject: { Data: 'anomaly dup-1' } } },
    });
    const link = /https:\/\/api\.example\.org\/unsubscribe\?token=([\w.-]+)/.exec(
      input.Content?.Simple?.Body?.Text?.Data ?? '',
    );
    expect(readUnsubscribeToken(SECRET, link![1])).toEqual({ userId: ann, kind: 'anomaly' });
    // Relayed again later: already e-mailed, so not even queued.
    expect((await relay()).map((m) => m.notificationId)).not.toContain(messages[0].notificationId);
  });

  it('leaves a kind the person turned off for e-mail unsent, and releases the claim when SES refuses so a retry sends it', async () => {
    const ben = await person('ben@example.org');
    await withUser(database.db, ben, (trx) =>
      updateNotificationPreferences(trx, ben, { price_rise: { email: false } }),
    );
    await notify(ben, 'price_rise', 'netflix');
    await notify(ben, 'upcoming_bill', 'rent');
    const messages = await relay();
    ses.on(SendEmailCommand).rejectsOnce(new Error('Throttling'));
    const first = (await handle(sqsEventOf(messages))) as { batchItemFailures: unknown[] };
    expect(first.batchItemFailures.length).toBe(1);
    await handle(sqsEventOf(messages));
    const toBen = ses
      .commandCalls(SendEmailCommand)
      .filter((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'ben@example.org');
    expect(toBen.map((c) => c.args[0].input.Content?.Simple?.Subject?.Data)).toEqual([
      'upcoming_bill rent',
      'upcoming_bill rent',
    ]);
    // The first call was the refused one; one message went out.
  });

  it('never mails an address again after a permanent bounce or a complaint', async () => {
    const cat = await person('cat@example.org');
    const feedback = createMailFeedbackHandler({ db: database.jobsDb, logger });
    await feedback({
      Records: [
        {
          Sns: {
            MessageId: 'n1',
            Message: JSON.stringify({
              notificationType: 'Bounce',
              bounce: { bounceType: 'Permanent', bouncedRecipients: [{ emailAddress: 'Cat@Example.org' }] },
            }),
          },
        },
      ],
    } as unknown as SNSEvent);
    await notify(cat, 'anomaly', 'after-bounce');
    await handle(sqsEventOf(await relay()));
    expect(
      ses
        .commandCalls(SendEmailCommand)
        .filter((c) => c.args[0].input.Destination?.ToAddresses?.[0] === 'cat@example.org'),
    ).toHaveLength(0);
  });

  it('writes one weekly digest per person from the week’s notifications, bills first, and only once a week', async () => {
    const dan = await person('dan@example.org');
    await notify(dan, 'upcoming_bill', 'water');
    await notify(dan, 'anomaly', 'big-charge');
    const first = (await handle({ action: 'digest' })) as { digests: number };
    expect(first.digests).toBeGreaterThanOrEqual(1);
    const again = (await handle({ action: 'digest' })) as { digests: number };
    expect(again.digests).toBe(0);
    const digest = await withUser(database.db, dan, (trx) =>
      trx.selectFrom('notifications').selectAll().where('kind', '=', 'digest').execute(),
    );
    expect(digest).toHaveLength(1);
    expect(digest[0].body).toContain('Bills coming up\n- upcoming_bill water');
    expect(digest[0].body.indexOf('Bills coming up')).toBeLessThan(digest[0].body.indexOf('Unusual charges'));
  });
});
