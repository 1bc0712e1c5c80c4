export * from './lib/domain';
export * from './lib/errors';
export * from './lib/identity';
export * from './lib/placements';
