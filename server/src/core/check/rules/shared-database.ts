/** N412: several services write to one database, which couples them through its schema. */

import { diagnostic } from '../../diagnostics';
import { componentCheck, type Check } from '../rule';

const services = new Set(['service', 'worker', 'function']);

export const sharedDatabase: Check = componentCheck('sharedDatabase', (component, input, report) => {
  if (component.kindDef?.kind !== 'database') return;
  const writers = new Set<string>();
  for (const i of input.graph.incoming.get(component.id) ?? []) {
    const edge = input.graph.edges[i]!;
    if (input.load.edges[i]?.op === 'read') continue;
    const kind = input.graph.components.get(edge.from)?.kindDef?.kind;
    if (kind && services.has(kind)) writers.add(edge.from);
  }
  if (writers.size < 2) return;
  const quoted = [...writers].map((w) => `\`${w}\``);
  const names = quoted.length === 2 ? `${quoted[0]} and ${quoted[1]} both` : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]} all`;
  report(diagnostic('sharedDatabase', component.idSpan.start, component.idSpan.end, `${names} write to \`${component.id}\`: give each service its own database, or mark read-only calls with \`op: read\`.`));
});
