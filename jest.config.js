// Two projects: node (core, functions, local cloud) and jsdom (pages in miniprogram-simulate).
const tsJest = ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }];
module.exports = {
  transform: { '^.+\\.ts$': tsJest },
  testTimeout: 120000,
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/pages/'],
      transform: { '^.+\\.ts$': tsJest },
    },
    {
      displayName: 'pages',
      testEnvironment: 'jsdom',
      roots: ['<rootDir>/test/pages'],
      testMatch: ['<rootDir>/test/pages/**/*.test.ts'],
      // An ES module on npm: pages get the CommonJS build the mini-program runs (miniprogram_npm).
      moduleNameMapper: { '^@qiun/ucharts$': '<rootDir>/miniprogram/miniprogram_npm/@qiun/ucharts/index.js' },
      transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/pages/tsconfig.json', diagnostics: false }] },
    },
  ],
};
