/**
 * The connections leaving and reaching each component, by index into the graph's connections.
 */

import type { Carried, Structure } from '../carry';
import type { Component, Edge } from './build';

/**
 * The connections leaving and reaching each component. They depend on the components' ids and the
 * connections' ends alone, so an editor keeps the last ones (`carried.structure`) and takes them
 * again while those are the same: then load propagation's plan is taken again too.
 */
export function indexes(components: ReadonlyMap<string, Component>, edges: readonly Edge[], carried: Carried | undefined): Structure {
  const previous = carried?.structure;
  if (previous && sameStructure(previous, components, edges)) return previous;
  const outgoing = new Map<string, number[]>();
  const incoming = new Map<string, number[]>();
  for (const id of components.keys()) {
    outgoing.set(id, []);
    incoming.set(id, []);
  }
  for (let index = 0; index < edges.length; index++) {
    const edge = edges[index]!;
    const from = outgoing.get(edge.from);
    const to = incoming.get(edge.to);
    if (!from || !to) continue;
    from.push(index);
    to.push(index);
  }
  const structure: Structure = { from: edges.map((e) => e.from), to: edges.map((e) => e.to), outgoing, incoming };
  if (carried) carried.structure = structure;
  return structure;
}

function sameStructure(previous: Structure, components: ReadonlyMap<string, Component>, edges: readonly Edge[]): boolean {
  if (previous.outgoing.size !== components.size || previous.from.length !== edges.length) return false;
  // The indexes have a key per component, in the components' order.
  const ids = previous.outgoing.keys();
  for (const id of components.keys()) if (ids.next().value !== id) return false;
  for (let e = 0; e < edges.length; e++) if (previous.from[e] !== edges[e]!.from || previous.to[e] !== edges[e]!.to) return false;
  return true;
}
