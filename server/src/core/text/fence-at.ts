/**
 * Reading the document around an offset from the fence that holds it.
 * An editor keeps its document in pieces (server/src/lsp/editor-document.ts): what runs after every
 * edit reads the fence's own text, because reading the document's would copy all of it.
 */

import { lastAtOrBefore } from '../util/search';
import type { Fence } from './fences';

/**
 * The text holding `[start, end)` of the document, and the document offset it starts at: the
 * fence's own text when that is the document's character for character (a top-level fence with
 * `\n` line breaks), otherwise the document's text itself.
 */
export function sourceAt(document: { readonly text: string; readonly fences: readonly { readonly fence: Fence }[] }, start: number, end: number): { text: string; base: number } {
  const { fences } = document;
  const fence = fences[lastAtOrBefore(fences.length, (i) => fences[i]!.fence.contentStart, start)]?.fence;
  if (fence && fence.text === fence.content && end <= fence.contentEnd) return { text: fence.text, base: fence.contentStart };
  return { text: document.text, base: 0 };
}
