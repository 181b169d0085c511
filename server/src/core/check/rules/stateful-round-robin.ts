/** N405: a stateful or WebSocket service behind a round-robin load balancer (no stickiness). */

import { diagnostic } from '../../diagnostics';
import { edgeCheck, type Check } from '../rule';

const sticky = new Set(['sticky', 'ip-hash']);

export const statefulRoundRobin: Check = edgeCheck('statefulRoundRobin', (edge, balancer, target, input, report) => {
  if (balancer.kindDef?.kind !== 'loadbalancer') return;
  const algorithm = balancer.props.get('algorithm');
  const name = algorithm?.type === 'word' ? algorithm.value : 'round-robin';
  if (sticky.has(name)) return;
  const protocol = edge.props.get('protocol');
  const websocket = (protocol?.type === 'word' && /^(websocket|ws|wss)$/i.test(protocol.value)) || /websocket|\bwss?:\/\//i.test(edge.label ?? '');
  if (!target.props.has('stateful') && !websocket) return;
  if ((input.load.components.get(target.id)?.replicas ?? 1) < 2) return;
  const why = websocket ? 'holds WebSocket connections' : 'is stateful';
  const defaulted = algorithm ? '' : ' (round-robin is the default)';
  const message = `\`${target.id}\` ${why}, but \`${balancer.id}\` spreads requests ${name}${defaulted}: a client's next request may reach another replica. Set \`algorithm: sticky\` or \`ip-hash\` on \`${balancer.id}\`.`;
  report(diagnostic('statefulRoundRobin', edge.span.start, edge.span.end, message));
});
