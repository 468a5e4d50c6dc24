import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { ImportUploadId } from './import-methods';
import { jobHandle } from './job-kit';
import { ExportedFile } from './oscal';
import { trendPeriods } from './trends';

// Spreadsheets out (an audit's findings, checklist results, remediation tracking, KPIs and imported
// facts as one XLSX workbook, or one part as CSV) and findings in from a team's CSV or XLSX, previewed
// row by row before anything is written.

export const spreadsheetFormats = ['xlsx', 'csv'] as const;
export type SpreadsheetFormat = (typeof spreadsheetFormats)[number];
export const spreadsheetParts = ['findings', 'checklist', 'remediation', 'kpis', 'facts'] as const;
export type SpreadsheetPart = (typeof spreadsheetParts)[number];

export const SpreadsheetExportRequest = z.strictObject({
  auditId: Id,
  format: z.enum(spreadsheetFormats, { message: 'must be xlsx or csv' }).default('xlsx'),
  /** One part, or all of them (a workbook only: a CSV file holds one table, findings unless told). */
  part: z.enum([...spreadsheetParts, 'all'], { message: `must be one of ${spreadsheetParts.join(', ')}` }).optional(),
  /** A UTF-8 byte-order mark at the start of a CSV, so that Excel reads its accents right. */
  bom: z.boolean().default(false),
  /** How the KPI figures are grouped in time. */
  period: z.enum(trendPeriods, { message: `must be one of ${trendPeriods.join(', ')}` }).default('month'),
});
export type SpreadsheetExportRequest = z.output<typeof SpreadsheetExportRequest>;

export const spreadsheetJobs = { 'spreadsheets.export': ExportedFile };

/** A row-level problem of an import: the spreadsheet's row number (the header is row 1), its column, and why. */
export const RowProblem = z.object({ row: z.number().int().positive(), column: z.string(), message: z.string() });
export type RowProblem = z.infer<typeof RowProblem>;

/** One data row of the file as it would be imported. */
export const PreviewRow = z.object({
  row: z.number().int().positive(),
  title: z.string(),
  severity: z.string(),
  controlId: z.string().nullable(),
  ownerName: z.string(),
  dueAt: z.string().nullable(),
  errors: z.array(RowProblem),
  /** What changes on the way in that is not an error (a finding comes in as a draft). */
  notes: z.array(z.string()),
});
export type PreviewRow = z.infer<typeof PreviewRow>;

export const FindingsImportPreview = z.object({
  fileName: z.string(),
  format: z.enum(spreadsheetFormats),
  /** The sheet read (an XLSX's first sheet with a header row), or null for CSV. */
  sheet: z.string().nullable(),
  /** Each header of the file and the finding field it was taken as (null: not read). */
  columns: z.array(z.object({ header: z.string(), field: z.string().nullable() })),
  total: z.number().int().nonnegative(),
  valid: z.number().int().nonnegative(),
  invalid: z.number().int().nonnegative(),
  /** The first rows (all rows with errors among them), for the preview table. */
  rows: z.array(PreviewRow),
  /** More rows were read than `rows` holds. */
  truncated: z.boolean(),
});
export type FindingsImportPreview = z.infer<typeof FindingsImportPreview>;

export const FindingsImportResult = z.object({
  imported: z.number().int().nonnegative(),
  findingIds: z.array(Id),
  skipped: z.array(z.object({ row: z.number().int().positive(), reasons: z.array(z.string()) })),
});
export type FindingsImportResult = z.infer<typeof FindingsImportResult>;

const ImportRequest = z.strictObject({ auditId: Id, uploadId: ImportUploadId });

export const spreadsheetsContract = {
  'spreadsheets.startExport': defineMethod({
    summary: "Start writing an audit's spreadsheet (XLSX: every part, a sheet each; CSV: one part) in the background; follow it with jobs.progress, then download it.",
    input: SpreadsheetExportRequest,
    output: jobHandle('spreadsheets.export'),
  }),
  'spreadsheets.previewFindings': defineMethod({
    summary: 'Read an uploaded CSV or XLSX of findings and say, row by row, what would be imported and what is wrong; writes nothing.',
    input: ImportRequest,
    output: FindingsImportPreview,
  }),
  'spreadsheets.importFindings': defineMethod({
    summary: 'Import the valid rows of an uploaded CSV or XLSX of findings as draft findings, all in one transaction, and list the rows skipped.',
    input: ImportRequest,
    output: FindingsImportResult,
  }),
};
