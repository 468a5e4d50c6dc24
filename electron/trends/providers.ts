import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import type { Core } from '../services';
import { findingsTrendProvider } from './findings-provider';

// Who draws the improvement loop's charts: each figure's domain (KPIs, DORA keys, emergency
// releases, maturity…) exports a provider from its own folder and adds one line to `trendProviders`.
// The Trends dashboard, its CSV and the report's trends section read every chart through here.

export interface TrendProvider {
  /** The provider's name, for errors ("the DORA keys could not be computed: …"). */
  id: string;
  /** Its charts for the query. Reads only: it computes from what is stored, and writes nothing. */
  charts(core: Core, query: TrendQuery): TrendChart[];
}

export const trendProviders: TrendProvider[] = [
  findingsTrendProvider,
];
