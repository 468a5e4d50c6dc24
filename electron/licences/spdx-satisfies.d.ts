declare module 'spdx-satisfies' {
  /** Whether an SPDX expression is satisfied by a list of licences (ids, ranges, ids WITH exceptions). */
  function satisfies(expression: string, approved: string[]): boolean;
  export = satisfies;
}
