/**
 * `npm run bench`: every benchmark, side by side with the tools users would pick instead, on
 * corpora generated here; prints the tables and writes docs/benchmarks.md.
 *
 *   node --import tsx bench/run.ts [--smoke] [--quick] [--[no-]profile] [--out=FILE] [--report-from=dist/benchmarks.json] [--only=lsp,lint,preview,cold,scaling] [--no-build]
 *
 * --smoke: tiny inputs and few runs, no code-server, no LikeC4 validate: checks that the harness
 * works (test/bench.test.ts runs it), says nothing about speed. Without --out it writes nothing.
 * --quick: leave out LikeC4's server at 50K lines (about 2½ minutes less: each of its edits takes
 * 15–20 s there). --profile / --no-profile: list the hot spots of the LSP server and the CLI (on by
 * default unless --only is given). --no-build: measure dist/ as it is
 * instead of building the production bundles into dist/bench/dist/.
 */

import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { measureActivation, bundleSizes, measureInitialize } from './cold';
import { lspPart } from './editing';
import { profilePart } from './hot-spots';
import { lintPart, root } from './lint';
import { load, log, machine } from './machine';
import { plan } from './plan';
import { measurePreview } from './preview';
import { report, type Results } from './report';
import { marginal, scalingPart } from './scaling';
import { loglogSlope, ms } from './stats';
import { printTables } from './targets';


interface Options {
  readonly smoke: boolean;
  readonly out: string | undefined;
  readonly only: Set<string> | undefined;
  readonly build: boolean;
  /** Leave out LikeC4's server at 50K lines (starting and opening take about 40 s, each edit 15–20 s). */
  readonly quick: boolean;
  /** Profile the LSP server and the CLI and list the hot spots (default unless `--only` is given). */
  readonly profile: boolean;
}

const FLAGS = ['--smoke', '--quick', '--profile', '--no-profile', '--no-build'];
const VALUES = ['--out=', '--only=', '--report-from='];
const PARTS = ['lsp', 'lint', 'preview', 'cold', 'scaling'];
const USAGE = 'usage: node --import tsx bench/run.ts [--smoke] [--quick] [--[no-]profile] [--out=FILE] [--report-from=dist/benchmarks.json] [--only=lsp,lint,preview,cold,scaling] [--no-build]';

