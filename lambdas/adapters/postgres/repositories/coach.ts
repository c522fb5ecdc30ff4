import { sql } from 'kysely';
import { fromJson, jsonb, toIsoTimestamp } from '../schema';
import type { UserTransaction } from '../user-scope';

/** Turns kept per person: older ones are deleted as a new one is written. */
export const COACH_TURNS_KEPT = 20;

export interface CoachTurnRow {
  id: string;
  conversationId: string;
  question: string;
  answer: string;
  details: unknown;
  createdAt: string;
}

/**
 * What the person's figures are built from, as one string: when their transactions last changed
 * (the stamp the triggers keep, migration 1002: an import, an edit, a tombstone or an outright
 * deletion), the insights and forecasts stored after the last import, their goals and budgets.
 * Any import, edit or delete changes it, so a cached answer keyed on it is never stale. A few
 * rows, however long the history.
 */
export async function figuresVersion(trx: UserTransaction): Promise<string> {
  const { rows } = await sql<{ version: string }>`select concat_ws('|',
      (select coalesce(extract(epoch from ledger_changed_at)::text, '')
         from users where id = nullif(current_setting('app.user_id', true), '')::uuid),
      (select coalesce(extract(epoch from max(computed_at))::text, '') from insight_snapshots),
      (select coalesce(extract(epoch from max(computed_at))::text, '') from forecasts),
      (select coalesce(md5(string_agg(g::text, ',' order by g.id)), '') from goals g),
      (select coalesce(md5(string_agg(b::text, ',' order by b.category)), '') from budgets b)
    ) as version`.execute(trx);
  return rows[0]?.version ?? '';
}

export async function readCachedAnswer(
  trx: UserTransaction,
  questionKey: string,
  version: string,
): Promise<unknown | null> {
  const row = await trx
    .selectFrom('coach_answer_cache')
    .select(['answer', 'figures_version'])
    .where('question_key', '=', questionKey)
    .executeTakeFirst();
  if (!row || row.figures_version !== version) return null;
  return fromJson(row.answer);
}

export async function cacheAnswer(
  trx: UserTransaction,
  userId: string,
  questionKey: string,
  version: string,
  answer: unknown,
): Promise<void> {
  await trx
    .insertInto('coach_answer_cache')
    .values({ user_id: userId, question_key: questionKey, figures_version: version, answer: jsonb(answer) })
    .onConflict((oc) =>
      oc.columns(['user_id', 'question_key']).doUpdateSet({
        figures_version: version,
        answer: jsonb(answer),
        created_at: sql`now()`,
      }),
    )
    .execute();
}

/** Writes one turn and keeps only the person's last COACH_TURNS_KEPT. */
export async function recordCoachTurn(
  trx: UserTransaction,
  userId: string,
  turn: { conversationId: string; question: string; answer: string; details: unknown },
): Promise<void> {
  await trx
    .insertInto('coach_turns')
    .values({
      user_id: userId,
      conversation_id: turn.conversationId,
      question: turn.question,
      answer: turn.answer,
      details: jsonb(turn.details),
    })
    .execute();
  await sql`delete from coach_turns where id in (
      select id from coach_turns order by created_at desc, id desc offset ${COACH_TURNS_KEPT})`.execute(trx);
}

/** The turns of one conversation, oldest first (at most the kept ones). */
export async function conversationTurns(trx: UserTransaction, conversationId: string): Promise<CoachTurnRow[]> {
  const rows = await trx
    .selectFrom('coach_turns')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(COACH_TURNS_KEPT)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    conversationId: row.conversation_id,
    question: row.question,
    answer: row.answer,
    details: fromJson(row.details),
    createdAt: toIsoTimestamp(row.created_at) as string,
  }));
}
