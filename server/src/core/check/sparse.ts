/**
 * What checks found, by position (a component's slot, a connection's index, a quantity's place),
 * kept sparsely: most positions have no finding, and an edit at 50K lines would otherwise copy
 * arrays of thousands of empty entries for every check. Positions are added, and read, in
 * increasing order.
 */

export interface Sparse<T> {
  readonly at: readonly number[];
  readonly values: readonly T[];
}

/** A builder: `add` in increasing order of position. */
export function sparseBuilder<T>(): Sparse<T> & { add(position: number, value: T): void } {
  const at: number[] = [];
  const values: T[] = [];
  return {
    at,
    values,
    add(position, value) {
      at.push(position);
      values.push(value);
    },
  };
}

/** A reader of `sparse` for positions asked in increasing order. */
export function sparseReader<T>(sparse: Sparse<T> | undefined): (position: number) => T | undefined {
  let next = 0;
  return (position) => {
    if (!sparse) return undefined;
    while (next < sparse.at.length && sparse.at[next]! < position) next++;
    return sparse.at[next] === position ? sparse.values[next] : undefined;
  };
}
