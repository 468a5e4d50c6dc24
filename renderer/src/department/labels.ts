/** A status or severity as a person reads it: 'in-remediation' → 'In remediation'. */
export function labelOf(value: string): string {
  const words = value.replace(/-/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const dayOf = (timestamp: string | null): string => (timestamp ? timestamp.slice(0, 10) : '—');
