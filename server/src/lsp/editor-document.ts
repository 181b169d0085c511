/**
 * The editor's text of a document, kept as a list of pieces so that an edit never copies it.
 *
 * `vscode-languageserver-textdocument` keeps one string and reads it right after each edit, which
 * makes V8 flatten the whole document into a fresh string: on a 10K-line note that copy (300 KB,
 * on pages V8 maps for it) was about 1.1 ms of every edit, 5 ms at 50K lines. Here an edit
 * replaces part of one piece: the pieces around it are slices of the strings they were (no copy),
 * and `getText()` joins them with `+`, which V8 does without copying either. The whole text is
 * copied only when something reads it character by character, and what the server does after an
 * edit (carry the fences over it, analyse, publish diagnostics, answer inlay hints) reads only the
 * edited fence and the characters next to it.
 *
 * Positions behave exactly like `TextDocument`'s (test/editor-document.test.ts compares them on
 * random edits): UTF-16 offsets, line breaks `\n`, `\r\n` and `\r`, and a position inside a line
 * break or past a line's end is the end of that line.
 */

import type { Position, Range, TextDocument, TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { lastAtOrBefore } from '../core/util/search';

const LF = 10, CR = 13;
/** Joined into one piece again past this many, so a lookup stays a short search. */
const MAX_PIECES = 64;
/** Pieces shorter than this are joined with a short neighbour (a copy of a few bytes). */
const SHORT = 256;

export class EditorDocument implements TextDocument {
  #pieces: string[];
  /** Where each piece starts. */
  #starts: number[] = [];
  #length = 0;
  /** Line start offsets; undefined when an edit touched a `\r`, until asked for again. */
  #lines: number[] | undefined;
  #text: string | undefined;
  #version: number;

  private constructor(
    readonly uri: string,
    readonly languageId: string,
    version: number,
    content: string,
  ) {
    this.#version = version;
    // A client may send anything: what is not text is no text.
    this.#pieces = [typeof content === 'string' ? content : ''];
    this.#index();
  }

  static create(uri: string, languageId: string, version: number, content: string): EditorDocument {
    return new EditorDocument(uri, languageId, version, content);
  }

  /** Applies the changes in order and takes the new version (as `TextDocument.update` does). */
  static update(document: EditorDocument, changes: readonly TextDocumentContentChangeEvent[], version: number): EditorDocument {
    for (const change of changes) document.#apply(change);
    document.#version = version;
    return document;
  }

  get version(): number {
    return this.#version;
  }

  get lineCount(): number {
    return this.#lineStarts().length;
  }

  getText(range?: Range): string {
    if (range) {
      // As `String.prototype.substring`: a range given backwards is read forwards.
      const a = this.offsetAt(range.start);
      const b = this.offsetAt(range.end);
      return this.slice(Math.min(a, b), Math.max(a, b));
    }
    return (this.#text ??= this.#pieces.reduce((text, piece) => text + piece, ''));
  }

  /** The text of `[start, end)`, copied from the pieces it spans only. */
  slice(start: number, end: number): string {
    start = clamp(start, 0, this.#length);
    end = clamp(end, start, this.#length);
    let text = '';
    for (let i = this.#pieceAt(start); i < this.#pieces.length && this.#starts[i]! < end; i++) {
      const from = this.#starts[i]!;
      text += this.#pieces[i]!.slice(Math.max(0, start - from), end - from);
    }
    return text;
  }

  /** The UTF-16 code unit at `offset`, NaN outside the text (as `String.prototype.charCodeAt`). */
  charCodeAt(offset: number): number {
    if (offset < 0 || offset >= this.#length) return NaN;
    const i = this.#pieceAt(offset);
    return this.#pieces[i]!.charCodeAt(offset - this.#starts[i]!);
  }

  get length(): number {
    return this.#length;
  }

  positionAt(offset: number): Position {
    const lines = this.#lineStarts();
    offset = clamp(whole(offset), 0, this.#length);
    const line = lineOf(lines, offset);
    return { line, character: this.#beforeLineBreak(offset, lines[line]!) - lines[line]! };
  }

  offsetAt(position: Position): number {
    const lines = this.#lineStarts();
    const line = whole(position?.line);
    const character = whole(position?.character);
    if (line >= lines.length) return this.#length;
    if (line < 0) return 0;
    const [start, next] = this.#lineBounds(lines, line);
    if (character <= 0) return start;
    return this.#beforeLineBreak(Math.min(start + character, next), start);
  }

  /** The range of `line` without its line break; past the last line, the last line with anything after it. */
  getLineRange(line: number): Range {
    const lines = this.#lineStarts();
    if (line < 0) return { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    if (line >= lines.length) {
      const last = lines.length - 1;
      return { start: { line: last, character: 0 }, end: { line: last, character: this.#length - lines[last]! } };
    }
    const [start, next] = this.#lineBounds(lines, line);
    return { start: { line, character: 0 }, end: { line, character: this.#beforeLineBreak(next, start) - start } };
  }

  /** The line break ending `line` (`\n`, `\r\n`, `\r`), or '' for the last line and lines that do not exist. */
  getEOLCharacters(line: number): string {
    const lines = this.#lineStarts();
    if (line < 0 || line >= lines.length) return '';
    const [start, next] = this.#lineBounds(lines, line);
    return this.slice(this.#beforeLineBreak(next, start), next);
  }

  /** Where `line` starts, and where the next one starts (the text's end after the last). */
  #lineBounds(lines: readonly number[], line: number): [number, number] {
    return [lines[line]!, line + 1 < lines.length ? lines[line + 1]! : this.#length];
  }

  /** `offset`, moved back out of the line break that ends its line. */
  #beforeLineBreak(offset: number, lineStart: number): number {
    while (offset > lineStart && isLineBreak(this.charCodeAt(offset - 1))) offset--;
    return offset;
  }

  #apply(change: TextDocumentContentChangeEvent): void {
    if (!('range' in change) || !change.range) {
      this.#pieces = [typeof change.text === 'string' ? change.text : ''];
      this.#lines = undefined;
      this.#index();
      return;
    }
    let start = this.offsetAt(change.range.start);
    let end = this.offsetAt(change.range.end);
    if (end < start) [start, end] = [end, start];
    const text = typeof change.text === 'string' ? change.text : '';
    // A `\r` next to the edit may join or split a `\r\n`: count the lines again (rare outside typing `\r`).
    const crossesCrlf = this.charCodeAt(start - 1) === CR || (text.charCodeAt(text.length - 1) === CR && this.charCodeAt(end) === LF);
    if (this.#lines && !crossesCrlf) {
      const lines = this.#lines;
      const first = lineOf(lines, start);
      const last = lineOf(lines, end);
      const added = lineStartsIn(text, start);
      const delta = text.length - (end - start);
      let kept = lines;
      if (last - first === added.length) for (let i = 0; i < added.length; i++) lines[first + 1 + i] = added[i]!;
      else if (added.length < 10_000) lines.splice(first + 1, last - first, ...added);
      else kept = this.#lines = lines.slice(0, first + 1).concat(added, lines.slice(last + 1));
      if (delta !== 0) for (let i = first + 1 + added.length; i < kept.length; i++) kept[i]! += delta;
    } else this.#lines = undefined;
    this.#replace(start, end, text);
  }

  #replace(start: number, end: number, text: string): void {
    const first = this.#pieceAt(start);
    const last = this.#pieceAt(end);
    const head = this.#pieces[first]!.slice(0, start - this.#starts[first]!);
    const tail = this.#pieces[last]!.slice(end - this.#starts[last]!);
    const pieces = this.#pieces.slice(0, first);
    // Typing adds a piece per key: short neighbours become one.
    const push = (piece: string) => {
      const k = pieces.length - 1;
      if (k >= 0 && piece.length < SHORT && pieces[k]!.length < SHORT) pieces[k] += piece;
      else if (piece.length > 0) pieces.push(piece);
    };
    push(head);
    push(text);
    push(tail);
    for (let i = last + 1; i < this.#pieces.length; i++) push(this.#pieces[i]!);
    this.#pieces = pieces.length > MAX_PIECES ? [pieces.join('')] : pieces.length > 0 ? pieces : [''];
    this.#index();
  }

  #index(): void {
    this.#starts = [];
    let at = 0;
    for (const piece of this.#pieces) {
      this.#starts.push(at);
      at += piece.length;
    }
    this.#length = at;
    this.#text = undefined;
  }

  /** The piece holding `offset`; the last piece for the text's end. */
  #pieceAt(offset: number): number {
    return Math.max(0, lineOf(this.#starts, offset));
  }

  #lineStarts(): number[] {
    // Counted from the whole text only when created, after a whole-text change, or after an edit
    // next to a `\r`: the one place that reads the text whole, and rarely.
    return (this.#lines ??= [0, ...lineStartsIn(this.getText(), 0)]);
  }
}

/** The offsets where lines start inside `text` (inserted at `at`): after each line break. */
function lineStartsIn(text: string, at: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) starts.push(at + i + 1);
  }
  return starts;
}

/** The index of the last start at or before `offset` (-1 before the first). */
function lineOf(starts: readonly number[], offset: number): number {
  return lastAtOrBefore(starts.length, (i) => starts[i]!, offset);
}

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** A line, character or offset from a client as a whole number; what is not a number is 0. */
function whole(value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) return 0;
  return Math.floor(Math.max(-1, Math.min(value, Number.MAX_SAFE_INTEGER)));
}

function clamp(value: number, low: number, high: number): number {
  return Math.max(low, Math.min(value, high));
}
