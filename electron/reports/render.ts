import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// pdfmake, set up for a desktop app with no network: its own Roboto fonts, no URL ever fetched, and
// local files limited to those fonts (and the standard PDF fonts it asks about by name).

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (file: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Uint8Array>; getStream(): Promise<Readable & { end(): void }> };
}

let configured: PdfMake | null = null;

function pdfmake(): PdfMake {
  if (configured) return configured;
  const instance = require('pdfmake') as PdfMake;
  const fonts = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>;
  const fontDir = path.dirname(require.resolve('pdfmake/fonts/Roboto.js'));
  instance.setFonts(fonts);
  instance.setUrlAccessPolicy(() => false);
  instance.setLocalAccessPolicy((file) => path.resolve(file).startsWith(fontDir) || !file.includes(path.sep));
  configured = instance;
  return instance;
}

export async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  return Buffer.from(await pdfmake().createPdf(doc).getBuffer());
}

/** Lays the document out and streams the PDF to `file` (replaced if it exists), never holding a second copy of it. */
export async function renderPdfToFile(doc: Record<string, unknown>, file: string): Promise<void> {
  const pdf = await pdfmake().createPdf(doc).getStream();
  const written = pipeline(pdf, fs.createWriteStream(file, { mode: 0o600 }));
  // pdfkit writes its trailer and ends the stream only when told the document is complete.
  pdf.end();
  await written;
}
