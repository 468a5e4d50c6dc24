import yauzl from 'yauzl';
import { AppError } from '../../shared/api/errors';

// An XLSX is a zip, and a zip can be a bomb: a few kilobytes that inflate to gigabytes, or a
// hundred thousand entries. Before exceljs reads one, every entry is counted and inflated here with
// the sizes capped (yauzl also checks each entry against its declared size), and nothing is kept.

export const XLSX_LIMITS = { maxEntries: 1000, maxEntryBytes: 64 * 1024 * 1024, maxTotalBytes: 160 * 1024 * 1024 };

export async function checkZip(bytes: Buffer, name: string, limits = XLSX_LIMITS): Promise<void> {
  const refuse = (why: string) => new AppError('VALIDATION', `${name} is refused: ${why}.`);
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (error, opened) => {
      if (error) reject(refuse(`it is not a readable XLSX workbook (${error.message})`));
      else resolve(opened);
    });
  });
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw refuse(`it holds ${zip.entryCount} files, more than the ${limits.maxEntries} a workbook of findings needs`);
  }
  let total = 0;
  try {
    for (;;) {
      const entry = await new Promise<yauzl.Entry | null>((resolve, reject) => {
        zip.once('entry', resolve);
        zip.once('end', () => resolve(null));
        zip.once('error', (error: Error) => reject(refuse(`it is a damaged zip (${error.message})`)));
        zip.readEntry();
      });
      zip.removeAllListeners('entry').removeAllListeners('end').removeAllListeners('error');
      if (!entry) return;
      if (entry.uncompressedSize > limits.maxEntryBytes || total + entry.uncompressedSize > limits.maxTotalBytes) {
        throw refuse(`it would unpack to more than ${limits.maxTotalBytes / 1024 ** 2} MB (a zip bomb, or far more than findings)`);
      }
      if (/\/$/.test(entry.fileName)) continue;
      const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, s) => (error ? reject(refuse(`it is a damaged zip (${error.message})`)) : resolve(s))));
      try {
        for await (const chunk of stream as AsyncIterable<Buffer>) {
          total += chunk.length;
          if (total > limits.maxTotalBytes) throw refuse(`it would unpack to more than ${limits.maxTotalBytes / 1024 ** 2} MB (a zip bomb, or far more than findings)`);
        }
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (/too (many|few) bytes/.test((error as Error).message)) throw refuse('its files unpack to other sizes than it declares (a zip bomb, or a damaged file)');
        throw refuse(`it is a damaged zip (${(error as Error).message})`);
      }
    }
  } finally {
    zip.close();
  }
}
