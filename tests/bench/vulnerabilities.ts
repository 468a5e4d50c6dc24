// Vulnerability matching at scale: a generated 100,000-record OSV all.zip imported as this
// computer's database, against reading and JSON.parse-ing every record of the same zip; then a
// generated 10,000-component CycloneDX SBOM imported into a release through the real import path
// (schema check, facts, the release's components), then its components matched against the
// database as after an import; both against a JSON.parse of the same SBOM. Peak RSS of each is printed.
// Run alone with `npx tsx tests/bench/vulnerabilities.ts`, or through `npm run bench -- vulnerabilities`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { createAudit } from '../../electron/audits/service';
import { createRelease } from '../../electron/releases/service';
import { importInto } from '../../electron/imports/store';
import { openCore } from '../../electron/services';
import { importDatabase } from '../../electron/vulnerabilities/load';
import { matchAfterSbom, matchComponents, releaseComponents } from '../../electron/vulnerabilities/match';
import { osvLimits, planSource, zipRecords } from '../../electron/vulnerabilities/osv-source';
import { timed } from './imports';

export interface VulnBenchRow { what: string; ours: number; baseline: number; baselineName: string; note: string }

/** A deflated zip written directly (yazl's per-entry deflate is too slow to make 100k entries for a bench). */
function writeZip(file: string, entries: Iterable<[string, Buffer]>): void {
  const fd = fs.openSync(file, 'w');
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const [name, data] of entries) {
    const packed = zlib.deflateRawSync(data);
    const crc = zlib.crc32(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(0x0800, 6); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14); local.writeUInt32LE(packed.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
    fs.writeSync(fd, local); fs.writeSync(fd, nameBytes); fs.writeSync(fd, packed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0); dir.writeUInt16LE(0x031e, 4); dir.writeUInt16LE(20, 6); dir.writeUInt16LE(0x0800, 8); dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(crc, 16); dir.writeUInt32LE(packed.length, 20); dir.writeUInt32LE(data.length, 24); dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE((0o100644 << 16) >>> 0, 38); dir.writeUInt32LE(offset, 42);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
    count += 1;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(count, 8); end.writeUInt16LE(count, 10); end.writeUInt32LE(directory.length, 12); end.writeUInt32LE(offset, 16);
  fs.writeSync(fd, directory); fs.writeSync(fd, end);
  fs.closeSync(fd);
}

const packages = (components: number) => Array.from({ length: components }, (_, i) => `bench-pkg-${i}`);

function* osvRecords(count: number, components: number): Generator<[string, Buffer]> {
  for (let i = 0; i < count; i += 1) {
    // Records spread over five times as many packages as the SBOM has, so about one component in five has records (a real SBOM meets a few hundred).
    const name = `bench-pkg-${i % (components * 5)}`;
    const major = (i % 3) + 1;
    const record = {
      schema_version: '1.6.0', id: `GHSA-bench-${i}`, modified: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(), published: '2023-06-01T00:00:00Z',
      aliases: [`CVE-2024-${10000 + i}`], summary: `Generated advisory ${i} for ${name}`, details: 'A generated advisory for the bench. '.repeat(6),
      severity: [{ type: 'CVSS_V3', score: i % 2 ? 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' : 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:L/A:N' }],
      affected: [{ package: { ecosystem: 'npm', name, purl: `pkg:npm/${name}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: `${major}.0.0` }, { fixed: `${major}.4.0` }] }], versions: [] }],
      references: [{ type: 'ADVISORY', url: `https://example.invalid/advisory/${i}` }],
      database_specific: { severity: i % 2 ? 'CRITICAL' : 'MODERATE' },
    };
    yield [`GHSA-bench-${i}.json`, Buffer.from(JSON.stringify(record))];
  }
}

function cycloneDx(components: number): string {
  return JSON.stringify({
    bomFormat: 'CycloneDX', specVersion: '1.6', serialNumber: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79', version: 1,
    metadata: { timestamp: '2026-11-30T10:00:00Z', component: { type: 'application', name: 'shop', version: '2.4.0', 'bom-ref': 'shop@2.4.0' } },
    components: packages(components).map((name, i) => ({
      type: 'library', 'bom-ref': `pkg:npm/${name}@${(i % 3) + 1}.${i % 7}.0`, name, version: `${(i % 3) + 1}.${i % 7}.0`, purl: `pkg:npm/${name}@${(i % 3) + 1}.${i % 7}.0`,
      licenses: [{ license: { id: 'MIT' } }], hashes: [{ alg: 'SHA-256', content: 'ab'.repeat(32) }],
    })),
  });
}

export async function benchVulnerabilities(scratch: string, records = 100_000, components = 10_000): Promise<VulnBenchRow[]> {
  // A folder of all.zip files of 50,000 records each (a zip of more entries needs zip64, which this writer does not write).
  const zip = path.join(scratch, 'osv');
  const all = [...osvRecords(records, components)];
  for (let part = 0; part * 50_000 < all.length; part += 1) {
    fs.mkdirSync(path.join(zip, `part-${part}`), { recursive: true });
    writeZip(path.join(zip, `part-${part}`, 'all.zip'), all.slice(part * 50_000, (part + 1) * 50_000));
  }
  all.length = 0;
  const sbomFile = path.join(scratch, 'bom.cdx.json');
  fs.writeFileSync(sbomFile, cycloneDx(components));
  const rows: VulnBenchRow[] = [];

  const raw = await timed(async () => {
    let n = 0;
    const plan = planSource(zip);
    for (const f of plan.files) for await (const item of zipRecords(f.file, f.relative, osvLimits, { bytes: 0, entries: 0 })) if (JSON.parse(item.text)) n += 1;
    return n;
  });
  const core = openCore({ dataDir: path.join(scratch, 'vuln-core'), actor: 'bench' });
  try {
    const imported = await timed(() => importDatabase(core, zip));
    if (imported.value.records !== records) throw new Error(`the bench database holds ${imported.value.records} records, not ${records}`);
    rows.push({
      what: `import a ${records / 1000}k-record OSV database (zips)`, ours: imported.ms, baseline: raw.ms, baselineName: 'inflate + JSON.parse every record',
      note: `${Math.round(records / (imported.ms / 1000))} records/s, peak RSS ${Math.round(imported.peakRssMb)} MB (baseline ${Math.round(raw.peakRssMb)} MB), zips ${Math.round(fs.readdirSync(zip).reduce((n, d) => n + fs.statSync(path.join(zip, d, 'all.zip')).size, 0) / 1048576)} MB`,
    });

    const parse = await timed(async () => JSON.parse(fs.readFileSync(sbomFile, 'utf8')) as { components: unknown[] });
    if (parse.value.components.length !== components) throw new Error(`the bench SBOM holds ${parse.value.components.length} components, not ${components}`);
    const audit = createAudit(core, { name: 'Bench', description: '' });
    const release = createRelease(core, { auditId: audit.id, identifier: 'shop-2.4.0' });
    const sbom = await timed(() => importInto(core, sbomFile, { auditId: audit.id, releaseId: release.id }));
    const stored = sbom.value.import.factKinds['sbom-component'] ?? 0;
    const listed = (core.sqlite.prepare('SELECT count(*) AS n FROM release_components WHERE release_id = ?').get(release.id) as { n: number }).n;
    if (stored !== components || listed !== components) throw new Error(`the SBOM import kept ${stored} component facts and ${listed} release components, not ${components}`);
    rows.push({
      what: `import a ${components / 1000}k-component CycloneDX SBOM`, ours: sbom.ms, baseline: parse.ms, baselineName: 'JSON.parse of the same SBOM',
      note: `${Math.round(components / (sbom.ms / 1000))} components/s through importInto (schema check, ${sbom.value.import.factCount} facts, the evidence, the release's ${listed} components); peak RSS ${Math.round(sbom.peakRssMb)} MB; SBOM ${Math.round(fs.statSync(sbomFile).size / 1024)} kB`,
    });
    const lookup = await timed(async () => matchComponents(core, releaseComponents(core, release.id)));
    const matched = await timed(() => matchAfterSbom(core, sbom.value));
    const said = matched.value[0] ?? '';
    if (!said.startsWith(`Matched ${components} components`)) throw new Error(`the after-import match said: ${matched.value.join(' ') || 'nothing'}`);
    rows.push({
      what: `match ${components / 1000}k SBOM components after import`, ours: matched.ms, baseline: parse.ms, baselineName: 'JSON.parse of the same SBOM',
      note: `${said} Recorded as evidence with their facts; peak RSS ${Math.round(matched.peakRssMb)} MB; the lookup alone (no recording) took ${Math.round(lookup.ms)} ms (${lookup.value.matches.length} matches)`,
    });
  } finally {
    core.close();
  }
  return rows;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'release-audit-bench-vulns-'));
  try {
    const records = Number(process.env.BENCH_OSV_RECORDS ?? 100_000);
    for (const row of await benchVulnerabilities(scratch, records)) console.log(`${row.what}: ${Math.round(row.ours)} ms against ${Math.round(row.baseline)} ms (${row.baselineName}), ratio ${(row.ours / row.baseline).toFixed(1)}; ${row.note}`);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}
