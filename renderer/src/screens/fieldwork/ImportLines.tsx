import { useState } from 'react';
import type { Excerpt } from '../../../../shared/api/import-methods';
import { api } from '../../api/client';
import { plainError } from '../../components/plainError';

/** "imported from <file>, lines a–b": opens those lines of the imported file (read from the vault) below. */
export function ImportLines({ source, label }: { source: { importId: string; name: string; kindLabel: string; lines: readonly [number, number] | null }; label?: string }) {
  const [excerpt, setExcerpt] = useState<Excerpt | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [from, to] = source.lines ?? [null, null];
  const toggle = () => {
    if (excerpt) return setExcerpt(null);
    if (from === null || to === null) return;
    api['imports.excerpt']({ importId: source.importId, from, to }).then(
      (lines) => {
        setExcerpt(lines);
        setError(null);
      },
      (e: Error) => setError(plainError(e.message)),
    );
  };
  return (
    <span className="imported-from">
      <span className="badge" title={source.kindLabel}>
        imported from {source.name}
      </span>
      {from !== null && (
        <button type="button" className="small link" aria-expanded={excerpt !== null} aria-label={`${excerpt ? 'Close' : 'Open'} lines ${from}–${to} of ${source.name}${label ? ` (${label})` : ''}`} onClick={toggle}>
          lines {from}–{to}
        </button>
      )}
      {error && <span className="status-error"> {error}</span>}
      {excerpt && (
        <pre className="import-excerpt" aria-label={`Lines ${excerpt.from}–${excerpt.to} of ${excerpt.name}`}>
          {excerpt.lines.map((line) => `${String(line.n).padStart(6)}  ${line.text}`).join('\n')}
        </pre>
      )}
    </span>
  );
}
