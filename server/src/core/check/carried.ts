/**
 * The checks over an editor's edits. A check about one component or one connection
 * (`Check.component`, `Check.edge`) reads only its surroundings, so while the graph's structure
 * stays, what it found about a component or connection whose surroundings are the very same
 * objects as in the last analysis (the component, its numbers, its connections and their loads,
 * the components at their other ends) is taken again; an edit runs those checks only where it
 * reached. A check over the whole design that remembers (`Check.remember`) is given what it
 * returned last time; the others run over the whole design. Findings come in the order a whole
 * run gives.
 */

import type { CheckInput } from '../analysis';
import type { Carried } from '../carry';
import { shiftDiagnostic, type Diagnostic, type RuleId } from '../diagnostics';
import type { Component, Edge } from '../graph/build';
import { sameNumbers, type ComponentLoad, type EdgeLoad, type LoadPlan } from '../graph/load';
import type { Check } from './rule';
import { sparseBuilder, sparseReader, type Sparse } from './sparse';

/** What a check found, by component slot or connection index. */
type Found = Sparse<readonly Diagnostic[]>;

/** What the last analysis's checks saw and found, by component slot and by connection. */
export interface LastChecks {
  readonly plan: LoadPlan;
  readonly precision: number;
  readonly components: readonly (Component | undefined)[];
  readonly numbers: readonly (ComponentLoad | undefined)[];
  readonly edges: readonly Edge[];
  readonly edgeLoads: readonly EdgeLoad[];
  readonly found: ReadonlyMap<RuleId, Found>;
  /** What the checks over the whole design that remember (`Check.remember`) returned. */
  readonly memos: ReadonlyMap<RuleId, unknown>;
}

export function runCarried(checks: readonly Check[], input: CheckInput, carried: Carried): Diagnostic[] {
  const { graph, load } = input;
  const plan = carried.plans.get(graph.outgoing);
  const components = graph.components.slots;
  const numbers = load.components.slots;
  const last = carried.checks;
  // A unit override changes how every number reads: then nothing is kept. A change of precision too.
  const keep = plan !== undefined && input.scope.overrides.size === 0;
  const taken = keep && last?.plan === plan && last.precision === input.precision ? last : undefined;
  const again = taken ? reached(taken, plan!, components, numbers, graph.edges, load.edges) : undefined;
  const out: Diagnostic[] = [];
  const report = (d: Diagnostic) => out.push(d);
  const found = new Map<RuleId, Found>();
  const memos = new Map<RuleId, unknown>();
  // A memo checks by itself what still holds: only numbers shown another way keep it from being passed on.
  const lastMemos = keep && last?.precision === input.precision ? last.memos : undefined;
  for (const check of checks) {
    if (check.remember) {
      memos.set(check.id, check.remember(input, report, lastMemos?.get(check.id)));
      continue;
    }
    if (!plan || (!check.component && !check.edge)) {
      check.run(input, report);
      continue;
    }
    const before = taken?.found.get(check.id);
    const kept = sparseReader(before);
    // Where this check may take what it found last time (0) and where it looks again.
    const flags = before && again ? (check.component ? (check.reads === 'component' ? again.changed : again.components) : again.edges) : undefined;
    const count = check.component ? components.length : graph.edges.length;
    const mine = sparseBuilder<readonly Diagnostic[]>();
    let fresh: Diagnostic[] | undefined;
    const collect = (d: Diagnostic) => void (fresh ??= []).push(d);
    // A plain loop with no allocation for what is taken again: at 50K lines it runs 7,000 times a check.
    for (let i = 0; i < count; i++) {
      let findings: readonly Diagnostic[] | undefined;
      if (flags !== undefined && flags[i] === 0) findings = kept(i);
      else {
        // A component moved with its fence, the very same otherwise: what a check about it alone
        // found, moved with it (null: the check looks again).
        const moved = flags !== undefined && check.reads === 'component' && again!.moved[i] !== 0 ? movedFindings(kept(i), again!.moved[i]!, input, components[i]!) : null;
        if (moved !== null) findings = moved;
        else {
          fresh = undefined;
          if (check.component) check.component(components[i]!, input, collect);
          else if (plan.edgeFrom[i]! >= 0 && plan.edgeTo[i]! >= 0) check.edge!(graph.edges[i]!, components[plan.edgeFrom[i]!]!, components[plan.edgeTo[i]!]!, input, collect);
          findings = fresh;
        }
      }
      if (findings === undefined) continue;
      mine.add(i, findings);
      for (let k = 0; k < findings.length; k++) out.push(findings[k]!);
    }
    found.set(check.id, mine);
  }
  carried.checks = keep ? { plan, precision: input.precision, components, numbers, edges: graph.edges, edgeLoads: load.edges, found, memos } : undefined;
  return out;
}

