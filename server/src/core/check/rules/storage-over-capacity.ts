/** N402: stored data exceeds `node_storage × shards`. */

import { diagnostic } from '../../diagnostics';
import { ceilTolerant, quantityOf } from '../../graph/load';
import { setPropFix } from '../fixes';
import { showData } from '../display';
import type { Check } from '../rule';

export const storageOverCapacity: Check = {
  id: 'storageOverCapacity',
  run(input, report) {
    for (const component of input.graph.components.values()) {
      const storage = quantityOf(component.props.get('storage'));
      const perNode = quantityOf(component.props.get('node_storage'));
      if (storage === undefined || perNode === undefined || perNode <= 0) continue;
      const shards = quantityOf(component.props.get('shards')) ?? 1;
      if (storage <= perNode * shards * (1 + 1e-9)) continue;
      const needed = ceilTolerant(storage / perNode);
      const message = `\`${component.id}\` stores ${showData(input, storage)} but ${shards} shard${shards === 1 ? '' : 's'} × ${showData(input, perNode)} hold ${showData(input, perNode * shards)}: it needs ${needed} shards.`;
      report(diagnostic('storageOverCapacity', component.idSpan.start, component.idSpan.end, message, {
        fixes: [setPropFix(input.text, component, 'shards', String(needed), `Set shards to ${needed}`)],
      }));
    }
  },
};
