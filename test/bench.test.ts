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
