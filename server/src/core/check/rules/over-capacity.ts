/** N401: a component receives more load than `capacity × replicas` can serve. */

import { diagnostic } from '../../diagnostics';
import { setPropFix } from '../fixes';
import { showPercent, showRate } from '../display';
import type { Check } from '../rule';

export const overCapacity: Check = {
  id: 'overCapacity',
  run(input, report) {
    for (const component of input.graph.components.values()) {
      const numbers = input.load.components.get(component.id);
      if (!numbers || numbers.load === undefined || numbers.capacity === undefined || numbers.capacityPerReplica === undefined) continue;
      if (numbers.load <= numbers.capacity * (1 + 1e-9)) continue;
      const needed = numbers.replicasNeeded ?? numbers.replicas + 1;
      const source = numbers.capacitySource === 'kind' ? ` (the default for a ${component.kindDef?.kind}; set \`capacity\` if yours differs)` : '';
      const message =
        `\`${component.id}\` receives ${showRate(input, numbers.load)} but ${numbers.replicas} replica${numbers.replicas === 1 ? '' : 's'} × ${showRate(input, numbers.capacityPerReplica)}${source} ` +
        `serve ${showRate(input, numbers.capacity)} (${showPercent(numbers.utilisation ?? 0)}): it needs ${needed} replicas.`;
      report(
        diagnostic('overCapacity', component.idSpan.start, component.idSpan.end, message, {
          fixes: [setPropFix(input.text, component, 'replicas', String(needed), `Set replicas to ${needed}`)],
        }),
      );
    }
  },
};
