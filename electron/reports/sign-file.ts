import { createHash } from 'node:crypto';
import fs from 'node:fs';
import * as pdfkitPlaceholder from '@signpdf/placeholder-pdfkit010';
import * as getIndexFromRefModule from '@signpdf/placeholder-plain/dist/getIndexFromRef.js';
import * as getPageRefModule from '@signpdf/placeholder-plain/dist/getPageRef.js';
import * as pageWithAnnotationModule from '@signpdf/placeholder-plain/dist/createBufferPageWithAnnotation.js';
import * as readPdfModule from '@signpdf/placeholder-plain/dist/readPdf.js';
import * as rootWithAcroformModule from '@signpdf/placeholder-plain/dist/createBufferRootWithAcroform.js';
import * as trailerModule from '@signpdf/placeholder-plain/dist/createBufferTrailer.js';
import * as signpdfUtils from '@signpdf/utils';

// Signs a PDF file in place as @signpdf's placeholder-plain and SignPdf do, with the same bytes as
// their result, but without their copies of the whole document: they convert the whole PDF to a
// string once and concatenate it five times over (a 130 MB report held seven times, +25% of the
// report's time). Here the PDF is read once, its objects are looked up by the same helpers, only the
// incremental update (signature, widget, form, root, page, xref, trailer) is built in memory, the
// document is hashed once, and the update is appended to the file and synced: a failure truncates
// the file back to the unsigned report it was.

/** A CommonJS module's `exports.default`, however the loader hands it over. */
function cjsDefault<T>(module: unknown): T {
  const m = module as { default?: { default?: T } | T };
  const inner = m.default as { default?: T } | undefined;
  return (inner && typeof inner === 'object' && 'default' in inner ? inner.default : (m.default as T)) as T;
}

type Info = { xref: { maxIndex: number; startingIndex: number }; root: string; rootRef: string; infoRef?: string; xRefPosition: number };
type Ref = { toString(): string };
const readPdf = cjsDefault<(pdf: Buffer) => Info>(readPdfModule);
const getPageRef = cjsDefault<(pdf: Buffer, info: Info) => string>(getPageRefModule);
const getIndexFromRef = cjsDefault<(xref: Info['xref'], ref: string) => number>(getIndexFromRefModule);
const rootWithAcroform = cjsDefault<(pdf: Buffer, info: Info, form: Ref) => Buffer>(rootWithAcroformModule);
const pageWithAnnotation = cjsDefault<(pdf: Buffer, info: Info, pageRef: string, widget: Ref) => Buffer>(pageWithAnnotationModule);
const trailer = cjsDefault<(pdf: { length: number }, info: Info, added: Map<number, number>) => Buffer>(trailerModule);
const named = <T>(module: unknown, name: string): T => ((module as Record<string, T>)[name] ?? (module as { default: Record<string, T> }).default[name]) as T;
const addPlaceholder = named<(options: Record<string, unknown>) => { form: Ref; widget: Ref }>(pdfkitPlaceholder, 'pdfkitAddPlaceholder');
const utils = {
  PDFObject: named<{ convert(input: unknown): string }>(signpdfUtils, 'PDFObject'),
  PDFKitReferenceMock: named<new (index: number, extra?: unknown) => Ref>(signpdfUtils, 'PDFKitReferenceMock'),
  removeTrailingNewLine: named<(pdf: Buffer) => Buffer>(signpdfUtils, 'removeTrailingNewLine'),
};

export interface PlaceholderOptions {
  reason: string;
  contactInfo: string;
  name: string;
  location: string;
  signatureLength: number;
}

