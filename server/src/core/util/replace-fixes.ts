/**
 * The fixes behind a "did you mean" message: one "Replace with `x`" per suggestion, for the span
 * of the misspelt word. They use the same `suggest` as the message, so the two always agree.
 */

import type { Fix } from '../diagnostics';
import { suggest } from './suggest';

/** Fixes replacing [start, end) with each suggestion for `word`; the only one is preferred. */
export function didYouMeanFixes(word: string, start: number, end: number, candidates: Iterable<string>): Fix[] {
  return replaceFixes(start, end, suggest(word, candidates));
}

/** One fix per replacement; when there is exactly one it is preferred (safe to auto-apply). */
export function replaceFixes(start: number, end: number, replacements: readonly string[]): Fix[] {
  return replacements.map((text) => ({ title: `Replace with \`${text}\``, edits: [{ start, end, text }], preferred: replacements.length === 1 }));
}
