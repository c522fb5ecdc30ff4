import { z } from 'zod';
import { findAccount } from '../../../adapters/postgres/repositories/accounts';
import {
  addDontLearn,
  deleteRules,
  forgetRuleTeaching,
  insertRule,
  listDontLearn,
  listRules,
} from '../../../adapters/postgres/repositories/categorisation';
import {
  findCategory,
  insertCategory,
  listOwnCategories,
  relabelCategory,
  retireInto,
  updateCategory,
} from '../../../adapters/postgres/repositories/categories';
import { applyRuleToUncorrected } from '../../../adapters/postgres/repositories/transactions';
import { uploadsCompletedInThisTransaction } from '../../../adapters/postgres/repositories/uploads';
import { withUser } from '../../../adapters/postgres/user-scope';
import { compileRulePattern, MAX_RULE_PATTERN_LENGTH } from '../../../core/categorise/rule-pattern';
import { MANUAL_RULE_PRIORITY } from '../../../core/categorise/rules';
import { CATEGORY_GROUPS, DEFAULT_CATEGORIES, type CategoryGroup } from '../../../core/categorise/taxonomy';
import { knowledgeOf } from '../knowledge-of';
import { rebuildModel } from '../../tiered-categorisation';
import { queueForecastsOfCompletedUploads } from '../../forecast-completed-uploads';
import { requireUuid } from '../pagination';
import { badRequest, notFound, ProblemError } from '../problem';
import { route } from '../route';

const group = z.enum(CATEGORY_GROUPS);

const categorySchema = z.object({
  id: z.string().describe('`default:<name>` for a default category, a uuid for the person’s own'),
  name: z.string(),
  group,
  isDefault: z.boolean(),
  retired: z.boolean(),
  mergedInto: z.string().nullable(),
});

export const ruleSchema = z.object({
  id: z.uuid(),
  priority: z.number().int(),
  matchKind: z.enum(['merchant', 'contains', 'regex']),
  pattern: z.string(),
  amountMin: z.number().int().nullable().describe('absolute minor units, inclusive'),
  amountMax: z.number().int().nullable(),
  sign: z
    .union([z.literal(1), z.literal(-1)])
    .nullable()
    .describe('1 money in, -1 money out, null both'),
  accountId: z.uuid().nullable(),
  category: z.string(),
  source: z.enum(['manual', 'learned']),
  createdFromCorrection: z.uuid().nullable().describe('the correction a learned rule came from'),
});

const newRule = z.object({
  matchKind: z.enum(['merchant', 'contains', 'regex']),
  pattern: z
    .string()
    .trim()
    .min(1)
    .max(MAX_RULE_PATTERN_LENGTH)
    .describe('a regex runs on RE2 (linear time): no look-around or back-references'),
  category: z.string().trim().min(1).max(100),
  priority: z.number().int().min(0).max(999).optional(),
  amountMin: z.number().int().min(0).nullable().optional(),
  amountMax: z.number().int().min(0).nullable().optional(),
  sign: z
    .union([z.literal(1), z.literal(-1)])
    .nullable()
    .optional(),
  accountId: z.uuid().nullable().optional(),
  applyToExisting: z
    .boolean()
    .optional()
    .describe('give the category to the matching transactions nobody set by hand (merchant rules); default true'),
});

