/** N406: a component with no connection, in a design that has connections. */

import { diagnostic } from '../../diagnostics';
import type { Check } from '../rule';

export const unconnected: Check = {
  id: 'unconnected',
  run(input, report) {
    if (input.graph.edges.length === 0) return;
    for (const component of input.graph.components.values()) {
      if ((input.graph.incoming.get(component.id)?.length ?? 0) > 0 || (input.graph.outgoing.get(component.id)?.length ?? 0) > 0) continue;
      report(diagnostic('unconnected', component.idSpan.start, component.idSpan.end, `\`${component.id}\` has no connections: connect it (\`${component.id} -> other\`) or remove it.`));
    }
  },
};
