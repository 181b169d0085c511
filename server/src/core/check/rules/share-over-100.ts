/** N414: the explicit shares leaving one component add up to more than 100%. */

import { diagnostic } from '../../diagnostics';
import { quantityOf } from '../../graph/load';
import { showPercent } from '../display';
import type { Check } from '../rule';

export const shareOver100: Check = {
  id: 'shareOver100',
  run(input, report) {
    const totals = new Map<string, { sum: number; first: { start: number; end: number } }>();
    for (const edge of input.graph.edges) {
      const share = quantityOf(edge.props.get('share'));
      if (share === undefined) continue;
      const entry = totals.get(edge.from) ?? { sum: 0, first: edge.span };
      entry.sum += share;
      totals.set(edge.from, entry);
    }
    for (const [from, { sum, first }] of totals) {
      if (sum <= 1 + 1e-9) continue;
      report(diagnostic('shareOver100', first.start, first.end, `The shares leaving \`${from}\` add up to ${showPercent(sum)}: make them add up to 100% or less.`));
    }
  },
};
