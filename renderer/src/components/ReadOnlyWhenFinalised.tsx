import type { ReactNode } from 'react';
import { useAudits } from '../stores/audits';

// A finalised audit shows its records with no editable field, instead of refusing edits after the
// fact: every screen that edits an audit's records wraps them here, under one plain line saying so.

/** Whether the audit is finalised, from the audits list every header reads. */
export function useAuditFinalised(auditId: string | null | undefined): boolean {
  return useAudits((s) => Boolean(auditId) && s.audits.find((a) => a.id === auditId)?.status === 'finalised');
}

/** The one line saying the audit is finalised and what on this screen therefore reads only. */
export function FinalisedNote({ what }: { what: string }) {
  return (
    <p className="read-only-note" role="note" data-testid="read-only-note">
      The audit is finalised: {what} read-only. Corrections are amendments (Reports, Alt+7).
    </p>
  );
}

/** Its fields show as text and its action buttons go away while the audit is finalised. */
export function ReadOnlyFieldset({ readOnly, children }: { readOnly: boolean; children: ReactNode }) {
  return (
    <fieldset className="plain-fieldset" disabled={readOnly}>
      {children}
    </fieldset>
  );
}

/** The note and the read-only fields together, for a screen whose records all sit in one place. */
export function ReadOnlyWhenFinalised({ finalised, what, children }: { finalised: boolean; what: string; children: ReactNode }) {
  return (
    <>
      {finalised && <FinalisedNote what={what} />}
      <ReadOnlyFieldset readOnly={finalised}>{children}</ReadOnlyFieldset>
    </>
  );
}
