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
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadsFor } from '../server/src/cli/lint-threads';
import { analyze } from '../server/src/core/analysis';
import { serverNodeFlags } from '../server/src/node/flags';
import { measureActivation, bundleSizes, measureInitialize, type ActivationResult, type BundleSize, type InitializeResult } from './cold';
import { designDoc, editTarget, likec4EditTarget, likec4ForLines } from './corpus';
import { isPart, lintTools, measureTools, timeProcess, writeDocs, type ToolResult, type WrittenDocs } from './lint';
import { initialize, measureEdits, startServer, type EditResult } from './lsp';
import { measurePreview, type PreviewResult } from './preview';
import { summarizeProfile, type ProfileRow } from './profile';
import { loglogSlope, ms, range, summarize, type Summary } from './stats';

const root = join(__dirname, '..');

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

function parseOptions(argv: readonly string[]): Options {
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const smoke = argv.includes('--smoke');
  const only = value('only');
  return {
    smoke,
    out: value('out') ?? (smoke ? undefined : join(root, 'docs', 'benchmarks.md')),
    only: only ? new Set(only.split(',')) : undefined,
    build: !argv.includes('--no-build') && !smoke,
    quick: argv.includes('--quick'),
    profile: argv.includes('--profile') || (!smoke && !argv.includes('--no-profile') && !only),
  };
}

/** What each part runs on; the smoke run keeps everything tiny. */
function plan(smoke: boolean, quick = false) {
  return smoke
    ? {
        lspSizes: [100, 200],
        lspEdits: 3,
        lspWarmup: 1,
        likec4Sizes: [100],
        likec4Edits: 2,
        lintNotes: 4,
        lintRuns: 1,
        likec4Validate: false,
        previewLines: 50,
        previewEdits: 1,
        previewWarmup: 1,
        initRuns: 1,
        activationRuns: 0,
        scaleBase: 20,
        scaleNotes: 1,
        scaleRuns: 1,
      }
    : {
        lspSizes: [1_000, 10_000, 50_000],
        // Napkin's edits take milliseconds: 100 of them make a median that one busy moment of a
        // shared machine cannot move (30 did not).
        lspEdits: 100,
        // The server runs for hours in an editor: measure it with the JIT warm.
        lspWarmup: 30,
        likec4Sizes: quick ? [1_000, 10_000] : [1_000, 10_000, 50_000],
        likec4Edits: 5,
        lintNotes: 400,
        lintRuns: 5,
        likec4Validate: true,
        previewLines: 250,
        previewEdits: 41,
        // A few uncounted edits first, as when someone starts typing: the host's code is then warm.
        previewWarmup: 5,
        initRuns: 7,
        activationRuns: 9,
        scaleBase: 500,
        scaleNotes: 4,
        scaleRuns: 5,
      };
}

interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly os: string;
  readonly date: string;
  /** µs the kernel takes to hand a page of fresh memory to a process (a page fault): machines of one kind have differed tenfold. */
  readonly faultMicros?: number;
}

function machine(): Machine {
  const list = cpus();
  let os = `${process.platform} ${process.arch}`;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    os = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? os;
  } catch {
    // not Linux
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    node: process.version,
    os,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    faultMicros: pageFaultMicros(),
  };
}

/**
 * What a page of fresh memory costs here: the median over three 64 MB buffers of the time to touch
 * one byte of each 4 KB page (an ArrayBuffer this large is mapped, not filled, so every first touch
 * is a page fault). Earlier sessions' machines took about 20 µs a page, later ones 1.3–1.5 µs, and
 * much of what this report says of memory depends on it (bench/history.md).
 */
function pageFaultMicros(): number {
  const bytes = 64 * 2 ** 20;
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const pages = new Uint8Array(new ArrayBuffer(bytes));
    const started = performance.now();
    for (let at = 0; at < bytes; at += 4096) pages[at] = 1;
    samples.push(((performance.now() - started) * 1000) / (bytes / 4096));
  }
  return samples.sort((a, b) => a - b)[1]!;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

// ── the parts ──────────────────────────────────────────────────────────────────────────────────

interface LspRow {
  readonly lines: number;
  readonly napkin: EditResult;
  /** The same document, typed into: a digit typed and deleted, turn by turn, so every later fence moves. */
  readonly typing?: EditResult;
  readonly likec4?: EditResult;
  readonly likec4Init?: number;
  readonly load: string;
}


