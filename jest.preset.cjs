// Shared by every server-side and library jest config: swc compiles TypeScript quickly and keeps
// decorator metadata, which NestJS dependency injection and class-validator rely on.
const { join } = require('node:path');

const root = __dirname;

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs', ignoreDynamic: true },
        sourceMaps: 'inline',
      },
    ],
    '^.+\\.csv$': join(root, 'tools/jest/text-transform.cjs'),
  },
  moduleFileExtensions: ['ts', 'js', 'json', 'csv'],
  moduleNameMapper: {
    '^@ahp/contracts$': join(root, 'libs/contracts/src/index.ts'),
    '^@ahp/geo$': join(root, 'libs/geo/src/index.ts'),
    '^@ahp/matching$': join(root, 'libs/matching/src/index.ts'),
  },
  clearMocks: true,
};
