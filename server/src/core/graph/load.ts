/**
 * Load flows along the graph. Traffic starts at components with `rate`; a component's load is the
 * sum of its incoming connections; a connection carries its `rate`, else `share` (default 100%)
 * of its source's outgoing load; caches and CDNs pass on only their misses. Connections that close
 * a cycle are found first (iterative DFS) and carry nothing, so cycles are reported, never looped.
 */

import type { Carried } from '../carry';
import { IndexedMap } from '../util/indexed-map';
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
  /** By component, in declaration order; none for a component that only a cycle reaches. */
  readonly components: IndexedMap<ComponentLoad>;
  /** Parallel to `graph.edges`. */
  readonly edges: readonly EdgeLoad[];
  /** Components whose load added up past the largest number: they get no load, and a diagnostic. */
  readonly overflowed: ReadonlySet<string>;
}

/**
 * What propagation derives from the graph's structure alone (which components connect to which):
 * an editor keeps it while the structure stays (`carry.ts`), keyed by the graph's `outgoing` index,
 * which the graph itself keeps for an unchanged structure.
 */
export interface LoadPlan {
  /** Components by position in declaration order. */
  readonly ids: readonly string[];
  /** Each connection's target as a position (-1 for an undeclared one). */
  readonly edgeTo: Int32Array;
  /** Each connection's source as a position (-1 for an undeclared one). */
  readonly edgeFrom: Int32Array;
  readonly outgoing: readonly (readonly number[])[];
  readonly incoming: readonly (readonly number[])[];
  /** 1 for a connection that closes a cycle. */
  readonly back: Uint8Array;
  /** Positions in the order load reaches them (Kahn's algorithm over the other connections); components only a cycle reaches are not in it. */
  readonly order: readonly number[];
}

/**
 * What the last propagation computed, by the plan's positions and the graph's connections: an
 * editor's next propagation over the same plan takes a component's numbers again where the
 * component has the very same props (it is the same object, or was moved with its fence) and the
 * load reaching it is the same, and a connection's where the connection is the same by the same
 * test (`carry.ts`). Only what an edit reaches is computed again.
 */
export interface LastLoad {
  readonly plan: LoadPlan;
  readonly components: readonly (Component | undefined)[];
  readonly edges: readonly Edge[];
  /** What reached each component over its connections. */
  readonly arriving: readonly (number | undefined)[];
  readonly edgeLoads: readonly (number | undefined)[];
  readonly ops: readonly (Op | undefined)[];
  readonly results: readonly (ComponentLoad | undefined)[];
  readonly edgeResults: readonly EdgeLoad[];
}

export function propagateLoad(graph: DesignGraph, carried?: Carried): Load {
  let plan = carried?.plans.get(graph.outgoing);
  if (!plan) {
    plan = planLoad(graph);
    carried?.plans.set(graph.outgoing, plan);
  }
  const last = carried?.load?.plan === plan ? carried.load : undefined;
  const { ids, edgeTo, outgoing, incoming, back, order } = plan;
  const components = graph.components.slots;
  const edges = graph.edges;
  const ops = edges.map((edge, e) => (last && sameEdge(last.edges[e], edge) ? last.ops[e] : edgeOp(edge)));
  const arriving: (number | undefined)[] = new Array<number | undefined>(ids.length).fill(undefined);
  const edgeLoads: (number | undefined)[] = new Array<number | undefined>(edges.length).fill(undefined);
  const results: (ComponentLoad | undefined)[] = new Array<ComponentLoad | undefined>(ids.length).fill(undefined);
  const overflowed = new Set<string>();
  for (const at of order) {
    const component = components[at]!;
    const incomingLoad = arriving[at];
    // The same component reached by the same load: the same numbers, and the same loads passed on.
    const known = last !== undefined && sameNumbers(last.components[at], component) && last.arriving[at] === incomingLoad ? last.results[at] : undefined;
    let load = known?.load;
    let passed = known?.outgoing ?? 0;
    if (!known) {
      const rate = quantityOf(component.props.get('rate'));
      load = rate === undefined && incomingLoad === undefined ? undefined : (rate ?? 0) + (incomingLoad ?? 0);
      if (load !== undefined && !Number.isFinite(load)) {
        overflowed.add(ids[at]!);
        load = undefined;
      }
      const hit = component.kindDef?.kind === 'cache' || component.kindDef?.kind === 'cdn' ? quantityOf(component.props.get('hit')) ?? 0 : 0;
      passed = (load ?? 0) * (1 - hit);
    }
    for (const e of outgoing[at]!) {
      if (back[e]) continue;
      const carriedLoad = known && sameEdge(last!.edges[e], edges[e]!) ? last!.edgeLoads[e] : edgeLoad(edges[e]!, load, passed);
      edgeLoads[e] = carriedLoad;
      if (carriedLoad !== undefined) arriving[edgeTo[e]!] = (arriving[edgeTo[e]!] ?? 0) + carriedLoad;
    }
    results[at] = known && sameInputs(incoming[at]!, edges, edgeLoads, last!) ? known : componentLoad(component, load, passed, incoming[at]!, edges, edgeLoads, ops);
  }

  const edgeResults = edges.map((edge, index): EdgeLoad => {
    const load = edgeLoads[index];
    if (last && sameEdge(last.edges[index], edge) && last.edgeLoads[index] === load) return last.edgeResults[index]!;
    const size = quantityOf(edge.props.get('size'));
    return { load, bandwidth: finiteOrUndefined(load !== undefined && size !== undefined ? load * size : undefined), op: ops[index], inCycle: back[index] === 1 };
  });
  if (carried) carried.load = overflowed.size === 0 ? { plan, components, edges, arriving, edgeLoads, ops, results, edgeResults } : undefined;
  return { components: new IndexedMap(graph.components.index, results), edges: edgeResults, overflowed };
}