async function lspPart(p: ReturnType<typeof plan>, serverJs: string, work: string): Promise<LspRow[]> {
  const rows: LspRow[] = [];
  for (const lines of p.lspSizes) {
    const text = designDoc(lines);
    const napkinServer = startServer(process.execPath, [...serverNodeFlags, serverJs, '--stdio']);
    let napkin: EditResult;
    let typing: EditResult;
    try {
      await initialize(napkinServer, null);
      const edits = { uri: pathToFileURL(join(work, `design-${lines}.md`)).href, languageId: 'markdown', text, target: editTarget(text), timeoutMs: 60_000 };
      napkin = await measureEdits(napkinServer, {
        ...edits,
        edits: lines >= 50_000 ? Math.max(5, Math.round(p.lspEdits * 0.66)) : p.lspEdits,
        warmup: lines >= 50_000 ? Math.min(5, p.lspWarmup) : p.lspWarmup,
        hints: true,
      });
      // Typing runs code the same-length edits never ran (moving what the fences after it made):
      // it too is measured warm, after a few uncounted keystrokes.
      typing = await measureEdits(napkinServer, { ...edits, edits: Math.max(4, Math.round(p.lspEdits / 2)), warmup: Math.min(10, p.lspWarmup), hints: false, typing: true, opened: napkin.version });
    } finally {
      await napkinServer.stop();
    }
    let likec4: EditResult | undefined;
    let likec4Init: number | undefined;
    if (p.likec4Sizes.includes(lines)) {
      const dir = join(work, `likec4-${lines}`);
      mkdirSync(dir, { recursive: true });
      const source = likec4ForLines(lines);
      writeFileSync(join(dir, 'model.c4'), source);
      const started = performance.now();
      const server = startServer(process.execPath, [join(__dirname, 'likec4-server.mjs'), dir, '--stdio']);
      try {
        await initialize(server, pathToFileURL(dir).href);
        likec4Init = performance.now() - started;
        likec4 = await measureEdits(server, {
          uri: pathToFileURL(join(dir, 'model.c4')).href,
          languageId: 'likec4',
          text: source,
          target: likec4EditTarget(source),
          edits: p.likec4Edits,
          warmup: 1,
          hints: false,
          timeoutMs: 300_000,
        });
      } finally {
        await server.stop();
      }
    }
    rows.push({ lines, napkin, typing, likec4, likec4Init, load: load() });
    log(`lsp ${lines} lines: napkin ${ms(napkin.diagnostics.median)} ms${likec4 ? `, LikeC4 ${ms(likec4.diagnostics.median)} ms` : ''} (load ${load()})`);
  }
  return rows;
}

interface LintPart {
  readonly docs: WrittenDocs;
  readonly results: ToolResult[];
  /** Analysing every note in this process once the JIT is warm: what the analysis costs when it runs as optimised code. */
  readonly warmAnalysis?: Summary;
  readonly load: string;
}

async function lintPart(p: ReturnType<typeof plan>, cli: string, work: string): Promise<LintPart> {
  const docs = writeDocs(join(work, 'lint'), p.lintNotes);
  const tools = lintTools(docs, cli);
  const results = await measureTools(tools, p.lintRuns, { timeoutMs: 180_000, warm: p.lintRuns > 1, skip: (tool) => !p.likec4Validate && tool.name.startsWith('likec4') });
  for (const r of results) log(`lint: ${r.tool.name} ${ms(r.summary.median)} ms (exit ${r.code})`);
  const warmAnalysis = analyzeFolderWarm(docs.markdownDir, p.lintRuns);
  log(`lint: analysis of the notes in process, JIT warm: ${ms(warmAnalysis.median)} ms`);
  return { docs, results, warmAnalysis, load: load() };
}

/** Every note of `dir` analysed as `napkin lint` analyses it, `runs` times after three passes that warm the JIT. */
function analyzeFolderWarm(dir: string, runs: number): Summary {
  const texts = readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'));
  const pass = () => {
    const started = performance.now();
    for (const text of texts) analyze(text, { language: 'markdown' });
    return performance.now() - started;
  };
  for (let i = 0; i < 3; i++) pass();
  return summarize(Array.from({ length: runs }, pass));
}

interface ScalingRow {
  readonly what: string;
  readonly unit: string;
  readonly points: { size: number; time: number; summary: Summary }[];
  readonly slope: number;
  /** The exponent of the growth beyond the 1× time (a fixed cost such as start-up taken out). */
  readonly marginal: number;
}

/**
 * How the time beyond the smallest input grows: log((t100 − t1) / (t10 − t1)) / log((s100 − s1) / (s10 − s1)).
 * A fixed cost (process start-up, JIT warm-up) flattens a plain log-log fit; this takes it out.
 */
/** The exponent between the two larger inputs: log(t100 / t10) / log(s100 / s10). */
function upper(points: readonly { size: number; time: number }[]): number {
  const [, b, c] = points;
  return b && c ? Math.log(c.time / b.time) / Math.log(c.size / b.size) : NaN;
}

/**
 * Whether a row grows linearly: the log-log fit, and the growth beyond the 1× time; where that
 * cannot be measured (the 10× time is within the 1× time's own spread: a fixed cost hides the
 * growth, and the difference of the two is noise), the growth between the two larger inputs.
 */
function linear(s: ScalingRow): boolean {
  return s.slope < 1.15 && (Number.isFinite(s.marginal) ? s.marginal < 1.15 : upper(s.points) < 1.15);
}

function marginal(points: ScalingRow['points']): number {
  const [a, b, c] = points;
  // A 10× median below the 1× point's 95th percentile is no measurable difference: dividing by it
  // gave exponents of 1.5 for an edit of 1.58 ms at 1× and 1.80 ms at 10× (bench/history.md).
  if (!a || !b || !c || b.time <= a.summary.p95 || c.time <= a.time) return NaN;
  return Math.log((c.time - a.time) / (b.time - a.time)) / Math.log((c.size - a.size) / (b.size - a.size));
}

