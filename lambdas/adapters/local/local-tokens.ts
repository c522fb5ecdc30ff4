import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SignJWT, jwtVerify } from 'jose';

const ISSUER = 'smart-spend-local';
const AUDIENCE = 'smart-spend';

/**
 * Stands in for Cognito on the local stack: HS256 tokens signed with a secret kept under
 * SMART_SPEND_HOME, so tokens outlive a restart. The claims are those an API Gateway JWT
 * authorizer passes on (sub, email, iss, aud, exp).
 */
export class LocalTokens {
  private readonly secret: Uint8Array;

  constructor(secretFile: string) {
    if (!existsSync(secretFile)) {
      mkdirSync(dirname(secretFile), { recursive: true });
      writeFileSync(secretFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    }
    this.secret = Buffer.from(readFileSync(secretFile, 'utf8').trim(), 'base64');
  }

  async issue(userId: string, options: { email?: string; expiresIn?: string } = {}): Promise<string> {
    return new SignJWT({ ...(options.email ? { email: options.email } : {}), token_use: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '12h')
      .sign(this.secret);
  }

  /** An HMAC with the same kept secret, for the local stack's signed upload URLs. */
  sign(text: string): string {
    return createHmac('sha256', this.secret).update(text).digest('base64url');
  }

  /** The token's claims, or null when it is missing, forged or expired. */
  async verify(token: string): Promise<Record<string, string | number> | null> {
    try {
      const { payload } = await jwtVerify(token, this.secret, { issuer: ISSUER, audience: AUDIENCE });
      return payload as Record<string, string | number>;
    } catch {
      return null;
    }
  }
}
