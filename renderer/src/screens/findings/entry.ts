import { areaEntry } from '../areaEntry';

export const findingsEntry = areaEntry({ id: 'findings', label: 'Findings', key: '6', description: 'Findings by severity, owners, due dates and repeat findings.' });
