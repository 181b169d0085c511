/**
 * Facts derived once per analysis and shared by every request on that document version: an
 * analysis is immutable, so a WeakMap keyed by it is a cache that dies with the version.
 */

import type { Analysis } from '../analysis';
import type { Edge } from '../graph/build';
import type { EdgeLoad } from '../graph/load';
import { referencesOf, type Reference } from '../model/bind';

export interface IncomingEdge {
  readonly edge: Edge;
  readonly load: EdgeLoad | undefined;
}

interface Facts {
  /** Component id → the connections arriving at it, in declaration order. */
  readonly incoming: ReadonlyMap<string, readonly IncomingEdge[]>;
  /** Every use of a name, in document order. */
  readonly references: readonly Reference[];
}

const cache = new WeakMap<Analysis, Facts>();

export function facts(analysis: Analysis): Facts {
  let found = cache.get(analysis);
  if (!found) {
    found = compute(analysis);
    cache.set(analysis, found);
  }
  return found;
}

function compute(analysis: Analysis): Facts {
  const incoming = new Map<string, IncomingEdge[]>();
  analysis.graph.edges.forEach((edge, index) => {
    const list = incoming.get(edge.to) ?? [];
    list.push({ edge, load: analysis.load.edges[index] });
    incoming.set(edge.to, list);
  });
  return { incoming, references: referencesOf(analysis.binding.fences) };
}
