import { areaEntry } from '../areaEntry';

export const planEntry = areaEntry({ id: 'plan', label: 'Plan', key: '2', description: 'Scope, boundaries, regulatory drivers, success criteria and escalation thresholds.' });
