import { useEffect, useState } from 'react';
import { scanLevels, testKindFields, testKinds, type TestKindRule, type TestSettings } from '../../../../shared/api/testing';
import { api } from '../../api/client';
import { Field } from '../../components/Field';
import { plainError } from '../../components/plainError';

// The audit's own scan threshold and test-kind mapping. The mapping is edited as text, one line per
// rule, "kind field syntax pattern" (first matching line wins); the server validates each pattern.

const lineOf = (r: TestKindRule) => `${r.kind} ${r.field} ${r.syntax} ${r.pattern}`;

/** The mapping's lines as rules, or the first line that cannot be read, said in words. */
export function parseMapping(text: string): { rules: TestKindRule[] } | { error: string } {
  const rules: TestKindRule[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [kind, field, syntax, ...rest] = line.split(/\s+/);
    const pattern = rest.join(' ');
    if (!testKinds.includes(kind as TestKindRule['kind'])) return { error: `Line ${i + 1}: "${kind}" is not a kind of test (${testKinds.join(', ')}).` };
    if (!testKindFields.includes(field as TestKindRule['field'])) return { error: `Line ${i + 1}: "${field ?? ''}" is not a field to match (${testKindFields.join(', ')}).` };
    if (syntax !== 'glob' && syntax !== 'regex') return { error: `Line ${i + 1}: say glob or regex before the pattern.` };
    if (!pattern) return { error: `Line ${i + 1}: the pattern is missing.` };
    rules.push({ kind: kind as TestKindRule['kind'], field: field as TestKindRule['field'], syntax, pattern });
  }
  return { rules };
}

export function TestsSettings({ auditId, readOnly, onSaved }: { auditId: string; readOnly: boolean; onSaved: () => void }) {
  const [settings, setSettings] = useState<TestSettings | null>(null);
  const [mapping, setMapping] = useState('');
  const [level, setLevel] = useState<(typeof scanLevels)[number]>('error');
  const [minScore, setMinScore] = useState('');
  const [combine, setCombine] = useState<'either' | 'both'>('either');
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    let live = true;
    void api['testing.settings']({ auditId }).then((s) => {
      if (!live) return;
      setSettings(s);
      setMapping(s.testKinds.map(lineOf).join('\n'));
      setLevel(s.scanThreshold.level);
      setMinScore(s.scanThreshold.minScore === null ? '' : String(s.scanThreshold.minScore));
      setCombine(s.scanThreshold.combine);
    }, (e: unknown) => live && setMessage({ error: true, text: plainError(String(e instanceof Error ? e.message : e)) }));
    return () => {
      live = false;
    };
  }, [auditId]);

  const save = async () => {
    const parsed = parseMapping(mapping);
    if ('error' in parsed) return setMessage({ error: true, text: parsed.error });
    const score = minScore.trim() === '' ? null : Number(minScore);
    if (score !== null && Number.isNaN(score)) return setMessage({ error: true, text: 'The minimum security-severity must be a number from 0 to 10, or empty.' });
    try {
      const saved = await api['testing.saveSettings']({ auditId, scanThreshold: { level, minScore: score, combine }, testKinds: parsed.rules });
      setSettings(saved);
      setMessage({ error: false, text: 'Saved. Run the rules again to draft with these settings.' });
      onSaved();
    } catch (e) {
      setMessage({ error: true, text: plainError(e instanceof Error ? e.message : String(e)) });
    }
  };

  if (!settings) return <p className="muted" role="status">Loading the test and scan settings…</p>;
  return (
    <section className="panel form" aria-label="Test and scan settings">
      <h2>Settings of this audit {settings.saved ? '' : <span className="badge">shipped defaults</span>}</h2>
      <fieldset disabled={readOnly}>
        <Field label="Scan results count from level">
          <select value={level} onChange={(e) => setLevel(e.target.value as (typeof scanLevels)[number])}>
            {scanLevels.map((l) => <option key={l} value={l}>{l}</option>)}
          </select>
        </Field>
        <Field label="Minimum security-severity" hint="0–10; empty to look at levels only.">
          <input inputMode="decimal" value={minScore} onChange={(e) => setMinScore(e.target.value)} />
        </Field>
        <Field label="A result counts when">
          <select value={combine} onChange={(e) => setCombine(e.target.value as 'either' | 'both')}>
            <option value="either">either the level or the score is reached</option>
            <option value="both">both the level and the score are reached</option>
          </select>
        </Field>
        <Field label="Test-kind mapping" hint="One line per rule: kind field syntax pattern, e.g. “integration classname regex (IT|ITCase)$” or “smoke suite glob *smoke*”. The first line that matches wins; no match is “other”.">
          <textarea rows={8} value={mapping} onChange={(e) => setMapping(e.target.value)} spellCheck={false} />
        </Field>
        <button type="button" onClick={() => void save()}>Save settings</button>
      </fieldset>
      {message && <p className={message.error ? 'field-error' : 'muted'} role={message.error ? 'alert' : 'status'}>{message.text}</p>}
    </section>
  );
}
