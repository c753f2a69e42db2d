/**
 * Edit distance with adjacent transpositions (optimal string alignment): `dts` → `dst` is one edit, as a typist
 * would count it. Bounded: gives up (returns `limit + 1`) once the distance must exceed `limit`.
 */
export function editDistance(a: string, b: string, limit = 8): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, beforePrevious[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    beforePrevious = previous;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The closest candidate to a mistyped value, if one is close enough to be a plausible typo
 * (case-insensitive; at most a third of the word may differ).
 */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  const needle = value.toLowerCase().slice(0, 200);
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(needle.length / 3));
  for (const candidate of candidates) {
    const distance = editDistance(needle, candidate.toLowerCase(), bestDistance);
    if (
      distance <= bestDistance &&
      (best === undefined || distance < editDistance(needle, best.toLowerCase()))
    ) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
