/** N408: a connection that closes a cycle of traffic. It carries no load, so say so. */

import { diagnostic } from '../../diagnostics';
import type { Check } from '../rule';

export const trafficCycle: Check = {
  id: 'trafficCycle',
  run(input, report) {
    input.graph.edges.forEach((edge, index) => {
      if (!input.load.edges[index]?.inCycle) return;
      const message = edge.async
        ? `\`${edge.from} ~> ${edge.to}\` closes a cycle of messages; Napkin counts no load on it, so the loop's extra traffic is not in the numbers. Give the loop's entry an explicit \`rate\` if messages really go round.`
        : `\`${edge.from} -> ${edge.to}\` closes a cycle of calls; Napkin counts no load on it. A response needs no connection of its own: drop it, or draw the exchange in a \`flow\` with \`-->\` for the reply.`;
      report(diagnostic('trafficCycle', edge.span.start, edge.span.end, message));
    });
  },
};
