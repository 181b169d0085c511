/** What the fuzz runner (runner.ts) and its worker threads (worker.ts) exchange. */

import type { Doc, Family } from './arbitraries';

export interface JobData {
  readonly family: Family;
  readonly runs: number;
  readonly seed: number;
  readonly shared: SharedArrayBuffer;
  /** For the runner's own test: case number `hangAt` spins forever instead of being checked. */
  readonly hangAt?: number;
}

export interface JobReport {
  readonly cases: number;
  /** Cases that failed only in a known way (known.ts), per issue id. */
  readonly known: Record<string, number>;
  readonly failure?: { readonly property: string; readonly message: string; readonly input: Doc; readonly shrinks: number; readonly path: string | undefined };
}

/** Layout of the shared memory: Int32 [cases started, input byte length], then the current input as UTF-8 JSON. */
export const HEADER_BYTES = 8;
