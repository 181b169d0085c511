/**
 * An edit as an editor's server makes it: the fences carried over the edit (`text/fence-edits.ts`;
 * found again when the edit may have moved them) and the text analysed with the parse cache of the
 * version before. And what such an analysis must be: what a fresh analysis of the same text is.
 */

import assert from 'node:assert/strict';
import { analyze, type Analysis, type ParseCache } from '../server/src/core/analysis';
import { fencesAfterEdit, type TextEdit } from '../server/src/core/text/fence-edits';

/** `previous`'s text after `edit`, analysed with `cache`; `carried`: whether the fences were carried over the edit. */
export function analyseEdit(previous: Analysis, cache: ParseCache, edit: TextEdit): { analysis: Analysis; carried: boolean } {
  const before = previous.text;
  const text = before.slice(0, edit.start) + edit.text + before.slice(edit.end);
  const fences = fencesAfterEdit(previous.fences.map((f) => f.fence), edit, before.length, (i) => before.charCodeAt(i));
  return { analysis: analyze(text, { language: previous.language, cache, fences }), carried: fences !== undefined };
}

/** Asserts that `carried` is what a fresh analysis of its text is, and returns that fresh analysis. */
export function assertSameAsFresh(carried: Analysis): Analysis {
  const fresh = analyze(carried.text, { language: carried.language });
  assert.deepEqual(carried.diagnostics, fresh.diagnostics);
  assert.deepEqual(carried.binding, fresh.binding);
  assert.deepEqual(carried.graph, fresh.graph);
  assert.deepEqual(carried.load, fresh.load);
  assert.deepEqual(carried.quantities.map((q) => [q.name, q.display]), fresh.quantities.map((q) => [q.name, q.display]));
  assert.deepEqual(carried.asserts, fresh.asserts);
  return fresh;
}
