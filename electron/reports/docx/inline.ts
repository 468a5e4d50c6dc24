import { ShadingType, TextRun } from 'docx';

// The words of a pdfmake text node as Word runs: bold, italics, colour and size come from the node,
// its named styles (the document's `styles`) and what it sits in, the way pdfmake itself inherits them.

/** What a run can carry over from its node, its styles and its parents. */
export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  fontSize?: number;
  font?: string;
  background?: string;
  fillColor?: string;
}

export type StyleSheet = Record<string, Record<string, unknown>>;

const STYLE_KEYS = ['bold', 'italics', 'color', 'fontSize', 'font', 'background', 'fillColor'] as const;

/** A node's own style: its named styles first (in order), then what it says itself. */
export function ownStyle(node: Record<string, unknown>, sheet: StyleSheet): RunStyle {
  const out: Record<string, unknown> = {};
  const names = Array.isArray(node.style) ? node.style : node.style === undefined ? [] : [node.style];
  for (const name of names) if (typeof name === 'string') Object.assign(out, pick(sheet[name] ?? {}));
  Object.assign(out, pick(node));
  return out as RunStyle;
}

function pick(source: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of STYLE_KEYS) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/** The style a child node starts from: pdfmake passes text styles down, but not a cell's fill. */
export function inherited(parent: RunStyle, node: Record<string, unknown>, sheet: StyleSheet): RunStyle {
  const { fillColor: _fill, background: _background, ...rest } = parent;
  return { ...rest, ...ownStyle(node, sheet) };
}

/** "#b3261e" as Word writes colours, or undefined for a name Word would not read. */
export function hex(color: unknown): string | undefined {
  if (typeof color !== 'string') return undefined;
  const m = /^#?([0-9a-f]{6})$/i.exec(color) ?? /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  if (!m) return color === 'white' ? 'FFFFFF' : color === 'black' ? '000000' : undefined;
  return (m.length === 4 ? `${m[1]}${m[1]}${m[2]}${m[2]}${m[3]}${m[3]}` : (m[1] as string)).toUpperCase();
}

/** One piece of text as runs: a line break inside it is a break in Word too. */
function runsOf(text: string, style: RunStyle): TextRun[] {
  const color = hex(style.color);
  const fill = hex(style.background);
  return text.split('\n').map(
    (line, i) =>
      new TextRun({
        text: line,
        ...(i > 0 ? { break: 1 } : {}),
        ...(style.bold ? { bold: true } : {}),
        ...(style.italics ? { italics: true } : {}),
        ...(color ? { color } : {}),
        ...(style.fontSize ? { size: Math.round(style.fontSize * 2) } : {}),
        ...(style.font === 'Courier' || style.font === 'mono' ? { font: 'Courier New' } : {}),
        ...(fill ? { shading: { type: ShadingType.CLEAR, fill, color: 'auto' } } : {}),
      }),
  );
}

/** pdfmake's `text`: a string, a node with its own text, or a list of them, nested as deep as it goes. */
export function inlineRuns(text: unknown, style: RunStyle, sheet: StyleSheet): TextRun[] {
  if (typeof text === 'string' || typeof text === 'number') return runsOf(String(text), style);
  if (Array.isArray(text)) return text.flatMap((part) => inlineRuns(part, style, sheet));
  if (text && typeof text === 'object') {
    const node = text as Record<string, unknown>;
    return inlineRuns(node.text ?? '', inherited(style, node, sheet), sheet);
  }
  return [];
}

/** The plain words of a text, as a heading's name or a bar's label. */
export function plainText(text: unknown): string {
  if (typeof text === 'string' || typeof text === 'number') return String(text);
  if (Array.isArray(text)) return text.map(plainText).join('');
  if (text && typeof text === 'object') return plainText((text as Record<string, unknown>).text ?? '');
  return '';
}

/** A bar of a chart drawn on a canvas (a filled rectangle), as a shaded run about as wide. */
export function barRun(canvas: unknown): TextRun[] {
  if (!Array.isArray(canvas)) return [];
  return canvas.flatMap((shape) => {
    const s = (shape ?? {}) as Record<string, unknown>;
    if (s.type !== 'rect' || typeof s.w !== 'number') return [];
    const fill = hex(s.color) ?? '777777';
    // A non-breaking space is about 2.5 points wide at 10 points.
    return [new TextRun({ text: '\u00a0'.repeat(Math.max(1, Math.round(s.w / 2.5))), shading: { type: ShadingType.CLEAR, fill, color: 'auto' } })];
  });
}
