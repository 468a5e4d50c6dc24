import { LineCounter, stringify } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../../shared/api/errors';
import { MATURITY_MODEL_SCHEMA, MaturityModelContent } from '../../shared/api/maturity';
import { issueSentence, readSchemaFile } from '../templates/files';

// A maturity model's file: YAML (or JSON) with the schema `release-audit/maturity-model@1`. Reading
// one yields a whole valid model or an error naming the line and the field, never part of one.

export function parseModelFile(text: string, fileName: string, after = ' Nothing was saved.'): MaturityModelContent {
  const fail = (message: string): never => {
    throw new AppError('VALIDATION', `${fileName}: ${message}.${after}`);
  };
  if (text.trim() === '') fail('the file is empty');
  const lines = new LineCounter();
  const { document, data } = readSchemaFile(text, lines, fail, { schema: MATURITY_MODEL_SCHEMA, noun: 'maturity model' });
  const { schema: _schema, ...content } = data;
  const parsed = MaturityModelContent.safeParse(content);
  if (!parsed.success) fail(issueSentence(document, lines, parsed.error.issues[0] as z.core.$ZodIssue, 'is not a field of a maturity model'));
  return parsed.data as MaturityModelContent;
}

export function formatModelFile(content: MaturityModelContent): string {
  return stringify({ schema: MATURITY_MODEL_SCHEMA, ...content }, { lineWidth: 0 });
}
