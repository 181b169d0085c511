/** Searching sorted offsets: which line, piece or fence an offset falls in. */

/**
 * The index of the last of `count` ascending values (`valueAt(0)`, `valueAt(1)`, …) that is at or
 * before `offset`; -1 when none is. A binary search: line starts, pieces and fences are found with it.
 */
export function lastAtOrBefore(count: number, valueAt: (index: number) => number, offset: number): number {
  let low = 0, high = count - 1, found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (valueAt(middle) <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}
