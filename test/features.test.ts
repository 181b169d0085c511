/**
 * Editor features as data: each fixture in test/fixtures/features/ is a Markdown (or .napkin)
 * file whose name starts with the feature it tests (`hover-units.md`). `$0` marks cursors
 * (rust-analyzer style; several allowed) and `<!-- new-name: x -->` gives rename's new name. The
 * feature's output is printed as text and compared with the golden file next to the fixture
 * (`hover-units.hover.txt`). The worked examples in examples/ get the whole-document features and
 * a hover on every definition, with goldens in test/fixtures/features/examples/.
 *
 * UPDATE=1 node --import tsx --test test/features.test.ts   rewrites the golden files.
 */

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { describe, test } from 'node:test';
import { analyze, type Analysis } from '../server/src/core/analysis';
import * as features from '../server/src/core/features/index';
import { formatExact } from '../server/src/core/units/format';

const root = join(__dirname, '..');
const fixtures = join(root, 'test/fixtures/features');
const update = process.env.UPDATE === '1';

type Feature = (analysis: Analysis, cursors: readonly number[], fixture: Fixture) => string;

interface Fixture {
  readonly name: string;
  readonly text: string;
  readonly newName: string;
}

const cursorFeatures: Partial<Record<string, Feature>> = {
  hover: (a, cursors) => perCursor(a, cursors, (at) => renderHover(a, features.hover(a, at))),
  completion: (a, cursors) => perCursor(a, cursors, (at) => renderCompletion(a, features.completions(a, at))),
  definition: (a, cursors) => perCursor(a, cursors, (at) => features.definition(a, at).map((s) => span(a, s)).join('\n') || '(none)'),
  references: (a, cursors) => perCursor(a, cursors, (at) => features.references(a, at, true).map((s) => span(a, s)).join('\n') || '(none)'),
  highlights: (a, cursors) => perCursor(a, cursors, (at) => features.documentHighlights(a, at).map((o) => `${o.kind === 'definition' ? 'write' : 'read '} ${span(a, o)}`).join('\n') || '(none)'),
  rename: (a, cursors, fixture) => perCursor(a, cursors, (at) => renderRename(a, at, fixture.newName)),
  'code-actions': (a, cursors) => perCursor(a, cursors, (at) => renderActions(a, features.codeActions(a, { start: at, end: at }))),
};

const documentFeatures: Record<string, (analysis: Analysis) => string> = {
  'inlay-hints': (a) => renderHints(a, features.inlayHints(a, { start: 0, end: a.text.length })),
  symbols: (a) => renderSymbols(a, features.documentSymbols(a), ''),
  'semantic-tokens': (a) => features.semanticTokens(a).map((t) => `${pos(a, t.start)} ${JSON.stringify(a.text.slice(t.start, t.start + t.length))} ${[t.type, ...t.modifiers].join('.')}`).join('\n'),
  folding: (a) => features.foldingRanges(a).map((r) => `${pos(a, r.start)}–${pos(a, r.end)} ${r.kind}: ${JSON.stringify(lineOf(a, r.start).trim())}`).join('\n') || '(none)',
  format: (a) => applyEdits(a.text, features.format(a)),
};

describe('feature fixtures', () => {
  const files = readdirSync(fixtures).filter((f) => f.endsWith('.md') || f.endsWith('.napkin'));
  test('every feature has a fixture', () => {
    for (const feature of [...Object.keys(cursorFeatures), ...Object.keys(documentFeatures)]) {
      assert.ok(files.some((f) => featureOf(f) === feature), `no fixture for ${feature}`);
    }
  });
  for (const file of files) {
    const feature = featureOf(file);
    test(file, () => {
      assert.ok(feature, `${file}: the name must start with a feature (${[...Object.keys(cursorFeatures), ...Object.keys(documentFeatures)].join(', ')})`);
      const source = readFileSync(join(fixtures, file), 'utf8');
      const { text, cursors } = extractCursors(source);
      const fixture: Fixture = { name: file, text, newName: /<!-- new-name: (\S+) -->/.exec(text)?.[1] ?? 'renamed' };
      const analysis = analyze(text, { language: extname(file) === '.napkin' ? 'napkin' : 'markdown' });
      const cursorFeature = cursorFeatures[feature!];
      if (cursorFeature) assert.ok(cursors.length > 0, `${file} needs a $0 cursor`);
      const output = cursorFeature ? cursorFeature(analysis, cursors, fixture) : documentFeatures[feature!]!(analysis);
      golden(join(fixtures, `${basename(file, extname(file))}.${feature}.txt`), output);
      if (feature === 'format') checkFormatting(text, analysis);
    });
  }
});

