/**
 * Golden-file tests of the pure core (LANGUAGE.md sections 1–5): fixtures in, readable text out.
 *
 * Every `test/fixtures/core/**\/*.md`, `test/fixtures/core/**\/*.napkin` and `test/fixtures/checks/*.md`
 * is a small, realistic design note. For each one the harness runs `analyze()` and checks, in order:
 *
 *   1. invariants that hold for any input: analyze does not throw; every diagnostic comes from the
 *      catalogue with its alias and severity and has a range inside the document; no shown number
 *      is ∞ or NaN; no display is longer than 40 characters;
 *   2. the inline markers of the fixture (test/golden/markers.ts): `# {N101}` on the line where a
 *      diagnostic starts, `# {= 9 PB}` for the display of the quantity defined on the line. The
 *      markers must equal the diagnostics, except N407 hints unless the fixture says `check-hints`;
 *   3. the golden report next to the fixture, `<name>.golden.txt` (test/golden/report.ts).
 *
 * `UPDATE=1` rewrites the golden files (markers are still checked: they are written by hand).
 * The worked examples of LANGUAGE.md §6 are also checked number by number at the end of this file.
 *
 * Run: node --import tsx --test test/golden.test.ts
 *      UPDATE=1 node --import tsx --test test/golden.test.ts
 */

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { analyze, type Analysis } from '../server/src/core/analysis';
import { allRules } from '../server/src/core/diagnostics';
import { MAX_DISPLAY_LENGTH } from '../server/src/core/units/format';
import { readMarkers, type Markers } from './golden/markers';
import { LineIndex } from './golden/positions';
import { renderDiagnostic, renderReport, shownNumbers } from './golden/report';

const root = resolve(__dirname, '..');
const fixturesDir = join(root, 'test/fixtures');
const update = process.env.UPDATE === '1' || process.env.UPDATE === 'true';

// ── discovery ────────────────────────────────────────────────────────────────

