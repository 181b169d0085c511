/**
 * Joining what each fence binds into the document's one scope: the first definition of a name
 * wins (later ones are reported as duplicates), the names used anywhere, and the order in which
 * quantities can be evaluated.
 *
 * An editor's analyses mostly change values, not names. So while every fence defines the same
 * names, with the same kinds and uses, and uses the same names as at the last join (which had no
 * duplicate), that join's index of names, names used and order are taken again, and only the
 * changed fences' definitions are written into a copy of its slots (`carry.ts`). At tens of
 * thousands of names that spares building the hash tables again (bench/history.md).
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import { IndexedMap } from '../util/indexed-map';
import type { Definition, FenceBinding } from './bind';

export interface Joined {
  /** What each fence bound, in fence order. */
  readonly owns: readonly FenceBinding[];
  readonly definitions: IndexedMap<Definition>;
  readonly usedAsValue: ReadonlySet<string>;
  /** Quantities' slots, each after the quantities it uses. */
  readonly order: readonly number[];
  /** A second definition of a name, reported at it. */
  readonly duplicates: readonly Diagnostic[];
}

export function joinFences(owns: readonly FenceBinding[], previous: Joined | undefined): Joined {
  if (previous && previous.duplicates.length === 0 && sameNames(previous.owns, owns)) {
    const slots = previous.definitions.slots.slice();
    let at = 0;
    for (let i = 0; i < owns.length; i++) {
      const own = owns[i]!;
      if (own !== previous.owns[i]) for (let k = 0; k < own.definitions.length; k++) slots[at + k] = own.definitions[k];
      at += own.definitions.length;
    }
    return { owns, definitions: new IndexedMap(previous.definitions.index, slots), usedAsValue: previous.usedAsValue, order: previous.order, duplicates: [] };
  }
  const index = new Map<string, number>();
  const slots: Definition[] = [];
  const usedAsValue = new Set<string>();
  const duplicates: Diagnostic[] = [];
  for (const own of owns) {
    for (const definition of own.definitions) {
      const slot = index.get(definition.name);
      if (slot === undefined) {
        index.set(definition.name, slots.length);
        slots.push(definition);
        continue;
      }
      const existing = slots[slot]!;
      duplicates.push(
        diagnostic('duplicateName', definition.start, definition.end, `\`${definition.name}\` is already defined as a ${existing.kind}; rename one of them.`, {
          related: [{ start: existing.start, end: existing.end, message: `first definition of \`${definition.name}\`` }],
        }),
      );
    }
    for (const name of own.used) usedAsValue.add(name);
  }
  const definitions = new IndexedMap(index, slots);
  return { owns, definitions, usedAsValue, order: dependencyOrder(definitions), duplicates };
}

/** Whether every fence defines the same names, with the same kinds and uses, and uses the same names. */
function sameNames(before: readonly FenceBinding[], after: readonly FenceBinding[]): boolean {
  if (before.length !== after.length) return false;
  for (let i = 0; i < after.length; i++) {
    const a = before[i]!;
    const b = after[i]!;
    if (a === b) continue;
    if (a.definitions.length !== b.definitions.length || !sameStrings(a.used, b.used)) return false;
    for (let k = 0; k < b.definitions.length; k++) {
      const x = a.definitions[k]!;
      const y = b.definitions[k]!;
      if (x.name !== y.name || x.kind !== y.kind || !sameStrings(x.uses, y.uses)) return false;
    }
  }
  return true;
}

function sameStrings(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Quantities' slots, each after the quantities it uses (iterative depth-first postorder; cycles are left to the scope to report). */
function dependencyOrder({ index, slots }: IndexedMap<Definition>): number[] {
  const order: number[] = [];
  const seen = new Uint8Array(slots.length);
  // The walk's stack as two parallel arrays (a quantity's slot, and how many of its uses were followed): no object per step.
  const frames: number[] = [];
  const next: number[] = [];
  for (let root = 0; root < slots.length; root++) {
    if (slots[root]!.kind !== 'quantity' || seen[root] === 1) continue;
    seen[root] = 1;
    frames.push(root);
    next.push(0);
    while (frames.length > 0) {
      const top = frames.length - 1;
      const frame = frames[top]!;
      const uses = slots[frame]!.uses ?? [];
      if (next[top]! >= uses.length) {
        order.push(frame);
        frames.pop();
        next.pop();
        continue;
      }
      const slot = index.get(uses[next[top]!++]!);
      if (slot === undefined || slots[slot]?.kind !== 'quantity' || seen[slot] === 1) continue;
      seen[slot] = 1;
      frames.push(slot);
      next.push(0);
    }
  }
  return order;
}
