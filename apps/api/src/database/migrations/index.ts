import { Identity1763769600000 } from './1763769600000-identity';

/** In order. Listed explicitly (not globbed) so the bundled build carries every one. */
export const MIGRATIONS = [Identity1763769600000];
