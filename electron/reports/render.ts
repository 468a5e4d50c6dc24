import { createRequire } from 'node:module';
import path from 'node:path';

// pdfmake, set up for a desktop app with no network: its own Roboto fonts, no URL ever fetched, and
// local files limited to those fonts (and the standard PDF fonts it asks about by name).

const require = createRequire(import.meta.url);

interface PdfMake {
  setFonts(fonts: Record<string, Record<string, string>>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (file: string) => boolean): void;
  createPdf(doc: Record<string, unknown>): { getBuffer(): Promise<Uint8Array> };
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
