/** N409: a queue or topic that receives messages and passes them to nobody. */

import { diagnostic } from '../../diagnostics';
import { isMessaging } from '../../model/catalogue';
import type { Check } from '../rule';

export const queueWithoutConsumer: Check = {
  id: 'noConsumer',
  run(input, report) {
    for (const component of input.graph.components.values()) {
      if (!component.kindDef || !isMessaging(component.kindDef.kind)) continue;
      const edges = input.graph.edges;
      if (!edges.some((e) => e.to === component.id) || edges.some((e) => e.from === component.id)) continue;
      report(diagnostic('noConsumer', component.idSpan.start, component.idSpan.end, `Nothing consumes \`${component.id}\`: add a consumer (\`${component.id} ~> worker\`).`));
    }
  },
};
