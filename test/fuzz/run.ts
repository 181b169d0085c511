/**
 * The long fuzz run (`npm run fuzz`): the properties of test/fuzz/check.ts over at least a million
 * cases, spread over the four input families, in worker threads on every core but one (at least
 * two). Jobs of a few thousand cases each, each from its own seed, so one failure stops only its
 * job and every failure can be replayed: `NAPKIN_FUZZ_SEED=<seed> NAPKIN_FUZZ_SCALE=<runs/600>`
 * with the short run, or runJobs([{ family, runs, seed }]).
 *
 *   NAPKIN_FUZZ_CASES   total cases (default 1,000,000)
 *   NAPKIN_FUZZ_SEED    first seed (default: the time, printed)
 *   NAPKIN_FUZZ_JOBS    parallel workers (default: cores − 1, at least 2)
 *   NAPKIN_FUZZ_REPORT  write the results as JSON to this path
 *
 * Exit code 0 when no new problem was found (known core bugs are counted, see known.ts), 1 otherwise.
 */

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { Family } from './arbitraries';
import { knownIssues } from './known';
import { describeProblems, runJobs, type Job, type JobResult } from './runner';

const total = Number(process.env.NAPKIN_FUZZ_CASES ?? 1_000_000);
const firstSeed = Number(process.env.NAPKIN_FUZZ_SEED ?? Date.now() % 1_000_000_000);
const parallel = Number(process.env.NAPKIN_FUZZ_JOBS ?? Math.max(2, availableParallelism() - 1));
const share: Record<Family, number> = { randomText: 0.3, tokenSoup: 0.3, design: 0.25, editedCorpus: 0.15 };
const JOB_SIZE = 5_000;

const jobs: Job[] = [];
let seed = firstSeed;
for (const [family, part] of Object.entries(share) as [Family, number][]) {
  let left = Math.ceil(total * part);
  while (left > 0) {
    const runs = Math.min(JOB_SIZE, left);
    jobs.push({ family, runs, seed: seed++ });
    left -= runs;
  }
}
// Interleave the families so that progress is spread over all of them from the start.
jobs.sort((a, b) => (a.seed % 7) - (b.seed % 7) || a.seed - b.seed);

async function main(): Promise<void> {
  const started = Date.now();
  const minutes = (ms: number) => `${(ms / 60_000).toFixed(1)} min`;
  let cases = 0;
  console.log(`napkin fuzz: ${total.toLocaleString('en-US')} cases in ${jobs.length} jobs, ${parallel} workers, seeds ${firstSeed}…${seed - 1}`);

  const results: JobResult[] = await runJobs(jobs, {
    parallel,
    // A failure stops its job: run the cases it did not get to under a new seed, so the run reaches its size.
    more: (result) => (result.cases < result.runs ? [{ family: result.family, runs: result.runs - result.cases, seed: seed++ }] : []),
    onResult(result, done, count) {
      cases += result.cases;
      const problem = result.hang ? ' HANG' : result.crash ? ' CRASH' : result.failure ? ` FAILURE (${result.failure.property})` : '';
      const known = Object.keys(result.known).length ? ` known: ${JSON.stringify(result.known)}` : '';
      console.log(`[${done}/${count}] ${result.family} seed ${result.seed}: ${result.cases} cases, ${result.ms} ms${problem}${known} — ${cases.toLocaleString('en-US')} cases, ${minutes(Date.now() - started)}`);
    },
  });

  const elapsed = Date.now() - started;
  const byFamily = new Map<Family, { cases: number; ms: number }>();
  const known: Record<string, number> = {};
  for (const r of results) {
    const entry = byFamily.get(r.family) ?? { cases: 0, ms: 0 };
    entry.cases += r.cases;
    entry.ms += r.ms;
    byFamily.set(r.family, entry);
    for (const [id, n] of Object.entries(r.known)) known[id] = (known[id] ?? 0) + n;
  }
  const problems = describeProblems(results);
  console.log(`\nnapkin fuzz: ${cases.toLocaleString('en-US')} cases in ${minutes(elapsed)} (${parallel} workers)`);
  for (const [family, { cases: n, ms }] of byFamily) console.log(`  ${family.padEnd(13)} ${n.toLocaleString('en-US').padStart(10)} cases, ${(ms / n).toFixed(2)} ms per case per worker`);
  for (const issue of knownIssues) console.log(`  known core bug ${issue.id} (${issue.test}): ${known[issue.id] ?? 0} cases`);
  console.log(problems.length === 0 ? '  no new problem found' : `  ${problems.length} problem(s):\n\n${problems.join('\n\n')}`);
  if (process.env.NAPKIN_FUZZ_REPORT) {
    writeFileSync(process.env.NAPKIN_FUZZ_REPORT, JSON.stringify({ total: cases, elapsedMs: elapsed, parallel, firstSeed, byFamily: Object.fromEntries(byFamily), known, problems, results }, null, 2));
  }
  process.exitCode = problems.length === 0 ? 0 : 1;
}

void main();
