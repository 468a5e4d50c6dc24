import type { TemplateContent, TemplateItem } from '../../shared/api/templates';
import type { Library } from '../library/library';

// The template every installation ships with, built from the whole control library. Its ids are
// fixed, so laptops that each create it agree on one record when they sync.

export const DEFAULT_TEMPLATE_ID = '0190a000-0000-7000-8000-000000000001';
export const DEFAULT_TEMPLATE_V1_ID = '0190a000-0000-7000-8000-000000000002';
export const DEFAULT_TEMPLATE_NAME = 'Release audit — standard';

export function libraryItems(library: Library): TemplateItem[] {
  return library.controls.controls.map((control) => ({
    key: control.id,
    stage: control.stage,
    kind: 'control',
    controlId: control.id,
    title: control.title,
    procedure: control.testProcedure,
    evidenceExpected: control.evidenceExpected,
  }));
}

export function defaultTemplateContent(library: Library): TemplateContent {
  return {
    items: libraryItems(library),
    deviations: [
      {
        key: 'emergency-cab-bypass',
        title: 'Emergency deployment without the full CAB',
        appliesTo: 'emergency',
        allows: 'An emergency deployment may skip the full Change Advisory Board review.',
        conditions: [
          'A justification for the emergency is recorded before deployment.',
          'An emergency CAB member or delegated approver approves after the fact.',
        ],
        postFactoApprovalHours: 24,
      },
      {
        key: 'standard-change-preapproved',
        title: 'Pre-approved standard changes',
        appliesTo: 'rfc-approval',
        allows: 'A change of a type on the pre-approved standard change catalogue may proceed without an individual CAB approval.',
        conditions: ['The change type is on the current standard change catalogue.', 'The RFC references the catalogue entry.'],
        postFactoApprovalHours: null,
      },
    ],
  };
}