/** What a connection carries from a component with `load` that passes on `passed`: its `rate`, else its `share` of what is passed. */
function edgeLoad(edge: Edge, load: number | undefined, passed: number): number | undefined {
  const explicit = quantityOf(edge.props.get('rate'));
  const computed = explicit ?? (load === undefined ? undefined : (quantityOf(edge.props.get('share')) ?? 1) * passed);
  return computed !== undefined && Number.isFinite(computed) ? computed : undefined;
}

/**
 * Whether a component's own numbers are those of `before`: the very component, or one with the very
 * props, as a component moved with its fence keeps them (typing above it: graph/build.ts, `movedGraph`).
 */
export function sameNumbers(before: Component | undefined, component: Component): boolean {
  return before === component || (before !== undefined && before.props === component.props && before.kindDef === component.kindDef && before.defaulted === component.defaulted);
}

/** Whether a connection carries by the rules of `before`: the very one, or one with the same ends, label and very props. */
function sameEdge(before: Edge | undefined, edge: Edge): boolean {
  return before === edge || (before !== undefined && before.props === edge.props && before.label === edge.label && before.from === edge.from && before.to === edge.to);
}

/** Whether every connection reaching a component is the same and carries the same load as last time. */
function sameInputs(incoming: readonly number[], edges: readonly Edge[], edgeLoads: readonly (number | undefined)[], last: LastLoad): boolean {
  for (const e of incoming) if (!sameEdge(last.edges[e], edges[e]!) || edgeLoads[e] !== last.edgeLoads[e]) return false;
  return true;
}

function planLoad(graph: DesignGraph): LoadPlan {
  // The walks index arrays by position (the components' slots) instead of looking names up.
  const position = graph.components.index;
  const ids = [...position.keys()];
  const edgeTo = new Int32Array(graph.edges.length);
  for (let e = 0; e < graph.edges.length; e++) edgeTo[e] = position.get(graph.edges[e]!.to) ?? -1;
  const outgoing = ids.map((id) => graph.outgoing.get(id)!);
  const incoming = ids.map((id) => graph.incoming.get(id)!);
  const back = backEdges(outgoing, edgeTo);
  // Kahn's algorithm over the connections that do not close a cycle.
  const pending = new Int32Array(ids.length);
  const order: number[] = [];
  for (let i = 0; i < ids.length; i++) {
    for (const e of incoming[i]!) if (!back[e]) pending[i]!++;
    if (pending[i] === 0) order.push(i);
  }
  for (let head = 0; head < order.length; head++) {
    for (const e of outgoing[order[head]!]!) {
      if (back[e]) continue;
      const to = edgeTo[e]!;
      if (--pending[to]! === 0) order.push(to);
    }
  }
  const edgeFrom = new Int32Array(graph.edges.length).fill(-1);
  for (let i = 0; i < ids.length; i++) for (const e of outgoing[i]!) edgeFrom[e] = i;
  return { ids, edgeTo, edgeFrom, outgoing, incoming, back, order };
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

/**
 * Connections that close a cycle (1 at their index), found by an iterative depth-first search in
 * declaration order. `outgoing[i]` lists the connections leaving component `i`, which all end at
 * declared components (`to[e]`).
 */
function backEdges(outgoing: readonly (readonly number[])[], to: Int32Array): Uint8Array {
  const open = 1;
  const done = 2;
  const state = new Uint8Array(outgoing.length);
  const back = new Uint8Array(to.length);
  // The stack holds a component and how many of its connections were followed, side by side.
  const stack: number[] = [];
  for (let root = 0; root < outgoing.length; root++) {
    if (state[root] !== 0) continue;
    state[root] = open;
    stack.push(root, 0);
    while (stack.length > 0) {
      const at = stack[stack.length - 2]!;
      const next = stack[stack.length - 1]!;
      const list = outgoing[at]!;
      if (next >= list.length) {
        state[at] = done;
        stack.length -= 2;
        continue;
      }
      stack[stack.length - 1] = next + 1;
      const e = list[next]!;
      const target = to[e]!;
      if (state[target] === open) back[e] = 1;
      else if (state[target] === 0) {
        state[target] = open;
        stack.push(target, 0);
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
