import { AppError } from '../../shared/api/errors';
import type { Detection } from '../../shared/api/imports';

// How an SBOM or a VEX document is told from its first part: CycloneDX JSON by bomFormat (or its
// $schema), CycloneDX XML by the root <bom> in a cyclonedx.org namespace, SPDX by spdxVersion (JSON)
// or an `SPDXVersion: SPDX-2.x` line (tag-value), OpenVEX by its openvex.dev @context.

const found = (kind: Detection['kind'], confidence: number, reason: string): Detection => ({ kind, confidence, reason });

export function detectSbomJson(text: string): Detection | null {
  const format = /"bomFormat"\s*:\s*"([^"]{0,40})"/.exec(text)?.[1];
  const version = /"specVersion"\s*:\s*"([^"]{0,20})"/.exec(text)?.[1];
  if (format === 'CycloneDX' || (format === undefined && /"\$schema"\s*:\s*"https?:\/\/cyclonedx\.org\/schema\/bom-/.test(text))) {
    return found('cyclonedx', 0.95, `A CycloneDX ${version ?? ''} BOM in JSON (bomFormat "CycloneDX").`.replace('  ', ' '));
  }
  if (format !== undefined) throw new AppError('VALIDATION', `This JSON says its bomFormat is "${format}", not "CycloneDX", so it is not a CycloneDX BOM.`);
  const spdx = /"spdxVersion"\s*:\s*"([^"]{0,20})"/.exec(text)?.[1];
  if (spdx !== undefined) return found('spdx', 0.95, `An SPDX document in JSON (spdxVersion "${spdx}").`);
  if (/"@context"\s*:\s*"https?:\/\/openvex\.dev\/ns/.test(text)) return found('openvex', 0.95, 'An OpenVEX document (its @context is openvex.dev).');
  return null;
}

export function detectSbomXml(text: string, root: string | undefined): Detection | null {
  if (root !== 'bom') return null;
  const ns = /<(?:[\w.-]+:)?bom\b[^>]*?\bxmlns(?::[\w.-]+)?\s*=\s*["']([^"']*)["']/.exec(text)?.[1] ?? '';
  const version = /^http:\/\/cyclonedx\.org\/schema\/bom\/(1\.\d+)$/.exec(ns)?.[1];
  if (!version) throw new AppError('VALIDATION', `This XML file's root is <bom> but in the namespace "${ns.slice(0, 80)}", not a CycloneDX one (http://cyclonedx.org/schema/bom/1.x).`);
  return found('cyclonedx', 0.95, `A CycloneDX ${version} BOM in XML.`);
}

export function detectSpdxTagValue(text: string): Detection | null {
  const version = /^SPDXVersion:\s*(\S+)/m.exec(text)?.[1];
  if (version === undefined) return null;
  return found('spdx', /^SPDX-2\.\d$/.test(version) ? 0.95 : 0.6, `An SPDX document in tag-value form (SPDXVersion ${version.slice(0, 20)}).`);
}
