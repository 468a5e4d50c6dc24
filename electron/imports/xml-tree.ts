import { SaxesParser, type SaxesTag } from 'saxes';
import { AppError } from '../../shared/api/errors';
import { clip } from './text';

// A small XML document read into a tree of elements with the lines each spans, safely: a DOCTYPE
// (the way entity attacks arrive) is refused, nesting and size are bounded, and namespaces are kept
// only as the root's xmlns. For the XML formats read whole (CycloneDX), not for streamed ones (JUnit).

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
  end: number;
}

const MAX_DEPTH = 64;
const MAX_ELEMENTS = 2_000_000;
const MAX_TEXT = 100_000;

export function readXmlTree(text: string, what: string): XmlElement {
  const sax = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let failure: string | null = null;
  const fail = (message: string): never => {
    throw new AppError('VALIDATION', message);
  };
  sax.on('doctype', () => fail(`This ${what} has a DOCTYPE (line ${sax.line}); it has no need of one, and it is not read.`));
  sax.on('error', (error) => {
    failure ??= error.message.replace(/^[^:]*:\d+:\d+: /, '');
  });
  sax.on('opentag', (tag: SaxesTag) => {
    if (stack.length >= MAX_DEPTH) fail(`This ${what} nests deeper than ${MAX_DEPTH} levels (line ${sax.line}), which no such file does.`);
    elements += 1;
    if (elements > MAX_ELEMENTS) fail(`This ${what} has more than ${MAX_ELEMENTS} elements, which is more than is read.`);
    const element: XmlElement = { name: tag.name.replace(/^[^:]+:/, ''), attrs: { ...(tag.attributes as Record<string, string>) }, children: [], text: '', line: sax.line, end: sax.line };
    const parent = stack.at(-1);
    if (parent) parent.children.push(element);
    else if (root) fail(`This ${what} has a second root element <${clip(element.name, 60)}> at line ${sax.line}.`);
    else root = element;
    stack.push(element);
  });
  const onText = (chunk: string) => {
    const current = stack.at(-1);
    if (current && current.text.length < MAX_TEXT) current.text += chunk.slice(0, MAX_TEXT - current.text.length);
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  sax.on('closetag', () => {
    const element = stack.pop();
    if (element) element.end = Math.max(element.line, sax.line);
  });
  try {
    sax.write(text);
    sax.close();
  } catch (error) {
    if (error instanceof AppError) throw error;
    failure ??= (error as Error).message;
  }
  if (!root) fail(`This file holds no XML elements, so it is not a ${what}.`);
  if (failure) fail(stack.length > 0 && /unclosed|end of|Unexpected end/i.test(failure) ? `This ${what} is cut short: it ends (line ${sax.line}) before <${stack.at(-1)?.name}> is closed.` : `This ${what} is damaged at line ${sax.line}: ${clip(failure, 200)}.`);
  return root as unknown as XmlElement;
}

export const kids = (element: XmlElement | undefined, name: string): XmlElement[] => element?.children.filter((c) => c.name === name) ?? [];
export const kid = (element: XmlElement | undefined, name: string): XmlElement | undefined => element?.children.find((c) => c.name === name);
export const textOf = (element: XmlElement | undefined, name: string): string | undefined => {
  const found = kid(element, name);
  return found ? found.text.trim() : undefined;
};
