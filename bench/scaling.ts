/** The scaling part: the same corpus at 1×, 10× and 100×, and the rules that say whether time grows linearly. */

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { analyze } from '../server/src/core/analysis';
import { serverNodeFlags } from '../server/src/node/flags';
import { designDoc, editTarget } from './corpus';
import { timeProcess, writeDocs, type WrittenDocs } from './lint';
import { initialize, measureEdits, startServer } from './lsp';
import { log } from './machine';
import type { Plan } from './plan';
import { loglogSlope, summarize, type Summary } from './stats';

export interface ScalingRow {
  readonly what: string;
  readonly unit: string;
  readonly points: { size: number; time: number; summary: Summary }[];
  readonly slope: number;
  /** The exponent of the growth beyond the 1× time (a fixed cost such as start-up taken out). */
  readonly marginal: number;
}

/** The exponent between the two larger inputs: log(t100 / t10) / log(s100 / s10). */
export function upper(points: readonly { size: number; time: number }[]): number {
  const [, b, c] = points;
  return b && c ? Math.log(c.time / b.time) / Math.log(c.size / b.size) : NaN;
}

/**
 * Whether a row grows linearly: the log-log fit, and the growth beyond the 1× time; where that
 * cannot be measured (the 10× time is within the 1× time's own spread: a fixed cost hides the
 * growth, and the difference of the two is noise), the growth between the two larger inputs.
 */
export function linear(s: ScalingRow): boolean {
  return s.slope < 1.15 && (Number.isFinite(s.marginal) ? s.marginal < 1.15 : upper(s.points) < 1.15);
}

/**
 * How the time beyond the smallest input grows: log((t100 − t1) / (t10 − t1)) / log((s100 − s1) / (s10 − s1)).
 * A fixed cost (process start-up, JIT warm-up) flattens a plain log-log fit; this takes it out.
 */
export function marginal(points: ScalingRow['points']): number {
  const [a, b, c] = points;
  // A 10× median below the 1× point's 95th percentile is no measurable difference: dividing by it
  // gave exponents of 1.5 for an edit of 1.58 ms at 1× and 1.80 ms at 10× (bench/history.md).
  if (!a || !b || !c || b.time <= a.summary.p95 || c.time <= a.time) return NaN;
  return Math.log((c.time - a.time) / (b.time - a.time)) / Math.log((c.size - a.size) / (b.size - a.size));
}

export async function scalingPart(p: Plan, cli: string, serverJs: string, work: string): Promise<ScalingRow[]> {
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
