/**
 * What the server does after every edit reads fence text, never the whole document: the editor
 * keeps its document in pieces (server/src/lsp/editor-document.ts), and reading `analysis.text`
 * character by character would make V8 copy all of it on every keystroke. Here `text` throws, and
 * the per-edit work (checks with their fixes, suppressions, and the requests VS Code sends after an
 * edit) must give the same results without it.
 */

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../server/src/core/analysis';
import { runChecks } from '../server/src/core/check/index';
import { documentSymbols, foldingRanges, inlayHints, semanticTokens } from '../server/src/core/features/index';
import { applySuppressions } from '../server/src/core/suppressions';

const examples = join(__dirname, '..', 'examples');

/** The analysis, with a `text` that may not be read. */
function withoutText(analysis: Analysis): Analysis {
  const guarded = { ...analysis };
  Object.defineProperty(guarded, 'text', {
    get() {
      throw new Error('read the whole document text');
    },
  });
  return guarded;
}

describe('after an edit, only fence text is read', () => {
  for (const name of ['proximity-service.md', 'twitter.md']) {
    test(`${name}: checks and their fixes, suppressions, inlay hints, folding, semantic tokens, symbols`, () => {
      const text = readFileSync(join(examples, name), 'utf8');
      const analysis = analyze(text);
      const guarded = withoutText(analysis);
      const whole = { start: 0, end: text.length };
      assert.deepEqual(runChecks(guarded), runChecks(analysis));
      if (name === 'proximity-service.md') assert.ok(runChecks(analysis).some((d) => (d.fixes ?? []).length > 0), 'N401 with its fix');
      assert.deepEqual(applySuppressions(guarded, analysis.diagnostics), applySuppressions(analysis, analysis.diagnostics));
      assert.deepEqual(inlayHints(guarded, whole), inlayHints(analysis, whole));
      assert.deepEqual(foldingRanges(guarded), foldingRanges(analysis));
      assert.deepEqual(semanticTokens(guarded), semanticTokens(analysis));
      assert.deepEqual(documentSymbols(guarded), documentSymbols(analysis));
    });
  }

  test('a fence inside a block quote: the fix falls back to the document, and says the same', () => {
    const text = ['> ```napkin', '> service api { capacity: 5K/s }', '> user u { rate: 20K/s }', '> u -> api', '> ```', ''].join('\n');
    const analysis = analyze(text);
    const fixes = analysis.diagnostics.flatMap((d) => d.fixes ?? []);
    assert.ok(fixes.length > 0);
    assert.throws(() => runChecks(withoutText(analysis)), /whole document/);
  });
});
