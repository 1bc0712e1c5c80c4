// The unit tier: every project's own jest config (integration tests have their own config).
module.exports = {
  projects: ['<rootDir>/apps/*/jest.config.cjs', '<rootDir>/libs/*/jest.config.cjs'],
};
