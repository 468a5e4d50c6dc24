import fs from 'node:fs';
import { AppError } from '../../shared/api/errors';
import { importKindLabels, importKinds, type Detection, type ImportKind, type ImportResult } from '../../shared/api/imports';
import { ansibleParser } from './ansible';
import { parseAnsibleJson } from './ansible-json';
import { parseArgo } from './argo';
import { parseAzureDevOps } from './azure-devops';
import { parseCycloneDx } from './cyclonedx-read';
import { detectContent } from './detect';
import { gitLogParser } from './git-log';
import { readRepository } from './git-repo';
import { githubActionsParser } from './github-actions';
import { gitlabParser } from './gitlab-ci';
import { jenkinsParser } from './jenkins';
import { junitParser } from './junit';
import { parseJira } from './jira';
import { readFailure, readHead, readLines, type ReadOptions } from './reader';
import { parseOpenVex } from './openvex';
import { parseSarif } from './sarif';
import { parseServiceNowCsv, parseServiceNowJson } from './servicenow';
import { FactSink, type ImportOptions, type LineParserFactory } from './sink';
import { parseSpdx } from './spdx';
import { Locator, STRUCTURED_CAP_BYTES, parseJson } from './structured';
import { parseAllDocuments } from 'yaml';

// The one entry point: detect the kind from content, read the file once (hashing it on the way),
// and return its facts, or refuse in one sentence. Nothing is written anywhere.

export interface ImportFileOptions extends ReadOptions, ImportOptions {
  /** Read the file as this kind instead of detecting it. */
  kind?: ImportKind;
  /** For a repository folder: the commit range to read (`v1.2.0..v1.3.0`); all history if absent. */
  range?: string;
  /** For a repository folder: where to write the log text git printed (the import keeps it as evidence). */
  logCopy?: string;
}

const lineParsers: Partial<Record<ImportKind, LineParserFactory>> = {
  jenkins: (sink) => jenkinsParser(sink),
  'github-actions': (sink) => githubActionsParser(sink),
  'gitlab-ci': (sink) => gitlabParser(sink),
  ansible: (sink) => ansibleParser(sink),
  'git-log': (sink, options) => gitLogParser(sink, options),
  junit: (sink) => junitParser(sink),
};

function parseWhole(kind: ImportKind, text: string, lines: number, sink: FactSink): void {
  const loc = new Locator(text, lines);
  const label = importKindLabels[kind];
  switch (kind) {
    case 'azure-devops': return parseAzureDevOps(parseJson(text, label), loc, sink);
    case 'ansible-json': return parseAnsibleJson(parseJson(text, label), loc, sink);
    case 'jira': return parseJira(parseJson(text, label), loc, sink);
    case 'sarif': return parseSarif(parseJson(text, label), loc, sink);
    case 'servicenow-json': return parseServiceNowJson(parseJson(text, label), loc, sink);
    case 'servicenow-csv': return parseServiceNowCsv(text, sink);
    case 'cyclonedx': return parseCycloneDx(text, lines, sink);
    case 'spdx': return parseSpdx(text, sink);
    case 'openvex': return parseOpenVex(text, parseJson(text, label), sink);
    case 'argo-rollout':
    case 'argo-analysisrun': {
      const docs = parseAllDocuments(text);
      const list = Array.isArray(docs) ? docs : [docs];
      const broken = list.find((doc) => doc.errors.length > 0);
      if (broken) throw new AppError('VALIDATION', `This ${label} is damaged or cut short: its YAML does not parse (${broken.errors[0]?.message.split('\n')[0]}).`);
      return parseArgo(list.map((doc) => doc.toJS({ maxAliasCount: 100 }) as unknown), loc, sink);
    }
    case 'osv-match': throw new AppError('VALIDATION', 'An OSV match is recorded by matching a release against the OSV database (vulnerabilities.match), not imported as a file.');
    case 'config-parity':
    case 'config-drift': throw new AppError('VALIDATION', `A ${label} is made by comparing files (release-audit compare, or the Parity & drift tab), not read from one file.`);
    default: throw new AppError('INTERNAL', `No whole-file parser for ${kind}.`);
  }
}

