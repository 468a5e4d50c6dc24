// A certificate fingerprint as people compare it: the first eight pairs, and every pair on demand.
// Two identities may share a display name; their fingerprints tell them apart.

export function FingerprintText({ value, label }: { value: string; label: string }) {
  const pairs = value.toUpperCase().match(/.{1,2}/g) ?? [];
  return (
    <details className="fingerprint-text">
      <summary>
        <code className="hash" aria-label={`${label} (short)`} title="Show the whole fingerprint">
          {pairs.slice(0, 8).join(':')}…
        </code>
      </summary>
      <code className="hash" aria-label={label}>
        {pairs.join(':')}
      </code>
    </details>
  );
}
