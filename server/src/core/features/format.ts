/**
 * Formatting, inside napkin fences only: indentation of 2 spaces per `{` level, the `=` of
 * consecutive quantity lines aligned, the arrow and the `:` of consecutive connection lines aligned,
 * trailing whitespace trimmed. Comments stay where they are (trailing comments that were aligned
 * stay aligned). Only spaces change, never tokens, so the meaning cannot change; a fence with
 * syntax errors only loses trailing whitespace. Formatting formatted text changes nothing.
 *
 * Each line is `prefix + indentation + body`. The prefix is what Markdown owns (a list item's
 * indentation, a block quote's `> `, the fence's own indentation) and is kept byte for byte.
 */

import type { Analysis } from '../analysis';
import type { ParsedFence } from '../model/bind';
import type { Token } from '../syntax/lexer';
import { allStatements, type Stmt } from '../syntax/tree';
import type { TextEdit } from './rename';
import { lastAtOrBefore } from '../util/search';
import { lineStartOf } from './text';

interface Line {
  /** Fence-relative offsets of the line's text, without its line break. */
  readonly start: number;
  readonly end: number;
  /** Characters at the start that Markdown owns; undefined when they cannot be told (tabs). */
  prefix: number | undefined;
  /** `{` levels open at the start of the line (one less when the line starts with `}`). */
  depth: number;
  /** The single-line statement that fills the line, if any. */
  statement?: Stmt;
  /** A comment after code on this line. */
  trailingComment?: { readonly start: number; readonly end: number };
  /** Where the code of the line ends (before a trailing comment), fence-relative. */
  codeEnd: number;
  /** The formatted body (without prefix, indentation or trailing comment); undefined keeps it. */
  body?: string;
  /** The column of an aligned trailing comment, from the line's start. */
  commentColumn?: number;
  /** Keep the line's own indentation (a fence that is indented or inside a container). */
  keepIndent?: boolean;
}

/** Edits that format every fence, or only the lines touching `range` (document offsets). */
export function format(analysis: Analysis, range?: { start: number; end: number }): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const parsed of analysis.fences) {
    const base = parsed.fence.contentStart;
    if (range && (parsed.fence.contentEnd < range.start || base > range.end)) continue;
    for (const edit of formatFence(analysis.text, parsed)) {
      if (!range || (edit.end >= range.start && edit.start <= range.end)) edits.push(edit);
    }
  }
  return edits;
}

function formatFence(documentText: string, parsed: ParsedFence): TextEdit[] {
  const { fence, parse } = parsed;
  const text = fence.text;
  const lines = splitLines(text, fence.content);
  const clean = parse.errors.length === 0;
  if (clean) {
    measure(lines, parse.tokens);
    // Markdown owns the indentation of an indented fence or one inside a block quote or list:
    // CommonMark strips "up to N" spaces there, so re-indenting could change the content or not
    // settle. Such fences keep each line's indentation; only the code after it is re-spaced.
    if (!plainFence(documentText, parsed)) {
      for (const line of lines) {
        line.prefix = firstCode(text, line) - line.start;
        line.keepIndent = true;
      }
    }
    for (const statement of allStatements(parse.statements)) {
      const line = lines[lineIndex(lines, statement.start)];
      // Only a statement that is the whole code of its line may be re-spaced as a unit.
      if (line && statement.start === firstCode(text, line) && statement.end === codeEnd(text, line)) line.statement = statement;
    }
    alignBlocks(lines, text, 'quantity', quantityBodies);
    alignBlocks(lines, text, 'connection', connectionBodies);
  }
  const edits: TextEdit[] = [];
  for (const line of lines) {
    const start = fence.contentStart + line.start;
    const end = fence.contentStart + line.end;
    const current = documentText.slice(start, end);
    let next = current.replace(/[ \t]+$/, '');
    if (clean && line.prefix !== undefined) {
      const rendered = render(text, line);
      next = rendered.trim() === '' ? current.slice(0, line.prefix).trimEnd() : current.slice(0, line.prefix) + rendered.slice(line.prefix);
    }
    if (next !== current) edits.push({ start, end, text: next });
  }
  return edits;
}

/** The line with the prefix as spaces: prefix + indentation + body + trailing comment. */
function render(text: string, line: Line): string {
  const indentation = ' '.repeat(line.prefix! + (line.keepIndent ? 0 : 2 * line.depth));
  const code = line.body ?? text.slice(firstCode(text, line), codeEnd(text, line));
  if (!line.trailingComment) return `${indentation}${code}`;
  const comment = text.slice(line.trailingComment.start, line.trailingComment.end).trimEnd();
  if (!code) return `${indentation}${comment}`;
  const head = `${indentation}${code}`;
  const column = line.commentColumn ?? head.length + originalGap(text, line);
  return `${head}${' '.repeat(Math.max(1, column - head.length))}${comment}`;
}

function splitLines(text: string, content: string): Line[] {
  const contentLines = content.split(/\r\n|\n|\r/);
  const lines: Line[] = [];
  let start = 0;
  let index = 0;
  while (start < text.length) {
    let end = start;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    const own = contentLines[index];
    const lineText = text.slice(start, end);
    const width = own === undefined || /\t/.test(lineText.slice(0, lineText.length - own.length)) ? undefined : lineText.length - own.length;
    lines.push({ start, end, prefix: width !== undefined && width >= 0 ? width : undefined, depth: 0, codeEnd: end });
    start = text[end] === '\r' && text[end + 1] === '\n' ? end + 2 : end + 1;
    index++;
  }
  return lines;
}

