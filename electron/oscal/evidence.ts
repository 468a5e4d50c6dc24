import type { Evidence } from '../../shared/api/evidence';
import { stableUuid } from './ids';
import { RA_NS, type OscalObject } from './vocabulary';

// Evidence in OSCAL: each vault file is a back-matter resource whose rlink carries its SHA-256, and
// an observation's relevant-evidence points at that resource and names the hash in its description,
// so a reader can check the file they were handed against the export.

/** The address a vault file is known by outside the app: its content hash. */
export function evidenceHref(sha256: string): string {
  return `urn:sha256:${sha256}`;
}

export function evidenceResource(evidence: Evidence): OscalObject {
  return {
    uuid: stableUuid('evidence', evidence.id),
    title: evidence.originalName,
    description: `Evidence captured by ${evidence.capturedBy} at ${evidence.capturedAt} from ${evidence.sourceSystem || 'an unnamed source'} (${evidence.captureMethod}), SHA-256 ${evidence.sha256}.`,
    props: [
      { name: 'captured-by', ns: RA_NS, value: evidence.capturedBy || 'unknown' },
      { name: 'captured-at', ns: RA_NS, value: evidence.capturedAt },
      ...(evidence.refersTo ? [{ name: 'refers-to', ns: RA_NS, value: evidence.refersTo }] : []),
    ],
    rlinks: [{ href: evidenceHref(evidence.sha256), 'media-type': evidence.mediaType || 'application/octet-stream', hashes: [{ algorithm: 'SHA-256', value: evidence.sha256 }] }],
  };
}

/** What an observation says about one piece of evidence: the resource it is, and its hash in words. */
export function relevantEvidence(evidence: Evidence): OscalObject {
  return {
    href: `#${stableUuid('evidence', evidence.id)}`,
    description: `${evidence.originalName}, SHA-256 ${evidence.sha256} (${evidence.size} bytes).`,
  };
}
