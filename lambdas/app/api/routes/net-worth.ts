import { z } from 'zod';
import { listAccounts, monthlyMovements } from '../../../adapters/postgres/repositories/accounts';
import { withUser } from '../../../adapters/postgres/user-scope';
import { netWorthByMonth } from '../../../core/ledger/net-worth';
import { badRequest } from '../problem';
import { route } from '../route';

const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month as YYYY-MM');

export const netWorthRoutes = [
  route({
    method: 'GET',
    path: '/networth',
    summary: 'Assets, liabilities and net worth at the end of each month, per currency (nothing is converted)',
    query: z.object({ from: month.optional(), to: month.optional() }),
    responses: {
      200: {
        description: 'Net worth by month, one series per currency',
        schema: z.object({
          items: z.array(
            z.object({
              currency: z.string(),
              months: z.array(
                z.object({
                  month: z.string(),
                  assets: z.number().int(),
                  liabilities: z.number().int(),
                  net: z.number().int(),
                }),
              ),
            }),
          ),
        }),
      },
    },
    handle: async ({ userId, query }, { db }) => {
      const to = query.to ?? new Date().toISOString().slice(0, 7);
      const from = query.from ?? shiftMonth(to, -11);
      if (from > to) throw badRequest('from is after to', [{ path: 'query.from', message: 'must not be after to' }]);
      if (monthsBetween(from, to) > 120)
        throw badRequest('at most 120 months at a time', [{ path: 'query.from', message: 'too far back' }]);
      const { accounts, movements } = await withUser(db, userId, async (trx) => ({
        accounts: await listAccounts(trx),
        movements: await monthlyMovements(trx, to),
      }));
      const items = netWorthByMonth(
        accounts.map((a) => ({
          id: a.id,
          kind: a.kind,
          currency: a.currency.trim(),
          openingBalance: a.opening_balance,
          openingDate: a.opening_date,
        })),
        movements,
        from,
        to,
      );
      return { status: 200, body: { items } };
    },
  }),
];

function shiftMonth(month: string, by: number): string {
  const [year, m] = month.split('-').map(Number);
  const index = year * 12 + (m - 1) + by;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthsBetween(from: string, to: string): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}
