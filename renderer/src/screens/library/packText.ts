// The rule pack editor's text: the pack it saves into, and the line a refusal names.

/** The line a refusal names ("rules.yaml: line 12: field …", "…: line 4, column 9: …"), if any. */
export function refusedLine(message: string): number | null {
  const match = /: line (\d+)[,:]/.exec(message);
  return match ? Number(match[1]) : null;
}

/**
 * The text to edit: the version's YAML naming its pack, so it saves as the pack's next version. The
 * shipped pack's file has no `id` line (a copy saved without one becomes a new pack).
 */
export function withPackId(source: string, packId: string): string {
  if (/^id:/m.test(source)) return source;
  const lines = source.split('\n');
  const at = lines.findIndex((l) => /^schema:/.test(l));
  lines.splice(at + 1, 0, `id: ${packId}`);
  return lines.join('\n');
}
