// The choices an audit plan offers, with the defaults a planner starts from.

export const scopeModes = ['all-releases', 'high-risk'] as const;
export type ScopeMode = (typeof scopeModes)[number];

export const dataSources = ['deployment-logs', 'cmdb', 'version-control', 'change-system', 'other'] as const;
export type DataSource = (typeof dataSources)[number];

export const dataSourceLabels: Record<DataSource, string> = {
  'deployment-logs': 'Deployment logs',
  cmdb: 'CMDB',
  'version-control': 'Version control',
  'change-system': 'Change management system',
  other: 'Other',
};

export const regulatoryPresets = [
  {
    id: 'SOX',
    name: 'Sarbanes-Oxley (SOX) IT general controls',
    adds: 'Changes to financially relevant systems are authorised, tested and approved before production; developers cannot migrate their own changes; emergency changes are approved after the fact and evidenced.',
  },
  {
    id: 'HIPAA',
    name: 'HIPAA Security Rule',
    adds: 'Changes touching electronic protected health information keep access controls and audit logging intact; evidence of risk analysis for the change is retained.',
  },
  {
    id: 'GDPR',
    name: 'GDPR',
    adds: 'Releases that change processing of personal data show a data protection impact assessment where required, and privacy by design and default in the change.',
  },
  {
    id: 'PCI-DSS',
    name: 'PCI DSS v4.0.1',
    adds: 'Changes to the cardholder data environment follow documented change control (requirement 6.5.1: reason, impact, approval by authorised parties, testing, back-out procedures) and, after a significant change, all applicable requirements are confirmed in place (6.5.2).',
  },
] as const;

export const successCriterionKinds = ['compliance-adherence', 'rollback-readiness', 'change-ticket-linkage', 'custom'] as const;
export type SuccessCriterionKind = (typeof successCriterionKinds)[number];

export const successCriterionLabels: Record<SuccessCriterionKind, string> = {
  'compliance-adherence': 'Compliance adherence',
  'rollback-readiness': 'Rollback readiness',
  'change-ticket-linkage': 'Change-ticket linkage',
  custom: 'Custom',
};

export const ownerRoles = ['Release Manager', 'CAB', 'Compliance Officer'] as const;
