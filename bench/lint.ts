/**
 * Linting a docs folder, side by side: `napkin lint`, markdownlint-cli2 and `likec4 validate` on
 * the same design (LikeC4 on the same model in its own language), and the floor: Node reading every
 * line of every file. Every tool is a fresh process, timed from spawn to exit, as CI runs it.
 */

import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { analyze } from '../server/src/core/analysis';
import { docsFolder } from './corpus';
import { load, log } from './machine';
import type { Plan } from './plan';
import { ms, summarize, type Summary } from './stats';

export const root = join(__dirname, '..');

export interface Tool {
  readonly name: string;
  readonly command: readonly string[];
  readonly cwd: string;
  /** Before each run, not timed. */
  readonly before?: () => void;
}

export interface WrittenDocs {
  readonly markdownDir: string;
  /** The same notes with every napkin fence relabelled `text`: all of a lint but the napkin analysis. */
  readonly proseDir: string;
  readonly likec4Dir: string;
  readonly files: number;
  readonly bytes: number;
  readonly lines: number;
}

export function writeDocs(dir: string, notes: number, blocksPerNote = 2): WrittenDocs {
  const docs = docsFolder(notes, blocksPerNote);
  const markdownDir = join(dir, 'docs');
  const proseDir = join(dir, 'prose');
  const likec4Dir = join(dir, 'c4');
  let lines = 0;
  for (const [path, text] of docs.markdown) {
    mkdirSync(dirname(join(markdownDir, path)), { recursive: true });
    writeFileSync(join(markdownDir, path), text);
    mkdirSync(dirname(join(proseDir, path)), { recursive: true });
    writeFileSync(join(proseDir, path), text.replaceAll('```napkin', '```text'));
    lines += text.split('\n').length - 1;
  }
  for (const [path, text] of docs.likec4) {
    mkdirSync(dirname(join(likec4Dir, path)), { recursive: true });
    writeFileSync(join(likec4Dir, path), text);
  }
  return { markdownDir, proseDir, likec4Dir, files: docs.markdown.size, bytes: docs.bytes, lines };
}

export function binOf(pkg: string, name = pkg): string {
  const manifest = join(root, 'node_modules', pkg, 'package.json');
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }).bin;
  return join(dirname(manifest), typeof bin === 'string' ? bin : bin[name]!);
}

export function lintTools(docs: WrittenDocs, cli: string): Tool[] {
  const edited = join(dirname(docs.markdownDir), 'edited');
  cpSync(docs.markdownDir, edited, { recursive: true });
  return [
    { name: 'floor: node reads every line', command: [process.execPath, join(__dirname, 'floor.mjs'), docs.markdownDir], cwd: docs.markdownDir },
    { name: 'napkin lint', command: [process.execPath, cli, 'lint', '--exit-zero'], cwd: docs.markdownDir },
    { name: 'markdownlint-cli2', command: [process.execPath, binOf('markdownlint-cli2'), '**/*.md'], cwd: docs.markdownDir },
    { name: 'likec4 validate --ignore-layout', command: [process.execPath, binOf('likec4'), 'validate', '--ignore-layout', docs.likec4Dir], cwd: docs.likec4Dir },
    // A lint that runs again (`--cache`): over the same notes, and over a copy of them in which one
    // note's numbers change before each run. The first run (the warming one) fills each cache.
    { name: 'napkin lint --cache, nothing changed', command: [process.execPath, cli, 'lint', '--exit-zero', '--cache-location', '../cache-unchanged.json'], cwd: docs.markdownDir },
    oneNoteChanged(edited, 'napkin lint --cache, one note changed', [process.execPath, cli, 'lint', '--exit-zero', '--cache-location', '../cache-edited.json']),
    oneNoteChanged(edited, 'napkin lint --cache-strategy metadata, one note changed', [process.execPath, cli, 'lint', '--exit-zero', '--cache-strategy', 'metadata', '--cache-location', '../cache-metadata.json']),
    // What `napkin lint` costs before it analyses anything: Node alone, Node loading the CLI, and a
    // lint of the same notes with no napkin fence (found, read and scanned, nothing to analyse).
    { name: 'part: node starts', command: [process.execPath, '-e', '0'], cwd: docs.markdownDir },
    { name: 'part: napkin --version', command: [process.execPath, cli, '--version'], cwd: docs.markdownDir },
    { name: 'part: napkin lint, no napkin fences', command: [process.execPath, cli, 'lint', '--exit-zero'], cwd: docs.proseDir },
  ];
}

/**
 * `napkin lint` with a cache of its own, on a copy of the notes in which, before each run, a number
 * of one note in the middle changes (every run analyses that note and takes the others from the cache).
 */
function oneNoteChanged(copy: string, name: string, command: readonly string[]): Tool {
  const notes = readdirSync(copy, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).sort();
  const note = join(copy, notes[notes.length >> 1]!);
  const text = readFileSync(note, 'utf8');
  if (!/= \d/.test(text)) throw new Error(`bench: ${note} has no number to change`);
  let run = 0;
  return { name, command, cwd: copy, before: () => writeFileSync(note, text.replace(/= (\d+)/, (_, n: string) => `= ${Number(n) + (++run % 7) + 1}`)) };
}

/** The tools compared in the lint table (not the parts that break `napkin lint` down). */
export const isPart = (result: { readonly tool: Tool }): boolean => result.tool.name.startsWith('part: ');

/** Runs a command to completion; resolves with the wall time in ms. Output is read and dropped. */
export function timeProcess(command: readonly string[], cwd: string, timeoutMs = 120_000): Promise<{ ms: number; code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command[0]!, command.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
    let output = '';
    const keep = (chunk: Buffer) => {
      if (output.length < 4000) output += String(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ms: performance.now() - started, code, output });
    });
  });
}

export interface ToolResult {
  readonly tool: Tool;
  readonly summary: Summary;
  readonly code: number | null;
  readonly output: string;
}

/** Each tool `runs` times, interleaved (tool A, B, C, A, B, C …) so load changes hit all alike. */
export async function measureTools(tools: readonly Tool[], runs: number, options: { timeoutMs?: number; skip?: (tool: Tool) => boolean; warm?: boolean } = {}): Promise<ToolResult[]> {
  const samples = tools.map(() => [] as number[]);
  const last = tools.map(() => ({ code: null as number | null, output: '' }));
  // Warms the file cache (and fills a lint's cache).
  for (const tool of tools) {
    if (options.skip?.(tool) || (options.warm === false && !tool.name.includes('--cache'))) continue;
    tool.before?.();
    await timeProcess(tool.command, tool.cwd, options.timeoutMs);
  }
  for (let r = 0; r < runs; r++) {
    for (const [i, tool] of tools.entries()) {
      if (options.skip?.(tool)) continue;
      tool.before?.();
      const result = await timeProcess(tool.command, tool.cwd, options.timeoutMs);
      samples[i]!.push(result.ms);
      last[i] = { code: result.code, output: result.output };
    }
  }
  return tools.map((tool, i) => ({ tool, summary: summarize(samples[i]!), ...last[i]! }));
}

// ── the part ──────────────────────────────────────────────────────────────────────────────────

export interface LintPart {
  readonly docs: WrittenDocs;
  readonly results: ToolResult[];
  /** Analysing every note in this process once the JIT is warm: what the analysis costs when it runs as optimised code. */
  readonly warmAnalysis?: Summary;
  readonly load: string;
}

export async function lintPart(p: Plan, cli: string, work: string): Promise<LintPart> {
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
