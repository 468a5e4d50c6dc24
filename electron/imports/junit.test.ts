import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FactOf } from '../../shared/api/imports';
import { importFile } from './import-file';
import { fixture, real, realworldMissing, scratchDir, writeScratch } from './test-files';

// JUnit XML as Surefire, pytest, jest-junit and nested-suite reporters write it, read by content,
// streamed; broken, hostile and wrong-kind XML refused in one sentence.

const ofKind = <K extends 'test-suite' | 'test-failure' | 'test-totals'>(facts: Array<{ kind: string }>, kind: K) => facts.filter((f) => f.kind === kind) as Array<FactOf<K>>;

describe('a JUnit report', () => {
  it('from Surefire gives its suite, failure and error with messages and lines, and a skipped test', async () => {
    const result = await importFile(fixture('junit-surefire.xml'));
    expect(result.kind).toBe('junit');
    const [suite] = ofKind(result.facts, 'test-suite');
    expect(suite).toMatchObject({ name: 'com.example.payments.SettlementIT', tests: 5, failures: 1, errors: 1, skipped: 1, durationSeconds: 12.804, properties: { 'env.DEPLOY_ENV': 'staging' } });
    expect(suite?.startedAt).toMatchObject({ text: '2026-11-30T23:58:41', zone: 'not-stated' });
    const failures = ofKind(result.facts, 'test-failure');
    expect(failures.map((f) => [f.name, f.outcome, f.type])).toEqual([
      ['rejectsDuplicateReference', 'failure', 'org.opentest4j.AssertionFailedError'],
      ['retriesWhenLedgerIsLocked', 'error', 'org.postgresql.util.PSQLException'],
    ]);
    expect(failures[0]?.message).toBe('expected: <409> but was: <201>');
    const lines = fs.readFileSync(fixture('junit-surefire.xml'), 'utf8').split('\n');
    const [from, to] = failures[0]!.lines;
    expect(lines[from - 1]).toContain('rejectsDuplicateReference');
    expect(lines[to - 1]).toContain('</testcase>');
    expect(ofKind(result.facts, 'test-totals')[0]).toMatchObject({ suites: 1, tests: 5, failures: 1, errors: 1, skipped: 1 });
  });

  it('from pytest, on one line, takes the message attribute and the stated zone of its timestamp', async () => {
    const result = await importFile(fixture('junit-pytest.xml'));
    const [suite] = ofKind(result.facts, 'test-suite');
    expect(suite).toMatchObject({ name: 'pytest', tests: 4, failures: 1, skipped: 1, hostname: 'runner-eu-2' });
    expect(suite?.startedAt).toMatchObject({ utc: '2026-11-30T23:02:15.118Z', zone: 'stated' });
    expect(ofKind(result.facts, 'test-failure')[0]?.message).toMatch(/^AssertionError: assert '4\.18\.1' == '4\.18\.2'/);
    expect(ofKind(result.facts, 'test-totals')[0]).toMatchObject({ name: 'pytest tests', tests: 4, failures: 1 });
  });

  it('with nested suites names each by its path and counts each test once', async () => {
    const result = await importFile(fixture('junit-nested.xml'));
    expect(ofKind(result.facts, 'test-suite').map((s) => [s.name, s.tests, s.failures])).toEqual([
      ['Checkout › Cart', 3, 0],
      ['Checkout › Payment', 2, 1],
      ['Checkout', 5, 1],
    ]);
    expect(ofKind(result.facts, 'test-totals')[0]).toMatchObject({ suites: 1, tests: 5, failures: 1, durationSeconds: 41.5 });
    expect(ofKind(result.facts, 'test-failure')[0]).toMatchObject({ suite: 'Checkout › Payment', name: 'pays by SEPA debit', message: 'Timed out after 20000 ms waiting for #mandate-confirmed' });
  });

  it.skipIf(realworldMissing)('from jest-junit (a real one) gives its four failures', async () => {
    const result = await importFile(real('junit-jest-failures.xml'));
    expect(result.kind).toBe('junit');
    expect(ofKind(result.facts, 'test-totals')[0]).toMatchObject({ tests: 6, failures: 4 });
    expect(ofKind(result.facts, 'test-failure')[0]?.message).toBe('Error: expect(received).toBeTruthy()');
  });

  it('is refused in one sentence when cut short, damaged, hostile or not a test report', async () => {
    const dir = scratchDir();
    const whole = fs.readFileSync(fixture('junit-surefire.xml'), 'utf8');
    const cases: Array<[string, string, RegExp]> = [
      ['cut.xml', whole.slice(0, whole.indexOf('<testcase name="archivesAfterMidnight"')), /cut short/],
      ['damaged.xml', whole.replace('</testcase>', '</testcas>'), /damaged at line \d+/],
      ['entities.xml', '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>\n<testsuite name="x"><testcase name="&lol2;"/></testsuite>\n', /DOCTYPE/],
      ['external.xml', '<?xml version="1.0"?>\n<!DOCTYPE t [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<testsuites><testsuite name="&x;"/></testsuites>\n', /DOCTYPE/],
      ['pom.xml', '<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>\n', /root element is <project>, not a JUnit test report/],
      ['deep.xml', `<testsuites>${'<testsuite name="s">'.repeat(200)}${'</testsuite>'.repeat(200)}</testsuites>\n`, /nests deeper than 64/],
    ];
    for (const [name, text, message] of cases) {
      await expect(importFile(writeScratch(dir, name, text)), name).rejects.toThrow(message);
    }
  });

  it('of any size is read in one pass: a 200,000-case report', async () => {
    const dir = scratchDir();
    const file = path.join(dir, 'big.xml');
    const out = fs.createWriteStream(file);
    out.write('<?xml version="1.0"?>\n<testsuites>\n<testsuite name="load">\n');
    for (let i = 0; i < 200_000; i += 1) out.write(i % 1000 === 0 ? `<testcase name="t${i}" time="0.1"><failure message="boom ${i}"/></testcase>\n` : `<testcase name="t${i}" time="0.1"/>\n`);
    out.end('</testsuite>\n</testsuites>\n');
    await new Promise<void>((resolve) => out.on('finish', () => resolve()));
    const result = await importFile(file, { kind: 'junit' });
    expect(ofKind(result.facts, 'test-totals')[0]).toMatchObject({ tests: 200_000, failures: 200 });
    expect(result.lines).toBe(200_005);
  });

  it('never throws anything but a plain refusal, whatever XML-like text it is given', async () => {
    const dir = scratchDir();
    const piece = fc.constantFrom('<testsuites>', '<testsuite name="a">', '<testcase name="b">', '<failure message="m">', '</failure>', '</testcase>', '</testsuite>', '</testsuites>', '<![CDATA[x]]>', '<!-- c -->', '&amp;', '&bogus;', '<', '>', '"', '\n', 'text');
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }), async (pieces) => {
        const file = writeScratch(dir, 'f.xml', `<testsuites>${pieces.join('')}`);
        try {
          await importFile(file, { kind: 'junit' });
        } catch (error) {
          expect((error as { code?: string }).code).toBe('VALIDATION');
        }
      }),
      { numRuns: 150 },
    );
  });
});
