/**
 * "Did you mean" suggestions: the candidates closest to a misspelt word by edit distance
 * (insertions, deletions, substitutions and adjacent swaps), ignoring case for the distance.
 */

export function suggest(word: string, candidates: Iterable<string>, limit = 3): string[] {
  const lower = word.toLowerCase();
  // One- and two-letter words only match by case (`mb` → `MB`): any other edit is a guess.
  const maxDistance = word.length <= 2 ? 0 : Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = editDistance(lower, candidate.toLowerCase(), maxDistance);
    const prefix = candidate.length >= 3 && word.length >= 3 && (candidate.toLowerCase().startsWith(lower) || lower.startsWith(candidate.toLowerCase()));
    if (distance <= maxDistance || prefix) scored.push({ candidate, distance: prefix ? Math.min(distance, maxDistance) : distance });
  }
  scored.sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return [...new Set(scored.map((s) => s.candidate))].slice(0, limit);
}

/** "did you mean `a` or `b`?" — or '' when there is nothing close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const found = suggest(word, candidates);
  if (found.length === 0) return '';
  const quoted = found.map((c) => `\`${c}\``);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}

/** Optimal string alignment distance, stopping early once every path exceeds `cap`. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous2: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, previous2[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > cap) return cap + 1;
    previous2 = previous;
    previous = current;
  }
  return previous[b.length]!;
}
