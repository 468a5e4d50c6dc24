import type { Checkpoint } from '../ledger/checkpoints';
import type { Evidence } from '../../shared/api/evidence';
import type { Finding } from '../../shared/api/findings';
import type { ReportData } from './data';
import type { PrintImage } from './images';
import type { ReportClock } from './layout';

// What a report document is made from and what each of its sections is told (build.ts puts them
// together): types only, so the sections read them without importing the document that uses them.

export type { Content } from './layout';

export interface ReportOptions {
  reportId: string;
  kind: 'full' | 'summary';
  distribution: 'internal' | 'external';
  generatedAt: string;
  generatedBy: string;
  /** Who signs it: the certificate's fingerprint is printed and listed in the manifest, binding the report id to it. */
  signer: { name: string; role: string; fingerprint: string } | null;
  /** This laptop's ledger head as the report was made, signed (null when nothing was ever written). */
  checkpoint?: Checkpoint | null;
  /** Image evidence downscaled to thumbnails (images.ts), by evidence id, and text excerpts, read from the vault. */
  images: Map<string, PrintImage>;
  excerpts: Map<string, string>;
  /** Corrections made after finalising: who, when, why. */
  amendments: Array<{ author: string; at: string; reason: string; text: string }>;
  /** For an external edition: the compliance or legal reviewer's approval it is issued under, printed on the sign-off. */
  approval?: { reviewer: string; role: 'compliance' | 'legal'; approvedAt: string; comment: string } | null;
}

/** What every section is told: the options, the report's clock, and what it may show. */
export interface ReportContext {
  data: ReportData;
  options: ReportOptions;
  clock: ReportClock;
  classification: string;
  external: boolean;
  /** What this edition shows: findings with their ids, withheld content, evidence cited. */
  view: EditionView;
}

/** A finding as this edition shows it, with the id (F-01, …) every part of the report calls it by. */
export type ShownFinding = Finding & { hidden: boolean; evidence: Evidence[]; ref: string };

/** What one edition of the report may show, decided once (sections/edition.ts works it out). */
export interface EditionView {
  findings: ShownFinding[];
  /** A finding's id as printed, by its record id. */
  refs: Map<string, ShownFinding>;
  /** Whether an interview's content may be printed in this edition. */
  interviewShown: (interview: { shareable: boolean }) => boolean;
  /** The evidence this edition may cite, in the order given. */
  shownEvidence: (list: Evidence[]) => Evidence[];
  /** Every piece of evidence the report cites, with its printed id. */
  cited: Evidence[];
  evidenceRef: (e: Evidence) => string;
  /** Whether anything (a finding, an interview, evidence) is withheld from this edition. */
  withheld: boolean;
}
