/**
 * What a design check is: a rule id from the catalogue and a function from the analysis to
 * diagnostics. Checks only read; they never change the model.
 */

import type { CheckInput } from '../analysis';
import type { Diagnostic, RuleId } from '../diagnostics';
import type { Component, Edge } from '../graph/build';

type Report = (diagnostic: Diagnostic) => void;

export interface Check {
  readonly id: RuleId;
  run(input: CheckInput, report: Report): void;
  /**
   * A check whose findings about a component read nothing but the component, its numbers, its
   * connections with their loads, and the components at their other ends, with their numbers:
   * what it finds about one component. An editor's analysis runs it only for the components
   * whose surroundings changed (`check/carried.ts`).
   */
  readonly component?: (component: Component, input: CheckInput, report: Report) => void;
  /**
   * `component`: the check reads only the component, its numbers and which connections it has
   * (not their loads, nor the components at their other ends), so it runs again only where those
   * changed: a shared service's numbers change with every edit upstream of it, and would otherwise
   * bring every component connected to it along.
   */
  readonly reads?: 'component' | 'surroundings';
  /** The same for a check about one connection between declared components, reading only it, its load, and its two ends with their numbers. */
  readonly edge?: (edge: Edge, from: Component, to: Component, input: CheckInput, report: Report) => void;
  /**
   * A check over the whole design that can tell by itself, by identity, what of its last run still
   * holds: it gets what it returned after the last analysis of an editor (`last`; undefined the
   * first time, or when nothing may be kept) and returns what the next one may take again.
   */
  readonly remember?: (input: CheckInput, report: Report, last: unknown) => unknown;
}

/** A check over the whole design that takes again what still holds of its last run (see `Check.remember`). */
export function rememberingCheck<M>(id: RuleId, run: (input: CheckInput, report: Report, last: M | undefined) => M): Check {
  return { id, run: (input, report) => void run(input, report, undefined), remember: run as Check['remember'] };
}

/** A check of each component in turn (see `Check.component`, `Check.reads`). */
export function componentCheck(id: RuleId, component: NonNullable<Check['component']>, reads: NonNullable<Check['reads']> = 'surroundings'): Check {
  return {
    id,
    component,
    reads,
    run(input, report) {
      for (const each of input.graph.components.values()) component(each, input, report);
    },
  };
}

/** A check of each connection between declared components in turn (see `Check.edge`). */
export function edgeCheck(id: RuleId, edge: NonNullable<Check['edge']>): Check {
  return {
    id,
    edge,
    run(input, report) {
      forEachConnectedPair(input, (each, from, to) => edge(each, from, to, input, report));
    },
  };
}

/** Calls `visit` with each connection whose two ends are declared components, and those components. */
export function forEachConnectedPair(input: CheckInput, visit: (edge: Edge, from: Component, to: Component) => void): void {
  const { index, slots } = input.graph.components;
  for (const edge of input.graph.edges) {
    const from = index.get(edge.from);
    const to = index.get(edge.to);
    if (from !== undefined && to !== undefined) visit(edge, slots[from]!, slots[to]!);
  }
}
