import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

// pdfmake, set up for a desktop app with no network: its own Roboto fonts, no URL ever fetched, and
// local files limited to those fonts (and the standard PDF fonts it asks about by name).

const require = createRequire(import.meta.url);

interface PdfMake {
  fonts: Record<string, Record<string, string>>;
  virtualfs: unknown;
  urlAccessPolicy: (url: string) => boolean;
  localAccessPolicy: (file: string) => boolean;
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

/** pdfmake as it comes: the document laid out, rendered and gathered into one buffer (tests, and the bench's baseline). */
export async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  return Buffer.from(await pdfmake().createPdf(doc).getBuffer());
}

// A report of a thousand findings is about 400,000 words, and pdfmake measures every word as an object
// of two dozen fields before it lays out the first page, then keeps each on its line until the last page
// is rendered, where it writes each word as a text operation of its own. So the report is laid out as
// pdfmake would, with three differences that change no glyph's place on the page:
// - each measured word keeps only the fields it sets (compactInline);
// - as each line is placed, the words of it that look alike (same font, size, colour and opacity, no
//   link, decoration, background or page reference) are joined into one run: the run starts where its
//   first word starts and its text is the words' text, which pdfkit lays out word by word as before;
// - each page is let go as soon as it is rendered, and what is rendered goes to the file as it comes.
// pdfmake's own steps are used for everything else (its Printer's order, kept below).

interface Inline {
  text: string;
  font: unknown;
  fontSize: number;
  color: unknown;
  opacity: unknown;
  height: number;
  width: number;
  trailingCut: number;
  lineEnd?: boolean;
  [key: string]: unknown;
}

/** What makes an inline more than plain text at its place: an inline with any of these is never joined. */
const SPECIAL = ['decoration', 'background', 'link', 'linkToPage', 'linkToDestination', 'fontFeatures', 'characterSpacing', 'sup', 'sub', 'justifyShift', '_pageNodeRef', '_tocItemRef', '_pageRef'];

const plain = (inline: Inline) => typeof inline.text === 'string' && SPECIAL.every((key) => !inline[key]);
const alike = (a: Inline, b: Inline) => a.font === b.font && a.fontSize === b.fontSize && a.color === b.color && a.opacity === b.opacity && a.height === b.height;

/** Joins a placed line's runs of alike words (in place); a line that prints a page number is left as it is. */
export function joinRuns(line: { inlines: Inline[]; _pageNodeRef?: unknown }): void {
  const inlines = line.inlines;
  if (line._pageNodeRef || !Array.isArray(inlines) || inlines.length < 2) return;
  const joined: Inline[] = [];
  let run: Inline | null = null;
  let texts: string[] = [];
  const close = () => {
    if (run && texts.length > 1) run.text = texts.join('');
  };
  for (const inline of inlines) {
    if (run && plain(inline) && alike(run, inline)) {
      texts.push(inline.text);
      run.width += inline.width;
      run.trailingCut = inline.trailingCut;
      if (inline.lineEnd) run.lineEnd = true;
      continue;
    }
    close();
    run = plain(inline) ? inline : null;
    texts = [inline.text];
    joined.push(inline);
  }
  close();
  if (joined.length < inlines.length) line.inlines = joined;
}

/**
 * A measured word as a small object of the fields every word has, and of the others only those it sets:
 * pdfmake gives each word two dozen fields, most of them null, false or a default that reads the same
 * when absent (no link, no decoration, opacity 1, no character spacing), and keeps them all until the end.
 */
export function compactInline(inline: Inline): Inline {
  const small: Inline = { text: inline.text, font: inline.font, alignment: inline.alignment, fontSize: inline.fontSize, color: inline.color, opacity: inline.opacity, width: inline.width, height: inline.height, leadingCut: inline.leadingCut as number, trailingCut: inline.trailingCut };
  for (const key of Object.keys(inline)) {
    const value = inline[key];
    if (key in small || value === null || value === undefined || value === false || (key === 'characterSpacing' && value === 0)) continue;
    small[key] = value;
  }
  return small;
}

