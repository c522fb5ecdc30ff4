import { z } from 'zod';
import { exportPerson } from '../../../adapters/postgres/repositories/person-export';
import { deleteUser } from '../../../adapters/postgres/repositories/users';
import { withUser } from '../../../adapters/postgres/user-scope';
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
