/**
 * The napkin fences of a document after an edit, from the fences before it, without a new scan.
 *
 * A fence's content is literal text: no line inside it opens or closes any other block. So an edit
 * that stays inside the content of one top-level fence, and makes no line that could close that
 * fence, changes no fence but that one: the fences before it stay as they are and the ones after
 * it only move. Anything else (an edit in prose, on a fence line, in a fence inside a list item or
 * a block quote, or one that types a run of backticks) may change where fences are, and the
 * document is scanned again. An editor makes most of its edits inside a fence, one keystroke at a
 * time, and a 10K-line document takes about 1.5 ms to scan.
 */

import { lastAtOrBefore } from '../util/search';
import type { Fence } from './fences';

/** One replacement: `[start, end)` of the text before the edit becomes `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

const TAB = 9, LF = 10, SPACE = 32;

/**
 * The fences (of one language, in document order) of a document after `edit`, from `fences`, those
 * of the document before it (`length` characters); undefined when the edit may have changed where
 * fences are (find them again). Only the edited fence's text and, through `charCodeAt`, the two
 * characters where that fence opens are read, never the rest of the document: an editor keeps its
 * text in pieces, and reading across them would copy the whole document.
 */
export function fencesAfterEdit(fences: readonly Fence[], edit: TextEdit, length: number, charCodeAt: (offset: number) => number): readonly Fence[] | undefined {
  const { start, end, text } = edit;
  const delta = text.length - (end - start);
  if (start < 0 || end < start || end > length) return undefined;
  const index = lastAtOrBefore(fences.length, (i) => fences[i]!.contentStart, start);
  const fence = fences[index];
  if (!fence || !fence.closed || end > fence.contentEnd) return undefined;
  // Content equal to the text has no \r and no NUL (the scan rewrites both there): keep it so.
  if (!isTopLevel(fence, charCodeAt) || text.includes('\r') || text.includes('\0')) return undefined;
  const from = start - fence.contentStart;
  const content = fence.text.slice(0, from) + text + fence.text.slice(end - fence.contentStart);
  // The content still ends with a line break (or is empty), so the closing line is still a line of its own.
  if (content.length > 0 && content.charCodeAt(content.length - 1) !== LF) return undefined;
  // Lines from the closing line on are the document's own, unchanged.
  if (mayClose(content, from, Math.min(from + text.length, content.length - 1), charCodeAt(fence.start))) return undefined;

  const lines = breaks(text, 0, text.length) - breaks(fence.text, from, end - fence.contentStart);
  const contentEnd = fence.contentEnd + delta;
  const result = fences.slice(0, index);
  result.push({ ...fence, end: fence.end + delta, contentEnd, closeLine: fence.closeLine + lines, text: content, content });
  for (let i = index + 1; i < fences.length; i++) {
    const f = fences[i]!;
    result.push(delta === 0 && lines === 0 ? f : {
      ...f, start: f.start + delta, end: f.end + delta, contentStart: f.contentStart + delta, contentEnd: f.contentEnd + delta,
      openLine: f.openLine + lines, closeLine: f.closeLine + lines,
    });
  }
  return result;
}

/**
 * A fence opened at the start of its line, whose content the scan took whole: not indented (its
 * content would lose leading spaces) and in no list item or block quote (an edit could end those).
 */
function isTopLevel(fence: Fence, charCodeAt: (offset: number) => number): boolean {
  return (fence.start === 0 || charCodeAt(fence.start - 1) === LF) && fence.text === fence.content;
}

/** Whether a line touching `[from, to)` starts, after spaces and tabs, with three of the fence's character. */
function mayClose(text: string, from: number, to: number, char: number): boolean {
  let line = from > 0 ? text.lastIndexOf('\n', from - 1) + 1 : 0;
  while (line <= to && line < text.length) {
    let i = line;
    for (let c = text.charCodeAt(i); c === SPACE || c === TAB; c = text.charCodeAt(++i));
    if (text.charCodeAt(i) === char && text.charCodeAt(i + 1) === char && text.charCodeAt(i + 2) === char) return true;
    const next = text.indexOf('\n', line);
    if (next < 0) break;
    line = next + 1;
  }
  return false;
}

function breaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return count;
}
