/** N413: the working set a cache should hold (`storage`) does not fit `memory × replicas`. */

import { diagnostic } from '../../diagnostics';
import { quantityOf } from '../../graph/load';
import { showData } from '../display';
import { componentCheck, type Check } from '../rule';

export const cacheOverMemory: Check = componentCheck('cacheOverMemory', (component, input, report) => {
  if (component.kindDef?.kind !== 'cache') return;
  const storage = quantityOf(component.props.get('storage'));
  const memory = quantityOf(component.props.get('memory'));
  if (storage === undefined || memory === undefined) return;
  const replicas = input.load.components.get(component.id)?.replicas ?? 1;
  if (storage <= memory * replicas * (1 + 1e-9)) return;
  const message = `\`${component.id}\` should hold ${showData(input, storage)} but has ${showData(input, memory * replicas)} of memory: add memory or shard the cache.`;
  report(diagnostic('cacheOverMemory', component.idSpan.start, component.idSpan.end, message));
}, 'component');
