/**
 * The components' slots and the connections leaving and reaching each component, by index into the
 * graph's connections. They depend on the components' ids and the connections' ends alone, so an
 * editor keeps the last ones (`carried.structure`) and takes them again while those are the same:
 * then load propagation's plan is taken again too. Components and connections carried over from the
 * last analysis are the very same objects, so most of the comparing is by identity.
 */

import type { Carried, Structure } from '../carry';
import { indexOf } from '../util/indexed-map';
import type { Component, Edge } from './build';

export function indexes(components: readonly Component[], edges: readonly Edge[], carried: Carried | undefined): Structure {
  const previous = carried?.structure;
  const sameIds = previous !== undefined && sameComponents(previous, components);
  let structure: Structure;
  if (sameIds && sameEnds(previous, edges)) {
    structure = { ...previous, components, edges };
  } else {
    const ids = sameIds ? previous.ids : components.map((c) => c.id);
    const position = sameIds ? previous.position : indexOf(ids);
    const outgoing = new Map<string, number[]>();
    const incoming = new Map<string, number[]>();
    for (const id of ids) {
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
    structure = { ids, position, components, edges, from: edges.map((e) => e.from), to: edges.map((e) => e.to), outgoing, incoming };
  }
  if (carried) carried.structure = structure;
  return structure;
}

function sameComponents(previous: Structure, components: readonly Component[]): boolean {
  if (previous.ids.length !== components.length) return false;
  for (let i = 0; i < components.length; i++) {
    const component = components[i]!;
    if (component !== previous.components[i] && component.id !== previous.ids[i]) return false;
  }
  return true;
}

function sameEnds(previous: Structure, edges: readonly Edge[]): boolean {
  if (previous.from.length !== edges.length) return false;
  for (let e = 0; e < edges.length; e++) {
    const edge = edges[e]!;
    if (edge !== previous.edges[e] && (edge.from !== previous.from[e] || edge.to !== previous.to[e])) return false;
  }
  return true;
}
