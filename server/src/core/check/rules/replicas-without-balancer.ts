/** N411: users or clients call a multi-replica service directly, with nothing to spread the load. */

import { diagnostic } from '../../diagnostics';
import { isOrigin } from '../../model/catalogue';
import { edgeCheck, type Check } from '../rule';

const balanced = new Set(['service', 'worker', 'function']);

export const replicasWithoutBalancer: Check = edgeCheck('replicasWithoutBalancer', (edge, source, target, input, report) => {
  if (!source.kindDef || !isOrigin(source.kindDef.kind) || !target.kindDef || !balanced.has(target.kindDef.kind)) return;
  if ((input.load.components.get(target.id)?.replicas ?? 1) < 2) return;
  const message = `\`${edge.from}\` calls \`${edge.to}\`'s replicas directly: put a load balancer or gateway in front (\`${edge.from} -> lb -> ${edge.to}\`).`;
  report(diagnostic('replicasWithoutBalancer', edge.span.start, edge.span.end, message));
});
