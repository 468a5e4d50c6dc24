import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../tests/helpers/temp';
import { runCli } from './main';

// `release-audit export docx` as people run it: a Word file another library opens, saying the signed
// PDF is the record, and mistakes refused in words before anything is written.

const require = createRequire(import.meta.url);
const mammoth = require('mammoth') as { convertToHtml(input: { buffer: Buffer }): Promise<{ value: string }> };

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('release-audit export docx', () => {
  it('writes the report as a DOCX with the report’s headings, and refuses a wrong --kind writing nothing', async () => {
    const dir = tempDir();
    const audit = JSON.parse((await cli('--data-dir', dir, 'audit', 'create', '--name', 'CLI docx', '--json')).out) as { id: string };
    const folder = tempDir();
    const file = path.join(folder, 'report.docx');
    const ran = await cli('--data-dir', dir, 'export', 'docx', '--audit', audit.id, '--out', file);
    expect(ran.code, ran.err).toBe(0);
    expect(ran.out).toMatch(/^Wrote .*report\.docx \(editable DOCX of report RA-\d{8}-[0-9A-F]{6}, \d+ bytes\)$/);
    const { value: html } = await mammoth.convertToHtml({ buffer: fs.readFileSync(file) });
    expect(html).toContain('This DOCX is an editable copy of the report');
    expect(html).toMatch(/<h1>(<a id="[^"]+"><\/a>)?<strong>Overall conclusion<\/strong><\/h1>/);

    const wrong = await cli('--data-dir', dir, 'export', 'docx', '--audit', audit.id, '--out', path.join(folder, 'x.docx'), '--kind', 'poster');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('--kind must be full or summary.');
    const unknown = await cli('--data-dir', dir, 'export', 'docx', '--audit', '0190a000-0000-7000-8000-00000000ffff', '--out', path.join(folder, 'y.docx'));
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/no audit/i);
    expect(fs.readdirSync(folder)).toEqual(['report.docx']);
  }, 120_000);
});