/** The options, or a usage error: an option misspelt would otherwise start the whole run of several minutes. */
function parseOptions(argv: readonly string[]): Options {
  const unknown = argv.filter((a) => !FLAGS.includes(a) && !VALUES.some((v) => a.startsWith(v)));
  if (unknown.length > 0) throw new UsageError(`${unknown.includes('--help') ? '' : `bench: unknown option ${unknown.join(' ')}\n`}${USAGE}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const smoke = argv.includes('--smoke');
  const only = value('only');
  const parts = only?.split(',') ?? [];
  const unknownParts = parts.filter((part) => !PARTS.includes(part));
  if (unknownParts.length > 0) throw new UsageError(`bench: --only takes ${PARTS.join(', ')}, not ${unknownParts.join(', ')}\n${USAGE}`);
  return {
    smoke,
    out: value('out') ?? (smoke ? undefined : join(root, 'docs', 'benchmarks.md')),
    only: only ? new Set(parts) : undefined,
    build: !argv.includes('--no-build') && !smoke,
    quick: argv.includes('--quick'),
    profile: argv.includes('--profile') || (!smoke && !argv.includes('--no-profile') && !only),
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // --report-from=dist/benchmarks.json: write the report again from a run's saved results (after
  // editing bench/history.md or the report's wording), without measuring anything.
  const from = process.argv.find((a) => a.startsWith('--report-from='))?.slice('--report-from='.length);
  if (from) {
    const read = JSON.parse(readFileSync(from, 'utf8')) as Results;
    // The exponents come from the saved points again, by the rules above.
    const saved = { ...read, scaling: read.scaling?.map((s) => ({ ...s, slope: loglogSlope(s.points), marginal: marginal(s.points) })) };
    if (options.out) writeFileSync(options.out, report(saved));
    printTables(saved);
    return;
  }
  const p = plan(options.smoke, options.quick);
  const started = performance.now();
  const want = (part: string) => !options.only || options.only.has(part);
  const work = mkdtempSync(join(tmpdir(), 'napkin-bench-'));
  const results: Results = { machine: machine(), loadAtStart: load(), distLabel: 'development build (dist/)' };
  log(`napkin bench${options.smoke ? ' (smoke)' : ''}: load ${results.loadAtStart}; work in ${work}`);
  try {
    let dist = join(root, 'dist');
    if (options.build) {
      // The production bundles (minified, what ships), built beside the development build.
      dist = join(root, 'dist', 'bench', 'dist');
      execFileSync(process.execPath, [join(root, 'esbuild.mjs'), '--production', `--outdir=${dist}`], { cwd: root, stdio: 'inherit' });
      results.distLabel = 'production build (`esbuild.mjs --production`, minified)';
    }
    const serverJs = join(dist, 'server.js');
    const cli = join(dist, 'cli.js');
    for (const needed of [serverJs, cli]) if (!existsSync(needed)) throw new Error(`${needed} is missing: run npm run build`);

    const part = async (name: string, body: () => Promise<void>) => {
      if (!want(name)) return;
      const at = performance.now();
      await body();
      log(`${name}: ${((performance.now() - at) / 1000).toFixed(1)} s`);
    };
    await part('cold', async () => {
      results.bundles = bundleSizes(dist);
      results.initialize = await measureInitialize(serverJs, p.initRuns);
      if (p.activationRuns > 0) results.activation = await measureActivation(join(dist, '..'), p.activationRuns, () => undefined);
      log(`cold: initialize ${ms(results.initialize.spawn.median)} ms${results.activation && !('skipped' in results.activation) ? `, activation ${ms(results.activation.total.median)} ms` : ''}`);
    });
    // The editing part runs last: after LikeC4's server at 50K lines (gigabytes, for minutes) the
    // kernel takes its memory back for a while, and whatever runs then is slower and noisier (fresh
    // processes start slower; memory is handed out slower): bench/history.md, eleventh session.
    await part('lint', async () => {
      results.lint = await lintPart(p, cli, work);
    });
    await part('preview', async () => {
      results.preview = await measurePreview({ lines: p.previewLines, edits: p.previewEdits, warmup: p.previewWarmup });
      log(`preview: ${'skipped' in results.preview ? results.preview.skipped : `${ms(results.preview.total.median)} ms vs Mermaid ${ms(results.preview.mermaid.median)} ms`}`);
    });
    await part('scaling', async () => {
      results.scaling = await scalingPart(p, cli, serverJs, work);
    });
    await part('lsp', async () => {
      results.lsp = await lspPart(p, serverJs, work);
    });
    if (options.profile) {
      const at = performance.now();
      results.profiles = await profilePart(work, results.lint?.docs);
      log(`profile: ${((performance.now() - at) / 1000).toFixed(1)} s`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  results.loadAtEnd = load();
  results.seconds = (performance.now() - started) / 1000;
  printTables(results);
  if (options.out) {
    writeFileSync(options.out, report(results));
    log(`wrote ${options.out} (${results.seconds.toFixed(0)} s)`);
  }
  writeFileSync(resultsFile(options), JSON.stringify(results, null, 2));
}

/**
 * Where a run's results are saved (for `--report-from`): the report's own results stay in
 * dist/benchmarks.json, so a partial run written elsewhere (`--only=lsp --out=/tmp/x.md`) keeps
 * its results beside its report instead of replacing them.
 */
function resultsFile(options: Options): string {
  if (options.smoke) return join(tmpdir(), 'napkin-bench-smoke.json');
  const report = join(root, 'docs', 'benchmarks.md');
  return options.out === undefined || resolve(options.out) === report ? join(root, 'dist', 'benchmarks.json') : `${resolve(options.out).replace(/\.md$/, '')}.json`;
}

class UsageError extends Error {}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof UsageError ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(error instanceof UsageError && process.argv.includes('--help') ? 0 : error instanceof UsageError ? 2 : 1);
  });
}

export { main };