type Constructor<T> = new (...args: unknown[]) => T;
interface Writer {
  addListener(event: string, listener: (line: never) => void): void;
}
interface Measure {
  measureLeaf(node: { _inlines?: Inline[] }): unknown;
}
interface Page {
  pageSize: { height: number };
}

const internal = <T>(name: string) => (require(`pdfmake/js/${name}`) as { default: T }).default;

let builders: { Builder: Constructor<unknown>; Renderer: Constructor<unknown> } | null = null;

/** pdfmake's LayoutBuilder that keeps measured words small and joins each placed line's alike words, and its Renderer. */
function joiningClasses() {
  if (builders) return builders;
  const LayoutBuilder = internal<Constructor<object>>('LayoutBuilder');
  class JoiningLayoutBuilder extends LayoutBuilder {
    #writer: Writer | undefined;
    #measure: Measure | undefined;
    // Made once per document (layoutDocument): each text it measures keeps its words small.
    set docMeasure(measure: Measure) {
      this.#measure = measure;
      const leaf = measure.measureLeaf.bind(measure);
      measure.measureLeaf = (node) => {
        const measured = leaf(node);
        if (Array.isArray(node._inlines)) node._inlines = node._inlines.map(compactInline);
        return measured;
      };
    }
    get docMeasure(): Measure {
      return this.#measure as Measure;
    }
    // pdfmake makes a new writer for each layout of the document (tryLayoutDocument): each is told.
    set writer(writer: Writer) {
      this.#writer = writer;
      writer.addListener('lineAdded', joinRuns);
    }
    get writer(): Writer {
      return this.#writer as Writer;
    }
  }
  builders = { Builder: JoiningLayoutBuilder as Constructor<unknown>, Renderer: internal<Constructor<unknown>>('Renderer') };
  return builders;
}

interface PdfKitDocument extends Readable {
  end(): void;
}

/** An image laid out before its JPEG is made: the size its file promises, and the JPEG when it comes (null: none). */
export interface PendingImage {
  width: number;
  height: number;
  jpeg: Promise<Buffer | null>;
}

interface PdfRef {
  data: Record<string, unknown>;
  end(chunk?: Buffer | string): void;
}
interface ImageDocument {
  _imageRegistry: Record<string, unknown>;
  _imageCount: number;
  provideImage(src: string): unknown;
  ref(data: Record<string, unknown>): PdfRef;
  openImage(src: Buffer): { width: number; height: number; bits: number; colorSpace: string };
}

/** A light grey box where a thumbnail that could not be made after all would be: the caption and SHA-256 still name it. */
const PLACEHOLDER = 'q 0.93 g 0 0 1 1 re f Q';

/**
 * Lets pdfmake lay out images whose JPEG is still being made: each is measured by the size its file
 * promised, and its XObject is a reference pdfkit writes when the JPEG comes (the JPEG's own size is
 * what the PDF records), or, when it does not, a grey box. Answers what to wait for before the PDF ends.
 */
function provideLater(pdfKitDoc: ImageDocument, pending: Map<string, PendingImage>): Promise<void>[] {
  const embedding: Promise<void>[] = [];
  const provide = pdfKitDoc.provideImage.bind(pdfKitDoc);
  pdfKitDoc.provideImage = (src: string) => {
    const later = pending.get(src);
    if (!later || pdfKitDoc._imageRegistry[src]) return provide(src);
    const ref = pdfKitDoc.ref({ Type: 'XObject', Subtype: 'Image', BitsPerComponent: 8, Width: later.width, Height: later.height, ColorSpace: 'DeviceRGB', Filter: 'DCTDecode' });
    // What pdfkit's image() needs of an image: its size, its label on the page, and an object already embedded.
    const image = { width: later.width, height: later.height, label: `I${++pdfKitDoc._imageCount}`, obj: ref, embed: () => undefined };
    pdfKitDoc._imageRegistry[src] = image;
    embedding.push(
      later.jpeg.then(
        (jpeg) => embedJpeg(pdfKitDoc, ref, jpeg),
        () => embedJpeg(pdfKitDoc, ref, null),
      ),
    );
    return image;
  };
  return embedding;
}

