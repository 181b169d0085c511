/**
 * What a design check is: a rule id from the catalogue and a function from the analysis to
 * diagnostics. Checks only read; they never change the model.
 */

import type { CheckInput } from '../analysis';
import type { Diagnostic } from '../diagnostics';
import type { Component, Edge } from '../graph/build';

export interface Check {
  readonly id: import('../diagnostics').RuleId;
  run(input: CheckInput, report: (diagnostic: Diagnostic) => void): void;
}

/** Calls `visit` with each connection whose two ends are declared components, and those components. */
export function forEachConnectedPair(input: CheckInput, visit: (edge: Edge, from: Component, to: Component) => void): void {
  for (const edge of input.graph.edges) {
    const from = input.graph.components.get(edge.from);
    const to = input.graph.components.get(edge.to);
    if (from && to) visit(edge, from, to);
  }
}
