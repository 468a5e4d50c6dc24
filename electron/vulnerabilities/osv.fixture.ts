import fs from 'node:fs';
import path from 'node:path';
import yazl from 'yazl';

// OSV records shaped as the OSV project serves them (schema 1.6: ids, aliases, modified, severity
// vectors, affected packages with ranges and versions, database_specific), written as an
// ecosystem folder or an all.zip for the tests and the bench.

export const lodashAdvisory = {
  schema_version: '1.6.0',
  id: 'GHSA-35jh-r3h4-6jhm',
  modified: '2024-03-01T12:00:00Z',
  published: '2021-02-15T18:00:00Z',
  aliases: ['CVE-2021-23337'],
  summary: 'Command Injection in lodash',
  details: 'lodash versions prior to 4.17.21 are vulnerable to Command Injection via the template function.',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [{
    package: { ecosystem: 'npm', name: 'lodash', purl: 'pkg:npm/lodash' },
    ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '4.17.21' }] }],
    database_specific: { source: 'https://github.com/github/advisory-database/blob/main/advisories/GHSA-35jh-r3h4-6jhm.json' },
  }],
  references: [{ type: 'ADVISORY', url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-23337' }],
  database_specific: { cwe_ids: ['CWE-77', 'CWE-94'], severity: 'HIGH', github_reviewed: true },
};

export const minimistAdvisory = {
  schema_version: '1.6.0',
  id: 'GHSA-xvch-5gv4-984h',
  modified: '2024-02-01T00:00:00Z',
  aliases: ['CVE-2021-44906'],
  summary: 'Prototype Pollution in minimist',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [{
    package: { ecosystem: 'npm', name: 'minimist' },
    ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.2.4' }, { introduced: '1.0.0' }, { fixed: '1.2.6' }] }],
  }],
  database_specific: { severity: 'CRITICAL' },
};

export const requestsAdvisory = {
  id: 'PYSEC-2023-74',
  modified: '2023-06-01T00:00:00Z',
  aliases: ['CVE-2023-32681', 'GHSA-j8r2-6x86-q33q'],
  summary: 'Requests leaks Proxy-Authorization headers',
  affected: [{
    package: { ecosystem: 'PyPI', name: 'Requests' },
    ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '2.3.0' }, { fixed: '2.31.0' }] }],
    versions: ['2.3.0', '2.30.0'],
  }],
  database_specific: { severity: 'MODERATE' },
};

export const withdrawnAdvisory = {
  id: 'GHSA-wdrn-0000-0000',
  modified: '2024-01-05T00:00:00Z',
  withdrawn: '2024-01-06T00:00:00Z',
  summary: 'Withdrawn: not a vulnerability',
  affected: [{ package: { ecosystem: 'npm', name: 'lodash' }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }],
};

export const opensslDebian = {
  id: 'DSA-5532-1',
  modified: '2023-10-25T00:00:00Z',
  aliases: ['CVE-2023-5363'],
  summary: 'openssl security update',
  affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.11-1~deb12u2' }] }] }],
};

export const goodRecords = [lodashAdvisory, minimistAdvisory, requestsAdvisory, withdrawnAdvisory, opensslDebian];

/** An OSV folder: one folder per ecosystem, one file per record, plus what is given. */
export function writeOsvFolder(dir: string, extra: Record<string, string> = {}): string {
  for (const record of goodRecords) {
    const eco = record.affected[0]?.package.ecosystem.split(':')[0] as string;
    fs.mkdirSync(path.join(dir, eco), { recursive: true });
    fs.writeFileSync(path.join(dir, eco, `${record.id}.json`), JSON.stringify(record, null, 2));
  }
  for (const [name, text] of Object.entries(extra)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export interface ZipPart {
  name: string;
  data: Buffer | string;
  compress?: boolean;
}

/** A zip written by yazl: the all.zip shape (record files at the top level). */
export function writeZip(file: string, parts: ZipPart[]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const part of parts) zip.addBuffer(Buffer.isBuffer(part.data) ? part.data : Buffer.from(part.data), part.name, { compress: part.compress ?? true, mtime: new Date('2024-01-01T00:00:00Z') });
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(file)).on('close', () => resolve(file)).on('error', reject);
  });
}

export const recordParts = (records: unknown[]): ZipPart[] => records.map((r) => ({ name: `${(r as { id: string }).id}.json`, data: JSON.stringify(r) }));
