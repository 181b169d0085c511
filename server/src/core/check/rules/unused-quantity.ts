/** N407: a quantity that nothing uses (a hint: results are often read, not reused). */

import { diagnostic } from '../../diagnostics';
import type { Check } from '../rule';

export const unusedQuantity: Check = {
  id: 'unusedQuantity',
  run(input, report) {
    for (const { name, definition } of input.quantities) {
      if (input.binding.usedAsValue.has(name)) continue;
      report(diagnostic('unusedQuantity', definition.start, definition.end, `\`${name}\` is never used; use it in another quantity, a component or an \`assert\`, or remove it.`));
    }
  },
};
