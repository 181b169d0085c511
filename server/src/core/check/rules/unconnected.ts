/** N406: a component with no connection, in a design that has connections. */

import { diagnostic } from '../../diagnostics';
import type { Check } from '../rule';

export const unconnected: Check = {
  id: 'unconnected',
  run(input, report) {
    if (input.graph.edges.length === 0) return;
    const connected = new Set(input.graph.edges.flatMap((e) => [e.from, e.to]));
    for (const component of input.graph.components.values()) {
      if (connected.has(component.id)) continue;
      report(diagnostic('unconnected', component.idSpan.start, component.idSpan.end, `\`${component.id}\` has no connections: connect it (\`${component.id} -> other\`) or remove it.`));
    }
  },
};
