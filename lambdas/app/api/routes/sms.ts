import { z } from 'zod';
import { PostgresImportStore } from '../../../adapters/postgres/postgres-import-store';
import { findAccount } from '../../../adapters/postgres/repositories/accounts';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import { withUser } from '../../../adapters/postgres/user-scope';
import { FileFingerprinter } from '../../../core/import/fingerprint';
import { uuidV7 } from '../../../core/import/uuid-v7';
import { CATEGORISE_BATCH_SIZE } from '../../../core/messages';
import { redact } from '../../../core/redact/redact';
import { parseSmsAlert } from '../../../core/sms/parse-sms';
import type { NewTransaction } from '../../../ports/import-store';
import { DEFAULT_PERSON_LIMITS } from '../../../core/person-limits';
import { checkRowQuota } from '../person-quota';
import { notFound } from '../problem';
import { route } from '../route';
import { isoDate } from '../schemas';

export const smsRoutes = [
  route({
    method: 'POST',
    path: '/sms',
    summary: 'Import bank SMS alerts; messages that are not transactions are rejected with a reason',
    body: z.object({
      messages: z.array(z.string().max(2000)).min(1).max(500),
      receivedOn: isoDate.optional().describe('the day the messages arrived, for alerts that carry no date'),
      accountId: z.uuid().optional(),
    }),
    responses: {
      200: {
        description: 'What was imported',
        schema: z.object({
          imported: z.number().int(),
          duplicates: z.number().int(),
          rejected: z.array(z.object({ index: z.number().int(), reason: z.string() })),
        }),
      },
    },
    handle: async ({ userId, email, body }, { db, categoriseQueue, forecastQueue, personLimits }) => {
      await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        // Another person's account (or none) is a 404, never a silent import into the caller's own.
        if (body.accountId && !(await findAccount(trx, body.accountId))) throw notFound('the account');
        await checkRowQuota(trx, personLimits ?? DEFAULT_PERSON_LIMITS, body.messages.length);
      });
      const store = new PostgresImportStore(db);
      const receivedOn = body.receivedOn ?? new Date().toISOString().slice(0, 10);
      const rejected: { index: number; reason: string }[] = [];
      const fingerprinter = new FileFingerprinter();
      const rows: NewTransaction[] = [];
      for (const [index, message] of body.messages.entries()) {
        const parsed = parseSmsAlert(message, { receivedOn });
        if (!parsed.ok) {
          rejected.push({ index, reason: parsed.reason });
          continue;
        }
        const sms = parsed.value;
        const account = await store.chooseAccount(userId, {
          accountId: body.accountId ?? null,
          last4: sms.accountLast4 ?? null,
          currency: sms.currency,
        });
        const description = redact(sms.description);
        rows.push({
          id: uuidV7(),
          accountId: account.accountId,
          uploadId: null,
          date: sms.date,
          amount: sms.amount,
          currency: sms.currency,
          description,
          balance:
            sms.balance !== undefined && (sms.balanceCurrency ?? sms.currency) === sms.currency ? sms.balance : null,
          fingerprint: fingerprinter.next({
            userId,
            accountId: account.accountId,
            date: sms.date,
            amount: sms.amount,
            description,
          }),
        });
      }
      const { insertedIds } = await store.insertTransactions(userId, rows);
      for (let i = 0; i < insertedIds.length; i += CATEGORISE_BATCH_SIZE) {
        await categoriseQueue.send([
          { version: 1, userId, uploadId: null, transactionIds: insertedIds.slice(i, i + CATEGORISE_BATCH_SIZE) },
        ]);
      }
      if (insertedIds.length > 0) await forecastQueue.send([{ version: 1, userId, uploadId: null }]);
      return {
        status: 200,
        body: { imported: insertedIds.length, duplicates: rows.length - insertedIds.length, rejected },
      };
    },
  }),
];
