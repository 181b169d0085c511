/** N409: a queue or topic that receives messages and passes them to nobody. */

import { diagnostic } from '../../diagnostics';
import { isMessaging } from '../../model/catalogue';
import { componentCheck, type Check } from '../rule';

export const queueWithoutConsumer: Check = componentCheck('noConsumer', (component, input, report) => {
  if (!component.kindDef || !isMessaging(component.kindDef.kind)) return;
  const received = (input.graph.incoming.get(component.id)?.length ?? 0) > 0;
  const consumed = (input.graph.outgoing.get(component.id)?.length ?? 0) > 0;
  if (!received || consumed) return;
  report(diagnostic('noConsumer', component.idSpan.start, component.idSpan.end, `Nothing consumes \`${component.id}\`: add a consumer (\`${component.id} ~> worker\`).`));
}, 'component');
