/** N409: a queue or topic that receives messages and passes them to nobody. */

import { diagnostic } from '../../diagnostics';
import { isMessaging } from '../../model/catalogue';
import type { Check } from '../rule';

export const queueWithoutConsumer: Check = {
  id: 'noConsumer',
  run(input, report) {
    for (const component of input.graph.components.values()) {
      if (!component.kindDef || !isMessaging(component.kindDef.kind)) continue;
      const received = (input.graph.incoming.get(component.id)?.length ?? 0) > 0;
      const consumed = (input.graph.outgoing.get(component.id)?.length ?? 0) > 0;
      if (!received || consumed) continue;
      report(diagnostic('noConsumer', component.idSpan.start, component.idSpan.end, `Nothing consumes \`${component.id}\`: add a consumer (\`${component.id} ~> worker\`).`));
    }
  },
};
