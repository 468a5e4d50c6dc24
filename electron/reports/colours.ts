import type { Severity } from '../../shared/enums';

/** Each severity's colour in the report (charts, headings, the findings summary). */
export const severityColours: Record<Severity, string> = { critical: '#b3261e', major: '#c25e00', minor: '#8a6d00', informational: '#1d5fd0' };
