import { uuidV7 } from '../../../lambdas/core/import/uuid-v7';

describe('uuidV7', () => {
  it('is an RFC 9562 version-7 UUID whose first 48 bits are the milliseconds given', () => {
    const now = Date.UTC(2026, 11, 5, 2, 20, 33, 417);
    for (let i = 0; i < 5000; i += 1) {
      const id = uuidV7(now);
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(now);
    }
  });

  it('sorts by time as text, and never repeats across pool refills', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => uuidV7(1_700_000_000_000 + i * 997));
    expect([...ids].sort()).toEqual(ids);
    const sameMillisecond = Array.from({ length: 10_000 }, () => uuidV7(1_700_000_000_000));
    expect(new Set(sameMillisecond).size).toBe(10_000);
  });
});
