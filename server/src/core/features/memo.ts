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
}

/** `compute` run once per analysis. */
export function perAnalysis<T>(compute: (analysis: Analysis) => T): (analysis: Analysis) => T {
  const cache = new WeakMap<Analysis, T>();
  return (analysis) => {
    let found = cache.get(analysis);
    if (found === undefined) {
      found = compute(analysis);
      cache.set(analysis, found);
    }
    return found;
  };
}

export const facts = perAnalysis(compute);

/** Every use of a name in the analysis, in document order (apart from `facts`: hints do not need them). */
export const referencesIn = perAnalysis((analysis): readonly Reference[] => referencesOf(analysis.binding.fences));

function compute(analysis: Analysis): Facts {
  const incoming = new Map<string, IncomingEdge[]>();
  analysis.graph.edges.forEach((edge, index) => {
    const list = incoming.get(edge.to) ?? [];
    list.push({ edge, load: analysis.load.edges[index] });
    incoming.set(edge.to, list);
  });
  return { incoming };
}
