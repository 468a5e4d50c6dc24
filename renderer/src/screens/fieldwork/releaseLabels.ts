import type { FieldLabels } from '../../components/plainError';

/** The labels the release screens show, for messages that name a field. */
export const releaseLabels: FieldLabels = {
  identifier: 'Identifier',
  system: 'System',
  services: 'Services',
  environments: 'Environments',
  windowStart: 'Window opens',
  windowEnd: 'Window closes',
  timeZone: 'Time zone of the window',
  riskClass: 'Risk class',
  backoutPlan: 'Backout plan',
  riskAssessment: 'Risk assessment',
  sourceTag: 'Source tag',
  buildNumber: 'Build number',
  manifestVersion: 'Deployment manifest version',
  runbookSignedBy: 'Runbook signed off by',
  runbookSignedAt: 'Runbook signed off at',
  emergencyJustification: 'Justification',
  postFactoApprovedBy: 'Approved after the fact by',
  postFactoApprovedAt: 'Approved after the fact at',
  bypassedControls: (i) => `Bypassed control ${i + 1}`,
  emergencyReview: 'Post-emergency review',
  tickets: (i) => `Ticket ${i + 1}`,
  steps: (i) => `Step ${i + 1}`,
  components: (i) => `Component ${i + 1}`,
};
