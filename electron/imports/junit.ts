import { SaxesParser, type SaxesTag } from 'saxes';
import { AppError } from '../../shared/api/errors';
import type { ReadSummary } from './reader';
import type { FactSink, LineParser } from './sink';
import { clip } from './text';
import { readIso } from './time';

// JUnit XML test reports (Ant's schema as Surefire, Gradle, jest-junit, pytest and most CI tools
// write it; the common variants: a root <testsuites> or a lone <testsuite>, nested suites, <failure>,
// <error>, <skipped>, <properties>, <system-out>), streamed through a SAX parser line by line, so a
// report of any size is read in fixed memory. A DOCTYPE is refused: test reports have none, and
// entity declarations are how XML files attack their readers.

const MAX_DEPTH = 64;
const MAX_PROPERTIES = 50;
const MAX_TEXT = 2000;

interface Suite {
  name: string;
  line: number;
  attrs: Record<string, string>;
  counted: { tests: number; failures: number; errors: number; skipped: number };
  properties: Record<string, string>;
  nested: boolean;
}

interface Case {
  line: number;
  name: string;
  classname: string | null;
  file: string | null;
  time: number | null;
  outcome: 'passed' | 'failure' | 'error' | 'skipped';
  type: string | null;
  message: string | null;
  text: string;
}

const seconds = (value: string | undefined): number | null => {
  if (value === undefined || value.trim() === '') return null;
  const n = Number(value.replace(/,/g, ''));
  return Number.isFinite(n) && n >= 0 ? n : null;
};
const count = (value: string | undefined): number | null => {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n >= 0 ? n : null;
};