describe('worked examples', () => {
  for (const name of ['proximity-service', 'twitter']) {
    const text = readFileSync(join(root, 'examples', `${name}.md`), 'utf8');
    const analysis = analyze(text);
    for (const [feature, render] of Object.entries(documentFeatures)) {
      test(`${name}: ${feature}`, () => golden(join(fixtures, 'examples', `${name}.${feature}.txt`), render(analysis)));
    }
    test(`${name}: hover on every definition and unit`, () => {
      const cursors = [...analysis.binding.definitions.values()].map((d) => d.start).concat(features.readingsIn(analysis).map((r) => r.start));
      golden(join(fixtures, 'examples', `${name}.hover.txt`), cursorFeatures.hover!(analysis, [...new Set(cursors)].sort((x, y) => x - y), { name, text, newName: '' }));
    });
    test(`${name}: formatting keeps every value and is idempotent`, () => checkFormatting(text, analysis));
  }
});

describe('formatting edge cases', () => {
  test('a .napkin file with CRLF line breaks keeps them', () => {
    const text = 'a = 1\r\nbbb   =  2   \r\ngroup g {\r\nservice s\r\n}\r\n';
    const analysis = analyze(text, { language: 'napkin' });
    assert.equal(applyEdits(text, features.format(analysis)), 'a   = 1\r\nbbb = 2\r\ngroup g {\r\n  service s\r\n}\r\n');
    checkFormatting(text, analysis);
  });
  test('a tab in Markdown\'s prefix is kept byte for byte', () => {
    const text = '-\t```napkin\n\tx  = 1  \n\t```\n';
    const analysis = analyze(text);
    assert.equal(applyEdits(text, features.format(analysis)), '-\t```napkin\n\tx = 1\n\t```\n');
    checkFormatting(text, analysis);
  });
});

// ── checks ─────────────────────────────────────────────────────────────────

/** Formatting changes no computed value, no diagnostic, nothing outside fences, and is idempotent. */
function checkFormatting(text: string, analysis: Analysis): void {
  const formatted = applyEdits(text, features.format(analysis));
  const after = analyze(formatted, { language: analysis.language });
  assert.deepEqual(numbers(after), numbers(analysis));
  assert.deepEqual(after.diagnostics.map((d) => `${d.code} ${d.message}`), analysis.diagnostics.map((d) => `${d.code} ${d.message}`));
  assert.deepEqual(features.format(after), [], 'formatting twice changes nothing');
  const outside = (a: Analysis) => a.fences.reduce((rest, { fence }) => rest.replace(a.text.slice(fence.contentStart, fence.contentEnd), '\u0000'), a.text);
  assert.equal(outside(after), outside(analysis), 'text outside fences is untouched');
}

function numbers(analysis: Analysis) {
  return {
    quantities: analysis.quantities.map((q) => `${q.name} = ${q.value ? formatExact(q.value) : '-'}`),
    loads: [...analysis.load.components].map(([id, c]) => `${id} ${c.load} ${c.capacity} ${c.utilisation}`),
    edges: analysis.load.edges.map((e) => `${e.load} ${e.bandwidth}`),
    asserts: analysis.asserts.map((a) => a.holds),
  };
}

function golden(path: string, actual: string): void {
  const content = `${actual.trimEnd()}\n`;
  if (update) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    return;
  }
  assert.ok(existsSync(path), `missing golden ${path}; run with UPDATE=1 to create it`);
  assert.equal(content, readFileSync(path, 'utf8'), `${path} differs; run with UPDATE=1 to accept`);
}

// ── fixtures ───────────────────────────────────────────────────────────────

function featureOf(file: string): string | undefined {
  const name = basename(file, extname(file));
  return [...Object.keys(cursorFeatures), ...Object.keys(documentFeatures)].sort((a, b) => b.length - a.length).find((f) => name === f || name.startsWith(`${f}-`));
}

function extractCursors(source: string): { text: string; cursors: number[] } {
  const cursors: number[] = [];
  let text = '';
  let last = 0;
  for (let at = source.indexOf('$0'); at >= 0; at = source.indexOf('$0', at + 2)) {
    text += source.slice(last, at);
    cursors.push(text.length);
    last = at + 2;
  }
  return { text: text + source.slice(last), cursors };
}

// ── rendering ──────────────────────────────────────────────────────────────

function perCursor(analysis: Analysis, cursors: readonly number[], render: (offset: number) => string): string {
  return cursors.map((at) => `── $0 at ${pos(analysis, at)}: ${JSON.stringify(cursorLine(analysis, at))}\n${render(at)}`).join('\n\n');
}

