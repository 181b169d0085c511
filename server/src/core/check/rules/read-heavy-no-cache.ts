/** N404: a read-heavy database with no cache in front and no read replicas. */

import { diagnostic } from '../../diagnostics';
import { showPercent, showRate } from '../display';
import { componentCheck, type Check } from '../rule';

/** Reads at or above this share of the known reads and writes make a database read-heavy. */
const READ_HEAVY = 0.8;

export const readHeavyNoCache: Check = componentCheck('readHeavyNoCache', (component, input, report) => {
  if (component.kindDef?.kind !== 'database') return;
  const numbers = input.load.components.get(component.id);
  if (!numbers || numbers.replicas > 1 || numbers.reads <= 0) return;
  const share = numbers.reads / (numbers.reads + numbers.writes);
  if (share < READ_HEAVY) return;
  const incoming = input.graph.incoming.get(component.id) ?? [];
  const cached = incoming.some((i) => input.graph.components.get(input.graph.edges[i]!.from)?.kindDef?.kind === 'cache');
  if (cached) return;
  const message = `\`${component.id}\` serves ${showRate(input, numbers.reads)} of reads (${showPercent(share)} of the reads and writes Napkin can tell apart) with no cache in front and no read replicas: add a cache or \`replicas: 2\` or more.`;
  report(diagnostic('readHeavyNoCache', component.idSpan.start, component.idSpan.end, message));
});
