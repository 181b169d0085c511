/**
 * Document offsets (UTF-16 code units) to 1-based lines and columns, for the CLI, the preview and
 * the markdown-it plugin (the language server uses LSP's own TextDocument). A column counts UTF-16 code units from the start of the line, plus one, as editors,
 * SARIF (`columnKind: utf16CodeUnits`) and GitHub annotations expect. A byte order mark is not
 * part of the first line. Line breaks are `\n`, `\r\n` or a lone `\r`.
 */

import { lastAtOrBefore } from '../util/search';

export interface Position {
  /** 1-based. */
  readonly line: number;
  /** 1-based, in UTF-16 code units. */
  readonly column: number;
}

export interface LineIndex {
  position(offset: number): Position;
  /** The 0-based line holding `offset`. */
  lineOf(offset: number): number;
  /** The offset where a 0-based line starts (clamped to the last line). */
  startOf(line: number): number;
  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string;
  readonly lineCount: number;
}

export function lineIndex(text: string): LineIndex {
  // Built on first use: most files of a lint run have no diagnostics and never need it.
  let starts: number[] | undefined;
  const lineStarts = (): number[] => (starts ??= findLineStarts(text));
  const lineOf = (offset: number): number => {
    const all = lineStarts();
    return Math.max(0, lastAtOrBefore(all.length, (i) => all[i]!, offset));
  };
  return {
    lineOf: (offset) => lineOf(Math.max(0, Math.min(text.length, offset))),
    startOf: (line) => {
      const all = lineStarts();
      return all[Math.max(0, Math.min(line, all.length - 1))]!;
    },
    position(offset) {
      const clamped = Math.max(0, Math.min(text.length, offset));
      const line = lineOf(clamped);
      return { line: line + 1, column: Math.max(0, clamped - lineStarts()[line]!) + 1 };
    },
    lineText(line) {
      const all = lineStarts();
      const start = all[line - 1];
      if (start === undefined) return '';
      let end = all[line] ?? text.length;
      while (end > start && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
      return text.slice(start, end);
    },
    get lineCount() {
      return lineStarts().length;
    },
  };
}

/** Offsets where lines start; line breaks found with indexOf, which is native and fast. */
function findLineStarts(text: string): number[] {
  const starts = [text.charCodeAt(0) === 0xfeff ? 1 : 0];
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lf >= 0 || cr >= 0) {
    if (cr >= 0 && (lf < 0 || cr < lf)) {
      const next = text.charCodeAt(cr + 1) === 10 ? cr + 2 : cr + 1;
      starts.push(next);
      if (next === cr + 2) lf = text.indexOf('\n', next);
      cr = text.indexOf('\r', next);
    } else {
      starts.push(lf + 1);
      lf = text.indexOf('\n', lf + 1);
    }
  }
  return starts;
}

/** A diagnostic's range as 1-based lines and columns; the end column is exclusive. */
export interface Range {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

export function rangeOf(index: LineIndex, start: number, end: number): Range {
  const from = index.position(start);
  const to = index.position(Math.max(start, end));
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}
