import type { TrendChart, TrendQuery } from '../../shared/api/trends';
import { maturityTrendProvider } from '../maturity/trend-provider';
import type { Core } from '../services';
import { doraTrendProvider } from '../dora/trend-provider';
import { kpiTrendProvider } from '../kpis/trend-provider';
import { findingsTrendProvider } from './findings-provider';

// Who draws the improvement loop's charts: each figure's domain (KPIs, DORA keys, emergency
// releases, maturity…) exports a provider from its own folder and adds one line to `trendProviders`.
// The Trends dashboard, its CSV and the report's trends section read every chart through here.

export interface TrendProvider {
  /** The provider's name, for errors ("the DORA keys could not be computed: …"). */
  id: string;
  /** Its charts for the query. It writes no record: at most it refreshes its own local figures (never ledgered or synced). */
  charts(core: Core, query: TrendQuery): TrendChart[];
}

export const trendProviders: TrendProvider[] = [
  kpiTrendProvider,
  doraTrendProvider,
  maturityTrendProvider,
  findingsTrendProvider,
];
