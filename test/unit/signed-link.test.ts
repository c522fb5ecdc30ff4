import { createHmac } from 'node:crypto';
import { signedLinkIsValid } from '../../lambdas/local/signed-link';

describe('a local signed object link', () => {
  const sign = (text: string) => createHmac('sha256', 'secret').update(text).digest('base64url');
  const key = 'exports/7b0c6a5e-0000-4000-8000-000000000001/smart-spend-export.ndjson.gz';
  const expires = 1_800_000_000;
  const link = {
    purpose: 'download' as const,
    key,
    expires: String(expires),
    signature: sign(`download|${key}|${expires}`),
  };

  it('opens before it expires, and not after', () => {
    expect(signedLinkIsValid(sign, link, expires * 1000 - 1)).toBe(true);
    expect(signedLinkIsValid(sign, link, expires * 1000 + 1000)).toBe(false);
  });

  it('is refused when its key, expiry, signature or purpose is changed', () => {
    const now = expires * 1000 - 60_000;
    expect(signedLinkIsValid(sign, { ...link, key: key.replace('0001', '0002') }, now)).toBe(false);
    expect(signedLinkIsValid(sign, { ...link, expires: String(expires + 3600) }, now)).toBe(false);
    expect(
      signedLinkIsValid(
        sign,
        { ...link, signature: (link.signature.startsWith('A') ? 'B' : 'A') + link.signature.slice(1) },
        now,
      ),
    ).toBe(false);
    expect(signedLinkIsValid(sign, { ...link, signature: null }, now)).toBe(false);
    expect(signedLinkIsValid(sign, { ...link, purpose: 'upload' }, now)).toBe(false);
  });
});