function embedJpeg(pdfKitDoc: ImageDocument, ref: PdfRef, jpeg: Buffer | null): void {
  let parsed: ReturnType<ImageDocument['openImage']> | null = null;
  try {
    if (jpeg && jpeg.length > 4 && jpeg[0] === 0xff && jpeg[1] === 0xd8) parsed = pdfKitDoc.openImage(jpeg);
  } catch {
    parsed = null;
  }
  const colours = ['DeviceRGB', 'DeviceGray', 'DeviceCMYK'];
  if (!jpeg || !parsed || parsed.bits !== 8 || !colours.includes(parsed.colorSpace) || !(parsed.width > 0 && parsed.height > 0)) {
    ref.data = { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 1, 1] };
    return ref.end(PLACEHOLDER);
  }
  Object.assign(ref.data, { Width: parsed.width, Height: parsed.height, ColorSpace: parsed.colorSpace });
  if (parsed.colorSpace === 'DeviceCMYK') ref.data.Decode = [1, 0, 1, 0, 1, 0, 1, 0];
  ref.end(jpeg);
}

/** The PDF as pdfkit writes it, and the step that renders its pages into it (page by page, letting each go). */
interface LaidOut {
  pdf: PdfKitDocument;
  render(): Promise<void>;
  /** The images laid out before their JPEG was made: each written into the PDF when it comes. */
  embedding: Promise<void>[];
}

/** How many pages are rendered between two turns of the event loop, in which the file takes what was written. */
const PAGES_PER_TURN = 4;
/** What the file is handed at once: the thumbnails pdfkit wrote while the pages were laid out go in a few writes. */
const WRITE_CHUNK = 1024 * 1024;