/** Depth, trailing comments and code ends, from the tokens in one pass. */
function measure(lines: Line[], tokens: readonly Token[]): void {
  let depth = 0;
  let line = 0;
  let first = true;
  let codeSeen = false;
  for (const token of tokens) {
    if (token.kind === 'newline') {
      line++;
      first = true;
      codeSeen = false;
      continue;
    }
    const current = lines[line];
    if (!current || token.kind === 'eof') continue;
    if (first) current.depth = token.kind === 'punct' && token.text === '}' ? Math.max(0, depth - 1) : depth;
    first = false;
    if (token.kind === 'comment') {
      if (codeSeen) {
        current.trailingComment = { start: token.start, end: token.end };
        current.codeEnd = token.start;
      }
      continue;
    }
    codeSeen = true;
    if (token.kind === 'punct' && token.text === '{') depth++;
    else if (token.kind === 'punct' && token.text === '}') depth = Math.max(0, depth - 1);
  }
}

function firstCode(text: string, line: Line): number {
  let start = line.start;
  while (start < line.end && (text[start] === ' ' || text[start] === '\t')) start++;
  return start;
}

function lineIndex(lines: readonly Line[], offset: number): number {
  return Math.max(0, lastAtOrBefore(lines.length, (i) => lines[i]!.start, offset));
}

/**
 * Runs of consecutive lines holding one single-line statement of `kind` at the same depth get their
 * bodies from `bodies`; trailing comments that were aligned in the run stay aligned.
 */
function alignBlocks(lines: Line[], text: string, kind: Stmt['kind'], bodies: (text: string, block: Line[]) => void): void {
  let block: Line[] = [];
  const flush = () => {
    if (block.length > 0) {
      bodies(text, block);
      alignComments(text, block);
    }
    block = [];
  };
  for (const line of lines) {
    const fits = line.statement?.kind === kind && (block.length === 0 || block[0]!.depth === line.depth);
    if (!fits) flush();
    if (line.statement?.kind === kind) block.push(line);
  }
  flush();
}

function quantityBodies(text: string, block: Line[]): void {
  // reduce, not Math.max(...): a block may hold more lines than a call takes arguments.
  const width = block.reduce((max, l) => Math.max(max, (l.statement as Extract<Stmt, { kind: 'quantity' }>).name.text.length), 0);
  for (const line of block) {
    const statement = line.statement as Extract<Stmt, { kind: 'quantity' }>;
    const name = statement.name.text;
    line.body = `${name}${' '.repeat(width - name.length)} = ${text.slice(statement.value.start, statement.value.end)}`;
  }
}

function connectionBodies(text: string, block: Line[]): void {
  const parts = block.map((line) => {
    const statement = line.statement as Extract<Stmt, { kind: 'connection' }>;
    const last = statement.nodes[statement.nodes.length - 1]!;
    const rest = text.slice(last.end, statement.end).trim();
    const label = statement.label;
    // One space between a label and its props: the lexer only needs whitespace before the `{`.
    const brace = label ? text.indexOf('{', label.end) : -1;
    const props = brace >= 0 && brace < statement.end ? ` ${text.slice(brace, statement.end)}` : '';
    return {
      line,
      first: statement.nodes[0]!.text,
      arrow: statement.arrows[0]!.op,
      chain: text.slice(statement.nodes[1]!.start, last.end),
      label: label ? `${text.slice(label.start, label.end)}${props}` : undefined,
      rest,
    };
  });
  const arrowEnd = parts.reduce((max, p) => Math.max(max, p.first.length + 1 + p.arrow.length), 0);
  const chainWidth = parts.reduce((max, p) => (p.label === undefined ? max : Math.max(max, p.chain.length)), 0);
  for (const p of parts) {
    const head = `${p.first}${' '.repeat(arrowEnd - p.first.length - p.arrow.length)}${p.arrow} ${p.chain}`;
    p.line.body = p.label !== undefined ? `${head}${' '.repeat(chainWidth - p.chain.length)} : ${p.label}` : p.rest ? `${head} ${p.rest}` : head;
  }
}

/**
 * Trailing comments of a block: when two or more share one column they stay in one column (moved
 * right only if code now reaches it); otherwise each keeps its distance from its code.
 */
function alignComments(text: string, block: Line[]): void {
  const commented = block.filter((l) => l.trailingComment);
  if (commented.length < 2) return;
  const column = (l: Line) => l.trailingComment!.start - l.start;
  if (!commented.every((l) => column(l) === column(commented[0]!))) return;
  const head = (l: Line) => l.prefix! + (l.keepIndent ? 0 : 2 * l.depth) + (l.body ?? text.slice(firstCode(text, l), codeEnd(text, l))).length;
  const shared = Math.max(column(commented[0]!), ...commented.map((l) => head(l) + 1));
  for (const line of commented) line.commentColumn = shared;
}

/** Where the code of a line ends: before a trailing comment and the spaces before it. */
function codeEnd(text: string, line: Line): number {
  let end = line.codeEnd;
  while (end > line.start && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  return end;
}

function originalGap(text: string, line: Line): number {
  return Math.max(1, line.trailingComment!.start - codeEnd(text, line));
}

/** A fence at the start of its line, in no container: its text is the document's text. */
function plainFence(documentText: string, { fence }: ParsedFence): boolean {
  const lineStart = lineStartOf(documentText, fence.start);
  return fence.start === lineStart && documentText.slice(fence.contentStart, fence.contentEnd) === fence.text;
}
