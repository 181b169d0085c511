/** N415: a sharded store whose data fits one node: replicas give the same capacity more simply. */

import { diagnostic } from '../../diagnostics';
import { quantityOf } from '../../graph/load';
import { showData } from '../display';
import { componentCheck, type Check } from '../rule';

export const underusedShards: Check = componentCheck('underusedShards', (component, input, report) => {
  const shards = quantityOf(component.props.get('shards'));
  const storage = quantityOf(component.props.get('storage'));
  const perNode = quantityOf(component.props.get('node_storage'));
  if (shards === undefined || shards <= 1 || storage === undefined || perNode === undefined || storage > perNode) return;
  report(diagnostic('underusedShards', component.idSpan.start, component.idSpan.end, `\`${component.id}\` has ${shards} shards, but its ${showData(input, storage)} fit one ${showData(input, perNode)} node: prefer replicas to sharding until the data outgrows a node.`));
}, 'component');