/** pdfmake's Printer.createPdfKitDocument, step by step, with the classes above; the pages are rendered by `render`. */
async function layOut(doc: Record<string, unknown>, pending: Map<string, PendingImage>): Promise<LaidOut> {
  const instance = pdfmake();
  const Printer = internal<new (...args: unknown[]) => { resolveUrls(doc: Record<string, unknown>): Promise<void> }>('Printer');
  const URLResolver = internal<new (fs: unknown) => { setUrlAccessPolicy(policy: unknown): void }>('URLResolver');
  const PDFDocument = internal<new (...args: unknown[]) => PdfKitDocument>('PDFDocument');
  const SVGMeasure = internal<new () => unknown>('SVGMeasure');
  const { normalizePageSize, normalizePageMargin } = require('pdfmake/js/PageSize') as { normalizePageSize(size: unknown, orientation: unknown): { width: number; height: number }; normalizePageMargin(margin: unknown): unknown };
  const { tableLayouts } = require('pdfmake/js/tableLayouts') as { tableLayouts: unknown };
  const { Builder, Renderer } = joiningClasses();
  const resolver = new URLResolver(instance.virtualfs);
  resolver.setUrlAccessPolicy(instance.urlAccessPolicy);
  await new Printer(instance.fonts, instance.virtualfs, resolver, instance.localAccessPolicy).resolveUrls(doc);
  for (const key of ['header', 'footer']) if (doc[key] && typeof doc[key] !== 'function') throw new Error(`A report's ${key} is a function of the page`);
  if (doc.files || doc.maxPagesNumber !== undefined) throw new Error('A report embeds no files and prints every page');
  const pageSize = normalizePageSize(doc.pageSize, doc.pageOrientation);
  if (!Number.isFinite(pageSize.height)) throw new Error('A report has pages of a fixed size');
  const images = (doc.images ?? {}) as Record<string, unknown>;
  const createMetadata = (info: Record<string, unknown>) => {
    const standard = ['Title', 'Author', 'Subject', 'Keywords', 'Creator', 'Producer', 'CreationDate', 'ModDate', 'Trapped'];
    const out: Record<string, unknown> = { Producer: 'pdfmake', Creator: 'pdfmake' };
    for (const [key, value] of Object.entries(info)) {
      if (!value) continue;
      const upper = key.charAt(0).toUpperCase() + key.slice(1);
      out[standard.includes(upper) ? upper : key.replace(/\s+/g, '')] = value;
    }
    return out;
  };
  const pdfKitDoc = new PDFDocument(instance.fonts, images, {}, {}, {
    size: [pageSize.width, pageSize.height],
    pdfVersion: doc.version ?? '1.3',
    subset: undefined,
    tagged: false,
    displayTitle: false,
    compress: typeof doc.compress === 'boolean' ? doc.compress : true,
    fontLayoutCache: true,
    bufferPages: false,
    autoFirstPage: false,
    info: createMetadata((doc.info ?? {}) as Record<string, unknown>),
    font: null,
  }, instance.virtualfs, instance.localAccessPolicy);
  const embedding = pending.size ? provideLater(pdfKitDoc as unknown as ImageDocument, pending) : [];
  let pages: Page[] | null = (() => {
    const builder = new Builder(pageSize, normalizePageMargin(doc.pageMargins ?? 40), new SVGMeasure()) as { registerTableLayouts(l: unknown): void; layoutDocument(...args: unknown[]): Page[] };
    builder.registerTableLayouts(tableLayouts);
    return builder.layoutDocument(doc.content, pdfKitDoc, doc.styles ?? {}, doc.defaultStyle ?? { fontSize: 12, font: 'Roboto' }, doc.background, doc.header, doc.footer, doc.watermark, doc.pageBreakBefore);
  })();
  const renderer = new Renderer(pdfKitDoc, undefined) as { renderPages(pages: Page[]): void };
  const render = async () => {
    const laid = pages as Array<Page | undefined>;
    pages = null;
    for (let i = 0; i < laid.length; i += 1) {
      // One renderer for all pages: it keeps the outline's entries, so a bookmark finds its parent on an earlier page.
      renderer.renderPages([laid[i] as Page]);
      // The layout's own list of pages is this one: nothing else holds the page now.
      laid[i] = undefined;
      if (i % PAGES_PER_TURN === PAGES_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { pdf: pdfKitDoc, render, embedding };
}

/**
 * Lays the document out and streams the PDF to `file` (replaced if it exists), never holding a second copy
 * of it: laid out as pdfmake does, each line's alike words joined into one run and each page let go once
 * rendered (see above), so the pages are the same at a fraction of the memory. `pending`: images whose
 * JPEG is still being made, by name (laid out by the size given, embedded when they come; see provideLater).
 */
export async function renderPdfToFile(doc: Record<string, unknown>, file: string, pending: Map<string, PendingImage> = new Map()): Promise<void> {
  const { pdf, render, embedding } = await layOut(doc, pending);
  // Written to the file while the pages are rendered, never gathered in memory first.
  const written = pipeline(pdf, fs.createWriteStream(file, { mode: 0o600, highWaterMark: WRITE_CHUNK }));
  try {
    await render();
    // Every image laid out before it was made is in the PDF before its cross-reference table is written.
    await Promise.all(embedding);
  } catch (error) {
    // (A damaged image, say: the caller lays the report out again without thumbnails, into the same file.)
    pdf.destroy(error as Error);
    await written.catch(() => undefined);
    throw error;
  }
  // pdfkit writes its trailer and ends the stream only when told the document is complete.
  pdf.end();
  await written;
}
