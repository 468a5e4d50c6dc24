import crypto from 'node:crypto';
import { AppError } from '../../shared/api/errors';
import type { Evidence } from '../../shared/api/evidence';
import { canonicalJson } from '../ledger/canonical';
import type { ReportData } from './data';

// The one gate between what the audit holds and what an edition may show. The internal edition is the
// audit as it stands. The external edition is the same data with every confidential thing taken out
// before any section, the outline, the metadata or an attachment is laid out from it:
// - a confidential finding keeps only its id, severity, status and due date (the report says one is
//   withheld); its text, owner, control, evidence and repeat history are blanked;
// - evidence marked confidential, and evidence cited by a confidential finding and by no finding that
//   is shown, is left out of the evidence list, and so of every appendix, thumbnail, excerpt and attachment;
// - interviews are left out unless the auditor marked one shareable (`shareable: true`).
// Afterwards checkEdition reads the finished document's metadata, outline, attachments and text for
// any withheld text, and refuses to issue it if one got through by another road.

export type Distribution = 'internal' | 'external';

/** What the external edition left out, for the document check and for saying so in words. */
export interface Withheld {
  findings: number;
  evidence: number;
  interviews: number;
  /** Text of the withheld items (at least 8 characters, and found nowhere in what is shown). */
  texts: string[];
}

export interface Edition {
  data: ReportData;
  withheld: Withheld;
}

const WITHHELD_TITLE = 'Confidential finding (withheld)';
/** A withheld finding keeps these; every other field is blanked. */
const KEPT = new Set(['id', 'auditId', 'severity', 'status', 'dueAt', 'confidential', 'createdAt', 'updatedAt']);
const MIN_TEXT = 8;

type Interviewish = { shareable?: unknown };
type WithInterviews = { interviews?: Interviewish[] };

export function editionOf(data: ReportData, distribution: Distribution): Edition {
  if (distribution === 'internal') return { data, withheld: { findings: 0, evidence: 0, interviews: 0, texts: [] } };
  const secret = data.findings.filter((f) => f.confidential);
  const shownEvidence = new Set(data.findings.filter((f) => !f.confidential).flatMap((f) => f.evidence.map((e) => e.id)));
  const hiddenEvidence = new Map<string, Evidence>();
  for (const e of secret.flatMap((f) => f.evidence)) if (!shownEvidence.has(e.id)) hiddenEvidence.set(e.id, e);
  // Evidence the auditor marked confidential stays out wherever it is cited.
  for (const e of data.evidence) if (e.confidential) hiddenEvidence.set(e.id, e);
  const interviews = (data as ReportData & WithInterviews).interviews;
  const hiddenInterviews = (interviews ?? []).filter((i) => i.shareable !== true);
  // Wherever the data holds them (the findings, the evidence list, any section's own list of
  // evidence or findings): a withheld finding is blanked, withheld evidence left out.
  const secretIds = new Set(secret.map((f) => f.id));
  const filtered = scrub({ ...data, ...(interviews ? { interviews: interviews.filter((i) => i.shareable === true) } : {}) }, secretIds, hiddenEvidence) as ReportData & WithInterviews;
  const candidates = [
    ...secret.flatMap((f) => [f.title, f.criteria, f.condition, f.cause, f.effect, f.recommendation, f.ownerName, f.acceptedReason]),
    ...[...hiddenEvidence.values()].flatMap((e) => [e.originalName, e.sha256, e.note]),
    // An interview's shape is its section's: every longer text of it counts.
    ...hiddenInterviews.flatMap((i) => stringsOf(i).filter((t) => t.length >= 2 * MIN_TEXT)),
  ];
  // Text that also stands in what is shown (a common recommendation, say) cannot tell a leak.
  const shown = stringsOf(filtered).join('\n');
  const texts = [...new Set(candidates.map((t) => t.trim()).filter((t) => t.length >= MIN_TEXT && !shown.includes(t)))];
  return { data: filtered, withheld: { findings: secret.length, evidence: hiddenEvidence.size, interviews: hiddenInterviews.length, texts } };
}

/**
 * The SHA-256 of what the external edition shows: what a compliance or legal reviewer approves. Left
 * out are what changes without its content changing: the audit's status and times (issuing a report
 * moves it to reporting), edit times, the ledger heads, the zone of the computer, the escalation
 * results (worked out from the data already counted) and the trend charts' drawings (their numbers count). Amendments are counted: they are printed.
 */
export function editionDigest(edition: ReportData, amendments: unknown[]): string {
  const { audit, ledgerHeads: _heads, timeZone: _zone, escalation: _escalation, trends, ...rest } = edition;
  const { status: _status, updatedAt: _updated, finalisedAt: _finalised, finalisedHeads: _frozen, ...auditContent } = audit as typeof audit & { finalisedHeads?: unknown };
  // A trend chart counts by its numbers: its drawing (SVG with ids of each rendering) shows nothing more.
  const trendNumbers = trends?.charts.map((c) => c.chart);
  return crypto.createHash('sha256').update(canonicalJson(withoutKey({ audit: auditContent, ...rest, trends: trendNumbers, amendments }, 'updatedAt'))).digest('hex');
}

