import { kpiDirty, kpiFigures } from '../db/schema';
import type { LocalTable } from '../registry/types';

// The KPI domain keeps no record of its own: what it stores is derived on this laptop from the other
// domains' records (electron/db/kpi-schema.ts), so it never goes in the ledger nor in a bundle.

export const kpiLocalTables: LocalTable[] = [
  { table: kpiDirty, local: 'the audits whose KPI figures are stale, marked by triggers on their records' },
  { table: kpiFigures, local: 'each audit’s KPI figures, derived from its records and recomputed when it is marked dirty' },
];
