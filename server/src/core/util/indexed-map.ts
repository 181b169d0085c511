/**
 * A read-only map of names to values kept as two parts: an index (name → slot), which an editor's
 * analyses share while the names stay the same, and the values by slot, which each analysis has
 * of its own. An edit that changes values but no names copies an array instead of building a
 * hash table: at tens of thousands of names a `Map` is rebuilt through a run of ever larger
 * tables, the largest on fresh pages of memory (bench/history.md, "Edits at 50K lines: the big
 * tables"). Iteration follows the slots, and a slot without a value counts as absent.
 */
export class IndexedMap<V> implements ReadonlyMap<string, V> {
  readonly size: number;

  /** Every slot holds a value: iteration can be the array's own. */
  readonly #dense: boolean;

  constructor(
    /** Name → slot; slots count up from 0 in the order of iteration. */
    readonly index: ReadonlyMap<string, number>,
    /** Values by slot; never changed once given here. */
    readonly slots: readonly (V | undefined)[],
  ) {
    let size = 0;
    for (let slot = 0; slot < slots.length; slot++) if (slots[slot] !== undefined) size++;
    this.size = size;
    this.#dense = size === slots.length;
  }

  get(name: string): V | undefined {
    const slot = this.index.get(name);
    return slot === undefined ? undefined : this.slots[slot];
  }

  has(name: string): boolean {
    return this.#dense ? this.index.has(name) : this.get(name) !== undefined;
  }

  entries(): MapIterator<[string, V]> {
    return this.#filledEntries();
  }

  keys(): MapIterator<string> {
    // The index lists its names in slot order: with every slot filled, they are the keys.
    return this.#dense ? this.index.keys() : this.#filledKeys();
  }

  values(): MapIterator<V> {
    // An array's own iterator: the checks walk every component this way, many times an analysis.
    return this.#dense ? (this.slots as readonly V[]).values() : this.#filled();
  }

  *#filled(): MapIterator<V> {
    for (const value of this.slots) if (value !== undefined) yield value;
  }

  *#filledEntries(): MapIterator<[string, V]> {
    for (const [name, slot] of this.index) {
      const value = this.slots[slot];
      if (value !== undefined) yield [name, value];
    }
  }

  *#filledKeys(): MapIterator<string> {
    for (const [name, slot] of this.index) if (this.slots[slot] !== undefined) yield name;
  }

  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }

  forEach(visit: (value: V, name: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [name, value] of this.entries()) visit(value, name, this);
  }
}

/** The slot of every name, in order: the index for names listed once each. */
export function indexOf(names: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  for (let slot = 0; slot < names.length; slot++) index.set(names[slot]!, slot);
  return index;
}
