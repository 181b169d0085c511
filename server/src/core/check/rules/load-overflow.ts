/** N203 for loads: traffic that adds up past the largest number is reported, never shown as ∞. */

import { diagnostic } from '../../diagnostics';
import type { Check } from '../rule';

export const loadOverflow: Check = {
  id: 'invalidValue',
  run(input, report) {
    for (const id of input.load.overflowed) {
      const component = input.graph.components.get(id);
      if (!component) continue;
      report(diagnostic('invalidValue', component.idSpan.start, component.idSpan.end, `The load arriving at \`${id}\` adds up past the largest number Napkin can hold (overflow); check the \`rate\`s that reach it.`));
    }
  },
};