async function scalingPart(p: ReturnType<typeof plan>, cli: string, serverJs: string, work: string): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  const sizes = [p.scaleBase, p.scaleBase * 10, p.scaleBase * 100];

  // analyze: in process, the whole pipeline on a fresh text (no parse cache), with the JIT warm
  // (the smallest input first: measured cold, it would look slow and flatten the fit).
  const texts = sizes.map((lines) => designDoc(lines));
  for (let i = 0; i < 3; i++) analyze(texts[1]!);
  for (let i = 0; i < 20; i++) analyze(texts[0]!);
  const analyzePoints = sizes.map((lines, k) => {
    const text = texts[k]!;
    analyze(text);
    const samples: number[] = [];
    for (let i = 0; i < p.scaleRuns * (k === 0 ? 4 : 1); i++) {
      const started = performance.now();
      analyze(text);
      samples.push(performance.now() - started);
    }
    const summary = summarize(samples);
    return { size: lines, time: summary.median, summary };
  });
  rows.push({ what: 'analyze (core, in process)', unit: 'lines', points: analyzePoints, slope: loglogSlope(analyzePoints), marginal: marginal(analyzePoints) });

  // an edit over LSP (with the parse cache, as the server runs).
  const lspPoints: ScalingRow['points'] = [];
  for (const lines of sizes) {
    // A small document's edit is a millisecond or two, mostly the round trip: pooled over three
    // servers, so that one busy moment of the machine cannot move the point (the exponent beyond
    // the 1× time divides by the difference of two such points).
    const text = designDoc(lines);
    const samples: number[] = [];
    for (let round = 0; round < (p.scaleRuns > 1 ? 3 : 1); round++) {
      const server = startServer(process.execPath, [...serverNodeFlags, serverJs, '--stdio']);
      try {
        await initialize(server, null);
        const result = await measureEdits(server, { uri: pathToFileURL(join(work, `scale-${lines}.md`)).href, languageId: 'markdown', text, target: editTarget(text), edits: Math.max(5, Math.round(p.lspEdits / 2)), warmup: p.lspWarmup, hints: false, timeoutMs: 60_000 });
        samples.push(...result.samples);
      } finally {
        await server.stop();
      }
    }
    const summary = summarize(samples);
    lspPoints.push({ size: lines, time: summary.median, summary });
  }
  rows.push({ what: 'edit → diagnostics (LSP)', unit: 'lines', points: lspPoints, slope: loglogSlope(lspPoints), marginal: marginal(lspPoints) });

  // napkin lint over 1×, 10×, 100× notes (a process each time: start-up included), the three sizes
  // taking turns, so that a slower minute of the machine does not fall on one size alone.
  const lintDocs = [p.scaleNotes, p.scaleNotes * 10, p.scaleNotes * 100].map((notes) => writeDocs(join(work, `scale-lint-${notes}`), notes));
  const lint = (docs: WrittenDocs) => timeProcess([process.execPath, cli, 'lint', '--exit-zero'], docs.markdownDir);
  if (p.scaleRuns > 1) for (const docs of lintDocs) await lint(docs);
  const lintSamples: number[][] = lintDocs.map(() => []);
  for (let i = 0; i < p.scaleRuns; i++) for (const [k, docs] of lintDocs.entries()) lintSamples[k]!.push((await lint(docs)).ms);
  const lintPoints: ScalingRow['points'] = lintDocs.map((docs, k) => {
    const summary = summarize(lintSamples[k]!);
    return { size: docs.lines, time: summary.median, summary };
  });
  rows.push({ what: 'napkin lint (process)', unit: 'lines', points: lintPoints, slope: loglogSlope(lintPoints), marginal: marginal(lintPoints) });
  for (const r of rows) log(`scaling: ${r.what}: exponent ${r.slope.toFixed(2)}, beyond the 1× time ${r.marginal.toFixed(2)}`);
  return rows;
}

interface ProfileResult {
  readonly what: string;
  /** Wall time of the profiled work, and the garbage collector's share of it. */
  readonly totalMs: number;
  readonly gcMs: number;
  readonly inside: string;
  readonly insideMs: number;
  readonly self: ProfileRow[];
  readonly total: ProfileRow[];
}