export const categorisationRoutes = [
  route({
    method: 'GET',
    path: '/categories',
    summary: 'The taxonomy: the default categories and the person’s own, each in its 50/30/20 group',
    responses: { 200: { description: 'Categories', schema: z.object({ items: z.array(categorySchema) }) } },
    handle: async ({ userId }, { db }) => {
      const own = await withUser(db, userId, listOwnCategories);
      const overrides = new Map(own.filter((c) => c.is_default).map((c) => [c.name, c]));
      const items = [
        ...DEFAULT_CATEGORIES.map((c) => {
          const override = overrides.get(c.name);
          return {
            id: `default:${c.name}`,
            name: c.name,
            group: (override?.group ?? c.group) as CategoryGroup,
            isDefault: true,
            retired: override?.retired ?? false,
            mergedInto: override?.merged_into ?? null,
          };
        }),
        ...own
          .filter((c) => !c.is_default)
          .map((c) => ({
            id: c.id,
            name: c.name,
            group: c.group,
            isDefault: false,
            retired: c.retired,
            mergedInto: c.merged_into,
          })),
      ];
      return { status: 200, body: { items } };
    },
  }),
  route({
    method: 'POST',
    path: '/categories',
    summary: 'Add a category of the person’s own',
    body: z.object({ name: z.string().trim().min(1).max(100), group }),
    responses: {
      201: { description: 'The new category', schema: categorySchema },
      409: { description: 'A category of that name exists' },
    },
    handle: async ({ userId, body }, { db }) => {
      if (DEFAULT_CATEGORIES.some((c) => c.name.toLowerCase() === body.name.toLowerCase())) {
        throw new ProblemError('conflict', `"${body.name}" is a default category already`, [
          { path: 'body.name', message: 'already exists' },
        ]);
      }
      const row = await withUser(db, userId, async (trx) => {
        const existing = (await listOwnCategories(trx)).find((c) => c.name.toLowerCase() === body.name.toLowerCase());
        if (existing)
          throw new ProblemError('conflict', `a category named "${existing.name}" exists already`, [
            { path: 'body.name', message: 'already exists' },
          ]);
        return insertCategory(trx, userId, { name: body.name, group: body.group });
      });
      return {
        status: 201,
        body: {
          id: row.id,
          name: row.name,
          group: row.group,
          isDefault: false,
          retired: row.retired,
          mergedInto: row.merged_into,
        },
      };
    },
  }),
  route({
    method: 'PATCH',
    path: '/categories/{id}',
    summary:
      'Rename a category, merge it into another, change its group, or retire it (no longer offered; its transactions keep it)',
    params: z.object({ id: z.string().min(1).max(200) }),
    body: z.object({
      name: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('rename: every transaction, rule and correction follows'),
      mergeInto: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .optional()
        .describe('merge into this category: everything moves there'),
      group: group.optional(),
      retired: z.boolean().optional(),
    }),
    responses: {
      200: {
        description: 'The category after the change, and how many transactions moved',
        schema: z.object({ category: categorySchema, movedTransactions: z.number().int() }),
      },
      400: { description: 'Nothing to do, or a rename onto itself' },
      404: { description: 'No such category of this person' },
    },
    handle: async ({ userId, params, body }, ctx) => {
      if (body.name && body.mergeInto)
        throw badRequest('rename or merge, not both', [{ path: 'body.mergeInto', message: 'not with name' }]);
      // The router has decoded the path parameter already; decoding twice breaks on a literal '%'.
      const id = params.id;
      const result = await withUser(ctx.db, userId, async (trx) => {
        const own = await listOwnCategories(trx);
        const defaultName = id.startsWith('default:') ? id.slice('default:'.length) : null;
        const defaultCategory = DEFAULT_CATEGORIES.find((c) => c.name === defaultName);
        const row = defaultCategory
          ? (own.find((c) => c.is_default && c.name === defaultCategory.name) ??
            (await insertCategory(trx, userId, {
              name: defaultCategory.name,
              group: defaultCategory.group,
              isDefault: true,
            })))
          : own.find((c) => c.id === id && !c.is_default);
        if (!row) throw notFound('the category');
        const target = body.name ?? body.mergeInto;
        let moved = 0;
        if (target !== undefined) {
          if (target === row.name)
            throw badRequest('the category already has that name', [
              { path: body.name ? 'body.name' : 'body.mergeInto', message: 'same as the current name' },
            ]);
          const existing =
            DEFAULT_CATEGORIES.some((c) => c.name === target) || own.some((c) => c.name === target && !c.is_default);
          if (body.mergeInto && !existing) throw notFound(`the category "${target}" to merge into`);
          if (!existing) await insertCategory(trx, userId, { name: target, group: body.group ?? row.group });
          moved = await relabelCategory(trx, row.name, target);
          // The old name stays as a pointer so a statement's rules or an old export still resolve.
          await retireInto(trx, row.id, target);
          await rebuildModel(trx, userId, knowledgeOf(ctx));
        }
        await updateCategory(trx, row.id, { group: body.group, retired: body.retired });
        const after = (await findCategory(trx, row.id))!;
        return {
          category: {
            id: after.is_default ? `default:${after.name}` : after.id,
            name: after.name,
            group: after.group,
            isDefault: after.is_default,
            retired: after.retired,
            mergedInto: after.merged_into,
          },
          movedTransactions: moved,
        };
      });
      return { status: 200, body: result };
    },
  }),
  route({
    method: 'GET',
    path: '/rules',
    summary:
      'The person’s rules in the order they run: written ones, then learned ones with the correction each came from',
    responses: { 200: { description: 'Rules', schema: z.object({ items: z.array(ruleSchema) }) } },
    handle: async ({ userId }, { db }) => ({ status: 200, body: { items: await withUser(db, userId, listRules) } }),
  }),
  route({
    method: 'POST',
    path: '/rules',
    summary: 'Write a rule: merchant key, contains or regex, optionally by amount range, sign and account',
    body: newRule,
    responses: {
      201: {
        description: 'The rule and how many transactions it changed',
        schema: z.object({ rule: ruleSchema, updatedCount: z.number().int() }),
      },
    },
    handle: async ({ userId, body }, { db, forecastQueue }) => {
      if (body.matchKind === 'regex') {
        const compiled = compileRulePattern(body.pattern);
        if (!compiled.ok) throw badRequest(compiled.reason, [{ path: 'body.pattern', message: compiled.reason }]);
      }
      if (body.amountMin != null && body.amountMax != null && body.amountMin > body.amountMax) {
        throw badRequest('amountMin is above amountMax', [
          { path: 'body.amountMin', message: 'must not exceed amountMax' },
        ]);
      }
      const result = await withUser(db, userId, async (trx) => {
        // The account must be the person's own: a foreign key alone accepts anyone's.
        if (body.accountId && !(await findAccount(trx, body.accountId))) throw notFound('the account');
        const rule = await insertRule(trx, userId, {
          priority: body.priority ?? MANUAL_RULE_PRIORITY,
          matchKind: body.matchKind,
          pattern: body.matchKind === 'merchant' ? body.pattern.toLowerCase() : body.pattern,
          amountMin: body.amountMin ?? null,
          amountMax: body.amountMax ?? null,
          sign: body.sign ?? null,
          accountId: body.accountId ?? null,
          category: body.category,
          source: 'manual',
          createdFromCorrection: null,
        });
        const updatedCount = body.applyToExisting === false ? 0 : await applyRuleToUncorrected(trx, rule, null);
        const completedUploads = updatedCount > 0 ? await uploadsCompletedInThisTransaction(trx) : [];
        return { rule, updatedCount, completedUploads };
      });
      await queueForecastsOfCompletedUploads(forecastQueue, userId, result.completedUploads);
      return { status: 201, body: { rule: result.rule, updatedCount: result.updatedCount } };
    },
  }),
  route({
    method: 'DELETE',
    path: '/rules/{id}',
    summary:
      'Delete a rule; a learned one stays gone (its correction, and the labels that confirmed it, teach the rebuilt model no more)',
    params: z.object({ id: z.string() }),
    responses: { 204: { description: 'Deleted' }, 404: { description: 'No such rule of this person' } },
    handle: async ({ userId, params }, ctx) => {
      const id = requireUuid(params.id, 'the rule');
      await withUser(ctx.db, userId, async (trx) => {
        const rule = (await listRules(trx)).find((r) => r.id === id);
        if (!rule) throw notFound('the rule');
        await deleteRules(trx, [id]);
        if (rule.source === 'learned' && rule.createdFromCorrection) {
          // Forgetting forgets: the model is rebuilt from the labels that remain, so no
          // answerer (the memory of the exact text included) still answers as the rule did.
          await forgetRuleTeaching(trx, {
            pattern: rule.pattern,
            category: rule.category,
            createdFromCorrection: rule.createdFromCorrection,
          });
          await rebuildModel(trx, userId, knowledgeOf(ctx));
        }
      });
      return { status: 204 };
    },
  }),
  route({
    method: 'GET',
    path: '/merchants/dont-learn',
    summary: 'Merchants the person asked not to learn from',
    responses: { 200: { description: 'Merchant keys', schema: z.object({ items: z.array(z.string()) }) } },
    handle: async ({ userId }, { db }) => ({ status: 200, body: { items: await withUser(db, userId, listDontLearn) } }),
  }),
  route({
    method: 'PUT',
    path: '/merchants/{merchant}/dont-learn',
    summary:
      'Stop learning from a merchant (a one-off at a multi-purpose shop): its learned rules go and the model is rebuilt without its labels',
    params: z.object({ merchant: z.string().min(1).max(200) }),
    responses: {
      200: { description: 'Marked', schema: z.object({ merchant: z.string(), removedRules: z.number().int() }) },
    },
    handle: async ({ userId, params }, ctx) => {
      const merchant = params.merchant.toLowerCase();
      const removed = await withUser(ctx.db, userId, async (trx) => {
        await addDontLearn(trx, userId, merchant);
        const learned = (await listRules(trx)).filter(
          (r) => r.source === 'learned' && r.matchKind === 'merchant' && r.pattern === merchant,
        );
        await deleteRules(
          trx,
          learned.map((r) => r.id),
        );
        // Rebuilt from the labels that remain: the merchant's labels teach no answerer any more.
        await rebuildModel(trx, userId, knowledgeOf(ctx));
        return learned.length;
      });
      return { status: 200, body: { merchant, removedRules: removed } };
    },
  }),
];
