import { controls } from '../db/schema';
import type { RecordKind } from '../registry/types';

// The records of the control library, as the registry knows them (see ARCHITECTURE.md).

export const libraryRecords = [{ entity: 'controls', table: controls, owner: 'library', freezes: false, appendOnly: false, noun: 'control' }] as const satisfies readonly RecordKind[];
