import { DrainTree, templateText, type DrainOptions } from './drain';
import { detectFormat, plainFormat, type LogFormat } from './formats';
import { readLogLines } from './lines';
import { applyMasks, tokenize } from './masks';

// The miner as the app uses it: a header format splits each line, its masks hide variable values,
// and the Drain tree groups the masked message. It keeps, per line, only the template id (4 bytes),
// so a million-line log costs a few megabytes besides the templates.

export interface MinedLine {
  templateId: number;
  /** The header's Level field (or an error word found in the line), upper case; null when none. */
  level: string | null;
  /** The header's time fields joined, as the line wrote them; null when it has none. */
  timeText: string | null;
}

export interface MinedTemplate {
  id: number;
  template: string;
  count: number;
}

export interface MineResult {
  format: string;
  templates: MinedTemplate[];
  lineTemplateIds: Uint32Array;
  /** Lines whose header did not match the format (mined whole). */
  headerMisses: number;
  cutLines: number;
}

const timeFields = ['Timestamp', 'Date', 'Month', 'Day', 'Time'];
const errorWord = /\b(ERROR|FATAL|CRITICAL|SEVERE|PANIC|EXCEPTION|FAILED|FAILURE)\b/i;

export class LogMiner {
  readonly tree: DrainTree;
  headerMisses = 0;

  constructor(readonly format: LogFormat, options: Partial<DrainOptions> = {}) {
    this.tree = new DrainTree({ similarity: format.similarity, depth: format.depth, ...options });
  }

  /** The message of a line (its Content, masked and tokenised) and the header fields the anomalies use. */
  split(line: string): { tokens: string[]; level: string | null; timeText: string | null } {
    const match = this.format === plainFormat ? null : this.format.header.exec(line);
    const groups = match?.groups;
    if (this.format !== plainFormat && !groups) this.headerMisses += 1;
    const content = groups?.Content ?? line;
    const levelField = groups?.Level ?? groups?.Type ?? null;
    const level = levelField ? levelField.trim().toUpperCase() : (errorWord.exec(line)?.[1]?.toUpperCase() ?? null);
    const times = groups ? timeFields.map((name) => groups[name]).filter((value): value is string => typeof value === 'string' && value !== '') : [];
    return { tokens: tokenize(applyMasks(content, this.format.masks)), level, timeText: times.length > 0 ? times.join(' ') : null };
  }

  add(line: string): MinedLine {
    const { tokens, level, timeText } = this.split(line);
    return { templateId: this.tree.add(tokens).id, level, timeText };
  }

  templates(): MinedTemplate[] {
    return this.tree.groups.map((group) => ({ id: group.id, template: templateText(group), count: group.count }));
  }
}

/** Grows by doubling: the template id of each line in a few bytes. */
export class IdList {
  private data = new Uint32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = new Uint32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
  values(): Uint32Array {
    return this.data.subarray(0, this.length);
  }
}

export interface MineFileOptions extends Partial<DrainOptions> {
  /** A format to use; without it the header is detected from the first lines. */
  format?: LogFormat;
  onLine?: (mined: MinedLine, lineNumber: number) => void;
}

const DETECT_LINES = 200;

/** Mines a file in one pass (the first lines are held only until the header is detected). */
export async function mineFile(filePath: string, options: MineFileOptions = {}): Promise<MineResult> {
  const { format, onLine, ...drain } = options;
  const ids = new IdList();
  let miner: LogMiner | null = format ? new LogMiner(format, drain) : null;
  let held: string[] = [];
  const take = (line: string, lineNumber: number, active: LogMiner) => {
    const mined = active.add(line);
    ids.push(mined.templateId);
    onLine?.(mined, lineNumber);
  };
  const release = (active: LogMiner) => {
    held.forEach((line, i) => take(line, i + 1, active));
    held = [];
  };
  const stats = await readLogLines(filePath, (line, lineNumber) => {
    if (miner) return take(line, lineNumber, miner);
    held.push(line);
    if (held.length === DETECT_LINES) release((miner = new LogMiner(detectFormat(held), drain)));
  });
  if (!miner) release((miner = new LogMiner(detectFormat(held), drain)));
  return { format: miner.format.name, templates: miner.templates(), lineTemplateIds: ids.values(), headerMisses: miner.headerMisses, cutLines: stats.cutLines };
}
