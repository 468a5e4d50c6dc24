import { areaEntry } from '../areaEntry';

export const reportsEntry = areaEntry({ id: 'reports', label: 'Reports', key: '7', description: 'Full and executive PDF reports, redacted per audience and signed.' });
