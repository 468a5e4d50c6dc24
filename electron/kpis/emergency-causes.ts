// Why a release went through the emergency path, as one of a few normalised causes, read from the
// words of its justification (and, when that is silent, the notes of its emergency review). People
// write "sev1 outage", "prod incident" or "service down" for the same cause; grouping them lets the
// review see that most emergencies come from incidents and not from missed deadlines, say.

export const emergencyCauses = [
  { cause: 'Security fix', words: /\b(security|vulnerab\w*|cve-?\d*|exploit\w*|patch(ed|ing)? (a )?(zero|0)-?day|breach|malware|ransomware)\b/ },
  { cause: 'Production incident or outage', words: /\b(incident|outage|down(time)?|sev ?[12]|p[12]|crash\w*|unavailable|degraded|broken|fail(ing|ure|ed)? in prod\w*)\b/ },
  { cause: 'Defect found after a release', words: /\b(hot-?fix|regression|bug|defect|rollback|revert\w*)\b/ },
  { cause: 'Data correction', words: /\b(data (fix|correction|corrupt\w*)|corrupt\w*|wrong data|reconcil\w*)\b/ },
  { cause: 'Regulatory or legal deadline', words: /\b(regulat\w*|legal|compliance|audit deadline|law|mandate\w*|gdpr|sox|pci)\b/ },
  { cause: 'Business or customer deadline', words: /\b(customer|client|contract\w*|deadline|launch|business|revenue|sales)\b/ },
  { cause: 'Third-party or vendor change', words: /\b(vendor|third[- ]party|supplier|provider|certificate|cert expir\w*|expir\w*)\b/ },
] as const;

export const UNSTATED = 'No cause stated';
export const OTHER = 'Other cause';

/** The normalised cause of an emergency release: the first group whose words its justification uses. */
export function emergencyCause(justification: string, reviewNotes: string): string {
  for (const text of [justification, reviewNotes]) {
    const folded = text.toLowerCase().replace(/\s+/g, ' ').trim();
    if (folded === '') continue;
    return emergencyCauses.find((c) => c.words.test(folded))?.cause ?? OTHER;
  }
  return UNSTATED;
}
