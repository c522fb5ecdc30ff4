import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A link that turns off one kind of e-mail for one person without logging in: the person's id
 * and the kind, signed with HMAC-SHA256 under a secret only the deployment knows, so nobody can
 * unsubscribe someone else. `kind` '*' turns off every e-mail.
 */
export function unsubscribeToken(secret: string, userId: string, kind: string): string {
  const payload = Buffer.from(JSON.stringify({ u: userId, k: kind })).toString('base64url');
  return `${payload}.${signature(secret, payload)}`;
}

/** The person and kind a token names, or null when it was not signed with this secret. */
export function readUnsubscribeToken(secret: string, token: string): { userId: string; kind: string } | null {
  const [payload, signed] = token.split('.');
  if (!payload || !signed) return null;
  const expected = Buffer.from(signature(secret, payload));
  const given = Buffer.from(signed);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const { u, k } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { u: unknown; k: unknown };
    return typeof u === 'string' && typeof k === 'string' ? { userId: u, kind: k } : null;
  } catch {
    return null;
  }
}

function signature(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}
