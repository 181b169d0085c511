/**
 * Load flows along the graph. Traffic starts at components with `rate`; a component's load is the
 * sum of its incoming connections; a connection carries its `rate`, else `share` (default 100%)
 * of its source's outgoing load; caches and CDNs pass on only their misses. Connections that close
 * a cycle are found first (iterative DFS) and carry nothing, so cycles are reported, never looped.
 */

import type { Component, DesignGraph, Edge, PropValue } from './build';

export type Op = 'read' | 'write';

export interface ComponentLoad {
  /** Requests per second arriving (an origin's own `rate`); undefined when no traffic reaches it. */
  readonly load: number | undefined;
  /** What it passes on: its load, or only the misses for a cache or CDN. */
  readonly outgoing: number;
  readonly replicas: number;
  readonly capacityPerReplica: number | undefined;
  /** Where the per-replica capacity came from. */
  readonly capacitySource: 'prop' | 'assume' | 'kind' | undefined;
  /** capacityPerReplica × replicas. */
  readonly capacity: number | undefined;
  readonly utilisation: number | undefined;
  readonly replicasNeeded: number | undefined;
  /** Loads arriving over connections known to read or write (`op`, or the label's verb). */
  readonly reads: number;
  readonly writes: number;
  /** Bytes per second arriving over connections with a `size`. */
  readonly bandwidthIn: number | undefined;
  /** Shards needed for `storage` at `node_storage` per shard (undefined without both, or on overflow). */
  readonly shardsNeeded: number | undefined;
}

export interface EdgeLoad {
  readonly load: number | undefined;
  /** Bytes per second: load × size. */
  readonly bandwidth: number | undefined;
  readonly op: Op | undefined;
  /** True for a connection that closes a cycle; it carries no load. */
  readonly inCycle: boolean;
}

export interface Load {
  readonly components: ReadonlyMap<string, ComponentLoad>;
  /** Parallel to `graph.edges`. */
  readonly edges: readonly EdgeLoad[];
  /** Components whose load added up past the largest number: they get no load, and a diagnostic. */
  readonly overflowed: ReadonlySet<string>;
}

export function propagateLoad(graph: DesignGraph): Load {
  const ids = [...graph.components.keys()];
  const outgoingEdges = graph.outgoing;
  const incomingEdges = graph.incoming;
  const back = backEdges(ids, outgoingEdges, graph.edges);
  const ops = graph.edges.map(edgeOp);

  // Kahn's algorithm over the connections that do not close a cycle.
  const pending = new Map<string, number>();
  const queue: string[] = [];
  for (const id of ids) {
    let count = 0;
    for (const e of incomingEdges.get(id)!) if (!back.has(e)) count++;
    pending.set(id, count);
    if (count === 0) queue.push(id);
  }
  const arriving = new Map<string, number | undefined>();
  const edgeLoads: (number | undefined)[] = new Array<number | undefined>(graph.edges.length).fill(undefined);
  const results = new Map<string, ComponentLoad>();
  const overflowed = new Set<string>();
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]!;
    const component = graph.components.get(id)!;
    const rate = quantityOf(component.props.get('rate'));
    const incoming = arriving.get(id);
    let load = rate === undefined && incoming === undefined ? undefined : (rate ?? 0) + (incoming ?? 0);
    if (load !== undefined && !Number.isFinite(load)) {
      overflowed.add(id);
      load = undefined;
    }
    const hit = component.kindDef?.kind === 'cache' || component.kindDef?.kind === 'cdn' ? quantityOf(component.props.get('hit')) ?? 0 : 0;
    const outgoing = (load ?? 0) * (1 - hit);
    for (const e of outgoingEdges.get(id)!) {
      if (back.has(e)) continue;
      const edge = graph.edges[e]!;
      const explicit = quantityOf(edge.props.get('rate'));
      const computed = explicit ?? (load === undefined ? undefined : (quantityOf(edge.props.get('share')) ?? 1) * outgoing);
      const carried = computed !== undefined && Number.isFinite(computed) ? computed : undefined;
      edgeLoads[e] = carried;
      if (carried !== undefined) arriving.set(edge.to, (arriving.get(edge.to) ?? 0) + carried);
      const left = pending.get(edge.to)! - 1;
      pending.set(edge.to, left);
      if (left === 0) queue.push(edge.to);
    }
    results.set(id, componentLoad(component, load, outgoing, incomingEdges.get(id)!, graph.edges, edgeLoads, ops));
  }

  const edges = graph.edges.map((edge, index): EdgeLoad => {
    const load = edgeLoads[index];
    const size = quantityOf(edge.props.get('size'));
    return { load, bandwidth: finiteOrUndefined(load !== undefined && size !== undefined ? load * size : undefined), op: ops[index], inCycle: back.has(index) };
  });
  return { components: results, edges, overflowed };
}

