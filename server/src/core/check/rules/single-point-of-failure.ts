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
  // The very reads when nothing they hold differs (readsOf).
  const same = structure && structure.reads === reads ? structure : undefined;
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

/**
 * The reads: with `last` (the same structure, so the same slots), those of the last run, read again
 * only for a component or connection that is not, with its load, the very object it was; the very
 * same object when none of them reads differently, and a copy only when one does. An edit then
 * allocates nothing here (at 50K lines these are 7,000 and 8,000 entries).
 */
function readsOf(from: Sources, last: Memo | undefined): Reads {
  const { components: slots, numbers, edges: all, edgeLoads } = from;
  if (!last) {
    const reads = { components: new Uint8Array(slots.length), edges: new Uint8Array(all.length), shares: new Float64Array(all.length) };
    for (let i = 0; i < slots.length; i++) reads.components[i] = componentFlags(slots[i], numbers[i]);
    for (let e = 0; e < all.length; e++) {
      reads.edges[e] = edgeFlags(all[e]!, edgeLoads[e]);
      reads.shares[e] = shareOf(all[e]!);
    }
    return reads;
  }
  let reads = last.reads;
  const own = () => (reads === last.reads ? (reads = { components: reads.components.slice(), edges: reads.edges.slice(), shares: reads.shares.slice() }) : reads);
  for (let i = 0; i < slots.length; i++) {
    if (slots[i] === last.from.components[i] && numbers[i] === last.from.numbers[i]) continue;
    const flags = componentFlags(slots[i], numbers[i]);
    if (flags !== reads.components[i]) own().components[i] = flags;
  }
  for (let e = 0; e < all.length; e++) {
    if (all[e] === last.from.edges[e] && edgeLoads[e] === last.from.edgeLoads[e]) continue;
    const flags = edgeFlags(all[e]!, edgeLoads[e]);
    const share = shareOf(all[e]!);
    if (flags !== reads.edges[e] || !Object.is(share, reads.shares[e])) {
      own().edges[e] = flags;
      reads.shares[e] = share;
    }
  }
  return reads;
}

function componentFlags(c: Component | undefined, numbers: ComponentLoad | undefined): number {
  if (!c) return 0;
  const origin = (c.kindDef && isOrigin(c.kindDef.kind)) || c.props.has('rate');
  const candidate = c.kindDef && fragile.has(c.kindDef.kind) && (numbers?.replicas ?? 1) === 1;
  return (origin ? 1 : 0) | (candidate ? 2 : 0);
}

function edgeFlags(edge: Edge, load: EdgeLoad | undefined): number {
  return (!edge.async && !load?.inCycle ? 1 : 0) | (edge.props.has('rate') ? 2 : 0) | (edge.props.get('share')?.type === 'quantity' ? 4 : 0);
}

function shareOf(edge: Edge): number {
  const share = edge.props.get('share');
  return share?.type === 'quantity' ? share.value.value : 0;
}
