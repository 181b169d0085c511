/** N403: a one-replica database, cache or load balancer that every user request needs. */

import { diagnostic } from '../../diagnostics';
import { requiredByEveryRequest } from '../../graph/required';
import { isOrigin } from '../../model/catalogue';
import { setPropFix } from '../fixes';
import type { Check } from '../rule';

const fragile = new Set(['database', 'cache', 'loadbalancer']);

export const singlePointOfFailure: Check = {
  id: 'singlePointOfFailure',
  run(input, report) {
    const origins = [...input.graph.components.values()].filter((c) => (c.kindDef && isOrigin(c.kindDef.kind)) || c.props.has('rate')).map((c) => c.id);
    const candidates = new Set(
      [...input.graph.components.values()]
        .filter((c) => c.kindDef && fragile.has(c.kindDef.kind) && (input.load.components.get(c.id)?.replicas ?? 1) === 1)
        .map((c) => c.id),
    );
    for (const id of requiredByEveryRequest(input.graph, input.load, origins, candidates)) {
      const component = input.graph.components.get(id)!;
      const message = `Every user request needs \`${id}\`, a ${component.kindDef!.kind} with one replica: if it fails, the whole design is down. Add a replica (\`replicas: 2\`) with failover.`;
      report(diagnostic('singlePointOfFailure', component.idSpan.start, component.idSpan.end, message, {
        fixes: [setPropFix(input, component, 'replicas', '2', 'Set replicas to 2')],
      }));
    }
  },
};
