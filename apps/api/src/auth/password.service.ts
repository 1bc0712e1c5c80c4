import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { zxcvbn, zxcvbnOptions } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@ahp/contracts';
import { DomainException } from '../common/errors/domain.exception';

/** OWASP's recommended argon2id parameters (19 MiB, 2 passes, 1 lane). */
export const ARGON2_OPTIONS = {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

zxcvbnOptions.setOptions({
  dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
  graphs: zxcvbnCommon.adjacencyGraphs,
  translations: zxcvbnEn.translations,
});

/** zxcvbn scores 0–4; 3 means "safely unguessable: moderate protection from offline attacks". */
const MIN_STRENGTH = 3;

@Injectable()
export class PasswordService {
  /** Compared against when the e-mail is unknown, so both failures take the same time. */
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, ARGON2_OPTIONS);
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    this.dummyHash ??= this.hash('not-a-real-password-just-for-timing');
    try {
      return await argon2.verify(hash ?? (await this.dummyHash), password);
    } catch {
      return false;
    }
  }

  needsRehash(hash: string): boolean {
    return argon2.needsRehash(hash, ARGON2_OPTIONS);
  }

  /**
   * NIST SP 800-63B style: length and guessability, no composition rules. Common passwords,
   * keyboard walks and the person's own name or e-mail score low and are refused.
   */
  assertAcceptable(
    password: string,
    context: { email?: string; name?: string },
    field = 'password',
  ): void {
    const problem = this.problemWith(password, context);
    if (problem) throw DomainException.invalidField(field, problem, 'weak_password');
  }

  problemWith(password: string, context: { email?: string; name?: string }): string | null {
    if (password.length < PASSWORD_MIN_LENGTH) {
      return `Password must be at least ${PASSWORD_MIN_LENGTH} characters`;
    }
    if (password.length > PASSWORD_MAX_LENGTH) {
      return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
    }
    const hints = [
      context.email,
      context.email?.split('@')[0],
      ...(context.name?.split(/\s+/) ?? []),
    ].filter((hint): hint is string => !!hint && hint.length > 2);
    const result = zxcvbn(password, hints);
    if (result.score < MIN_STRENGTH) {
      const warning = result.feedback.warning
        ? ` (${result.feedback.warning.replace(/\.$/, '')})`
        : '';
      return `Password is too easy to guess${warning}. Try a few unrelated words together`;
    }
    return null;
  }
}
