import { areaEntry } from '../areaEntry';

export const improvementEntry = areaEntry({
  id: 'improvement',
  label: 'Improvement',
  key: '9',
  description: 'Between audits: KPIs and DORA keys over the cycles, maturity, retrospectives, training and what recurring findings teach the checklists.',
});