/** The incremental update placeholder-plain appends to `body` (the PDF without its trailing newline): the same objects in the same order. */
function placeholderUpdate(body: Buffer, options: PlaceholderOptions): Buffer {
  const length = body.length;
  const info = readPdf(body);
  const pageRef = getPageRef(body, info);
  const pageIndex = getIndexFromRef(info.xref, pageRef);
  const added = new Map<number, number>();
  const parts: Buffer[] = [];
  let size = length;
  const append = (buffer: Buffer) => {
    parts.push(buffer);
    size += buffer.length;
  };
  const mock = {
    ref: (input: unknown, knownIndex?: number) => {
      info.xref.maxIndex += 1;
      const index = knownIndex ?? info.xref.maxIndex;
      added.set(index, size + 1);
      append(Buffer.from(`\n${index} 0 obj\n${utils.PDFObject.convert(input)}\nendobj\n`));
      return new utils.PDFKitReferenceMock(info.xref.maxIndex);
    },
    page: { dictionary: new utils.PDFKitReferenceMock(pageIndex, { data: { Annots: [] } }) },
    _root: { data: {} as Record<string, unknown> },
  };
  const acroFormRef = /\/AcroForm\s+(\d+\s\d+\sR)/.exec(info.root)?.[1];
  if (acroFormRef) mock._root.data.AcroForm = acroFormRef;
  const { form, widget } = addPlaceholder({ pdf: mock, pdfBuffer: body, ...options, subFilter: 'adbe.pkcs7.detached', widgetRect: [0, 0, 0, 0] });
  if (!acroFormRef) {
    added.set(getIndexFromRef(info.xref, info.rootRef), size + 1);
    append(Buffer.concat([Buffer.from('\n'), rootWithAcroform(body, info, form)]));
  }
  added.set(pageIndex, size + 1);
  append(Buffer.concat([Buffer.from('\n'), pageWithAnnotation(body, info, pageRef, widget)]));
  append(Buffer.concat([Buffer.from('\n'), trailer({ length: size }, info, added)]));
  return Buffer.concat(parts);
}

/**
 * Signs `file` in place: `sign` gets the SHA-256 of the bytes the signature covers and gives the
 * DER of the detached PKCS#7 signature.
 */
export async function signPdfFileInPlace(file: string, options: PlaceholderOptions, sign: (digest: Buffer) => Promise<Buffer> | Buffer): Promise<void> {
  const pdf = fs.readFileSync(file);
  const body = utils.removeTrailingNewLine(pdf);
  const length = body.length;
  const update = placeholderUpdate(body, options);
  // SignPdf's steps on the update alone: the byte range in place of its placeholder, the hash of
  // everything but the signature's <…>, and the signature written into it, padded with zeros.
  const text = update.toString('latin1');
  const rangeAt = text.indexOf('/ByteRange [0 /');
  const rangeEnd = rangeAt < 0 ? -1 : text.indexOf(']', rangeAt) + 1;
  const contentsAt = rangeEnd <= 0 ? -1 : text.indexOf('/Contents ', rangeEnd);
  const open = contentsAt < 0 ? -1 : text.indexOf('<', contentsAt);
  const close = open < 0 ? -1 : text.indexOf('>', open);
  if (rangeAt < 0 || close < 0) throw new Error('The signature placeholder was not written.');
  const placeholderLength = close - open - 1;
  const byteRange = [0, length + open, length + close + 1, update.length - (close + 1)];
  let actual = `/ByteRange [${byteRange.join(' ')}]`;
  actual += ' '.repeat(rangeEnd - rangeAt - actual.length);
  update.write(actual, rangeAt, 'latin1');
  const digest = createHash('sha256').update(body).update(update.subarray(0, open)).update(update.subarray(close + 1)).digest();
  const raw = await sign(digest);
  if (raw.length * 2 > placeholderLength) throw new Error(`The signature is longer than its placeholder: ${raw.length * 2} > ${placeholderLength}.`);
  update.write(raw.toString('hex').padEnd(placeholderLength, '0'), open + 1, 'latin1');
  const handle = fs.openSync(file, 'r+');
  try {
    try {
      let written = 0;
      while (written < update.length) written += fs.writeSync(handle, update, written, update.length - written, length + written);
      fs.ftruncateSync(handle, length + update.length);
      fs.fsyncSync(handle);
    } catch (error) {
      // Back to the unsigned report as it was.
      fs.ftruncateSync(handle, pdf.length);
      fs.writeSync(handle, pdf, length, pdf.length - length, length);
      throw error;
    }
  } finally {
    fs.closeSync(handle);
  }
}
