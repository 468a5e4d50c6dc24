import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'tests/unit/**/*.test.ts'],
    pool: 'forks',
    // A PostgreSQL server for the team hub's tests (started here unless .ci/run gave one).
    globalSetup: ['tests/setup/postgres.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Signing keys made by tests take their passphrase from here, never from this computer's keychain.
    env: { RELEASE_AUDIT_KEY_PASSPHRASE: 'test-only passphrase, not a secret' },
  },
});
