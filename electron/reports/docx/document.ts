import { AlignmentType, BorderStyle, Document, Footer, Header, LevelFormat, Packer, PageNumber, Paragraph, ShadingType, TextRun } from 'docx';
import sharp from 'sharp';
import { convert, NUMBERED, textOf, type DocxImage } from './blocks';
import type { StyleSheet } from './inline';

// The report's pdfmake document as a Word document: the same content (blocks.ts), the same running
// header, a footer with the report id and page numbers, and first of all a note that this is an
// editable copy for comments and that the signed PDF, named by its fingerprint when one was issued,
// is the record.

/** The signed PDF this copy is a copy of, if one was issued for the audit: what the first page names. */
export interface IssuedPdf {
  reportId: string;
  generatedAt: string;
  sha256: string;
  signedBy: string;
  certificateFingerprint: string;
}

export interface DocxInput {
  /** The report as pdfmake lays it out (build.ts). */
  doc: Record<string, unknown>;
  issued: IssuedPdf | null;
  /** How times are shown: the report's clock. */
  time: (iso: string) => string;
}

const PAGE = { width: 595.28, height: 841.89 };

/** The words of the first page's note: what this file is, and what is the record. */
export function recordNote(issued: IssuedPdf | null, time: (iso: string) => string): string[] {
  const lead = 'This DOCX is an editable copy of the report, for reviewers to comment on in Word. It is not the record: the signed PDF is.';
  if (!issued) return [lead, 'No signed PDF of this report has been issued yet: issue it in Reports before relying on these pages. Changes made here change nothing in the audit.'];
  const signer = issued.certificateFingerprint ? `signed by ${issued.signedBy || 'the auditor'}, certificate fingerprint ${issued.certificateFingerprint}` : 'not signed';
  return [lead, `The record is report ${issued.reportId}, issued ${time(issued.generatedAt)}, PDF SHA-256 ${issued.sha256}, ${signer}.`, 'Check a printed or forwarded copy against that PDF (release-audit verify); changes made here change nothing in the audit.'];
}

/** The document's `images` dictionary (each downscaled JPEG once, by name, as a data URL), with each one's size read from it. */
async function imagesOf(dictionary: unknown): Promise<Map<string, DocxImage>> {
  const out = new Map<string, DocxImage>();
  for (const [name, url] of Object.entries((dictionary ?? {}) as Record<string, unknown>)) {
    if (typeof url !== 'string' || !url.startsWith('data:image/jpeg;base64,')) continue;
    const jpeg = Buffer.from(url.slice(url.indexOf(',') + 1), 'base64');
    const { width, height } = await sharp(jpeg).metadata();
    if (width && height) out.set(name, { jpeg, width, height });
  }
  return out;
}

const call = (fn: unknown, ...args: number[]): unknown => (typeof fn === 'function' ? (fn as (...a: number[]) => unknown)(...args) : fn);

/** The DOCX file's bytes. */
export async function reportDocx({ doc, issued, time }: DocxInput): Promise<Buffer> {
  const styles = (doc.styles ?? {}) as StyleSheet;
  const margins = (Array.isArray(doc.pageMargins) ? doc.pageMargins : [48, 60, 48, 56]) as number[];
  const [left = 48, top = 60, right = 48, bottom = 56] = margins;
  const context = { styles, images: await imagesOf(doc.images), contentWidth: PAGE.width - left - right, lists: { next: 1 } };
  const body = convert(doc.content, {}, context);
  const border = { style: BorderStyle.SINGLE, size: 8, color: 'B3261E', space: 6 };
  const note = recordNote(issued, time).map(
    (line, i) =>
      new Paragraph({
        children: [new TextRun({ text: line, bold: i === 0, size: 20 })],
        border: { top: i === 0 ? border : undefined, bottom: undefined, left: border, right: border },
        shading: { type: ShadingType.CLEAR, fill: 'FDF1F0', color: 'auto' },
        spacing: { after: 80 },
      }),
  );
  // The running header of the PDF's second page and on; the footer's own words, and Word's page numbers.
  const headerText = textOf(call(doc.header, 2, 2));
  const footer = call(doc.footer, 1, 1) as { columns?: unknown[] } | undefined;
  const footerText = textOf(Array.isArray(footer?.columns) ? footer.columns[0] : footer);
  const info = (doc.info ?? {}) as Record<string, unknown>;
  const small = { size: 18, color: '555555' };
  const word = new Document({
    creator: typeof info.author === 'string' ? info.author : 'Release Audit',
    title: typeof info.title === 'string' ? info.title : 'Audit report',
    subject: typeof info.subject === 'string' ? `${info.subject} (editable copy; the signed PDF is the record)` : 'Editable copy of a Release Audit report',
    description: recordNote(issued, time).join(' '),
    features: { updateFields: true },
    styles: { default: { document: { run: { font: 'Calibri', size: 20 } } } },
    numbering: { config: [{ reference: NUMBERED, levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START, style: { paragraph: { indent: { left: 360, hanging: 260 } } } }] }] },
    sections: [
      {
        properties: { page: { size: { width: Math.round(PAGE.width * 20), height: Math.round(PAGE.height * 20) }, margin: { left: left * 20, right: right * 20, top: top * 20, bottom: bottom * 20 } } },
        headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: headerText, ...small })] })] }) },
        footers: {
          default: new Footer({ children: [new Paragraph({ children: [new TextRun({ text: `${footerText} · Editable copy · Page `, ...small }), new TextRun({ children: [PageNumber.CURRENT], ...small }), new TextRun({ text: ' of ', ...small }), new TextRun({ children: [PageNumber.TOTAL_PAGES], ...small })] })] }),
        },
        children: [...note, ...body],
      },
    ],
  });
  return Packer.toBuffer(word);
}
