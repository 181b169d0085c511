/**
 * Which of a few candidate components every user request needs. A request fans out along plain
 * calls (each gets the whole load, so the request needs every callee), splits along calls with an
 * explicit `share` or `rate` (it takes one of them, so it needs only what all of them need), and
 * does not wait for messages (`~>`). Computed children first over the call graph without the
 * connections that close cycles; sets hold candidate ids only, so the work is linear in practice.
 */

import type { DesignGraph } from './build';
import type { Load } from './load';

export function requiredByEveryRequest(graph: DesignGraph, load: Load, origins: readonly string[], candidates: ReadonlySet<string>): Set<string> {
  const started = origins.filter((id) => (graph.outgoing.get(id)?.length ?? 0) > 0);
  if (started.length === 0 || candidates.size === 0) return new Set();
  const required = new Map<string, Set<string>>();
  for (const id of postorder(graph, load)) {
    const needs = new Set<string>(candidates.has(id) ? [id] : []);
    let alternatives: Set<string> | undefined;
    let alternativeShare = 0;
    for (const e of graph.outgoing.get(id) ?? []) {
      const edge = graph.edges[e]!;
      if (edge.async || load.edges[e]?.inCycle) continue;
      const below = required.get(edge.to) ?? new Set<string>();
      const share = edge.props.get('share');
      if (share?.type === 'quantity' || edge.props.has('rate')) {
        alternativeShare += share?.type === 'quantity' ? share.value.value : 0;
        alternatives = alternatives === undefined ? new Set(below) : intersect(alternatives, below);
      } else for (const c of below) needs.add(c);
    }
    // Shares that add up to less than 100% leave some requests needing none of the alternatives.
    if (alternatives && alternativeShare >= 1 - 1e-9) for (const c of alternatives) needs.add(c);
    required.set(id, needs);
  }
  let common: Set<string> | undefined;
  for (const origin of started) common = common === undefined ? new Set(required.get(origin)) : intersect(common, required.get(origin) ?? new Set());
  return common ?? new Set();
}

function intersect(a: ReadonlySet<string>, b: ReadonlySet<string>): Set<string> {
  return new Set([...a].filter((x) => b.has(x)));
}

/** Components, each after every component its synchronous calls reach (iterative DFS). */
function postorder(graph: DesignGraph, load: Load): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  for (const root of graph.components.keys()) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const out = graph.outgoing.get(frame.id) ?? [];
      if (frame.next >= out.length) {
        order.push(frame.id);
        stack.pop();
        continue;
      }
      const e = out[frame.next++]!;
      const to = graph.edges[e]!.to;
      if (graph.edges[e]!.async || load.edges[e]?.inCycle || seen.has(to)) continue;
      seen.add(to);
      stack.push({ id: to, next: 0 });
    }
  }
  return order;
}
