/**
 * Core bugs the fuzzers found that the core's owner has not fixed yet. Each has a minimal failing
 * test in test/hardening-core.test.ts (named here). A fuzz case that fails only in one of these
 * known ways is counted under the bug instead of stopping the run, so the fuzzers keep looking for
 * new bugs; when the bug is fixed, remove its entry and the fuzzers hold the fix in place.
 */

import type { Doc } from './arbitraries';
import type { PropertyFailure } from './check';

export interface KnownIssue {
  /** A short id used in reports. */
  readonly id: string;
  /** The failing test in test/hardening-core.test.ts. */
  readonly test: string;
  readonly matches: (failure: PropertyFailure, input: Doc) => boolean;
}

export const knownIssues: readonly KnownIssue[] = [
  {
    id: 'load-model-overflow',
    test: 'the five "… shows no ∞ or NaN (today …)" tests: utilisation, total capacity, bandwidth, shards needed',
    // A utilisation, capacity, bandwidth or shard count that overflowed, shown in a hint, a message, a symbol, a hover or a diagram.
    matches: (f) => f.property === 'no non-finite value is shown' && /Infinity%|Infinity#37;|NaN (replicas|shards)|← ∞|= ∞|#8734;/.test(f.message),
  },
];

export function knownIssueOf(failure: PropertyFailure, input: Doc): KnownIssue | undefined {
  return knownIssues.find((issue) => issue.matches(failure, input));
}
