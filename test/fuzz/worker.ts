/**
 * One fuzz job in a worker thread: `runs` cases of one family from one seed, checked with
 * `checkDocument`. Before each case the worker writes the input into shared memory and bumps a
 * counter, so the main thread sees progress and, if a case hangs, knows which input it was (it
 * terminates the worker: a synchronous infinite loop cannot report itself).
 *
 * Bundled with esbuild by runner.ts; not imported by tests.
 */

import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { families, type Doc } from './arbitraries';
import { checkDocument, PropertyFailure } from './check';
import { knownIssueOf } from './known';
import { HEADER_BYTES, type JobData, type JobReport } from './protocol';

const { family, runs, seed, shared, hangAt } = workerData as JobData;
const header = new Int32Array(shared, 0, 2);
const body = new Uint8Array(shared, HEADER_BYTES);
const encoder = new TextEncoder();
const known: Record<string, number> = {};
let cases = 0;

function record(doc: Doc): void {
  const { written } = encoder.encodeInto(JSON.stringify(doc), body);
  Atomics.store(header, 1, written);
  Atomics.add(header, 0, 1);
}

const property = fc.property(families[family], (doc) => {
  record(doc);
  cases++;
  if (cases === hangAt) for (;;);
  try {
    checkDocument(doc.text, doc.language);
  } catch (error) {
    const issue = error instanceof PropertyFailure ? knownIssueOf(error, doc) : undefined;
    if (!issue) throw error;
    known[issue.id] = (known[issue.id] ?? 0) + 1;
  }
});

const details = fc.check(property, { numRuns: runs, seed, endOnFailure: false });
let report: JobReport = { cases, known };
if (details.failed && details.counterexample) {
  const error = details.errorInstance;
  report = {
    cases,
    known,
    failure: {
      property: error instanceof PropertyFailure ? error.property : 'the pipeline never throws',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      input: details.counterexample[0] as Doc,
      shrinks: details.numShrinks,
      path: details.counterexamplePath ?? undefined,
    },
  };
}
parentPort!.postMessage(report);
