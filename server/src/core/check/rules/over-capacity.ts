/** N401: a component receives more load than `capacity × replicas` can serve. */

import { diagnostic } from '../../diagnostics';
import { compact } from '../../units/format';
import { setPropFix } from '../fixes';
import { showPercent, showRate } from '../display';
import { componentCheck, type Check } from '../rule';

export const overCapacity: Check = componentCheck('overCapacity', (component, input, report) => {
  const numbers = input.load.components.get(component.id);
  if (!numbers || numbers.load === undefined || numbers.capacity === undefined || numbers.capacityPerReplica === undefined) return;
  if (numbers.load <= numbers.capacity * (1 + 1e-9)) return;
  const needed = numbers.replicasNeeded;
  const source = numbers.capacitySource === 'kind' ? ` (the default for a ${component.kindDef?.kind}; set \`capacity\` if yours differs)` : '';
  const percent = numbers.utilisation === undefined ? '' : ` (${showPercent(numbers.utilisation)})`;
  // With extreme inputs the ratio overflows: say so instead of inventing a number.
  const remedy = needed === undefined ? 'it needs more replicas than a number can hold; check the load and the capacity' : `it needs ${needed < 1e6 ? needed : compact(needed)} replicas`;
  const message =
    `\`${component.id}\` receives ${showRate(input, numbers.load)} but ${numbers.replicas} replica${numbers.replicas === 1 ? '' : 's'} × ${showRate(input, numbers.capacityPerReplica)}${source} ` +
    `serve ${showRate(input, numbers.capacity)}${percent}: ${remedy}.`;
  report(
    diagnostic('overCapacity', component.idSpan.start, component.idSpan.end, message, {
      fixes: needed === undefined || needed >= 1e6 ? [] : [setPropFix(input, component, 'replicas', String(needed), `Set replicas to ${needed}`)],
    }),
  );
}, 'component');
