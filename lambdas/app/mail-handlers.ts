import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { SNSEvent, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { z } from 'zod';
import type { Db } from '../adapters/postgres/schema';
import type { Mailer } from '../ports/mailer';
import type { MessageQueue } from '../ports/queue';
import {
  relayOutbox,
  sendNotificationEmail,
  suppressAddress,
  writeWeeklyDigests,
  type MailMessage,
} from './mail-outbox';
import { sqsBatchHandler } from './sqs-batch';

const mailMessage = z.object({ version: z.literal(1), notificationId: z.uuid() });
const scheduled = z.object({ action: z.enum(['relay', 'digest']) });

export interface MailDependencies {
  db: Db;
  mailer: Mailer;
  queue: MessageQueue<MailMessage>;
  logger: Logger;
  metrics?: Metrics;
  links: { apiBaseUrl: string; unsubscribeSecret: string };
  today?: () => string;
}

/**
 * The mail Lambda. From the mail queue: sends each notification at most once. From EventBridge
 * Scheduler: `relay` queues the outbox's unsent rows (every few minutes), `digest` writes the
 * weekly digests into the outbox and relays them.
 */
export function createMailHandler(deps: MailDependencies) {
  const fromQueue = sqsBatchHandler(
    mailMessage,
    async (message) => {
      const outcome = await sendNotificationEmail(deps.db, deps.mailer, message, deps.links);
      deps.logger.info('notification mailed', { notificationId: message.notificationId, outcome });
    },
    deps,
  );
  return async (
    event: SQSEvent | { action: string },
  ): Promise<SQSBatchResponse | { relayed: number; digests?: number }> => {
    if ('Records' in event) return fromQueue(event);
    const { action } = scheduled.parse(event);
    const digests =
      action === 'digest'
        ? (await writeWeeklyDigests(deps.db, (deps.today ?? (() => new Date().toISOString().slice(0, 10)))())).length
        : undefined;
    const relayed = await relayOutbox(deps.db, deps.queue);
    deps.logger.info('outbox relayed', { action, relayed, digests });
    return { relayed, ...(digests !== undefined ? { digests } : {}) };
  };
}

const sesNotification = z.object({
  notificationType: z.enum(['Bounce', 'Complaint', 'Delivery']).optional(),
  eventType: z
    .enum([
      'Bounce',
      'Complaint',
      'Delivery',
      'Send',
      'Reject',
      'Open',
      'Click',
      'DeliveryDelay',
      'RenderingFailure',
      'Subscription',
    ])
    .optional(),
  bounce: z
    .object({ bounceType: z.string(), bouncedRecipients: z.array(z.object({ emailAddress: z.string() })) })
    .optional(),
  complaint: z.object({ complainedRecipients: z.array(z.object({ emailAddress: z.string() })) }).optional(),
});

/**
 * SES feedback (EventBridge events of the configuration set, or SNS notifications): a permanent bounce or a complaint puts the address on the
 * suppression list, so it is never mailed again. Transient bounces are left to SES's retries.
 */
export function createMailFeedbackHandler(deps: { db: Db; logger: Logger }) {
  return async (event: SNSEvent | { id: string; detail: unknown }): Promise<void> => {
    // EventBridge delivers one event (the configuration set's destination); SNS a batch of records.
    const messages =
      'Records' in event
        ? event.Records.map((record) => ({ id: record.Sns.MessageId, body: JSON.parse(record.Sns.Message) as unknown }))
        : [{ id: event.id, body: event.detail }];
    for (const message of messages) {
      const parsed = sesNotification.safeParse(message.body);
      if (!parsed.success) {
        deps.logger.warn('SES feedback not understood', { messageId: message.id });
        continue;
      }
      const type = parsed.data.eventType ?? parsed.data.notificationType;
      if (type === 'Bounce' && parsed.data.bounce?.bounceType === 'Permanent') {
        for (const recipient of parsed.data.bounce.bouncedRecipients)
          await suppressAddress(deps.db, recipient.emailAddress, 'bounce');
      } else if (type === 'Complaint' && parsed.data.complaint) {
        for (const recipient of parsed.data.complaint.complainedRecipients)
          await suppressAddress(deps.db, recipient.emailAddress, 'complaint');
      }
      deps.logger.info('SES feedback', { type, messageId: message.id });
    }
  };
}
