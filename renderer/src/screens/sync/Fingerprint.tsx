import { fingerprintRows } from './format';

/** A key fingerprint in rows of eight pairs, large enough to read out and compare pair by pair. */
export function Fingerprint({ value, label }: { value: string; label: string }) {
  return (
    <code className="fingerprint" aria-label={label} data-testid="fingerprint">
      {fingerprintRows(value).map((row) => (
        <span key={row}>{row}</span>
      ))}
    </code>
  );
}