function componentLoad(
  component: Component,
  load: number | undefined,
  outgoing: number,
  incoming: readonly number[],
  edges: readonly Edge[],
  edgeLoads: readonly (number | undefined)[],
  ops: readonly (Op | undefined)[],
): ComponentLoad {
  const replicas = quantityOf(component.props.get('replicas')) ?? 1;
  const explicit = quantityOf(component.props.get('capacity'));
  const capacityPerReplica = explicit ?? component.kindDef?.defaultCapacity;
  const capacitySource = explicit !== undefined ? (component.defaulted.has('capacity') ? 'assume' : 'prop') : capacityPerReplica !== undefined ? 'kind' : undefined;
  const capacity = finiteOrUndefined(capacityPerReplica === undefined ? undefined : capacityPerReplica * replicas);
  const hasLoad = load !== undefined && load > 0;
  let reads = 0;
  let writes = 0;
  let bandwidthIn: number | undefined;
  for (const e of incoming) {
    const edge = edges[e]!;
    const carried = edgeLoads[e] ?? 0;
    const op = ops[e];
    if (op === 'read') reads += carried;
    else if (op === 'write') writes += carried;
    const size = quantityOf(edge.props.get('size'));
    if (size !== undefined) bandwidthIn = (bandwidthIn ?? 0) + carried * size;
  }
  bandwidthIn = finiteOrUndefined(bandwidthIn);
  const readShare = quantityOf(component.props.get('reads'));
  if (readShare !== undefined && load !== undefined && reads + writes === 0) {
    reads = load * readShare;
    writes = load * (1 - readShare);
  }
  return {
    load,
    outgoing,
    replicas,
    capacityPerReplica,
    capacitySource,
    capacity,
    // Ratios of extreme values can overflow: then there is no utilisation to show, only the inputs.
    utilisation: finiteOrUndefined(capacity !== undefined && capacity > 0 && load !== undefined ? load / capacity : undefined),
    replicasNeeded: finiteOrUndefined(capacityPerReplica !== undefined && capacityPerReplica > 0 && hasLoad ? Math.max(1, ceilTolerant(load! / capacityPerReplica)) : undefined),
    reads,
    writes,
    bandwidthIn,
    shardsNeeded: shardsNeededFor(component),
  };
}

/** `op` on the connection, else the label's verb: GET/HEAD read; POST/PUT/PATCH/DELETE write. */
export function edgeOp(edge: Edge): Op | undefined {
  const explicit = edge.props.get('op');
  if (explicit?.type === 'word') return explicit.value === 'write' ? 'write' : 'read';
  const label = edge.label ?? '';
  // An HTTP verb at the start decides; otherwise the first telling word.
  if (/^\s*(GET|HEAD)\b/.test(label)) return 'read';
  if (/^\s*(POST|PUT|PATCH|DELETE)\b/.test(label)) return 'write';
  const word = /\b(read|reads|query|queries|select|fetch|lookup|get|write|writes|insert|update|upsert|delete|store|save|upload)\b/i.exec(label)?.[1]?.toLowerCase();
  if (word === undefined) return undefined;
  return /^(read|reads|query|queries|select|fetch|lookup|get)$/.test(word) ? 'read' : 'write';
}

/** Connections that close a cycle, found by an iterative depth-first search in declaration order. */
function backEdges(ids: readonly string[], outgoing: ReadonlyMap<string, readonly number[]>, edges: readonly Edge[]): Set<number> {
  const state = new Map<string, 'open' | 'done'>();
  const back = new Set<number>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const stack: { id: string; next: number }[] = [{ id: root, next: 0 }];
    state.set(root, 'open');
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const list = outgoing.get(frame.id)!;
      if (frame.next >= list.length) {
        state.set(frame.id, 'done');
        stack.pop();
        continue;
      }
      const e = list[frame.next++]!;
      const to = edges[e]!.to;
      const seen = state.get(to);
      if (seen === 'open') back.add(e);
      else if (seen === undefined) {
        state.set(to, 'open');
        stack.push({ id: to, next: 0 });
      }
    }
  }
  return back;
}

export function quantityOf(value: PropValue | undefined): number | undefined {
  return value?.type === 'quantity' ? value.value.value : undefined;
}

/** ceil that ignores float noise: 15,000.000000001 / 5,000 needs 3, not 4. */
export function ceilTolerant(value: number): number {
  return Math.ceil(value - 1e-9 * Math.abs(value));
}

function finiteOrUndefined(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) ? value : undefined;
}

function shardsNeededFor(component: Component): number | undefined {
  const storage = quantityOf(component.props.get('storage'));
  const perNode = quantityOf(component.props.get('node_storage'));
  if (storage === undefined || perNode === undefined || perNode <= 0) return undefined;
  return finiteOrUndefined(Math.max(1, ceilTolerant(storage / perNode)));
}