/** What an edition holds, in words, as an approval records it. */
export function editionSummary({ data, withheld }: Edition): string {
  const shown = data.findings.length - withheld.findings;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  return [
    `${plural(shown, 'finding')} shown${withheld.findings ? `, ${withheld.findings} withheld` : ''}`,
    plural(data.releases.length, 'release'),
    `${data.evidence.length} evidence${withheld.evidence ? ` (${withheld.evidence} withheld)` : ''}`,
  ].join('; ');
}

/**
 * Reads a finished pdfmake document for withheld text in the places a reader sees without opening a
 * page (its metadata, outline and attachments) and in its pages' text. Refuses it when one is there.
 */
export function checkEdition(doc: Record<string, unknown>, withheld: Withheld): void {
  if (withheld.texts.length === 0) return;
  const places: Array<[string, string]> = [
    ['metadata', metadataOf(doc.info)],
    ['outline', outlineOf(doc.content).join('\n')],
    ['attachments', stringsOf([doc.files ?? {}, attachmentsOf(doc.content)]).join('\n')],
    ['text', stringsOf(doc.content).join('\n')],
  ];
  for (const [place, text] of places) {
    const leak = withheld.texts.find((t) => text.includes(t));
    if (leak) {
      throw new AppError(
        'INTEGRITY',
        `The external edition would carry confidential content in its ${place} ("${leak.length > 40 ? `${leak.slice(0, 40)}…` : leak}"), so it was not issued. This is a fault of the report's layout: issue the internal edition, or tell the developers.`,
      );
    }
  }
}

/** The document's information fields, with the manifest the app writes there decoded. */
function metadataOf(info: unknown): string {
  const fields = stringsOf(info ?? {});
  const manifest = (info as { ReleaseAuditManifest?: unknown } | undefined)?.ReleaseAuditManifest;
  if (typeof manifest === 'string') fields.push(Buffer.from(manifest, 'base64').toString('utf8'));
  return fields.join('\n');
}

function blanked<T extends object>(record: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    out[key] = KEPT.has(key) ? value : typeof value === 'string' ? '' : Array.isArray(value) ? [] : typeof value === 'number' ? 0 : typeof value === 'boolean' ? false : null;
  }
  return out as T;
}

/** Pictures, not text: an image's data URL is never searched. */
const PICTURES = new Set(['image', 'svg', 'canvas']);

/** A copy of the data with withheld findings blanked and withheld evidence left out, at any depth. */
function scrub(value: unknown, secret: Set<string>, hidden: Map<string, unknown>): unknown {
  if (Array.isArray(value)) return value.filter((item) => !(isRecord(item) && hidden.has(item.id as string))).map((item) => scrub(item, secret, hidden));
  if (!isRecord(value) || value instanceof Map || Buffer.isBuffer(value)) return value;
  if (typeof value.id === 'string' && secret.has(value.id)) return { ...blanked(value), title: WITHHELD_TITLE };
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, secret, hidden)]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

/** Every string in a value, at any depth (functions, such as a header, are not text of the data). */
function stringsOf(value: unknown, out: string[] = [], seen = new WeakSet<object>()): string[] {
  // A document pdfmake has laid out refers back to its own nodes (the contents' page references): each once.
  if (value !== null && typeof value === 'object') {
    if (seen.has(value)) return out;
    seen.add(value);
  }
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out, seen);
  else if (value instanceof Map) for (const item of value.values()) stringsOf(item, out, seen);
  else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) if (!PICTURES.has(key)) stringsOf(item, out, seen);
  }
  return out;
}

/** The bookmarks pdfmake makes: nodes with `outline` set, titled by `outlineText` or their text. */
function outlineOf(node: unknown, out: string[] = [], seen = new WeakSet<object>()): string[] {
  if (node === null || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  if (Array.isArray(node)) for (const item of node) outlineOf(item, out, seen);
  else {
    const n = node as Record<string, unknown>;
    if (n.outline || n.tocItem) stringsOf(n.outlineText ?? n.text, out);
    for (const value of Object.values(n)) if (typeof value === 'object') outlineOf(value, out, seen);
  }
  return out;
}

/** Files pdfmake embeds: `attachment` nodes (with their own `files`, named or inline). */
function attachmentsOf(node: unknown, out: unknown[] = [], seen = new WeakSet<object>()): unknown[] {
  if (node === null || typeof node !== 'object' || seen.has(node)) return out;
  seen.add(node);
  if (Array.isArray(node)) for (const item of node) attachmentsOf(item, out, seen);
  else {
    const n = node as Record<string, unknown>;
    if ('attachment' in n || 'files' in n) out.push(n);
    for (const value of Object.values(n)) if (typeof value === 'object') attachmentsOf(value, out, seen);
  }
  return out;
}

function withoutKey(value: unknown, key: string): unknown {
  if (Array.isArray(value)) return value.map((item) => withoutKey(item, key));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).filter(([k]) => k !== key).map(([k, v]) => [k, withoutKey(v, key)]));
  return value;
}
