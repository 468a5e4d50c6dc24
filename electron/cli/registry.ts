import { auditCommands } from './audit-commands';
import { bundleCommands } from './bundle-commands';
import { checkCommands } from './check-commands';
import { checklistCommands } from './checklist-commands';
import { compareCommands } from './compare-commands';
import type { CommandSpec } from './spec';
import { apiCommands, serveCommand, verifyCommand } from './core-commands';
import { evidenceCommands } from './evidence-commands';
import { exportCommands } from './export-commands';
import { findingCommands } from './finding-commands';
import { hubAdminCommands } from './hub-admin-commands';
import { hubCommands } from './hub-commands';
import { hubViewerCommands } from './hub-viewer-commands';
import { hubLaptopCommands } from './hub-laptop-commands';
import { importCommands } from './import-commands';
import { logsCommands } from './logs-commands';
import { reportCommands } from './report-commands';
import { searchCommands } from './search-commands';
import { spreadsheetCommands } from './spreadsheet-commands';
import { templateCommands } from './template-commands';
import { warroomCommands } from './warroom-commands';

// Every command of release-audit, in the order the overview lists them. Each definition holds its
// usage text, its options and its code; the code loads what it needs only when the command runs.

export const commands: CommandSpec[] = [
  serveCommand,
  ...auditCommands,
  ...evidenceCommands,
  ...checklistCommands,
  ...findingCommands,
  ...warroomCommands,
  ...searchCommands,
  ...importCommands,
  ...spreadsheetCommands,
  ...logsCommands,
  ...compareCommands,
  ...templateCommands,
  verifyCommand,
  ...reportCommands,
  ...exportCommands,
  ...bundleCommands,
  ...checkCommands,
  ...hubCommands,
  ...hubViewerCommands,
  ...hubAdminCommands,
  ...hubLaptopCommands,
  ...apiCommands,
];
