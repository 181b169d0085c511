/**
 * `items` copied into an array that holds just them. An array that grew by `push` keeps spare
 * room (16 slots or more), so a small array that is kept (in a syntax tree, a binding, an index)
 * costs about 120 bytes more than its items for as long as it is kept. The arrays that are kept
 * and are built by `push` end here: at 50K lines they were a quarter of what the syntax trees
 * held (bench/history.md, "Memory kept by an analysis").
 */
export function exact<T>(items: T[]): T[] {
  return items.slice();
}
