import type { Hub } from './hub';
import type { ExtraRoute } from './server';

// The department's read-only web view served by the hub (to be built: see the hub design brief).
export function departmentRoutes(_hub: Hub, _appRoot: string): ExtraRoute[] {
  return [];
}
