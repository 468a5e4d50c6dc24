// What an area of the app declares next to its screens: its id (the URL hash), its name in the
// navigation, its key (Alt+key opens it) and what it holds. `stores/ui.ts` merges the entries into
// the navigation and `app/App.tsx` names each area's screen, one line per area in each.

export interface AreaEntry<Id extends string = string> {
  id: Id;
  label: string;
  /** Alt+key opens the area from anywhere. */
  key: string;
  description: string;
  /** More Alt+key shortcuts that open this area after doing something there (Alt+W: the war room). */
  shortcuts?: ReadonlyArray<{ key: string; label: string; run: () => void }>;
}

export function areaEntry<const Id extends string>(entry: AreaEntry<Id>): AreaEntry<Id> {
  return entry;
}
