import type { TestProject } from 'vitest/node';

// Vitest's global setup: the hub's tests need a PostgreSQL server. .ci/run starts one and says where
// in RELEASE_AUDIT_TEST_PG; without it a throwaway one is started here for the run (and stopped
// after). Where PostgreSQL is not installed the hub's tests fail saying so; the rest still run.

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: { url: string } | { error: string };
  }
}

export async function setup(project: TestProject): Promise<() => void> {
  const given = process.env.RELEASE_AUDIT_TEST_PG;
  if (given) {
    project.provide('postgres', { url: given });
    return () => {};
  }
  // @ts-expect-error: a plain ES module script without types
  const { startPostgres, stopPostgres } = (await import('../../scripts/test-postgres.mjs')) as {
    startPostgres: () => Promise<{ url: string; folder: string }>;
    stopPostgres: (folder: string) => void;
  };
  try {
    const { url, folder } = await startPostgres();
    project.provide('postgres', { url });
    return () => stopPostgres(folder);
  } catch (error) {
    project.provide('postgres', { error: (error as Error).message });
    return () => {};
  }
}
