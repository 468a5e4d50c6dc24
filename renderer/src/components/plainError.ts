// Messages from the app name fields by their place in the data ("at:", "bypassedControls.1:",
// "Invalid input for releases.update: …"). A screen says them with the labels it shows instead.

export type FieldLabels = Record<string, string | ((index: number) => string)>;

/** "Invalid input for x.y: bypassedControls.1.note: too long" → "Bypassed control 2, note: too long". */
export function plainError(message: string, labels: FieldLabels = {}): string {
  const text = message.replace(/^Invalid input for [\w.]+: /, '').replace(/\.$/, '');
  return text
    .split('; ')
    .map((part) => {
      const match = /^([A-Za-z][\w]*(?:\.[\w]+)*): (.*)$/s.exec(part);
      if (!match) return part;
      const [, path = '', rest = ''] = match;
      const [head = '', ...tail] = path.split('.');
      const label = labels[head] ?? labels[path];
      const index = tail.length > 0 && /^\d+$/.test(tail[0] as string) ? Number(tail[0]) : null;
      const named = typeof label === 'function' ? label(index ?? 0) : label;
      // A message that already starts with its label ("Observed % is required") needs no prefix.
      if (named && rest.startsWith(named)) return rest;
      if (named) return `${named}: ${rest}`;
      // Unknown to this screen: say the last readable word of the path, not the path.
      const word = [...path.split('.')].reverse().find((p) => !/^\d+$/.test(p)) ?? path;
      return `${word.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, (c) => c.toUpperCase())}: ${rest}`;
    })
    .join('; ')
    .replace(/must be a record identifier \(a UUID\)/g, 'refers to a record that this screen did not recognise; reload and try again');
}
