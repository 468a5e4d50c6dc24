import * as schema from '../db/schema';
import type { LocalTable } from './types';

// The data core's own tables: the ledger itself and what it keeps beside it. None is a record kind.

const log = ['update', 'delete'] as const;

export const coreLocalTables: LocalTable[] = [
  { table: schema.meta, local: 'this data folder’s settings (its device id, marks)' },
  { table: schema.ledger, local: 'the ledger itself (bundles carry its entries, not its rows)', refuses: log },
  { table: schema.ledgerHeads, local: 'the newest entry of each chain held here' },
  { table: schema.fieldClocks, local: 'the clock of each field’s value, derived from the ledger' },
  { table: schema.ledgerCheckpoints, local: 'signed heads of the chains', refuses: log },
];
