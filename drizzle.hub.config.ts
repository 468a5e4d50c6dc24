import { defineConfig } from 'drizzle-kit';

// The team hub's PostgreSQL schema (the laptops' SQLite schema is drizzle.config.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './electron/hub/db/schema.ts',
  out: './migrations/hub',
});