function readProfile(dir: string, what: string, inside: RegExp): ProfileResult {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir}`);
  const all = summarizeProfile(join(dir, file));
  const named = all.rows.filter((r) => !/^\((root|program|idle|garbage collector)\)/.test(r.name));
  const root = named.filter((r) => inside.test(r.name)).sort((a, b) => b.total - a.total)[0];
  return {
    what,
    totalMs: all.totalMs,
    gcMs: all.rows.find((r) => r.name.startsWith('(garbage collector)'))?.self ?? 0,
    inside: root?.name ?? '',
    insideMs: root?.total ?? 0,
    self: [...named].sort((a, b) => b.self - a.self).slice(0, 12),
    total: named.filter((r) => /server\/src\/core\//.test(r.name)).sort((a, b) => b.total - a.total).slice(0, 14),
  };
}

/**
 * Where the time goes, for the lead of the core: the LSP server over 20 edits of a 10K-line
 * document, and one `napkin lint` of the docs folder, under `node --cpu-prof`, on the development
 * build (its source maps name the source lines).
 */
async function profilePart(work: string, docs: WrittenDocs | undefined): Promise<ProfileResult[]> {
  const dist = join(root, 'dist');
  const results: ProfileResult[] = [];
  const lspDir = join(work, 'profile-lsp');
  const text = designDoc(10_000);
  const server = startServer(process.execPath, [...serverNodeFlags, '--cpu-prof', `--cpu-prof-dir=${lspDir}`, join(dist, 'server.js'), '--stdio']);
  try {
    await initialize(server, null);
    await measureEdits(server, { uri: pathToFileURL(join(work, 'profile.md')).href, languageId: 'markdown', text, target: editTarget(text), edits: 20, warmup: 0, hints: true, timeoutMs: 60_000 });
  } finally {
    await server.stop();
  }
  results.push(readProfile(lspDir, 'LSP server: open + 20 edits (diagnostics and hints) of a 10K-line document', /^analyze server\/src\/core\/analysis\.ts/));
  if (docs) {
    const lintDir = join(work, 'profile-lint');
    await timeProcess([process.execPath, '--cpu-prof', `--cpu-prof-dir=${lintDir}`, join(dist, 'cli.js'), 'lint', '--exit-zero'], docs.markdownDir);
    results.push(readProfile(lintDir, `napkin lint of the docs folder (${docs.files} notes)`, /^analyze server\/src\/core\/analysis\.ts/));
  }
  return results;
}

/**
 * Where the time of `napkin lint` goes, from the parts measured beside it, and what it would take
 * if the analysis ran as fast as it does once the JIT is warm.
 */
function lintBreakdown(lint: LintPart): string[] {
  const median = (name: string) => lint.results.find((x) => x.tool.name === name && x.summary.n > 0)?.summary.median;
  const node = median('part: node starts');
  const version = median('part: napkin --version');
  const prose = median('part: napkin lint, no napkin fences');
  const napkin = median('napkin lint');
  const floor = median('floor: node reads every line');
  if (node === undefined || version === undefined || prose === undefined || napkin === undefined || floor === undefined) return [];
  const out = ['### Where the time of `napkin lint` goes', ''];
  out.push('The same run, the same notes; each step is a fresh process, timed like the tools above.', '');
  const rows = [
    ['Node starts (`node -e 0`)', ms(node), '—'],
    ['… and loads the CLI (`napkin --version`)', ms(version), ms(version - node)],
    ['… and finds and reads every note, with nothing to analyse (`napkin lint` of a copy whose fences are relabelled `text`: a note that never says napkin is not even scanned)', ms(prose), ms(prose - version)],
    ['… and scans the notes for napkin fences and analyses them (`napkin lint`)', ms(napkin), ms(napkin - prose)],
  ];
  if (lint.warmAnalysis) rows.push(['the same analysis in one process once the JIT is warm (median of the passes after three)', ms(lint.warmAnalysis.median), '—']);
  out.push(table(['', 'median ms', 'adds'], rows), '');
  const threads = threadsFor('auto', lint.docs.bytes, lint.docs.files);
  const on = threads > 1 ? `, on ${threads} threads (\`server/src/cli/lint-threads.ts\`),` : '';
  let said = `The floor itself is ${ms(floor)} ms, ${ms(node)} of which is Node starting. A lint is one short process: under 2 MB of notes a thread it runs without V8's optimising compiler (\`server/src/cli/v8-flags.ts\`), so the analysis runs as baseline code${on} and costs ${ms(napkin - prose)} ms in the lint`;
  if (lint.warmAnalysis) {
    const best = prose + lint.warmAnalysis.median;
    const by = (prefix: string) => lint.results.find((x) => x.tool.name.startsWith(prefix) && x.summary.n > 0)?.summary.median;
    const mdl = by('markdownlint');
    const c4 = by('likec4');
    const against = [`${ofFloor(best, floor)} (target 2×)`, mdl && `${times(best, mdl)} faster than markdownlint-cli2 (target 10×)`, c4 && `${times(best, c4)} faster than likec4 validate (target 30×)`].filter(Boolean).join(', ');
    said += `, against ${ms(lint.warmAnalysis.median)} ms as optimised code. Even with the analysis as fast as optimised code from its first line, on one thread, a lint would take about ${ms(best)} ms: ${against}`;
  }
  out.push(`${said}.`);
  out.push('', '');
  return out;
}

// ── the report ─────────────────────────────────────────────────────────────────────────────────

interface Results {
  machine: Machine;
  loadAtStart: string;
  loadAtEnd?: string;
  seconds?: number;
  lsp?: LspRow[];
  lint?: LintPart;
  preview?: PreviewResult | { skipped: string };
  bundles?: BundleSize[];
  initialize?: InitializeResult;
  activation?: ActivationResult | { skipped: string };
  scaling?: ScalingRow[];
  profiles?: ProfileResult[];
  distLabel: string;
}

