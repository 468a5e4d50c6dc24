import { searchDocs, searchSources } from '../db/schema';
import type { LocalTable } from '../registry/types';

// The search index is derived on this laptop from its records and its vault (the FTS5 table
// `search_fts` and its shadow tables sit over `search_docs`): it never enters the ledger or a bundle.

export const searchLocalTables: LocalTable[] = [
  { table: searchDocs, local: 'the documents of the full-text index, derived from the records and the vault' },
  { table: searchSources, local: 'which vault files the full-text index has read' },
];
