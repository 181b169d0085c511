/**
 * Folding ranges for napkin constructs: groups, flows, multi-line property blocks and runs of
 * comment lines. Fences themselves are left to the Markdown extension, which folds them already.
 */

import type { Analysis } from '../analysis';
import { allStatements } from '../syntax/tree';
import { lineEndOf, lineStartOf } from './text';

export interface FoldingRange {
  /** Offset on the first line (stays visible). */
  readonly start: number;
  /** Offset on the last folded line: the line before a closing `}`, which stays visible. */
  readonly end: number;
  readonly kind: 'region' | 'comment';
}

export function foldingRanges(analysis: Analysis): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  for (const { fence, parse } of analysis.fences) {
    // Offsets in the fence's own text, which has the document's lines (an editor keeps its document
    // in pieces, and reading it whole would copy it): `base` makes them document offsets.
    const text = fence.text;
    const base = fence.contentStart;
    for (const statement of allStatements(parse.statements)) {
      if (statement.kind === 'error' || statement.kind === 'quantity' || statement.kind === 'assume' || statement.kind === 'assert') continue;
      const { start, end } = statement;
      if (lineEndOf(text, start) >= end) continue;
      // Keep the line of the closing `}` visible when the brace starts its line.
      const closeLine = lineStartOf(text, end);
      const closesAlone = text[end - 1] === '}' && text.slice(closeLine, end - 1).trim() === '';
      const last = closesAlone ? closeLine - 1 : end;
      if (lineEndOf(text, start) < last) ranges.push({ start: base + start, end: base + last, kind: 'region' });
    }
    let run: { start: number; end: number; count: number } | undefined;
    for (const comment of parse.comments) {
      const onOwnLine = text.slice(lineStartOf(text, comment.start), comment.start).trim() === '';
      if (!onOwnLine) continue;
      if (run && text.slice(run.end, comment.start).split(/\r\n|\n|\r/).length === 2) run = { start: run.start, end: comment.end, count: run.count + 1 };
      else {
        if (run && run.count > 1) ranges.push({ start: base + run.start, end: base + run.end, kind: 'comment' });
        run = { start: comment.start, end: comment.end, count: 1 };
      }
    }
    if (run && run.count > 1) ranges.push({ start: base + run.start, end: base + run.end, kind: 'comment' });
  }
  return ranges.sort((a, b) => a.start - b.start);
}
