import { Inject, Injectable } from '@nestjs/common';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@cardtrail/infra';

/** What a key signs; each purpose gets its own key, so a token of one is worthless as another. */
export type KeyPurpose = 'csrf' | 'applicant-session' | (string & { readonly purpose?: never });

/**
 * HMAC-SHA256 keys for the pages' cookies and tokens, derived with HKDF from `JWT_SECRET` (at
 * least 32 bytes, required in production, the same in every API process). No new setting to
 * keep in step; rotating `JWT_SECRET` ends every page session and form, as it ends every token.
 */
@Injectable()
export class WebKeys {
  private readonly keys = new Map<string, Buffer>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  sign(purpose: KeyPurpose, value: string): string {
    return createHmac('sha256', this.key(purpose)).update(value).digest('base64url');
  }

  verify(purpose: KeyPurpose, value: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(purpose, value));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private key(purpose: string): Buffer {
    let key = this.keys.get(purpose);
    if (!key) {
      key = Buffer.from(hkdfSync('sha256', this.config.JWT_SECRET, 'cardtrail-web', purpose, 32));
      this.keys.set(purpose, key);
    }
    return key;
  }
}
