/** N403: a one-replica database, cache or load balancer that every user path crosses. */

import { diagnostic } from '../../diagnostics';
import { onEveryPath } from '../../graph/dominators';
import { isOrigin } from '../../model/catalogue';
import { setPropFix } from '../fixes';
import type { Check } from '../rule';

const fragile = new Set(['database', 'cache', 'loadbalancer']);

export const singlePointOfFailure: Check = {
  id: 'singlePointOfFailure',
  run(input, report) {
    const origins = [...input.graph.components.values()].filter((c) => (c.kindDef && isOrigin(c.kindDef.kind)) || c.props.has('rate')).map((c) => c.id);
    const crossed = onEveryPath(input.graph, origins);
    for (const id of crossed) {
      const component = input.graph.components.get(id)!;
      const replicas = input.load.components.get(id)?.replicas ?? 1;
      if (!component.kindDef || !fragile.has(component.kindDef.kind) || replicas > 1) continue;
      const message = `Every user request crosses \`${id}\`, a ${component.kindDef.kind} with one replica: if it fails, the whole design is down. Add a replica (\`replicas: 2\`) with failover.`;
      report(diagnostic('singlePointOfFailure', component.idSpan.start, component.idSpan.end, message, {
        fixes: [setPropFix(input.text, component, 'replicas', '2', 'Set replicas to 2')],
      }));
    }
  },
};
