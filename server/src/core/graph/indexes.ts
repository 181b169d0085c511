/**
 * The components' slots and the connections leaving and reaching each component, by index into the
 * graph's connections. They depend on the components' ids and the connections' ends alone, so an
 * editor keeps the last ones (`carried.structure`) and takes them again while those are the same:
 * then load propagation's plan is taken again too. Components and connections carried over from the
 * last analysis are the very same objects, so most of the comparing is by identity.
 */

import type { Carried, Structure } from '../carry';
import { exact } from '../util/exact';
import { indexOf } from '../util/indexed-map';
import type { Component, Edge } from './build';

export function indexes(components: readonly Component[], edges: readonly Edge[], carried: Carried | undefined): Structure {
  const previous = carried?.structure;
  const sameIds = previous !== undefined && sameComponents(previous, components);
  let structure: Structure;
  if (sameIds && sameEnds(previous, edges)) {
    structure = { ...previous, components, edges };
  } else {
    const position = sameIds ? previous.position : indexOf(components.map((c) => c.id));
    const outgoing = new Map<string, number[]>();
    const incoming = new Map<string, number[]>();
    for (const id of position.keys()) {
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
    for (const lists of [outgoing, incoming]) for (const [id, list] of lists) if (list.length > 0) lists.set(id, exact(list));
    structure = { position, components, edges, outgoing, incoming };
  }
  if (carried) carried.structure = structure;
  return structure;
}

function sameComponents(previous: Structure, components: readonly Component[]): boolean {
  if (previous.components.length !== components.length) return false;
  for (let i = 0; i < components.length; i++) {
    const now = components[i]!, before = previous.components[i]!;
    if (now !== before && now.id !== before.id) return false;
  }
  return true;
}

function sameEnds(previous: Structure, edges: readonly Edge[]): boolean {
  if (previous.edges.length !== edges.length) return false;
  for (let e = 0; e < edges.length; e++) {
    const now = edges[e]!, before = previous.edges[e]!;
    if (now !== before && (now.from !== before.from || now.to !== before.to)) return false;
  }
  return true;
}
