/**
 * Finding the fence at an offset, and reading the document around an offset from that fence.
 * An editor keeps its document in pieces (server/src/lsp/editor-document.ts): what runs after every
 * edit reads the fence's own text, because reading the document's would copy all of it.
 */

import type { Fence } from './fences';

/** The index of the last of `count` fences (in document order) whose content starts at or before `offset`; -1 when none does. */
export function fenceIndexAt(count: number, contentStartOf: (index: number) => number, offset: number): number {
  let low = 0, high = count - 1, found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (contentStartOf(middle) <= offset) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * The text holding `[start, end)` of the document, and the document offset it starts at: the
 * fence's own text when that is the document's character for character (a top-level fence with
 * `\n` line breaks), otherwise the document's text itself.
 */
export function sourceAt(document: { readonly text: string; readonly fences: readonly { readonly fence: Fence }[] }, start: number, end: number): { text: string; base: number } {
  const { fences } = document;
  const fence = fences[fenceIndexAt(fences.length, (i) => fences[i]!.fence.contentStart, start)]?.fence;
  if (fence && fence.text === fence.content && end <= fence.contentEnd) return { text: fence.text, base: fence.contentStart };
  return { text: document.text, base: 0 };
}
