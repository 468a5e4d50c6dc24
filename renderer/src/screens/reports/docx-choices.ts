// The Export menu's editable report: the full report or the executive summary as DOCX, for reviewers
// who comment in Word (the signed PDF stays the record; the DOCX says so on its first page).

export const docxChoices = [
  { model: 'docx', kind: 'full', format: 'docx', label: 'Editable report for comments (DOCX)' },
  { model: 'docx', kind: 'summary', format: 'docx', label: 'Editable executive summary (DOCX)' },
] as const;
