import { SetMetadata } from '@nestjs/common';
import { ROLE_CODES, type Role } from '@ahp/contracts';
import type { AppConfig } from '../config/app-config';

/**
 * Which roles must use two-step verification. MFA_REQUIRED_ROLES decides when set ("none" for
 * nobody); unset, it is admins and coordinators in production, and nobody in development, tests
 * and demo installations (whose demo people sign in with a shared password and no phone).
 */
export function mfaRequiredRoles(config: AppConfig): ReadonlySet<Role> {
  const setting = config.get('MFA_REQUIRED_ROLES')?.trim();
  if (setting === undefined) {
    return new Set<Role>(
      config.isProduction && !config.get('DEMO_DATA') ? ['admin', 'coordinator'] : [],
    );
  }
  if (setting === 'none') return new Set();
  return new Set(
    setting
      .split(',')
      .map((role) => role.trim())
      .filter((role): role is Role => (ROLE_CODES as readonly string[]).includes(role)),
  );
}

export const DURING_MFA_ENROLMENT = 'ahp:during-mfa-enrolment';

/**
 * Marks a route a person who must set up two-step verification, and has not yet, may still use:
 * everything else answers 403 until they have.
 */
export const AllowedBeforeMfaEnrolment = () => SetMetadata(DURING_MFA_ENROLMENT, true);
