/**
 * The design checks, in run order. Adding a check: a file in rules/, a line here, a rule in the
 * catalogue (diagnostics.ts), a page in docs/rules/ and a fixture in test/fixtures/checks/.
 */

import type { CheckInput } from '../analysis';
import type { Diagnostic } from '../diagnostics';
import type { Check } from './rule';
import { overCapacity } from './rules/over-capacity';
import { storageOverCapacity } from './rules/storage-over-capacity';
import { singlePointOfFailure } from './rules/single-point-of-failure';
import { readHeavyNoCache } from './rules/read-heavy-no-cache';
import { statefulRoundRobin } from './rules/stateful-round-robin';
import { unconnected } from './rules/unconnected';
import { unusedQuantity } from './rules/unused-quantity';
import { trafficCycle } from './rules/traffic-cycle';
import { queueWithoutConsumer } from './rules/queue-without-consumer';
import { cacheWithoutTtl } from './rules/cache-without-ttl';
import { replicasWithoutBalancer } from './rules/replicas-without-balancer';
import { sharedDatabase } from './rules/shared-database';
import { cacheOverMemory } from './rules/cache-over-memory';
import { shareOver100 } from './rules/share-over-100';
import { underusedShards } from './rules/underused-shards';
import { loadOverflow } from './rules/load-overflow';

export const checks: readonly Check[] = [
  overCapacity,
  storageOverCapacity,
  singlePointOfFailure,
  readHeavyNoCache,
  statefulRoundRobin,
  unconnected,
  unusedQuantity,
  trafficCycle,
  queueWithoutConsumer,
  cacheWithoutTtl,
  replicasWithoutBalancer,
  sharedDatabase,
  cacheOverMemory,
  shareOver100,
  underusedShards,
  loadOverflow,
];

export function runChecks(input: CheckInput): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const check of checks) check.run(input, (d) => found.push(d));
  return found;
}
