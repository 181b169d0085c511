/** N410: a cache with no `ttl`: entries live until evicted, and stale data has no bound. */

import { diagnostic } from '../../diagnostics';
import { componentCheck, type Check } from '../rule';

export const cacheWithoutTtl: Check = componentCheck('cacheNoTtl', (component, _input, report) => {
  if (component.kindDef?.kind !== 'cache' || component.props.has('ttl')) return;
  report(diagnostic('cacheNoTtl', component.idSpan.start, component.idSpan.end, `\`${component.id}\` has no \`ttl\`: say how long entries live (\`ttl: 10 min\`) so stale reads have a bound.`));
}, 'component');