/**
 * `findings` about a component whose fence moved by `by`, moved with it; null when one of them
 * points outside that fence (somewhere that did not move with it), so the check runs again.
 */
function movedFindings(findings: readonly Diagnostic[] | undefined, by: number, input: CheckInput, component: Component): readonly Diagnostic[] | undefined | null {
  if (!findings) return undefined;
  const { contentStart, contentEnd } = input.fences[component.fence]!.fence;
  const inside = (start: number, end: number) => start >= contentStart - by && end <= contentEnd - by;
  for (const d of findings) {
    if (!inside(d.start, d.end)) return null;
    if (d.related?.some((r) => !inside(r.start, r.end))) return null;
    if (d.fixes?.some((f) => f.edits.some((e) => !inside(e.start, e.end)))) return null;
  }
  return findings.map((d) => shiftDiagnostic(d, by));
}

/** The components that are not, with their numbers, the very same as last time (1), those whose surroundings are not, and the connections. */
function reached(
  last: LastChecks,
  plan: LoadPlan,
  components: readonly (Component | undefined)[],
  numbers: readonly (ComponentLoad | undefined)[],
  edges: readonly Edge[],
  edgeLoads: readonly EdgeLoad[],
): { changed: Uint8Array; moved: Int32Array; components: Uint8Array; edges: Uint8Array } {
  const changed = new Uint8Array(components.length);
  // How far a changed component moved, where it is a copy of the last one moved with its fence (graph/build.ts, `movedGraph`) with the very same numbers.
  const moved = new Int32Array(components.length);
  for (let p = 0; p < components.length; p++) {
    const now = components[p], before = last.components[p];
    if (now === before && numbers[p] === last.numbers[p]) continue;
    changed[p] = 1;
    if (now && before && numbers[p] === last.numbers[p]) moved[p] = movedBy(before, now);
  }
  const again = changed.slice();
  const againEdges = new Uint8Array(edges.length);
  for (let e = 0; e < edges.length; e++) {
    const from = plan.edgeFrom[e]!;
    const to = plan.edgeTo[e]!;
    if (edges[e] === last.edges[e] && edgeLoads[e] === last.edgeLoads[e] && !(from >= 0 && changed[from]) && !(to >= 0 && changed[to])) continue;
    againEdges[e] = 1;
    if (from >= 0) again[from] = 1;
    if (to >= 0) again[to] = 1;
  }
  return { changed, moved, components: again, edges: againEdges };
}

/** How far `now` is `before` moved (0: it is not just that). */
function movedBy(before: Component, now: Component): number {
  const by = now.span.start - before.span.start;
  const same =
    sameNumbers(before, now) && now.id === before.id && now.label === before.label && now.group === before.group && now.fence === before.fence &&
    now.span.end - before.span.end === by && now.idSpan.start - before.idSpan.start === by && now.idSpan.end - before.idSpan.end === by && now.headerEnd - before.headerEnd === by;
  return same ? by : 0;
}
