/**
 * Lexer: fence text → tokens with fence-relative offsets. It never fails: a character it does not
 * know becomes an `unknown` token for the parser to report.
 *
 * One piece of context lives here rather than in the parser: the text after the first `:` that
 * follows an arrow on a line is a free-form label (`GET /v1/search?lat&lng`), so it is emitted as
 * one `label` token, minus a trailing `{ props }` block and a trailing comment.
 */

export type TokenKind =
  | 'number'
  | 'ident'
  | 'string'
  | 'label'
  | 'comment'
  | 'newline'
  | 'punct'
  | 'unknown'
  | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly start: number;
  readonly end: number;
  /** The source text; for punctuation the operator itself (`->`, `{`, …). */
  readonly text: string;
  /** True when no whitespace separates this token from the previous one. */
  readonly attached: boolean;
  /** For `string`: false when the closing quote is missing; undefined for other kinds. */
  readonly closed: boolean | undefined;
}

/** The length of the operator at `pos` (whose UTF-16 unit is `c`), or 0. */
function punctLength(text: string, pos: number, c: number): number {
  const next = text.charCodeAt(pos + 1);
  switch (c) {
    case 0x2d /* - */:
      if (next === 0x2d && text.charCodeAt(pos + 2) === 0x3e) return 3; // -->
      return next === 0x3e ? 2 : 1; // -> or -
    case 0x7e /* ~ */:
      return next === 0x3e ? 2 : 0; // ~>
    case 0x3c /* < */:
    case 0x3e /* > */:
    case 0x3d /* = */:
      return next === 0x3d ? 2 : 1; // <= >= ==
    case 0x21 /* ! */:
      return next === 0x3d ? 2 : 0; // !=
    case 0x7b: case 0x7d: case 0x28: case 0x29: case 0x5b: case 0x5d: // { } ( ) [ ]
    case 0x2c: case 0x3a: case 0x2e: case 0x2b: case 0x2a: case 0x2f: case 0x5e: case 0x25: // , : . + * / ^ %
      return 1;
    default:
      return 0;
  }
}