export async function importFile(filePath: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  if (options.kind !== undefined && !(importKinds as readonly string[]).includes(options.kind)) {
    throw new AppError('VALIDATION', `"${String(options.kind)}" is not a kind of file that can be imported (choose one of ${importKinds.join(', ')}).`);
  }
  if (options.signal?.aborted) throw new AppError('VALIDATION', 'The import was cancelled; nothing was kept.');
  const stat = await fs.promises.stat(filePath).catch((error) => { throw readFailure(filePath, error); });
  const sink = new FactSink();
  try {
    if (stat.isDirectory()) {
      const detection: Detection = { kind: 'git-log', confidence: 1, reason: 'A git repository folder, read with git log.' };
      const parser = gitLogParser(sink, options);
      const summary = await readRepository(filePath, parser, options);
      parser.finish(summary);
      sink.close(summary);
      if (sink.facts.length === 0) sink.warn('The repository has no commits in that range.');
      return { kind: 'git-log', sha256: summary.sha256, bytes: summary.bytes, lines: summary.lines, detection, facts: sink.facts, warnings: sink.warnings };
    }
    if (!stat.isFile()) throw new AppError('VALIDATION', `${filePath} is not a regular file.`);
    const head = await readHead(filePath);
    const detected = detectOrForce(head, stat.size, options.kind);
    const kind = detected.kind;
    const factory = lineParsers[kind];
    if (factory) {
      const parser = factory(sink, options);
      const summary = await readLines(filePath, (text, n) => parser.line(text, n), options);
      parser.finish(summary);
      sink.close(summary);
      return { kind, sha256: summary.sha256, bytes: summary.bytes, lines: summary.lines, detection: detected, facts: sink.facts, warnings: sink.warnings };
    }
    if (stat.size > STRUCTURED_CAP_BYTES) {
      throw new AppError('VALIDATION', `This ${importKindLabels[kind]} is ${Math.round(stat.size / 1048576)} MB; exports over ${STRUCTURED_CAP_BYTES / 1048576} MB are not read (export a smaller range).`);
    }
    sink.wholeFile = true;
    const parts: string[] = [];
    const summary = await readLines(filePath, (text) => { parts.push(text); }, options);
    parseWhole(kind, parts.join('\n'), summary.lines, sink);
    sink.close(summary);
    return { kind, sha256: summary.sha256, bytes: summary.bytes, lines: summary.lines, detection: detected, facts: sink.facts, warnings: sink.warnings };
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError('VALIDATION', `${filePath} could not be imported: ${(error as Error).message}.`);
  }
}

function detectOrForce(head: Buffer, size: number, kind: ImportKind | undefined): Detection {
  if (!kind) return detectContent(head, size > head.length);
  if (size === 0) throw new AppError('VALIDATION', `This file is empty, so it is not a ${importKindLabels[kind]}.`);
  try {
    const detected = detectContent(head, size > head.length);
    if (detected.kind === kind) return detected;
  } catch (error) {
    // A file that looks like binary data is refused even when a kind is chosen; other doubts give way to the choice.
    if (error instanceof AppError && /is (?:a|an) (?:PNG|JPEG|GIF|PDF|ZIP|gzip|program|Windows|SQLite)|binary data|UTF-16/.test(error.message)) throw error;
  }
  return { kind, confidence: 0, reason: `Read as ${importKindLabels[kind]} because that kind was chosen.` };
}

export { detectContent } from './detect';
export async function detectFile(filePath: string): Promise<Detection> {
  const stat = await fs.promises.stat(filePath).catch((error) => { throw readFailure(filePath, error); });
  if (stat.isDirectory()) return { kind: 'git-log', confidence: 1, reason: 'A git repository folder, read with git log.' };
  return detectContent(await readHead(filePath), stat.size > 64 * 1024);
}
