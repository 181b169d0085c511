/**
 * The benchmark harness (bench/, `npm run bench`) at a tiny size, so that it keeps working: every
 * part runs end to end (LSP edits against Napkin's and LikeC4's servers, lint side by side, the
 * preview in Chromium when it is installed, cold start, scaling) and produces a report. No time is
 * asserted: a test cannot say how fast is fast on a shared machine; docs/benchmarks.md does.
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { designDoc, editTarget, LINES_PER_BLOCK, likec4EditTarget, likec4ForLines } from '../bench/corpus';
import { ofFloor, times } from '../bench/format';
import { linear, marginal, upper } from '../bench/scaling';
import { loglogSlope, summarize } from '../bench/stats';

const run = promisify(execFile);
const root = join(__dirname, '..');

test('the corpus generators write what the benchmarks edit', () => {
  const text = designDoc(10 * LINES_PER_BLOCK);
  assert.equal(text.split('\n').length - 1, 10 * LINES_PER_BLOCK + 2);
  const target = editTarget(text);
  assert.match(text.split('\n')[target.line]!, /^dau_5 +=/);
  assert.match(target.digit, /^[1-9]$/);
  const model = likec4ForLines(10 * LINES_PER_BLOCK);
  assert.match(model.split('\n')[likec4EditTarget(model).line]!, /api5 = service 'API 5'/);
});

test('the statistics', () => {
  assert.deepEqual(summarize([5, 1, 3, 2, 4]), { n: 5, median: 3, p95: 4.8, min: 1, max: 5 });
  assert.ok(Math.abs(loglogSlope([{ size: 1, time: 2 }, { size: 10, time: 20 }, { size: 100, time: 200 }]) - 1) < 1e-9);
  assert.ok(Math.abs(loglogSlope([{ size: 1, time: 1 }, { size: 10, time: 100 }]) - 2) < 1e-9);
});

test('npm run bench works end to end (smoke size)', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'napkin-bench-test-'));
  try {
    const out = join(dir, 'benchmarks.md');
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'bench/run.ts'), '--smoke', `--out=${out}`], { cwd: root, timeout: 110_000 });
    const report = readFileSync(out, 'utf8');
    for (const heading of ['## Machine', '## Targets', '## Editing', '## Linting a docs folder', '## Preview', '## Cold start', '## Scaling']) assert.ok(report.includes(heading), `the report has ${heading}`);
    assert.match(report, /\| 100 lines \| [\d.]+ \/ [\d.]+/, 'Napkin LSP timings');
    assert.match(report, /LikeC4 diagnostics[^\n]*\n[^\n]*\n\| 100 lines \|[^|]*\|[^|]*\| [\d.]+ \//, 'LikeC4 LSP timings');
    assert.match(report, /napkin lint/);
    assert.match(report, /markdownlint-cli2/);
    assert.match(report, /### Where the time of `napkin lint` goes[^#]*\| … and scans the notes for napkin fences and analyses them \(`napkin lint`\) \| [\d.]+ \|/, 'the lint broken down');
    assert.match(stdout, /LSP: edit → diagnostics|lint: within 2× of the floor/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('ratios are rounded towards the target, so that a miss never reads as met', () => {
  assert.equal(times(1, 29.96), '29.9×');
  assert.equal(times(1, 30), '30.0×');
  assert.equal(times(10, 23), '2.3×');
  assert.equal(times(2, 1071), '535×');
  assert.equal(ofFloor(2.04, 1), '2.1× the floor');
  assert.equal(ofFloor(2, 1), '2.0× the floor');
  assert.equal(ofFloor(22, 10), '2.2× the floor');
});

test('what the report counts as linear', () => {
  const point = (size: number, time: number, p95 = time) => ({ size, time, summary: { n: 5, median: time, p95, min: time, max: time } });
  const row = (points: ReturnType<typeof point>[]) => ({ what: 'x', unit: 'lines', points, slope: loglogSlope(points), marginal: marginal(points) });
  assert.equal(linear(row([point(1, 1), point(10, 10), point(100, 100)])), true);
  // A fixed cost flattens the fit; the growth beyond it is what counts: 100 + t.
  assert.equal(linear(row([point(1, 101), point(10, 110), point(100, 200)])), true);
  assert.equal(linear(row([point(1, 1), point(10, 10), point(100, 250)])), false);
  // A 10× time within the 1× time's spread is no measurable growth: the step from 10× to 100× decides.
  const flat = row([point(1, 1.58, 7.2), point(10, 1.8), point(100, 7.4)]);
  assert.ok(Number.isNaN(flat.marginal));
  assert.equal(linear(flat), upper(flat.points) < 1.15);
});
