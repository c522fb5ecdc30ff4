import type { Logger } from '@aws-lambda-powertools/logger';
import type { Db } from '../adapters/postgres/schema';
import { linkTransfers, uploadDateRange } from '../adapters/postgres/repositories/transfers';
import { withUser } from '../adapters/postgres/user-scope';

/** After every import: link the transfers between the person's accounts around its dates. */
export function linkTransfersAfterImport(db: Db, logger: Logger) {
  return async (userId: string, uploadId: string): Promise<void> => {
    const result = await withUser(db, userId, async (trx) => {
      const range = await uploadDateRange(trx, uploadId);
      return range ? linkTransfers(trx, range) : null;
    });
    if (result) logger.info('transfers linked', { userId, uploadId, ...result });
  };
}
