/** N402: stored data exceeds `node_storage × shards`. */

import { diagnostic } from '../../diagnostics';
import { quantityOf } from '../../graph/load';
import { setPropFix } from '../fixes';
import { showData } from '../display';
import { componentCheck, type Check } from '../rule';

export const storageOverCapacity: Check = componentCheck('storageOverCapacity', (component, input, report) => {
  const storage = quantityOf(component.props.get('storage'));
  const perNode = quantityOf(component.props.get('node_storage'));
  if (storage === undefined || perNode === undefined || perNode <= 0) return;
  const shards = quantityOf(component.props.get('shards')) ?? 1;
  if (storage <= perNode * shards * (1 + 1e-9)) return;
  const needed = input.load.components.get(component.id)?.shardsNeeded;
  const held = perNode * shards;
  const holds = Number.isFinite(held) ? ` hold ${showData(input, held)}` : '';
  // Extreme inputs overflow the ratio: say so instead of showing NaN shards.
  const remedy = needed === undefined ? 'it needs more shards than a number can hold; check the sizes' : `it needs ${needed} shards`;
  const message = `\`${component.id}\` stores ${showData(input, storage)} but ${shards} shard${shards === 1 ? '' : 's'} × ${showData(input, perNode)}${holds}: ${remedy}.`;
  report(diagnostic('storageOverCapacity', component.idSpan.start, component.idSpan.end, message, {
    fixes: needed === undefined ? [] : [setPropFix(input, component, 'shards', String(needed), `Set shards to ${needed}`)],
  }));
}, 'component');
