import { fromJson, jsonb } from '../schema';
import type { UserTransaction } from '../user-scope';

/** The column mapping the person confirmed for statements whose header has this signature, if any. */
export async function findColumnMapping(
  trx: UserTransaction,
  headerSignature: string,
): Promise<Record<string, unknown> | null> {
  const row = await trx
    .selectFrom('column_mappings')
    .select('mapping')
    .where('header_signature', '=', headerSignature)
    .executeTakeFirst();
  return fromJson(row?.mapping ?? null) as Record<string, unknown> | null;
}

/** Remembers a confirmed mapping for the header signature, replacing an earlier one. */
export async function saveColumnMapping(
  trx: UserTransaction,
  userId: string,
  headerSignature: string,
  mapping: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('column_mappings')
    .values({ user_id: userId, header_signature: headerSignature, mapping: jsonb(mapping) })
    .onConflict((conflict) =>
      conflict
        .columns(['user_id', 'header_signature'])
        .doUpdateSet({ mapping: jsonb(mapping), updated_at: new Date() }),
    )
    .execute();
}
