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
  // Empty: every core bug the fuzzers found is fixed (test/hardening-core.test.ts holds each fix).
];

export function knownIssueOf(failure: PropertyFailure, input: Doc): KnownIssue | undefined {
  return knownIssues.find((issue) => issue.matches(failure, input));
}
