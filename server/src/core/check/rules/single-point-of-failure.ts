/** N403: a one-replica database, cache or load balancer that every user request needs. */

import { diagnostic, type Diagnostic } from '../../diagnostics';
import type { CheckInput } from '../../analysis';
import type { Component, Edge } from '../../graph/build';
import type { ComponentLoad, EdgeLoad } from '../../graph/load';
import { requiredByEveryRequest } from '../../graph/required';
import { isOrigin } from '../../model/catalogue';
import { setPropFix } from '../fixes';
import { rememberingCheck } from '../rule';

const fragile = new Set(['database', 'cache', 'loadbalancer']);

/** What the last run read and found. */
interface Memo {
  /** The graph's connections by component: the same object while the structure is the same (graph/indexes.ts). */
  readonly outgoing: object;
  readonly reads: Reads;
  /** What `reads` was read from, by slot and by connection. */
  readonly from: Sources;
  readonly required: readonly string[];
  /** The components the findings were made from, by position in `required`, and the findings. */
  readonly components: readonly Component[];
  readonly found: readonly Diagnostic[];
}

interface Sources {
  readonly components: readonly (Component | undefined)[];
  readonly numbers: readonly (ComponentLoad | undefined)[];
  readonly edges: readonly Edge[];
  readonly edgeLoads: readonly (EdgeLoad | undefined)[];
}

/** Everything `requiredByEveryRequest` reads beyond the structure, by component slot and by connection. */
interface Reads {
  /** 1: an origin of requests; 2: a candidate (fragile, one replica). */
  readonly components: Uint8Array;
  /** 1: waited for (a call outside a cycle); 2: has a `rate`; 4: has a `share`. */
  readonly edges: Uint8Array;
  readonly shares: Float64Array;
}

// Which components every request needs changes only with the structure and these few facts; an
// edit of a number (the usual edit) changes loads but seldom them, so the search is taken again.
export const singlePointOfFailure = rememberingCheck<Memo>('singlePointOfFailure', (input, report, last) => {
  const { graph, load } = input;
  const from: Sources = { components: graph.components.slots, numbers: load.components.slots, edges: graph.edges, edgeLoads: load.edges };
  const structure = last?.outgoing === graph.outgoing ? last : undefined;
  const reads = readsOf(from, structure);
  const same = structure && sameReads(structure.reads, reads) ? structure : undefined;
  const components = graph.components.slots;
  let required = same?.required;
  if (!required) {
    const origins = components.filter((_, i) => reads.components[i]! & 1).map((c) => c!.id);
    const candidates = new Set(components.filter((_, i) => reads.components[i]! & 2).map((c) => c!.id));
    required = [...requiredByEveryRequest(graph, input.load, origins, candidates)];
  }
  const made: Component[] = [];
  const found: Diagnostic[] = [];
  required.forEach((id, i) => {
    const component = graph.components.get(id)!;
    const finding = same?.components[i] === component ? same.found[i]! : findingAbout(input, component);
    made.push(component);
    found.push(finding);
    report(finding);
  });
  return { outgoing: graph.outgoing, reads, from, required, components: made, found };
});

function findingAbout(input: CheckInput, component: Component): Diagnostic {
  const message = `Every user request needs \`${component.id}\`, a ${component.kindDef!.kind} with one replica: if it fails, the whole design is down. Add a replica (\`replicas: 2\`) with failover.`;
  return diagnostic('singlePointOfFailure', component.idSpan.start, component.idSpan.end, message, {
    fixes: [setPropFix(input, component, 'replicas', '2', 'Set replicas to 2')],
  });
}

/** The reads, taken again from `last` for each component and connection that is, with its load, the very object it was (the same structure: the same slots). */
function readsOf(from: Sources, last: Memo | undefined): Reads {
  const { components: slots, numbers, edges: all, edgeLoads } = from;
  const components = new Uint8Array(slots.length);
  for (let i = 0; i < slots.length; i++) {
    const c = slots[i];
    if (last && c === last.from.components[i] && numbers[i] === last.from.numbers[i]) components[i] = last.reads.components[i]!;
    else if (c) {
      const origin = (c.kindDef && isOrigin(c.kindDef.kind)) || c.props.has('rate');
      const candidate = c.kindDef && fragile.has(c.kindDef.kind) && (numbers[i]?.replicas ?? 1) === 1;
      components[i] = (origin ? 1 : 0) | (candidate ? 2 : 0);
    }
  }
  const edges = new Uint8Array(all.length);
  const shares = new Float64Array(all.length);
  for (let e = 0; e < all.length; e++) {
    const edge = all[e]!;
    if (last && edge === last.from.edges[e] && edgeLoads[e] === last.from.edgeLoads[e]) {
      edges[e] = last.reads.edges[e]!;
      shares[e] = last.reads.shares[e]!;
      continue;
    }
    const share = edge.props.get('share');
    edges[e] = (!edge.async && !edgeLoads[e]?.inCycle ? 1 : 0) | (edge.props.has('rate') ? 2 : 0) | (share?.type === 'quantity' ? 4 : 0);
    shares[e] = share?.type === 'quantity' ? share.value.value : 0;
  }
  return { components, edges, shares };
}

function sameReads(a: Reads, b: Reads): boolean {
  return sameArray(a.components, b.components) && sameArray(a.edges, b.edges) && sameArray(a.shares, b.shares);
}

function sameArray(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