const size = (lines: number) => (lines >= 1000 ? `${(lines / 1000).toFixed(0)}K lines` : `${lines} lines`);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
// Rounded towards the target's side, so that a miss never reads as the target: 29.96× faster is
// shown as 29.9×, not 30×, and 2.04× the floor as 2.1×, not 2.0×.
const times = (a: number, b: number) => {
  const ratio = b / a;
  return ratio >= 100 ? `${Math.floor(ratio)}×` : `${(Math.floor(ratio * 10) / 10).toFixed(1)}×`;
};
const ofFloor = (value: number, floor: number) => `${(Math.ceil((value / floor) * 10) / 10).toFixed(1)}× the floor`;
const yes = (ok: boolean) => (ok ? '**met**' : '**missed**');

function targets(r: Results): string[][] {
  const rows: string[][] = [];
  const at10k = r.lsp?.find((row) => row.lines === 10_000);
  if (at10k) {
    rows.push(['LSP: edit → diagnostics median under 10 ms at 10K lines', `${ms(at10k.napkin.diagnostics.median)} ms`, yes(at10k.napkin.diagnostics.median < 10)]);
    rows.push(['LSP: edit → inlay hints median under 10 ms at 10K lines', `${ms(at10k.napkin.hints!.median)} ms`, yes(at10k.napkin.hints!.median < 10)]);
    if (at10k.likec4) {
      const ratio = at10k.likec4.diagnostics.median / at10k.napkin.diagnostics.median;
      rows.push(['LSP: at least 100× faster than LikeC4 at 10K lines', `${times(at10k.napkin.diagnostics.median, at10k.likec4.diagnostics.median)} (${ms(at10k.likec4.diagnostics.median)} vs ${ms(at10k.napkin.diagnostics.median)} ms)`, yes(ratio >= 100)]);
    }
  }
  if (r.lint) {
    const by = (prefix: string) => r.lint!.results.find((x) => x.tool.name.startsWith(prefix) && x.summary.n > 0);
    const floor = by('floor')!.summary.median;
    const mdl = by('markdownlint');
    const c4 = by('likec4');
    // The first lint of a folder, then one that runs again with its cache after one note changed.
    for (const [name, label] of [['napkin lint', 'lint'], ['napkin lint --cache, one note changed', 'lint --cache, one note changed'], ['napkin lint --cache-strategy metadata, one note changed', 'lint --cache-strategy metadata, one note changed']] as const) {
      const napkin = r.lint.results.find((x) => x.tool.name === name && x.summary.n > 0)?.summary.median;
      if (napkin === undefined) continue;
      rows.push([`${label}: within 2× of the floor`, `${ofFloor(napkin, floor)} (${ms(napkin)} vs ${ms(floor)} ms)`, yes(napkin <= 2 * floor)]);
      if (mdl) rows.push([`${label}: at least 10× faster than markdownlint-cli2`, `${times(napkin, mdl.summary.median)}`, yes(mdl.summary.median / napkin >= 10)]);
      if (c4) rows.push([`${label}: at least 30× faster than likec4 validate`, `${times(napkin, c4.summary.median)}`, yes(c4.summary.median / napkin >= 30)]);
    }
  }
  const preview = r.preview;
  if (preview && !('skipped' in preview)) {
    const over = preview.ratio.median - 1;
    rows.push(['preview: adds under 10% to Mermaid’s own time', `${percent(over)} (median of ${preview.ratio.n} paired edits; medians ${ms(preview.total.median)} vs ${ms(preview.mermaid.median)} ms)`, yes(over < 0.1)]);
    const onlyChanged = preview.renders.every((n, i) => n <= preview.changed[i]!) && preview.proseRenders === 0;
    rows.push(['preview: only diagrams whose text changed are re-rendered', `layouts per edit ${[...new Set(preview.renders)].join('/')} for ${[...new Set(preview.changed)].join('/')} changed of ${preview.diagrams}; prose edit: ${preview.proseRenders}`, yes(onlyChanged)]);
  }
  const client = r.bundles?.find((b) => b.file === 'client.js');
  const languageClient = r.bundles?.find((b) => b.file === 'language-client.js');
  const after = languageClient ? `; the language client (\`vscode-languageclient\`), loaded the turn after activation, is ${kb(languageClient.bytes)} more` : '';
  if (client) rows.push(['client bundle under 200 KB', `${kb(client.bytes)} raw, ${kb(client.gzip)} gzip (what activation loads)${after}`, `${yes(client.bytes < 200 * 1024)} raw, ${yes(client.gzip < 200 * 1024)} gzip`]);
  if (r.activation && !('skipped' in r.activation)) rows.push(['activation under 50 ms', `${ms(r.activation.total.median)} ms median (first run ${ms(r.activation.first.total)} ms); then ${ms(r.activation.deferred.median)} ms loading the language client, deferred to the next turn`, yes(r.activation.total.median < 50)]);
  for (const s of r.scaling ?? []) rows.push([`linear: ${s.what}`, `exponent ${s.slope.toFixed(2)} (log-log fit); ${Number.isFinite(s.marginal) ? `${s.marginal.toFixed(2)} beyond the 1× time` : `nothing measurable beyond the 1× time at 10× (within its spread); ${upper(s.points).toFixed(2)} from 10× to 100×`}`, yes(linear(s))]);
  return rows;
}

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