export function junitParser(sink: FactSink): LineParser {
  const sax = new SaxesParser({ position: true });
  const suites: Suite[] = [];
  const stack: string[] = [];
  let current: Case | null = null;
  let inFailureText = false;
  let rootName: string | null = null;
  let sawRoot = false;
  const totals = { suites: 0, tests: 0, failures: 0, errors: 0, skipped: 0, duration: 0, timed: false };
  let rootDuration: number | null = null;
  let failure: Error | null = null;

  const fail = (message: string): never => {
    throw new AppError('VALIDATION', message);
  };

  sax.on('doctype', () => fail(`This JUnit XML report has a DOCTYPE (line ${sax.line}); test reports have none, and it is not read.`));
  sax.on('error', (error) => {
    failure ??= error;
  });
  sax.on('opentag', (tag: SaxesTag) => {
    const name = tag.name.replace(/^[^:]+:/, '');
    const attrs = tag.attributes as Record<string, string>;
    if (stack.length >= MAX_DEPTH) fail(`This JUnit XML report nests deeper than ${MAX_DEPTH} levels (line ${sax.line}), which no test report does.`);
    if (stack.length === 0) {
      if (name !== 'testsuites' && name !== 'testsuite') fail(`This XML file's root element is <${clip(tag.name, 60)}>, not <testsuites> or <testsuite>, so it is not a JUnit test report.`);
      sawRoot = true;
      if (name === 'testsuites') {
        rootName = attrs.name ?? null;
        rootDuration = seconds(attrs.time);
      }
    }
    stack.push(name);
    if (name === 'testsuite') {
      const parent = suites.at(-1);
      if (parent) parent.nested = true;
      const own = attrs.name ?? attrs.package ?? `suite ${totals.suites + suites.length + 1}`;
      suites.push({ name: parent ? `${parent.name} › ${own}` : own, line: sax.line, attrs, counted: { tests: 0, failures: 0, errors: 0, skipped: 0 }, properties: {}, nested: false });
    } else if (name === 'property' && suites.length > 0) {
      const suite = suites.at(-1) as Suite;
      if (attrs.name !== undefined && Object.keys(suite.properties).length < MAX_PROPERTIES) suite.properties[clip(attrs.name, 200)] = clip(attrs.value ?? '', 500);
    } else if (name === 'testcase') {
      current = { line: sax.line, name: attrs.name ?? '(unnamed test)', classname: attrs.classname ?? attrs.class ?? null, file: attrs.file ?? suites.at(-1)?.attrs.file ?? null, time: seconds(attrs.time), outcome: 'passed', type: null, message: null, text: '' };
    } else if (current && (name === 'failure' || name === 'error')) {
      // A case with both keeps the first: the failure a reader sees first.
      if (current.outcome === 'passed' || current.outcome === 'skipped') {
        current.outcome = name;
        current.type = attrs.type ?? null;
        current.message = attrs.message !== undefined ? clip(attrs.message, MAX_TEXT) : null;
      }
      inFailureText = true;
    } else if (current && name === 'skipped' && current.outcome === 'passed') {
      current.outcome = 'skipped';
    }
  });
  const onText = (text: string) => {
    if (inFailureText && current && current.text.length < MAX_TEXT) current.text += text.slice(0, MAX_TEXT - current.text.length);
  };
  sax.on('text', onText);
  sax.on('cdata', onText);
  sax.on('closetag', (tag) => {
    const name = tag.name.replace(/^[^:]+:/, '');
    stack.pop();
    if ((name === 'failure' || name === 'error') && current) inFailureText = false;
    else if (name === 'testcase' && current) {
      const suite = suites.at(-1);
      if (suite) {
        suite.counted.tests += 1;
        if (current.outcome === 'failure') suite.counted.failures += 1;
        if (current.outcome === 'error') suite.counted.errors += 1;
        if (current.outcome === 'skipped') suite.counted.skipped += 1;
      }
      if (current.outcome === 'failure' || current.outcome === 'error') {
        const message = current.message ?? (current.text.trim() === '' ? null : clip(current.text.trim().split('\n')[0] ?? '', 500));
        sink.add({
          kind: 'test-failure',
          lines: [current.line, Math.max(current.line, sax.line)],
          suite: suite?.name ?? rootName ?? '',
          classname: current.classname,
          file: current.file === null ? null : clip(current.file, 500),
          name: current.name,
          outcome: current.outcome,
          type: current.type,
          message,
          durationSeconds: current.time,
        });
      }
      current = null;
    } else if (name === 'testsuite') {
      const suite = suites.pop() as Suite;
      const listed = suite.counted.tests > 0;
      // Counts come from the cases listed; a suite that lists none (a summary) gives its attributes.
      const tests = listed ? suite.counted.tests : (count(suite.attrs.tests) ?? 0);
      const failures = listed ? suite.counted.failures : (count(suite.attrs.failures) ?? 0);
      const errors = listed ? suite.counted.errors : (count(suite.attrs.errors) ?? 0);
      const skipped = listed ? suite.counted.skipped : (count(suite.attrs.skipped) ?? count(suite.attrs.disabled) ?? 0);
      const duration = seconds(suite.attrs.time);
      const parent = suites.at(-1);
      if (parent) {
        parent.counted.tests += tests;
        parent.counted.failures += failures;
        parent.counted.errors += errors;
        parent.counted.skipped += skipped;
      }
      if (listed && count(suite.attrs.tests) !== null && count(suite.attrs.tests) !== tests && !suite.nested) {
        sink.warn(`Suite "${clip(suite.name, 80)}" says it has ${suite.attrs.tests} tests but lists ${tests}; the listed ones are counted.`);
      }
      sink.add({
        kind: 'test-suite',
        lines: [suite.line, Math.max(suite.line, sax.line)],
        name: suite.name,
        tests,
        failures,
        errors,
        skipped,
        durationSeconds: duration,
        startedAt: readIso(suite.attrs.timestamp),
        hostname: suite.attrs.hostname ?? null,
        properties: suite.properties,
      });
      if (!parent) {
        totals.suites += 1;
        totals.tests += tests;
        totals.failures += failures;
        totals.errors += errors;
        totals.skipped += skipped;
        if (duration !== null) {
          totals.duration += duration;
          totals.timed = true;
        }
      }
    }
  });

  return {
    line(text: string) {
      sax.write(`${text}\n`);
      if (failure) fail(`This JUnit XML report is damaged at line ${sax.line}: ${clip(failure.message.replace(/^[^:]*:\d+:\d+: /, ''), 200)}.`);
    },
    finish(summary: ReadSummary) {
      try {
        sax.close();
      } catch (error) {
        failure ??= error as Error;
      }
      if (!sawRoot) fail('This file holds no XML elements, so it is not a JUnit test report.');
      if (failure || stack.length > 0) fail(`This JUnit XML report is cut short: it ends (line ${summary.lines}) before <${stack.at(-1) ?? 'testsuites'}> is closed.`);
      sink.ended = true;
      sink.add({
        kind: 'test-totals',
        lines: [1, Math.max(1, summary.lines)],
        name: rootName,
        suites: totals.suites,
        tests: totals.tests,
        failures: totals.failures,
        errors: totals.errors,
        skipped: totals.skipped,
        durationSeconds: rootDuration ?? (totals.timed ? Math.round(totals.duration * 1000) / 1000 : null),
      });
    },
  };
}
