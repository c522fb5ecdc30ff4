import type { MerchantKnowledge } from '../../core/categorise/merchant-knowledge';
import { loadMerchantKnowledge } from '../merchant-knowledge-files';
import type { ApiContext } from './api-context';

let shipped: MerchantKnowledge | undefined;

/** The context's knowledge, or the repository's layer folder read once (tests, scripts). */
export function knowledgeOf(ctx: Pick<ApiContext, 'knowledge'>): MerchantKnowledge {
  if (ctx.knowledge) return ctx.knowledge;
  shipped ??= loadMerchantKnowledge();
  return shipped;
}
