/**
 * Which of a few candidate components every user request needs. A request fans out along plain
 * calls (each gets the whole load, so the request needs every callee), splits along calls with an
 * explicit `share` or `rate` (it takes one of them, so it needs only what all of them need), and
 * does not wait for messages (`~>`). Computed children first over the call graph without the
 * connections that close cycles, as bit sets over the candidates.
 */

import type { DesignGraph } from './build';
import type { Load } from './load';

export function requiredByEveryRequest(graph: DesignGraph, load: Load, origins: readonly string[], candidates: ReadonlySet<string>): Set<string> {
  const started = origins.filter((id) => (graph.outgoing.get(id)?.length ?? 0) > 0);
  if (started.length === 0 || candidates.size === 0) return new Set();
  const reachable = reachableFromEvery(graph, load, started, candidates);
  if (reachable.size === 0) return new Set();
  const order = postorder(graph, load);
  const all = [...candidates].filter((id) => reachable.has(id));
  const result = new Set<string>();
  // Candidates in blocks, a bit each: a long chain of databases costs words, not sets per node.
  for (let from = 0; from < all.length; from += BLOCK) {
    const block = all.slice(from, from + BLOCK);
    const common = requiredBits(graph, load, order, started, block);
    block.forEach((id, i) => {
      if (common[i >>> 5]! & (1 << (i & 31))) result.add(id);
    });
  }
  return result;
}

const BLOCK = 2048;

/** The bits of `block` that every request from every origin needs. */
function requiredBits(graph: DesignGraph, load: Load, order: readonly string[], started: readonly string[], block: readonly string[]): Uint32Array {
  const words = Math.ceil(block.length / 32);
  const bitOf = new Map(block.map((id, i) => [id, i]));
  const empty = new Uint32Array(words);
  const required = new Map<string, Uint32Array>();
  for (const id of order) {
    // `needs` may still be a child's array (shared until written: copy on write).
    let needs: Uint32Array | undefined;
    let owned = false;
    const add = (bits: Uint32Array) => {
      if (needs === undefined) {
        needs = bits;
        return;
      }
      if (!owned) {
        needs = needs.slice();
        owned = true;
      }
      for (let w = 0; w < words; w++) needs[w]! |= bits[w]!;
    };
    let alternatives: Uint32Array | undefined;
    let alternativeShare = 0;
    for (const e of graph.outgoing.get(id) ?? []) {
      if (!waitedFor(graph, load, e)) continue;
      const edge = graph.edges[e]!;
      const below = required.get(edge.to) ?? empty;
      const share = edge.props.get('share');
      if (share?.type === 'quantity' || edge.props.has('rate')) {
        alternativeShare += share?.type === 'quantity' ? share.value.value : 0;
        if (alternatives === undefined) alternatives = below.slice();
        else for (let w = 0; w < words; w++) alternatives[w]! &= below[w]!;
      } else add(below);
    }
    // Shares that add up to less than 100% leave some requests needing none of the alternatives.
    if (alternatives && alternativeShare >= 1 - 1e-9) add(alternatives);
    const own = bitOf.get(id);
    if (own !== undefined) {
      if (needs === undefined) {
        needs = new Uint32Array(words);
        owned = true;
      } else if (!owned) {
        needs = needs.slice();
        owned = true;
      }
      needs[own >>> 5]! |= 1 << (own & 31);
    }
    required.set(id, needs ?? empty);
  }
  const common = (required.get(started[0]!) ?? empty).slice();
  for (const origin of started.slice(1)) {
    const bits = required.get(origin) ?? empty;
    for (let w = 0; w < words; w++) common[w]! &= bits[w]!;
  }
  return common;
}

/**
 * The candidates that the calls from every origin reach: the only ones every request can need.
 * A design with many entry points into parts of their own keeps few of them, so the bit sets below
 * stay a word wide instead of growing with the design (which made the check quadratic). The walks
 * stop after a few passes' worth over the graph (many origins into one large shared part); what is
 * left then is still a superset, which the bit sets settle.
 */
function reachableFromEvery(graph: DesignGraph, load: Load, started: readonly string[], candidates: ReadonlySet<string>): ReadonlySet<string> {
  let left: ReadonlySet<string> = candidates;
  let budget = 4 * (graph.components.size + graph.edges.length) + 64;
  const visitedBy = new Map<string, number>();
  for (let k = 0; k < started.length && left.size > 0; k++) {
    const reached = new Set<string>();
    const stack = [started[k]!];
    visitedBy.set(started[k]!, k);
    while (stack.length > 0) {
      if (--budget < 0) return left;
      const id = stack.pop()!;
      if (left.has(id)) reached.add(id);
      for (const e of graph.outgoing.get(id) ?? []) {
        const to = graph.edges[e]!.to;
        if (!waitedFor(graph, load, e) || visitedBy.get(to) === k) continue;
        visitedBy.set(to, k);
        stack.push(to);
      }
    }
    left = reached;
  }
  return left;
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
      if (!waitedFor(graph, load, e) || seen.has(to)) continue;
      seen.add(to);
      stack.push({ id: to, next: 0 });
    }
  }
  return order;
}

/** A call the request waits for: not a message (`~>`), and not the connection that closes a cycle. */
function waitedFor(graph: DesignGraph, load: Load, e: number): boolean {
  return !graph.edges[e]!.async && !load.edges[e]?.inCycle;
}
