import { z } from 'zod';
import { peerComparisonOptIn, setPeerComparison } from '../../../adapters/postgres/repositories/peers';
import { exportPerson } from '../../../adapters/postgres/repositories/person-export';
import { deleteUser, ensureUser } from '../../../adapters/postgres/repositories/users';
import { withUser } from '../../../adapters/postgres/user-scope';
import { refreshPeerProfile } from '../../plans';
import { UPLOAD_PREFIX } from '../../../core/import/upload-key';
import { route } from '../route';

/**
 * What a person can take with them and how they leave: everything they gave or chose as one
 * JSON document (what is computed from it, the model and forecasts, is rebuilt rather than
 * exported), and erasure of all of it (rows and uploaded files).
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
    summary: 'Everything the person gave or chose, as JSON: accounts, uploads, transactions (with splits, notes, tags and transfers), categories, rules, corrections and settings; not the model or forecasts computed from them',
    responses: { 200: { description: 'The export', schema: z.record(z.string(), z.unknown()) } },
    handle: async ({ userId }, { db }) => {
      const rows = await withUser(db, userId, (trx) => exportPerson(trx, userId));
      const body = { format: 'smart-spend-export', version: 1, exportedAt: new Date().toISOString(), ...rows };
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
      const erased = await withUser(db, userId, (trx) => deleteUser(trx, userId));
      return { status: 200, body: { erased, files } };
    },
  }),
];
