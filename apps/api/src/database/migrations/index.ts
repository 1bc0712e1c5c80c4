import { Identity1763769600000 } from './1763769600000-identity';
import { Placements1763856000000 } from './1763856000000-placements';
import { Applications1763942400000 } from './1763942400000-applications';
import { AllocationRounds1764028800000 } from './1764028800000-allocation-rounds';
import { Feedback1764115200000 } from './1764115200000-feedback';
import { AuthHardening1764201600000 } from './1764201600000-auth-hardening';
import { Privacy1764288000000 } from './1764288000000-privacy';
import { Performance1764374400000 } from './1764374400000-performance';
import { RateLimits1764460800000 } from './1764460800000-rate-limits';
import { TokenStateNotify1764547200000 } from './1764547200000-token-state-notify';
import { InlineDistance1764550800000 } from './1764550800000-inline-distance';

/** In order. Listed explicitly (not globbed) so the bundled build carries every one. */
export const MIGRATIONS = [
  Identity1763769600000,
  Placements1763856000000,
  Applications1763942400000,
  AllocationRounds1764028800000,
  Feedback1764115200000,
  AuthHardening1764201600000,
  Privacy1764288000000,
  Performance1764374400000,
  RateLimits1764460800000,
  TokenStateNotify1764547200000,
  InlineDistance1764550800000,
];