function report(r: Results): string {
  const out: string[] = [];
  out.push('# Benchmarks', '');
  out.push('Generated by `npm run bench` (code in `bench/`; the corpora are generated on each run; the table below gives how long this run took). `npm run bench -- --quick` leaves out LikeC4’s server at 50K lines, its longest part; `npm run bench:smoke` is the tiny run the test suite makes. Each number is a median over several runs, with the range (min–max) beside it. Times are wall-clock milliseconds on the machine below, which may be shared with other work: the load average is printed with every part, and numbers taken under load are slower and noisier than on a quiet machine.', '');
  out.push('## Machine', '');
  out.push(table(['', ''], [
    ['CPU', `${r.machine.cpu}, ${r.machine.cores} cores`],
    ['memory', r.machine.memory],
    ['OS', r.machine.os],
    ['Node', r.machine.node],
    ['date', r.machine.date],
    ...(r.machine.faultMicros !== undefined ? [['a page of fresh memory (a page fault)', `${r.machine.faultMicros.toFixed(2)} µs`]] : []),
    ['load average (1/5/15 min)', `${r.loadAtStart} at start${r.loadAtEnd ? `, ${r.loadAtEnd} at the end` : ''}`],
    ['bundles measured', r.distLabel],
    ...(r.seconds ? [['duration of the run', `${r.seconds.toFixed(0)} s`]] : []),
  ]));
  out.push('');
  out.push('## Targets', '');
  out.push(table(['target', 'measured', ''], targets(r)));
  out.push('');

  if (r.lsp) {
    out.push('## Editing: edit → diagnostics and edit → inlay hints over stdio LSP', '');
    out.push('One edit changes one digit of a quantity in the middle of the document (`textDocument/didChange`, incremental) and asks for the inlay hints of the 60 lines around it, as VS Code does. Times run from sending the change to the `publishDiagnostics` of that version, and to the hints. Documents are design notes generated by `bench/corpus.ts` (prose and three fences per 50-line section: estimates, a 7-component design with 7 connections, a flow); LikeC4 gets the same components, relations and flows (as dynamic views) in its language, and the same kind of edit (one character of an element title). Typing: the same server then takes edits that type a digit before that one and delete it again, turn by turn, as typing does (counted after 10 uncounted ones); each moves every fence after it, which the same-length edit never does.', '');
    const rows = r.lsp.map((row) => [
      size(row.lines),
      `${ms(row.napkin.diagnostics.median)} / ${ms(row.napkin.diagnostics.p95)} (${range(row.napkin.diagnostics)}), n=${row.napkin.diagnostics.n}`,
      row.napkin.hints ? `${ms(row.napkin.hints.median)} / ${ms(row.napkin.hints.p95)}` : '—',
      row.typing ? `${ms(row.typing.diagnostics.median)} / ${ms(row.typing.diagnostics.p95)}, n=${row.typing.diagnostics.n}` : '—',
      row.likec4 ? `${ms(row.likec4.diagnostics.median)} / ${ms(row.likec4.diagnostics.p95)} (${range(row.likec4.diagnostics)}), n=${row.likec4.diagnostics.n}` : 'not run',
      row.likec4 ? times(row.napkin.diagnostics.median, row.likec4.diagnostics.median) : '—',
      `${ms(row.napkin.open)}${row.likec4Init !== undefined ? ` / ${ms(row.likec4Init + row.likec4!.open)}` : ''}`,
      row.napkin.faultsPerEdit !== undefined ? row.napkin.faultsPerEdit.toFixed(0) : '—',
      row.load,
    ]);
    out.push(table(['document', 'Napkin diagnostics ms: median / p95 (range)', 'Napkin hints ms: median / p95', 'Napkin typing: diagnostics ms, median / p95', 'LikeC4 diagnostics ms: median / p95 (range)', 'Napkin faster by', 'open → first diagnostics ms (Napkin / LikeC4 incl. start)', 'Napkin page faults per edit', 'load'], rows));
    out.push('');
    out.push(`Page faults: the minor faults the Napkin server took per counted edit (\`/proc/PID/stat\`). Each is memory the kernel hands the process for the first time, which costs ${r.machine.faultMicros !== undefined ? `${r.machine.faultMicros.toFixed(1)} µs` : 'a few µs'} on this machine (the table above; about 20 µs on the machines of bench/history.md’s earlier sessions); they come from what each analysis builds: its tables and what a collection moves to the old generation (“Fresh analyses of 50K lines: page faults”). The edited document is no longer copied on each edit (“The editor’s text kept in pieces, and tokens not kept”).`, '');
    out.push('');
    out.push('LikeC4: `likec4` 1.46.0, the last release whose `engines` allow Node 20, has no `lsp` command and its language server is not published on npm, so `bench/likec4-server.mjs` serves the language services the package contains (Langium: `TextDocuments` → `DocumentUpdateHandler` → `DocumentBuilder` with validation) over stdio exactly as Langium’s `startLanguageServer` wires them for document sync and diagnostics; the rest of LikeC4’s server (model and view updates for its preview) is left out, which can only flatter LikeC4. LikeC4 has no inlay hints. At 50K lines LikeC4 takes about 20 s to start and as long again to open the model, and 15–20 s an edit: its row there counts 5 edits after one.', '');
  }

  if (r.lint) {
    const floor = r.lint.results.find((x) => x.tool.name.startsWith('floor'))!.summary.median;
    const napkin = r.lint.results.find((x) => x.tool.name === 'napkin lint')!.summary.median;
    const cached = r.lint.results.find((x) => x.tool.name === 'napkin lint --cache, one note changed' && x.summary.n > 0)?.summary.median;
    out.push('## Linting a docs folder', '');
    out.push(`${r.lint.docs.files} design notes, ${(r.lint.docs.bytes / 1e6).toFixed(2)} MB, ${r.lint.docs.lines.toLocaleString('en')} lines, in 8 team folders (LikeC4: the same model as ${r.lint.docs.files + 1} \`.c4\` files). Each tool is a fresh process, run ${r.lint.results[0]!.summary.n} times, interleaved, after one uncounted run that warms the file cache. Load at the end: ${r.lint.load}.`, '');
    out.push(table(['tool', 'median ms', 'range', '× the floor', 'Napkin faster by', 'Napkin with `--cache`, one note changed, faster by'], r.lint.results.filter((x) => x.summary.n > 0 && !isPart(x)).map((x) => [
      `\`${x.tool.command.slice(2).join(' ').replace(r.lint!.docs.markdownDir, 'docs').replace(r.lint!.docs.likec4Dir, 'c4') || x.tool.name}\` (${x.tool.name})`,
      ms(x.summary.median),
      range(x.summary),
      (x.summary.median / floor).toFixed(1),
      x.tool.name.startsWith('napkin') || x.tool.name.startsWith('floor') ? '—' : times(napkin, x.summary.median),
      x.tool.name.startsWith('napkin') || x.tool.name.startsWith('floor') || cached === undefined ? '—' : times(cached, x.summary.median),
    ])));
    out.push('');
    out.push(`\`napkin lint --cache\` (docs/cli.md, “The cache”) keeps what each note gave, and analyses again only the notes whose text or configuration changed: “nothing changed” runs it again over the same notes, “one note changed” over a copy of them in which one note’s daily users change before every run (so every run analyses that note and takes the other ${r.lint.docs.files - 1} from the cache). By default a note is the same when its text is (a SHA-1 of it: every note is read); with \`--cache-strategy metadata\`, when its size and time of last change are, so that a note the cache has as clean is not even read. The run that warms the file cache fills each lint’s cache first. markdownlint-cli2 and likec4 validate have no cache.`, '');
    out.push(...lintBreakdown(r.lint));
  }

  if (r.preview) {
    out.push('## Preview: edit → updated picture', '');
    if ('skipped' in r.preview) out.push(`Skipped: ${r.preview.skipped}`, '');
    else {
      const p = r.preview;
      out.push(`The real preview page (the webview’s HTML, CSP and \`dist/preview.js\`, served by \`test/preview/page.ts\`) in headless Chromium, on a ${p.lines}-line design note with ${p.diagrams} diagrams. An edit changes the daily users of one section (a new value each time, so no diagram comes from the renderer’s cache); that changes ${[...new Set(p.changed)].join('/')} diagram texts (the section’s own, and every fence that draws the shared auth service). Host = building the model (core + Mermaid text; the panel’s 150 ms typing debounce is not counted); page = message → \`rendered\`. Mermaid alone = the same Mermaid build, configured as the preview configures it, rendering the same changed diagrams into a page that already shows all ${p.diagrams}.`, '');
      out.push(table(['', 'median ms', 'p95', 'range'], [
        ['host: build the model', ms(p.host.median), ms(p.host.p95), range(p.host)],
        ['page: draw the changed diagrams', ms(p.page.median), ms(p.page.p95), range(p.page)],
        ['**edit → picture (host + page)**', `**${ms(p.total.median)}**`, ms(p.total.p95), range(p.total)],
        ['Mermaid alone, same diagrams', ms(p.mermaid.median), ms(p.mermaid.p95), range(p.mermaid)],
      ]));
      out.push('');
      out.push(`Each edit is drawn by the preview and by Mermaid alone back to back (which goes first alternates): the preview took ${percent(p.ratio.median - 1)} of Mermaid’s time for the same edit at the median (from ${percent(p.ratio.min - 1)} to ${percent(p.ratio.max - 1)}, n=${p.ratio.n}); the target is read from these pairs, since the times of separate edits swing by 2× in headless Chromium.`, '');
      out.push(`Mermaid layouts the preview ran per edit: ${p.renders.join(', ')} (diagram texts changed: ${p.changed.join(', ')}; the others are not re-rendered). An edit in the prose only: ${p.proseRenders} layouts. First render of the page (all ${p.diagrams} diagrams): ${ms(p.firstRender)} ms.`, '');
    }
  }

  if (r.bundles || r.initialize || r.activation) {
    out.push('## Cold start', '');
    if (r.activation) {
      if ('skipped' in r.activation) out.push(`Activation: skipped (${r.activation.skipped.split('\n')[0]}).`, '');
      else {
        const a = r.activation;
        out.push(`Activation, measured in a real VS Code ${a.vscode} (code-server, Node extension host): a probe extension (\`bench/activation/\`) requires \`dist/client.js\` and calls \`activate\` with the real \`vscode\` API, from an empty module cache each time (VS Code’s own bookkeeping around activation is not counted). Activation loaded: ${a.modules.map((m) => `\`${m}\``).join(', ')}.`, '');
        out.push(table(['', 'median ms', 'range', 'first run'], [
          ['require the bundle', ms(a.require.median), range(a.require), ms(a.first.require)],
          ['`activate`', ms(a.activate.median), range(a.activate), ms(a.first.activate)],
          ['**activation** (require + `activate`)', `**${ms(a.total.median)}**`, range(a.total), ms(a.first.total)],
          ['then, deferred to the next turn: load and start the language client', ms(a.deferred.median), range(a.deferred), ms(a.first.deferred ?? NaN)],
        ]));
        out.push('');
      }
    }
    if (r.initialize) {
      out.push(`Language server: spawn \`node ${serverNodeFlags.join(' ')} dist/server.js --stdio\` (as VS Code starts it) → \`initialize\` result: **${ms(r.initialize.spawn.median)} ms** median (${range(r.initialize.spawn)}, n=${r.initialize.spawn.n}); Node’s own start-up is part of it. The server runs its bundle through the V8 code cache the build wrote (bench/history.md, “Bytecode the build compiled”), which a server run by this Node takes; VS Code’s own Electron has another V8, which turns the cache down, so there the server compiles its bundle as it did before.`, '');
    }
    if (r.bundles) {
      out.push(table(['bundle', 'file', 'raw', 'gzip'], r.bundles.map((b) => [b.name, `\`${b.file}\``, kb(b.bytes), kb(b.gzip)])));
      out.push('');
    }
  }

  if (r.scaling) {
    out.push('## Scaling', '');
    out.push('The same corpus at 1×, 10× and 100×. The exponent is the slope of a log-log fit of the median time against the size (1 = linear, 2 = quadratic). A fixed cost (Node’s start-up for a process, JIT warm-up) flattens that fit at the small end, so the table also gives the exponent of the time beyond the 1× time: log((t₁₀₀ − t₁) / (t₁₀ − t₁)) / log((s₁₀₀ − s₁) / (s₁₀ − s₁)), and the exponent from 10× to 100×. Where the 10× time is within the 1× time’s own spread (no more than its 95th percentile: a fixed cost hides the growth there, and the difference is noise), the growth from 10× to 100× decides whether a row is linear.', '');
    out.push(table(['what', '1×', '10×', '100×', 'exponent (log-log fit)', 'exponent beyond the 1× time', 'exponent from 10× to 100×'], r.scaling.map((s) => [s.what, ...s.points.map((pt) => `${ms(pt.time)} ms (${pt.size.toLocaleString('en')} ${s.unit})`), s.slope.toFixed(2), Number.isFinite(s.marginal) ? s.marginal.toFixed(2) : '—', upper(s.points).toFixed(2)])));
    out.push('');
    const core = r.scaling.find((s) => s.what.startsWith('analyze'));
    if (core && !linear(core)) {
      out.push('The analysis in process grows faster than its input once one analysis outlasts V8’s young generation: from there the collector copies everything the analysis keeps, twice (into the survivor space, then into the old generation), and at 50K lines that is about 40% of its time against about 12% at 5K (bench/history.md, “A fresh analysis of 50K lines: the collector’s copies”).', '');
    }
  }

  if (r.profiles) {
    out.push('## Where the time goes', '');
    out.push('`node --cpu-prof` on the development build (source maps name the lines), summarised by `bench/profile.ts`. Self time is spent in the function itself; total time includes what it calls.', '');
    for (const p of r.profiles) {
      out.push(`### ${p.what}`, '');
      out.push(`Profiled ${ms(p.totalMs)} ms; garbage collector ${ms(p.gcMs)} ms (${((p.gcMs / p.totalMs) * 100).toFixed(0)}%); \`${p.inside}\` ${ms(p.insideMs)} ms in all (${((p.insideMs / p.totalMs) * 100).toFixed(0)}%).`, '');
      out.push(table(['core function (total time)', 'ms', 'share of analyze'], p.total.map((row) => [`\`${row.name}\``, ms(row.total), `${((row.total / p.insideMs) * 100).toFixed(0)}%`])));
      out.push('');
      out.push(table(['function (self time)', 'ms'], p.self.map((row) => [`\`${row.name}\``, ms(row.self)])));
      out.push('');
    }
  }

  const history = join(__dirname, 'history.md');
  if (existsSync(history)) out.push(readFileSync(history, 'utf8').trim(), '');
  return out.join('\n');
}

/** A ratio minus one as a signed percentage: 0.061 → `+6%`, more work than Mermaid alone; -0.05 → `−5%`. */
function percent(over: number): string {
  return `${over >= 0 ? '+' : '−'}${Math.abs(over * 100).toFixed(0)}%`;
}

function printTables(r: Results): void {
  const lines = ['', `Napkin benchmarks — ${r.machine.cpu} ×${r.machine.cores}, node ${r.machine.node}, load ${r.loadAtStart} → ${load()}`, ''];
  for (const [target, measured, verdict] of targets(r)) lines.push(`${verdict!.replace(/\*/g, '').padEnd(8)} ${target}: ${measured}`);
  process.stdout.write(lines.join('\n') + '\n');
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

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

export { main };
