export * from './lib/types';
export { allocate, allocateWithStats } from './lib/allocate';
export type { AllocationStats } from './lib/allocate';
export { findBlockingPairs } from './lib/blocking-pairs';
export { dayNumber } from './lib/dates';
