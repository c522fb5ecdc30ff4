import { countToday } from '../adapters/postgres/repositories/usage';
import type { UserTransaction } from '../adapters/postgres/user-scope';
import { LanguageModelUnavailableError, type LanguageModel } from '../ports/language-model';

/**
 * The language model as one person may use it: each call counts against their calls per day
 * (usage_counters, in their own scope); past the limit the call is refused as unavailable, and
 * the tier-2 answer stands, as when Bedrock is down.
 */
export function budgetedLanguageModel(
  model: LanguageModel,
  trx: UserTransaction,
  userId: string,
  callsPerDay: number,
): LanguageModel {
  return {
    modelId: model.modelId,
    async converse(request) {
      if ((await countToday(trx, userId, 'language-model-call')) > callsPerDay) {
        throw new LanguageModelUnavailableError(`this person's ${callsPerDay} language-model calls for today are used`);
      }
      return model.converse(request);
    },
  };
}
