/** N408: a connection that closes a cycle of traffic. It carries no load, so say so. */

import { diagnostic } from '../../diagnostics';
import type { Check } from '../rule';

export const trafficCycle: Check = {
  id: 'trafficCycle',
  run(input, report) {
    input.graph.edges.forEach((edge, index) => {
      if (!input.load.edges[index]?.inCycle) return;
      const message = `\`${edge.from} -> ${edge.to}\` closes a cycle of traffic; Napkin counts no load on it. If it is a reply, draw it in a \`flow\` with \`-->\`; if it is a message, use \`~>\` to a queue.`;
      report(diagnostic('trafficCycle', edge.span.start, edge.span.end, message));
    });
  },
};
