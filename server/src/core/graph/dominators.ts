/**
 * The components every user path crosses: the dominators of a virtual exit (joined from every
 * component without outgoing connections) over a virtual root (joined to every traffic origin).
 * Cooper–Harvey–Kennedy's iterative algorithm; linear in practice, iterative so deep chains are safe.
 */

import type { DesignGraph } from './build';

export function onEveryPath(graph: DesignGraph, origins: readonly string[]): Set<string> {
  if (origins.length === 0) return new Set();
  const ROOT = 0;
  const ids = [...graph.components.keys()];
  const index = new Map(ids.map((id, i) => [id, i + 1]));
  const EXIT = ids.length + 1;
  const successors: number[][] = Array.from({ length: ids.length + 2 }, () => []);
  const predecessors: number[][] = Array.from({ length: ids.length + 2 }, () => []);
  const link = (a: number, b: number) => {
    successors[a]!.push(b);
    predecessors[b]!.push(a);
  };
  for (const origin of origins) link(ROOT, index.get(origin)!);
  for (const edge of graph.edges) {
    const a = index.get(edge.from);
    const b = index.get(edge.to);
    if (a !== undefined && b !== undefined) link(a, b);
  }
  for (let i = 1; i <= ids.length; i++) if (successors[i]!.length === 0) link(i, EXIT);

  // Reverse postorder from the root, iteratively.
  const order: number[] = [];
  const seen = new Uint8Array(ids.length + 2);
  const stack: { node: number; next: number }[] = [{ node: ROOT, next: 0 }];
  seen[ROOT] = 1;
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const next = successors[frame.node]![frame.next++];
    if (next === undefined) {
      order.push(frame.node);
      stack.pop();
    } else if (!seen[next]) {
      seen[next] = 1;
      stack.push({ node: next, next: 0 });
    }
  }
  if (!seen[EXIT]) return new Set();
  order.reverse();
  const position = new Int32Array(ids.length + 2).fill(-1);
  order.forEach((node, i) => (position[node] = i));
  const idom = new Int32Array(ids.length + 2).fill(-1);
  idom[ROOT] = ROOT;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (position[a]! > position[b]!) a = idom[a]!;
      while (position[b]! > position[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const node of order) {
      if (node === ROOT) continue;
      let candidate = -1;
      for (const p of predecessors[node]!) {
        if (idom[p] === -1) continue;
        candidate = candidate === -1 ? p : intersect(p, candidate);
      }
      if (candidate !== -1 && idom[node] !== candidate) {
        idom[node] = candidate;
        changed = true;
      }
    }
  }
  const result = new Set<string>();
  for (let node = idom[EXIT]!; node !== ROOT && node !== -1; node = idom[node]!) result.add(ids[node - 1]!);
  return result;
}
