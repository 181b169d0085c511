/**
 * The design checks, in run order. Adding a check: a file in rules/, a line here, a rule in the
 * catalogue (diagnostics.ts), a page in docs/rules/ and a fixture in test/fixtures/checks/. A check
 * about one component or one connection, reading only its surroundings, is written with
 * `componentCheck` or `edgeCheck` (rule.ts), and one about a component alone says so
 * (`'component'`): an editor's analysis then runs it only where an edit reached (carried.ts).
 */

import type { CheckInput } from '../analysis';
import type { Diagnostic } from '../diagnostics';
import type { Carried } from '../carry';
import { runCarried } from './carried';
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

/** `carried`: an editor's analyses take again what checks about one component or connection found where an edit did not reach (`carried.ts`). */
export function runChecks(input: CheckInput, carried?: Carried): Diagnostic[] {
  if (carried) return runCarried(checks, input, carried);
  const found: Diagnostic[] = [];
  for (const check of checks) check.run(input, (d) => found.push(d));
  return found;
}
