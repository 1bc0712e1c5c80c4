export * from './lib/domain';
export * from './lib/errors';
export * from './lib/identity';
export * from './lib/placements';
export * from './lib/applications';
export * from './lib/audit';
export * from './lib/allocation';
