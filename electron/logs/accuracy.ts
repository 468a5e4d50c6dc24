// Grouping accuracy as the log-parsing literature defines it (Zhu et al., "Tools and Benchmarks for
// Automated Log Parsing", ICSE-SEIP 2019; logparser's evaluator): a line is parsed correctly iff
// the set of lines in its mined group equals the set of lines of its ground-truth group, and
// GA = correctly parsed lines / all lines.

export function groupingAccuracy(truth: ArrayLike<string | number>, mined: ArrayLike<string | number>): number {
  if (truth.length !== mined.length) throw new RangeError(`The ground truth has ${truth.length} lines and the mined result ${mined.length}; they must be the same lines.`);
  if (truth.length === 0) return 1;
  const truthSizes = new Map<string | number, number>();
  for (let i = 0; i < truth.length; i += 1) truthSizes.set(truth[i]!, (truthSizes.get(truth[i]!) ?? 0) + 1);
  // Per mined group: its size, and the one truth group of its lines (null once it holds two).
  const groups = new Map<string | number, { size: number; truth: string | number | null }>();
  for (let i = 0; i < mined.length; i += 1) {
    const seen = groups.get(mined[i]!);
    if (!seen) groups.set(mined[i]!, { size: 1, truth: truth[i]! });
    else {
      seen.size += 1;
      if (seen.truth !== truth[i]) seen.truth = null;
    }
  }
  let correct = 0;
  for (const group of groups.values()) if (group.truth !== null && truthSizes.get(group.truth) === group.size) correct += group.size;
  return correct / truth.length;
}