function walk(dir: string, recursive: boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return recursive ? walk(path, true) : [];
      return /\.(md|napkin)$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

const fixtures = [...walk(join(fixturesDir, 'core'), true), ...walk(join(fixturesDir, 'checks'), false).filter((f) => f.endsWith('.md'))];

function goldenPath(fixture: string): string {
  return join(dirname(fixture), `${basename(fixture, extname(fixture))}.golden.txt`);
}

function analyzeFixture(path: string): { text: string; analysis: Analysis } {
  const text = readFileSync(path, 'utf8');
  return { text, analysis: analyze(text, { language: path.endsWith('.napkin') ? 'napkin' : 'markdown' }) };
}

// ── the golden tests ─────────────────────────────────────────────────────────

test('fixtures exist and their golden files do not collide', () => {
  assert.ok(fixtures.length > 0, 'no fixtures found');
  const goldens = fixtures.map(goldenPath);
  assert.equal(new Set(goldens).size, goldens.length, 'two fixtures share a golden file name');
});

describe('golden', () => {
  for (const fixture of fixtures) {
    const name = relative(fixturesDir, fixture);
    test(name, async (t) => {
      const text = readFileSync(fixture, 'utf8');
      const index = new LineIndex(text);
      const file = basename(fixture);
      let analysis: Analysis;
      try {
        analysis = analyzeFixture(fixture).analysis;
      } catch (error) {
        const report = `CRASH: analyze() threw\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`;
        if (update) writeFileSync(goldenPath(fixture), report.replace(new RegExp(root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'), '<root>'));
        throw error;
      }
      const markers = readMarkers(text, Array.from({ length: index.lineCount }, (_, i) => index.lineText(i + 1)));
      const report = renderReport(analysis, { file, showReadings: markers.showReadings });

      // Golden first when updating, so a marker failure still leaves the new report to read.
      const golden = goldenPath(fixture);
      if (update) writeFileSync(golden, report);

      await t.test('invariants', () => checkInvariants(analysis, index, file));
      await t.test('markers', () => checkMarkers(analysis, markers, index, file));
      await t.test('values', () => checkValues(analysis, markers, index));
      await t.test('golden', () => {
        assert.ok(existsSync(golden), `no golden file ${relative(root, golden)}: run with UPDATE=1`);
        assert.equal(report, readFileSync(golden, 'utf8'), `golden report differs: ${relative(root, golden)} (UPDATE=1 rewrites it)`);
      });
    });
  }
});

function checkInvariants(analysis: Analysis, index: LineIndex, file: string): void {
  for (const d of analysis.diagnostics) {
    const where = renderDiagnostic(d, index, file)[0];
    const rule = allRules.find((r) => r.code === d.code);
    assert.ok(rule, `unknown code: ${where}`);
    assert.equal(d.alias, rule.alias, `alias: ${where}`);
    assert.equal(d.severity, rule.severity, `severity: ${where}`);
    assert.ok(0 <= d.start && d.start <= d.end && d.end <= analysis.text.length, `range out of the document: ${where}`);
    assert.ok(d.message.trim().length > 0, `empty message: ${where}`);
    assert.doesNotMatch(d.message, /\b(NaN|Infinity|undefined)\b|∞/, `a message shows a non-number: ${where}`);
  }
  for (const shown of shownNumbers(analysis)) {
    assert.doesNotMatch(shown, /NaN|Infinity|∞|not a number/, `a non-finite number is shown: ${shown}`);
    const value = shown.slice(shown.indexOf(' = ') + 3);
    assert.ok(value.length <= MAX_DISPLAY_LENGTH, `display over ${MAX_DISPLAY_LENGTH} characters: ${shown}`);
  }
}

function checkMarkers(analysis: Analysis, markers: Markers, index: LineIndex, file: string): void {
  const relevant = analysis.diagnostics.filter((d) => markers.checkHints || d.code !== 'N407');
  const found = relevant.map((d) => ({ d, ...index.position(d.start) }));
  const unmatchedMarkers = markers.diagnostics.filter(
    (m) => !found.some((f) => f.line === m.line && f.d.code === m.code && (m.column === undefined || m.column === f.column)),
  );
  const unmarked = found.filter(
    (f) => !markers.diagnostics.some((m) => m.line === f.line && m.code === f.d.code && (m.column === undefined || m.column === f.column)),
  );
  const problems = [
    ...unmatchedMarkers.map((m) => `expected by marker but not reported: ${file}:${m.line} ${m.text}\n    ${m.line} | ${index.lineText(m.line)}`),
    ...unmarked.map((f) => `reported but not marked:\n${renderDiagnostic(f.d, index, file).join('\n')}`),
  ];
  assert.ok(problems.length === 0, `markers and diagnostics differ:\n${problems.join('\n')}`);
}

function checkValues(analysis: Analysis, markers: Markers, index: LineIndex): void {
  const problems: string[] = [];
  for (const marker of markers.values) {
    const q = analysis.quantities.find((q) => index.position(q.definition.start).line === marker.line);
    if (!q) {
      problems.push(`line ${marker.line}: a value marker but no quantity is defined on this line`);
      continue;
    }
    const actual = q.value ? q.display : undefined;
    if (actual !== marker.display) {
      problems.push(`line ${marker.line}: \`${q.name}\` displays ${actual === undefined ? '(none)' : JSON.stringify(actual)}, expected ${marker.display === undefined ? '(none)' : JSON.stringify(marker.display)}`);
    }
  }
  assert.ok(problems.length === 0, problems.join('\n'));
}

// ── the worked examples of LANGUAGE.md §6, number by number ─────────────────

/** Values in base units: bytes, seconds and their products (a rate is per second). */
function assertValues(fixture: string, expected: Record<string, number>): void {
  const { analysis } = analyzeFixture(join(fixturesDir, fixture));
  for (const [name, value] of Object.entries(expected)) {
    const q = analysis.quantities.find((q) => q.name === name);
    assert.ok(q?.value, `${fixture}: \`${name}\` has no value`);
    const error = Math.abs(q.value.value - value) / Math.abs(value);
    assert.ok(error <= 1e-9, `${fixture}: \`${name}\` = ${q.value.value}, expected ${value} (relative error ${error.toExponential(2)})`);
  }
}

describe('worked examples (LANGUAGE.md §6)', () => {
  test('Twitter with interview rounding: 1,500 tweets/s, 9 PB, 900 PB', () => {
    assertValues('core/worked/twitter-assumed.md', { tweets: 750, peak_tweets: 1500, pictures: 9e15, videos: 9e17 });
  });
  test('Twitter with calendar units: ≈1.74K tweets/s, ≈8.21 PB, ≈821 PB', () => {
    // 75M tweets/day × 2 / 86,400 s; 150M/day × 10% × 100 KB × 3 × 5 × 365 × 86,400 s.
    assertValues('core/worked/twitter-calendar.md', { peak_tweets: 1500e5 / 86400, pictures: 8.2125e15, videos: 8.2125e17 });
  });
  test('Proximity estimates with the default day: ≈5,787 req/s', () => {
    assertValues('core/worked/proximity-estimates.md', { search_qps: 5787.037037037037, biz_storage: 2e11, geo_row: 30, geo_storage: 6e9 });
  });
  test('Proximity estimates with assume day = 100K s: 5,000 req/s', () => {
    assertValues('core/worked/proximity-estimates-assumed.md', { search_qps: 5000, biz_storage: 2e11, geo_row: 30, geo_storage: 6e9 });
  });
});

// ── details a marker cannot say: message text, labels, values behind a display ─

/** The diagnostics of a fixture that start on a 1-based line, with a code. */
function diagnosticsAt(fixture: string, line: number, code: string): string[] {
  const { text, analysis } = analyzeFixture(join(fixturesDir, fixture));
  const index = new LineIndex(text);
  return analysis.diagnostics.filter((d) => d.code === code && index.position(d.start).line === line).map((d) => d.message);
}

describe('details', () => {
  test('an unclosed `(` names its column on the line, not its offset in the fence', () => {
    const messages = diagnosticsAt('core/parse/error-unclosed-paren.md', 10, 'N001');
    assert.equal(messages.length, 1);
    assert.match(messages[0]!, /the `\(` at column 10\b/);
  });

  test('N103 on a base unit does not suggest an `assume` that is itself an error', () => {
    const messages = diagnosticsAt('core/names/reserved-unit-name.md', 8, 'N103');
    assert.equal(messages.length, 1);
    assert.doesNotMatch(messages[0]!, /assume s =/);
  });

  test('a cycle between two assumptions leaks no value computed through the cycle', () => {
    const { analysis } = analyzeFixture(join(fixturesDir, 'core/names/assume-errors.md'));
    const renewal = analysis.quantities.find((q) => q.name === 'renewal');
    assert.ok(renewal);
    // No value (like quantities in a cycle), or the default year of 365 days; not 12 × 365.
    assert.ok(renewal.value === undefined || Math.abs(renewal.value.value - 365) < 1e-9, `1 year / 1 day = ${renewal.value?.value}`);
  });

  test('a quoted label keeps everything between its quotes', () => {
    const { analysis } = analyzeFixture(join(fixturesDir, 'core/parse/quoted-labels.md'));
    assert.deepEqual(
      analysis.graph.edges.map((e) => e.label),
      ['GET /search # anchors are allowed in a quoted label', 'route // to the search service', 'SELECT { id, name } FROM places', 'read with props'],
    );
  });
});
