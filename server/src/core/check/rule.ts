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

/** Each connection whose two ends are declared components, with those components. */
export function* connectedPairs(input: CheckInput): Generator<{ edge: Edge; index: number; from: Component; to: Component }> {
  for (let index = 0; index < input.graph.edges.length; index++) {
    const edge = input.graph.edges[index]!;
    const from = input.graph.components.get(edge.from);
    const to = input.graph.components.get(edge.to);
    if (from && to) yield { edge, index, from, to };
  }
}
