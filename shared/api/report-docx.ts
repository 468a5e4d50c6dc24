import { z } from 'zod';
import { Id } from './common';
import { defineMethod } from './define';
import { jobHandle } from './job-kit';
import { ExportedFile } from './oscal';

// The report as an editable Word document (DOCX): the same sections and headings as the PDF, for
// reviewers who comment in Word. The signed PDF stays the record; the DOCX says so on its first page.

export const DocxRequest = z.strictObject({
  auditId: Id,
  kind: z.enum(['full', 'summary'], { message: 'must be full or summary' }).default('full'),
  distribution: z.enum(['internal', 'external'], { message: 'must be internal or external' }).default('internal'),
});

export const docxJobs = { 'docx.export': ExportedFile };

export const docxContract = {
  'docx.startExport': defineMethod({
    summary: 'Start writing the report as an editable DOCX in the background; follow it with jobs.progress, then download it.',
    input: DocxRequest,
    output: jobHandle('docx.export'),
  }),
};
