export * from './lib/postcode';
export * from './lib/distance';
export * from './lib/outcodes';
export * from './lib/uk-outcodes';
