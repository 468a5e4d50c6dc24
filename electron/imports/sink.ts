import type { Fact } from '../../shared/api/imports';
import type { ReadSummary } from './reader';
import { detached } from './text';

// Where parsers put what they find. Messages and artifacts are capped so a huge, noisy log keeps
// a bounded number of facts (the count of the rest is reported), and memory stays flat.

export const MESSAGE_CAP = 5000;
export const FACT_CAP = 100_000;

export interface ImportOptions {
  /** Ticket id patterns for commits; default `[A-Z][A-Z0-9]+-\d+`. */
  ticketPatterns?: RegExp[];
}

export class FactSink {
  readonly facts: Fact[] = [];
  readonly warnings: string[] = [];
  /** The parser saw the format's own end marker (Finished:, Job succeeded, PLAY RECAP), so an unterminated last line is not a cut. */
  ended = false;
  /** Whole-file formats check their own completeness when parsed. */
  wholeFile = false;
  private messages = 0;
  private droppedMessages = 0;
  private dropped = 0;

  add(fact: Fact): void {
    if (fact.kind === 'message' || fact.kind === 'artifact') {
      if (this.messages >= MESSAGE_CAP) {
        this.droppedMessages += 1;
        return;
      }
      this.messages += 1;
    }
    if (this.facts.length >= FACT_CAP) {
      this.dropped += 1;
      return;
    }
    this.facts.push(detached(fact));
  }

  warn(text: string): void {
    if (!this.warnings.includes(text)) this.warnings.push(text);
  }

  close(summary: ReadSummary): void {
    if (this.droppedMessages > 0) this.warn(`${this.droppedMessages} more errors, warnings and artifacts were found but not listed (only the first ${MESSAGE_CAP} are kept).`);
    if (this.dropped > 0) this.warn(`${this.dropped} more facts were found but not listed (only the first ${FACT_CAP} are kept).`);
    if (summary.undecodableLines > 0) this.warn(`${summary.undecodableLines} lines held bytes that are not UTF-8; they were read with replacement characters.`);
    if (summary.unterminated && summary.bytes > 0 && !this.ended && !this.wholeFile) this.warn('The last line has no line end, so the file may have been cut short.');
  }
}

/** A text-log parser: fed one line at a time, then told the file has ended. */
export interface LineParser {
  line(text: string, lineNumber: number): void;
  finish(summary: ReadSummary): void;
}

export type LineParserFactory = (sink: FactSink, options: ImportOptions) => LineParser;
