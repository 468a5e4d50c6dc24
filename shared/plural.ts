/** "1 ledger entry", "3 ledger entries": counts read as a person would write them. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}