function renderHover(analysis: Analysis, result: features.HoverResult | undefined): string {
  if (!result) return '(no hover)';
  return `range ${span(analysis, result)}\n${result.markdown}`;
}

function renderCompletion(analysis: Analysis, result: features.CompletionResult): string {
  const items = [...result.items].sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label));
  const lines = items.map((i) => `${i.label} (${i.kind})${i.detail ? ` ${i.detail}` : ''}${i.insertText && i.insertText !== i.label ? ` → ${JSON.stringify(i.insertText)}` : ''}`);
  return `replaces ${JSON.stringify(analysis.text.slice(result.start, result.end))}\n${lines.join('\n') || '(no items)'}`;
}

function renderRename(analysis: Analysis, at: number, newName: string): string {
  const prepared = features.prepareRename(analysis, at);
  if ('error' in prepared) return `prepare: error: ${prepared.error}`;
  const result = features.rename(analysis, at, newName);
  if ('error' in result) return `prepare: ${JSON.stringify(prepared.placeholder)} at ${span(analysis, prepared)}\nrename to ${newName}: error: ${result.error}`;
  return `prepare: ${JSON.stringify(prepared.placeholder)} at ${span(analysis, prepared)}\nrename to ${newName}:\n${diffLines(analysis.text, applyEdits(analysis.text, result.edits))}`;
}

function renderActions(analysis: Analysis, actions: readonly features.CodeAction[]): string {
  if (actions.length === 0) return '(no actions)';
  return actions
    .map((a) => {
      const head = `[${a.kind}${a.preferred ? ', preferred' : ''}] ${a.title}${a.diagnostic ? ` (fixes ${a.diagnostic.code})` : ''}`;
      return `${head}\n${indent(diffLines(analysis.text, applyEdits(analysis.text, a.edits)), '    ')}`;
    })
    .join('\n');
}

function renderHints(analysis: Analysis, hints: readonly features.InlayHint[]): string {
  return hints
    .map((h) => {
      const parts = h.parts.map((p) => (p.target ? `${JSON.stringify(p.text)} → ${JSON.stringify(analysis.text.slice(p.target.start, p.target.end))}` : JSON.stringify(p.text))).join(' | ');
      return `${pos(analysis, h.offset)} ${h.kind}: ${lineOf(analysis, h.offset).slice(0, column(analysis, h.offset))}⟨${h.label}⟩\n    parts: ${parts}\n${indent(h.tooltip, '    │ ')}`;
    })
    .join('\n');
}

function renderSymbols(analysis: Analysis, symbols: readonly features.DocumentSymbol[], prefix: string): string {
  return symbols
    .map((s) => {
      const self = `${prefix}${s.kind} ${s.name}${s.detail ? ` — ${s.detail}` : ''} [${pos(analysis, s.start)}–${pos(analysis, s.end)}, name ${JSON.stringify(analysis.text.slice(s.selectionStart, s.selectionEnd))}]`;
      return s.children.length ? `${self}\n${renderSymbols(analysis, s.children, `${prefix}  `)}` : self;
    })
    .join('\n');
}

function span(analysis: Analysis, s: { start: number; end: number }): string {
  return `${pos(analysis, s.start)}–${pos(analysis, s.end)} ${JSON.stringify(analysis.text.slice(s.start, s.end))}`;
}

/** 1-based line:column. */
function pos(analysis: Analysis, offset: number): string {
  const before = analysis.text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${column(analysis, offset) + 1}`;
}

function column(analysis: Analysis, offset: number): number {
  return offset - (analysis.text.lastIndexOf('\n', offset - 1) + 1);
}

function lineOf(analysis: Analysis, offset: number): string {
  const start = analysis.text.lastIndexOf('\n', offset - 1) + 1;
  const end = analysis.text.indexOf('\n', offset);
  return analysis.text.slice(start, end < 0 ? undefined : end);
}

function cursorLine(analysis: Analysis, offset: number): string {
  const line = lineOf(analysis, offset);
  const at = column(analysis, offset);
  return `${line.slice(0, at)}$0${line.slice(at)}`.trim();
}

function applyEdits(text: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let result = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) result = result.slice(0, edit.start) + edit.text + result.slice(edit.end);
  return result;
}

/** The changed lines between two texts: common head and tail dropped, the middle as -/+. */
function diffLines(before: string, after: string): string {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const removed = a.slice(head, a.length - tail).map((l, i) => `- ${head + i + 1}: ${l}`);
  const added = b.slice(head, b.length - tail).map((l, i) => `+ ${head + i + 1}: ${l}`);
  return [...removed, ...added].join('\n') || '(no change)';
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}
