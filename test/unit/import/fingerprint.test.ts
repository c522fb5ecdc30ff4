import { FileFingerprinter, normaliseForFingerprint } from '../../../lambdas/core/import/fingerprint';

const row = (i: number) => ({
  userId: '0190aa8e-0000-7000-8000-000000000001',
  accountId: '0190aa8e-0000-7000-8000-000000000002',
  date: `2024-0${1 + (i % 9)}-1${i % 10}`,
  amount: -((i * 7919) % 20_000) - 1,
  description: `TESCO STORES ${i}`,
});

describe('FileFingerprinter', () => {
  it('tells apart identical rows of one file and gives each the same fingerprint when the file is read again', () => {
    // 30,000 distinct rows, each met twice or three times: far past the occurrence table's first size.
    const file = Array.from({ length: 30_000 }, (_, i) => row(i)).flatMap((r, i) => (i % 7 === 0 ? [r, r, r] : [r, r]));
    const first = new FileFingerprinter();
    const prints = file.map((r) => first.next(r));
    expect(new Set(prints).size).toBe(file.length);
    const again = new FileFingerprinter();
    expect(file.map((r) => again.next(r))).toEqual(prints);
  });

  it('ignores case, spacing and punctuation, and takes the normalised text when the caller has it', () => {
    const a = new FileFingerprinter().next({ ...row(1), description: 'Tesco  Stores, 1' });
    const b = new FileFingerprinter().next({ ...row(1), description: 'TESCO STORES 1' });
    const c = new FileFingerprinter().next({ ...row(1), normalised: normaliseForFingerprint('TESCO STORES 1') });
    expect(a).toBe(b);
    expect(c).toBe(b);
    expect(new FileFingerprinter().next({ ...row(1), accountId: row(1).userId })).not.toBe(b);
  });

  it('gives the fingerprints rows were stored with before (an overlapping statement uploaded later is still a duplicate)', () => {
    // Computed by the Map-counted fingerprinter this project stored rows with until December 2026.
    const fingerprinter = new FileFingerprinter();
    const stored = { ...row(0), date: '2024-03-05', amount: -1250, description: 'CARD 4111 **** TESCO Stores' };
    expect(fingerprinter.next(stored)).toBe('BBfUzB8n9Mwu-fmx8lNthY-Pd5x9-_pW');
    expect(fingerprinter.next(stored)).toBe('GRJ1yq4_crIFOIQSWgHIch2v5geU4k4D');
  });
});
