import { AppError } from '../../shared/api/errors';
import { buildCycloneDx } from './cyclonedx';
import { checkCycloneDxJson, cycloneDxVersions, type CycloneDxVersion } from './cyclonedx-schema';
import { readCycloneDxXml } from './cyclonedx-xml';
import type { FactSink } from './sink';
import { JsonLines } from './json-lines';
import { isObject, parseJson, str } from './structured';
import { clip } from './text';

// A CycloneDX file, JSON or XML: checked against its version's schema first (so a broken BOM is
// refused before any fact is made), then read into facts.

export function parseCycloneDx(text: string, lineCount: number, sink: FactSink): void {
  const whole: [number, number] = [1, Math.max(1, lineCount)];
  if (text.trimStart().startsWith('<')) {
    const { bom, lines } = readCycloneDxXml(text);
    buildCycloneDx(bom, 'xml', (_path, node) => (typeof node === 'object' && node !== null ? lines.get(node) ?? whole : whole), sink);
    return;
  }
  const bom = parseJson(text, 'CycloneDX BOM');
  if (!isObject(bom)) throw new AppError('VALIDATION', 'This JSON is not a CycloneDX BOM: it is not an object.');
  if (bom.bomFormat !== 'CycloneDX') throw new AppError('VALIDATION', `This JSON is not a CycloneDX BOM: its "bomFormat" is ${bom.bomFormat === undefined ? 'missing' : `"${clip(String(bom.bomFormat), 40)}"`}, not "CycloneDX".`);
  const version = str(bom.specVersion);
  if (!version || !(cycloneDxVersions as readonly string[]).includes(version)) {
    throw new AppError('VALIDATION', `This CycloneDX BOM declares specVersion ${version ? `"${clip(version, 20)}"` : '(none)'}; versions ${cycloneDxVersions[0]} to ${cycloneDxVersions.at(-1)} are read.`);
  }
  checkDepth(bom);
  checkCycloneDxJson(bom, version as CycloneDxVersion);
  const index = new JsonLines(text);
  buildCycloneDx(bom, 'json', (path) => index.lines(path), sink);
}

const MAX_DEPTH = 200;

/** A BOM nested deeper than any real one is refused before the schema (whose checks recurse) sees it. */
function checkDepth(value: unknown): void {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > MAX_DEPTH) throw new AppError('VALIDATION', `This CycloneDX BOM nests deeper than ${MAX_DEPTH} levels, which no BOM does; it is not read.`);
    for (const child of Object.values(node)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
}
