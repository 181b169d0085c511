/**
 * The quantities' values an editor's analysis takes again from the last one, by slot (the join's
 * index of names, `join.ts`). While the join's names stay, a quantity need not be evaluated again
 * unless its statement changed, its last value was not clean (it reported something, read a
 * component's member, or had none), or it uses one that is evaluated again. That set is found from
 * the slots themselves, so an edit touches only the quantities it reaches; the others answer from
 * the last analysis's values. `scope.ts` fills this analysis's record as it evaluates.
 */

import type { Quantity } from '../units/quantity';
import type { IndexedMap } from '../util/indexed-map';
import type { Definition } from './bind';

export interface Evaluation {
  readonly index: ReadonlyMap<string, number>;
  readonly definitions: readonly (Definition | undefined)[];
  /** For each slot, the slots of the quantities that use it: `starts[s]` to `starts[s + 1]` in `users`. */
  readonly dependents: { readonly starts: Int32Array; readonly users: Int32Array };
  /** By slot: the value, where `clean` says it may be taken again. */
  readonly values: (Quantity | undefined)[];
  readonly clean: Uint8Array;
}

/**
 * This analysis's record, and the slots to evaluate again (undefined: every one). Taken again only
 * from a record of the same index, which the join keeps while the names, their kinds and uses stay.
 */
export function startEvaluation(definitions: IndexedMap<Definition>, previous: Evaluation | undefined): { evaluation: Evaluation; again: Uint8Array | undefined } {
  const slots = definitions.slots;
  if (!previous || previous.index !== definitions.index) {
    const evaluation = { index: definitions.index, definitions: slots, dependents: dependentsOf(definitions), values: new Array<Quantity | undefined>(slots.length), clean: new Uint8Array(slots.length) };
    return { evaluation, again: undefined };
  }
  const again = new Uint8Array(slots.length);
  const queue: number[] = [];
  for (let s = 0; s < slots.length; s++) {
    const before = previous.definitions[s];
    const now = slots[s];
    if (previous.clean[s] === 1 && (before === now || before?.statement === now?.statement)) continue;
    again[s] = 1;
    queue.push(s);
  }
  const { starts, users } = previous.dependents;
  while (queue.length > 0) {
    const s = queue.pop()!;
    for (let k = starts[s]!; k < starts[s + 1]!; k++) {
      const user = users[k]!;
      if (again[user] === 1) continue;
      again[user] = 1;
      queue.push(user);
    }
  }
  const values = previous.values.slice();
  const clean = previous.clean.slice();
  for (let s = 0; s < slots.length; s++) {
    if (again[s] === 0) continue;
    values[s] = undefined;
    clean[s] = 0;
  }
  return { evaluation: { index: definitions.index, definitions: slots, dependents: previous.dependents, values, clean }, again };
}

/** Who uses each slot: the uses, turned around (names that are not defined are left out). */
function dependentsOf(definitions: IndexedMap<Definition>): Evaluation['dependents'] {
  const slots = definitions.slots;
  const counts = new Int32Array(slots.length + 1);
  const used = (name: string) => definitions.index.get(name);
  for (const definition of slots) for (const name of definition?.uses ?? []) {
    const slot = used(name);
    if (slot !== undefined) counts[slot + 1]!++;
  }
  for (let s = 0; s < slots.length; s++) counts[s + 1]! += counts[s]!;
  const starts = counts.slice();
  const users = new Int32Array(counts[slots.length]!);
  for (let s = 0; s < slots.length; s++) for (const name of slots[s]?.uses ?? []) {
    const slot = used(name);
    if (slot !== undefined) users[counts[slot]!++] = s;
  }
  return { starts, users };
}
