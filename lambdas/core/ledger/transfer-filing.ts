import { TRANSFER_CATEGORY } from '../categorise/taxonomy';

/** How a transaction is categorised: the columns a transfer link writes. */
export interface Filing {
  category: string | null;
  categorySource: 'rule' | 'model' | 'llm' | 'manual' | null;
  confidence: number | null;
  decidedBy: string | null;
}

/** `decidedBy` of a side filed by transfer detection on import. */
export const TRANSFER_DETECTION = 'transfer-detection';

/** `decidedBy` of a side the person linked by hand. */
export const TRANSFER_LINKED_BY_HAND = 'person:transfer-link';

/**
 * A side of a detected transfer is filed under the transfer category, with the pair's
 * confidence, unless the person set its category by hand: theirs stays (null: leave it).
 */
export function detectedTransferFiling(side: Pick<Filing, 'categorySource'>, pairConfidence: number): Filing | null {
  if (side.categorySource === 'manual') return null;
  return {
    category: TRANSFER_CATEGORY,
    categorySource: 'rule',
    confidence: pairConfidence,
    decidedBy: TRANSFER_DETECTION,
  };
}

/** Both sides of a transfer linked by hand are the person's own decision. */
export const HAND_LINKED_TRANSFER_FILING: Filing = {
  category: TRANSFER_CATEGORY,
  categorySource: 'manual',
  confidence: 1,
  decidedBy: TRANSFER_LINKED_BY_HAND,
};

/**
 * When a transfer is unlinked by hand, a side that detection filed loses that filing (it is
 * categorised again); a category the person chose stays.
 */
export function loseFilingOnUnlink(side: Pick<Filing, 'categorySource' | 'decidedBy'>): boolean {
  return side.categorySource === 'rule' && side.decidedBy === TRANSFER_DETECTION;
}

export interface TransferSide {
  accountId: string;
  amount: number;
  currency: string;
  transferId: string | null;
}

/** Why two transactions cannot be linked as one transfer, naming the side at fault. */
export interface TransferRefusal {
  kind: 'invalid' | 'conflict';
  message: string;
  /** 0 or 1: which of the two sides the refusal is about. */
  side: 0 | 1;
  detail: string;
}

/**
 * Two transactions are one transfer when they sit in different accounts, move money in
 * opposite directions, in the same currency (nothing is converted), and neither is already
 * part of another transfer.
 */
export function refuseTransferLink(a: TransferSide, b: TransferSide): TransferRefusal | null {
  if (a.accountId === b.accountId)
    return {
      kind: 'invalid',
      message: 'both transactions are in the same account',
      side: 1,
      detail: 'must be in another account',
    };
  if (Math.sign(a.amount) === Math.sign(b.amount)) {
    return {
      kind: 'invalid',
      message: 'a transfer leaves one account and enters the other: the amounts must have opposite signs',
      side: 1,
      detail: 'same direction as transactionIds[0]',
    };
  }
  if (a.currency !== b.currency) {
    return {
      kind: 'invalid',
      message: 'the two sides are in different currencies; nothing is converted',
      side: 1,
      detail: `is ${b.currency}, not ${a.currency}`,
    };
  }
  for (const [index, side] of [a, b].entries()) {
    if (side.transferId) {
      return {
        kind: 'conflict',
        message: `transactionIds[${index}] is already part of transfer ${side.transferId}: unlink it first`,
        side: index as 0 | 1,
        detail: 'already linked',
      };
    }
  }
  return null;
}
