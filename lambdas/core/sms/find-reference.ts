/**
 * The bank's reference for the transaction (UPI Ref, RRN, UTR, TxnID, the M-PESA code that
 * opens the message), or null. It lets two alerts for one transfer be matched up later.
 */
export function findReference(text: string): string | null {
  const labelled = LABELLED.exec(text);
  if (labelled) return labelled[1];
  return MPESA_CODE.exec(text)?.[1] ?? null;
}

const LABELLED =
  /\b(?:upi\s*ref(?:erence)?\.?(?:\s*(?:no|id)\.?)?|ref(?:erence)?(?:\s*(?:no|id|number|#)\.?)?|rrn|utr|txn\s*id|trnx\s*id|trxid|transaction (?:id|number|reference number|no\.?)|ref#)\s*(?:is\s*)?[:.#/-]*\s*([A-Z0-9][A-Z0-9-]{5,})/i;
const MPESA_CODE = /^(?:[A-Za-z!]+\s+)?([A-Z0-9]{8,10})\s+(?:Confirmed|Accepted)\b/;
