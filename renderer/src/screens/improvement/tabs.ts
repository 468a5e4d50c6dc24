import type { ComponentType } from 'react';
import { DoraTab } from './DoraTab';
import { MaturityTab } from './MaturityTab';
import { KpisTab } from './KpisTab';
import { ProposalsTab } from './ProposalsTab';
import { RetrospectivesTab } from './RetrospectivesTab';
import { TrainingTab } from './TrainingTab';
import { TrendsTab } from './TrendsTab';

// The views of the Improvement area, in order. Each view is its own file in this folder and adds one
// entry here; the screen draws the tab list from this array.

export interface ImprovementTab {
  id: string;
  label: string;
  /** The view itself. `auditId` is the audit chosen in the context bar, or null when none is: views
   * across every audit (trends, DORA) work without one; views of one audit ask for one. */
  Panel: ComponentType<{ auditId: string | null }>;
}

export const improvementTabs: ImprovementTab[] = [
  { id: 'trends', label: 'Trends', Panel: TrendsTab },
  { id: 'kpis', label: 'KPIs', Panel: KpisTab },
  { id: 'dora', label: 'DORA keys', Panel: DoraTab },
  { id: 'maturity', label: 'Maturity', Panel: MaturityTab },
  { id: 'retrospectives', label: 'Retrospectives', Panel: RetrospectivesTab },
  { id: 'training', label: 'Training & calibration', Panel: TrainingTab },
  { id: 'proposals', label: 'Template proposals', Panel: ProposalsTab },
];
