import { AppError } from '../shared/api/errors';

// Any failure as the typed error that crosses a boundary (API answer, upload answer, failed job):
// a code and a sentence a person can read.

export function toErrorBody(error: unknown): { code: AppError['code']; message: string } {
  if (error instanceof AppError) return error.toBody();
  const sqliteCode = (error as { code?: unknown })?.code;
  // The database's own refusals (a finalised audit, an append-only log) already speak plainly.
  if (sqliteCode === 'SQLITE_CONSTRAINT_TRIGGER') return { code: 'LOCKED', message: (error as Error).message };
  if (typeof sqliteCode === 'string' && sqliteCode.startsWith('SQLITE_CONSTRAINT')) {
    return { code: 'CONFLICT', message: `The change was refused by the database: ${(error as Error).message}` };
  }
  if (typeof sqliteCode === 'string' && (sqliteCode === 'SQLITE_BUSY' || sqliteCode === 'SQLITE_LOCKED')) {
    return { code: 'LOCKED', message: 'The database is busy with another change; try again in a moment.' };
  }
  console.error('[release-audit] unexpected error:', error);
  return { code: 'INTERNAL', message: `Something went wrong inside Release Audit: ${(error as Error)?.message ?? String(error)}` };
}
