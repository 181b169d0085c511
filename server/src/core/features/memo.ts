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

/**
 * The connections arriving at a component, in declaration order, with their loads. The graph's
 * `incoming` holds those whose source is declared; the few from an undeclared source (an error
 * the user is fixing) are found once per analysis.
 */
export function incomingOf(analysis: Analysis, id: string): readonly IncomingEdge[] {
  const { edges, incoming } = analysis.graph;
  const stray = strayEdges(analysis).get(id);
  const indexes = stray ? [...(incoming.get(id) ?? []), ...stray].sort((a, b) => a - b) : incoming.get(id) ?? [];
  return indexes.map((index) => ({ edge: edges[index]!, load: analysis.load.edges[index] }));
}

/** Target → indexes of the connections to it from an undeclared component. */
const strayEdges = perAnalysis((analysis): ReadonlyMap<string, number[]> => {
  const { components, edges } = analysis.graph;
  const stray = new Map<string, number[]>();
  edges.forEach((edge, index) => {
    if (components.has(edge.from)) return;
    const list = stray.get(edge.to);
    if (list) list.push(index);
    else stray.set(edge.to, [index]);
  });
  return stray;
});

/** Every use of a name in the analysis, in document order. */
export const referencesIn = perAnalysis((analysis): readonly Reference[] => referencesOf(analysis.binding.fences));
