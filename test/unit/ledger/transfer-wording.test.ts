import { loadMerchantKnowledge, readPatternTable } from '../../../lambdas/app/merchant-knowledge-files';
import { merchantKey } from '../../../lambdas/core/categorise/merchant-key';
import {
  PAIRING_ONLY_TRANSFER_HINTS,
  PAIRING_TRANSFER_WORDS,
  TRANSFER_RULE_ID,
  TRANSFER_WORDS,
  looksLikeTransfer,
} from '../../../lambdas/core/ledger/transfer-wording';

const transferRule = readPatternTable().rules.find((rule) => rule.id === TRANSFER_RULE_ID)!;
const knowledge = loadMerchantKnowledge();
const categoryOf = (text: string) => knowledge.lookup(text, merchantKey(text))?.category;

describe('transfer wording has one owner', () => {
  it('is what both the pairing and the categoriser’s transfer rule read', () => {
    expect(PAIRING_TRANSFER_WORDS.filter((word) => TRANSFER_WORDS.includes(word))).toEqual([...TRANSFER_WORDS]);
    expect(transferRule.words.filter((word) => TRANSFER_WORDS.includes(word))).toEqual([...TRANSFER_WORDS]);
  });

  it('keeps the pairing-only hints out of categorising', () => {
    expect(transferRule.words.filter((word) => PAIRING_ONLY_TRANSFER_HINTS.includes(word))).toEqual([]);
  });

  it.each([
    ['INTERNAL TRANSFER TO CHEQUE'],
    ['Umbuchung Tagesgeld'],
    ['PAYMENT RECEIVED - THANK YOU'],
    ['Transfer from Savings 1234'],
  ])('files "%s" under Transfers and pairs by it', (text) => {
    expect(looksLikeTransfer(text)).toBe(true);
    expect(categoryOf(text)).toBe('Transfers');
  });

  it('pairs by a card payment but does not file a card payment to a shop under Transfers', () => {
    expect(looksLikeTransfer('CARD PAYMENT TO TESCO STORES 2041')).toBe(true);
    expect(categoryOf('CARD PAYMENT TO TESCO STORES 2041')).toBe('Groceries');
  });
});
