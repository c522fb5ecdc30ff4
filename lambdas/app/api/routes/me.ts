import { z } from 'zod';
import { peerComparisonOptIn, setPeerComparison } from '../../../adapters/postgres/repositories/peers';
import { ensureUser } from '../../../adapters/postgres/repositories/users';
import { withUser } from '../../../adapters/postgres/user-scope';
import { refreshPeerProfile } from '../../plans';
import { UPLOAD_PREFIX } from '../../../core/import/upload-key';
import { route } from '../route';

/**
 * What a person can take with them and how they leave: everything they own as one JSON
 * document, and erasure of all of it (rows and uploaded files).
 */
export const meRoutes = [
  route({
    method: 'GET',
    path: '/me',
    summary: "The person's settings",
    responses: { 200: { description: 'Settings', schema: z.object({ peerComparison: z.boolean() }) } },
    handle: async ({ userId }, { db }) => ({ status: 200, body: { peerComparison: await withUser(db, userId, peerComparisonOptIn) } }),
  }),
  route({
    method: 'PATCH',
    path: '/me',
    summary: "Change the person's settings",
    body: z.object({ peerComparison: z.boolean().optional().describe('opt in to anonymous comparison with a cohort of at least 20 people') }),
    responses: { 200: { description: 'Settings', schema: z.object({ peerComparison: z.boolean() }) } },
    handle: async ({ userId, email, body }, { db }) => {
      const peerComparison = await withUser(db, userId, async (trx) => {
        await ensureUser(trx, userId, email);
        if (body.peerComparison !== undefined) await setPeerComparison(trx, userId, body.peerComparison);
        // opting in publishes the person's own profile at once, so they count in cohorts from now
        if (body.peerComparison) await refreshPeerProfile(trx, userId, new Date().toISOString().slice(0, 7));
        return peerComparisonOptIn(trx);
      });
      return { status: 200, body: { peerComparison } };
    },
  }),
  route({
    method: 'GET',
    path: '/me/export',
    summary: 'Everything the person owns, as JSON: accounts, uploads, transactions (with splits, notes, tags and transfers), categories, rules, corrections and settings',
    responses: { 200: { description: 'The export', schema: z.record(z.string(), z.unknown()) } },
    handle: async ({ userId }, { db }) => {
      const body = await withUser(db, userId, async (trx) => {
        const user = await trx.selectFrom('users').selectAll().executeTakeFirst();
        const transactions = await trx.selectFrom('transactions').selectAll().where('deleted_at', 'is', null).orderBy('date').orderBy('id').execute();
        return {
          format: 'smart-spend-export', version: 1, exportedAt: new Date().toISOString(), user: user ?? { id: userId },
          accounts: await trx.selectFrom('accounts').selectAll().orderBy('created_at').execute(),
          uploads: await trx.selectFrom('uploads').selectAll().orderBy('created_at').execute(),
          transactions,
          // Fingerprints of deleted imports: kept so a re-import does not bring them back.
          deletedImports: await trx.selectFrom('transactions').select(['id', 'date', 'amount', 'currency', 'deleted_at']).where('deleted_at', 'is not', null).execute(),
          categories: await trx.selectFrom('categories').selectAll().orderBy('created_at').execute(),
          rules: await trx.selectFrom('rules').selectAll().orderBy('priority').orderBy('created_at').execute(),
          corrections: await trx.selectFrom('corrections').selectAll().orderBy('created_at').execute(),
          dontLearnMerchants: await trx.selectFrom('dont_learn_merchants').selectAll().execute(),
          merchantAnswers: await trx.selectFrom('merchant_answers').selectAll().execute(),
          columnMappings: await trx.selectFrom('column_mappings').selectAll().execute(),
        };
      });
      return { status: 200, body };
    },
  }),
  route({
    method: 'DELETE',
    path: '/me',
    summary: 'Erase the person: every row they own and every file they uploaded',
    responses: { 200: { description: 'What was erased', schema: z.object({ erased: z.boolean(), files: z.number().int() }) } },
    handle: async ({ userId }, { db, blobs }) => {
      // Files first: if that fails, the person can ask again and nothing is left half-erased in the database.
      const files = await blobs.deletePrefix(`${UPLOAD_PREFIX}${userId}/`);
      const erased = await withUser(db, userId, async (trx) => {
        const result = await trx.deleteFrom('users').where('id', '=', userId).executeTakeFirst();
        return Number(result.numDeletedRows ?? 0) > 0;
      });
      return { status: 200, body: { erased, files } };
    },
  }),
];
