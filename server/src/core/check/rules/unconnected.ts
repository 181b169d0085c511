/** N406: a component with no connection, in a design that has connections. */

import { diagnostic } from '../../diagnostics';
import { componentCheck, type Check } from '../rule';

export const unconnected: Check = componentCheck('unconnected', (component, input, report) => {
  if (input.graph.edges.length === 0) return;
  if ((input.graph.incoming.get(component.id)?.length ?? 0) > 0 || (input.graph.outgoing.get(component.id)?.length ?? 0) > 0) return;
  report(diagnostic('unconnected', component.idSpan.start, component.idSpan.end, `\`${component.id}\` has no connections: connect it (\`${component.id} -> other\`) or remove it.`));
}, 'component');