// Runs of characters are matched by sticky patterns: the regular expression engine runs them as
// native code, where a loop over characters runs as bytecode until the JIT has warmed up, and a
// lint is one cold process. A letter outside the BMP is not part of an identifier (each half of its
// surrogate pair is tested on its own), as `isIdentStart` says for the first character.
const spaceRun = /[ \t\f\v\u00a0\ufeff]+/y;
const identRest = /(?:[A-Za-z0-9_]|(?![\u{10000}-\u{10FFFF}])[\p{L}\p{N}\p{M}])*/uy;
const lineRest = /[^\r\n]*/y;
/** Digits with `_` separators, an optional fraction, and an exponent only when digits follow `e`. */
const numberRun = /(?:\d(?:\d|_(?=\d))*(?:\.\d(?:\d|_(?=\d))*)?|\.\d(?:\d|_(?=\d))*)(?:[eE][+-]?\d(?:\d|_(?=\d))*)?/y;
/** A backslash escapes any character but a line break; a string ends at its line's end. */
const stringRun = /"(?:\\[^\r\n]|[^"\r\n])*("?)/y;

/** Where the run of `pattern` that starts at `pos` ends. */
function runEnd(pattern: RegExp, text: string, pos: number): number {
  pattern.lastIndex = pos;
  return pattern.test(text) ? pattern.lastIndex : pos;
}

const isAsciiLetter = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
const isIdentStart = (text: string, pos: number, c: number) => isAsciiLetter(c) || (c > 0x7f && /[\p{L}µ]/u.test(text[pos]!));
const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0c || c === 0x0b || c === 0xa0 || c === 0xfeff;

/**
 * The tokens of `text`, ending with `eof`. With `comments`, comments go there as spans instead of
 * being tokens (what the parser wants: it skips them, and a second array only to leave them out
 * would cost a cold lint).
 */
export function lex(text: string, comments?: { start: number; end: number }[]): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let attached = false;
  // Per-line state for label detection: the brace depth of this line at which an arrow was seen.
  let arrowDepth = -1;
  let lineDepth = 0;

  // Every token has the same fields in the same order, so the parser's reads of them stay monomorphic.
  const push = (kind: TokenKind, start: number, end: number, closed?: boolean) => {
    tokens.push({ kind, start, end, text: text.slice(start, end), attached, closed });
    attached = true;
  };

  while (pos < text.length) {
    const c = text.charCodeAt(pos);
    if (isSpace(c)) {
      pos = runEnd(spaceRun, text, pos);
      attached = false;
      continue;
    }
    if (c === 0x0a || c === 0x0d) {
      const end = c === 0x0d && text.charCodeAt(pos + 1) === 0x0a ? pos + 2 : pos + 1;
      push('newline', pos, end);
      pos = end;
      attached = false;
      arrowDepth = -1;
      lineDepth = 0;
      continue;
    }
    if (c === 0x23 || (c === 0x2f && text.charCodeAt(pos + 1) === 0x2f)) {
      const end = lineEnd(text, pos);
      if (comments) {
        comments.push({ start: pos, end });
        attached = true;
      } else push('comment', pos, end);
      pos = end;
      continue;
    }
    if (c === 0x22) {
      stringRun.lastIndex = pos;
      const closed = stringRun.exec(text)![1] === '"';
      push('string', pos, stringRun.lastIndex, closed);
      pos = stringRun.lastIndex;
      continue;
    }
    const end = (c >= 0x30 && c <= 0x39) || c === 0x2e ? runEnd(numberRun, text, pos) : pos;
    if (end > pos) {
      push('number', pos, end);
      pos = end;
      // An attached suffix (`5K`, `100KB`, `2x`) becomes its own attached ident token.
      continue;
    }
    if (isIdentStart(text, pos, c)) {
      const end = runEnd(identRest, text, pos + 1);
      push('ident', pos, end);
      pos = end;
      continue;
    }
    const length = punctLength(text, pos, c);
    if (length === 0) {
      // One unknown character, a whole code point: an emoji is two UTF-16 units.
      const width = (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      push('unknown', pos, pos + width);
      pos += width;
      continue;
    }
    push('punct', pos, pos + length);
    const op = tokens[tokens.length - 1]!.text;
    pos += length;
    if (op === '{' || op === '(' || op === '[') lineDepth++;
    else if (op === '}' || op === ')' || op === ']') lineDepth = Math.max(0, lineDepth - 1);
    else if ((op === '->' || op === '~>' || op === '-->') && arrowDepth < 0) arrowDepth = lineDepth;
    else if (op === ':' && arrowDepth === lineDepth) {
      // In a one-line block (`flow f { a -> b : hi }`) the label ends before the block's `}`.
      pos = lexLabel(text, pos, lineDepth, push);
      arrowDepth = -1;
    }
  }
  tokens.push({ kind: 'eof', start: text.length, end: text.length, text: '', attached: false, closed: undefined });
  return tokens;
}

/**
 * Emits the label that starts at `pos` (just after the colon) and returns where lexing resumes: at
 * a trailing props block (`{` preceded by whitespace, balanced to the end of the line, or left open
 * at the end of the line) or a trailing comment (`#` or `//` preceded by whitespace).
 */
function lexLabel(text: string, pos: number, depth: number, push: (kind: TokenKind, start: number, end: number) => void): number {
  let eol = lineEnd(text, pos);
  for (let closing = 0; closing < depth; closing++) {
    let end = eol;
    while (end > pos && isSpace(text.charCodeAt(end - 1))) end--;
    if (text[end - 1] !== '}' || !isSpace(text.charCodeAt(end - 2))) break;
    eol = end - 1;
  }
  let stop = eol;
  // A quoted label is taken whole: `#`, `//` and `{` inside the quotes are text.
  let scanFrom = pos;
  while (scanFrom < eol && isSpace(text.charCodeAt(scanFrom))) scanFrom++;
  if (text[scanFrom] === '"') scanFrom = Math.min(eol, stringEnd(text, scanFrom));
  for (let i = scanFrom; i < eol; i++) {
    const c = text[i]!;
    const afterSpace = i === scanFrom || isSpace(text.charCodeAt(i - 1));
    if (!afterSpace) continue;
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      stop = i;
      break;
    }
    if (c === '{' && opensTrailingBlock(text, i, eol)) {
      stop = i;
      break;
    }
  }
  let start = pos;
  while (start < stop && isSpace(text.charCodeAt(start))) start++;
  let end = stop;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  if (end > start) push('label', start, end);
  return stop;
}

/** True when the `{` at `open` closes by the end of the line with nothing after it, or stays open. */
function opensTrailingBlock(text: string, open: number, eol: number): boolean {
  let depth = 0;
  for (let i = open; i < eol; i++) {
    const c = text[i]!;
    if (c === '"') {
      i = stringEnd(text, i) - 1;
      continue;
    }
    // A comment inside the block: the block is still open at the end of the line (multi-line props).
    if ((c === '#' || (c === '/' && text[i + 1] === '/')) && (i === 0 || isSpace(text.charCodeAt(i - 1)))) return true;
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const rest = text.slice(i + 1, eol).trim();
      return rest === '' || rest.startsWith('#') || rest.startsWith('//');
    }
  }
  return depth > 0;
}

function lineEnd(text: string, pos: number): number {
  return runEnd(lineRest, text, pos);
}

/** Past the closing quote of the string that starts at `pos`, or at its line's end when it has none. */
function stringEnd(text: string, pos: number): number {
  return runEnd(stringRun, text, pos);
}

/** The numeric value of a number token's text (`1_000`, `1.5e8`). */
export function numberValue(text: string): number {
  return Number(text.replace(/_/g, ''));
}
