/**
 * "Did you mean …?": the closest known spelling of a mistyped path, key, team or value.
 */

/** Levenshtein distance (insertions, deletions, substitutions), case-sensitive. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate closest to `word`, or undefined when none is close enough to be a plausible typo
 * (a wrong suggestion is worse than none). Case differences count as half an edit, so `Critical`
 * finds `critical` before `critcal` does.
 */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  // Up to a third of the word may be wrong, and always at least two characters.
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const exact = editDistance(word, candidate);
    const folded = editDistance(word.toLowerCase(), candidate.toLowerCase());
    const score = Math.min(exact, folded + 0.5);
    if (score <= limit && score < bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}

/** `did you mean "x"?` or undefined, for a hint. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const found = nearest(word, candidates);
  return found === undefined ? undefined : `did you mean "${found}"?`;
}
