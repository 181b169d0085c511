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

const puncts3 = ['-->'];
const puncts2 = ['->', '~>', '<=', '>=', '==', '!='];
const puncts1 = '{}()[],:=.+-*/^<>%';

/** The longest operator at `pos` (whose character is `c`), or undefined. */
function punctAt(text: string, pos: number, c: string): string | undefined {
  if (puncts1.includes(c) || c === '~' || c === '!') {
    const next = text[pos + 1];
    if (c === '-' && next === '-' && text[pos + 2] === '>') return puncts3[0];
    if (next !== undefined) {
      for (const two of puncts2) if (two[0] === c && two[1] === next) return two;
    }
    if (puncts1.includes(c)) return c;
  }
  return undefined;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isAsciiLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isIdentStart = (c: string) => isAsciiLetter(c) || (c > '\x7f' && /[\p{L}µ]/u.test(c));
const isIdentPart = (c: string) => isAsciiLetter(c) || isDigit(c) || (c > '\x7f' && /[\p{L}\p{N}\p{M}µ]/u.test(c));
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';

export function lex(text: string): Token[] {
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
    const c = text[pos]!;
    if (isSpace(c)) {
      pos++;
      attached = false;
      continue;
    }
    if (c === '\n' || c === '\r') {
      const end = c === '\r' && text[pos + 1] === '\n' ? pos + 2 : pos + 1;
      push('newline', pos, end);
      pos = end;
      attached = false;
      arrowDepth = -1;
      lineDepth = 0;
      continue;
    }
    if (c === '#' || (c === '/' && text[pos + 1] === '/')) {
      const end = lineEnd(text, pos);
      push('comment', pos, end);
      pos = end;
      continue;
    }
    if (c === '"') {
      const end = stringEnd(text, pos);
      push('string', pos, end.pos, end.closed);
      pos = end.pos;
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(text[pos + 1] ?? ''))) {
      const end = numberEnd(text, pos);
      push('number', pos, end);
      pos = end;
      // An attached suffix (`5K`, `100KB`, `2x`) becomes its own attached ident token.
      continue;
    }
    if (isIdentStart(c)) {
      let end = pos + 1;
      while (end < text.length && isIdentPart(text[end]!)) end++;
      push('ident', pos, end);
      pos = end;
      continue;
    }
    const op = punctAt(text, pos, c);
    if (op === undefined) {
      // One unknown character, a whole code point: an emoji is two UTF-16 units.
      const width = (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      push('unknown', pos, pos + width);
      pos += width;
      continue;
    }
    push('punct', pos, pos + op.length);
    pos += op.length;
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
    while (end > pos && isSpace(text[end - 1]!)) end--;
    if (text[end - 1] !== '}' || !isSpace(text[end - 2] ?? '')) break;
    eol = end - 1;
  }
  let stop = eol;
  // A quoted label is taken whole: `#`, `//` and `{` inside the quotes are text.
  let scanFrom = pos;
  while (scanFrom < eol && isSpace(text[scanFrom]!)) scanFrom++;
  if (text[scanFrom] === '"') scanFrom = Math.min(eol, stringEnd(text, scanFrom).pos);
  for (let i = scanFrom; i < eol; i++) {
    const c = text[i]!;
    const afterSpace = i === scanFrom || isSpace(text[i - 1]!);
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
  while (start < stop && isSpace(text[start]!)) start++;
  let end = stop;
  while (end > start && isSpace(text[end - 1]!)) end--;
  if (end > start) push('label', start, end);
  return stop;
}

/** True when the `{` at `open` closes by the end of the line with nothing after it, or stays open. */
function opensTrailingBlock(text: string, open: number, eol: number): boolean {
  let depth = 0;
  for (let i = open; i < eol; i++) {
    const c = text[i]!;
    if (c === '"') {
      i = stringEnd(text, i).pos - 1;
      continue;
    }
    // A comment inside the block: the block is still open at the end of the line (multi-line props).
    if ((c === '#' || (c === '/' && text[i + 1] === '/')) && isSpace(text[i - 1] ?? ' ')) return true;
    if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      const rest = text.slice(i + 1, eol).trim();
      return rest === '' || rest.startsWith('#') || rest.startsWith('//');
    }
  }
  return depth > 0;
}

function lineEnd(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}

function stringEnd(text: string, pos: number): { pos: number; closed: boolean } {
  let end = pos + 1;
  while (end < text.length) {
    const c = text[end]!;
    if (c === '\\' && end + 1 < text.length && text[end + 1] !== '\n' && text[end + 1] !== '\r') end += 2;
    else if (c === '"') return { pos: end + 1, closed: true };
    else if (c === '\n' || c === '\r') break;
    else end++;
  }
  return { pos: end, closed: false };
}

/** Digits with `_` separators, an optional fraction, and an exponent only when digits follow `e`. */
function numberEnd(text: string, pos: number): number {
  let end = pos;
  const digits = () => {
    while (end < text.length && (isDigit(text[end]!) || (text[end] === '_' && isDigit(text[end + 1] ?? '')))) end++;
  };
  digits();
  if (text[end] === '.' && isDigit(text[end + 1] ?? '')) {
    end++;
    digits();
  }
  if (text[end] === 'e' || text[end] === 'E') {
    const sign = text[end + 1] === '+' || text[end + 1] === '-' ? 1 : 0;
    if (isDigit(text[end + 1 + sign] ?? '')) {
      end += 1 + sign;
      digits();
    }
  }
  return end;
}

/** The numeric value of a number token's text (`1_000`, `1.5e8`). */
export function numberValue(text: string): number {
  return Number(text.replace(/_/g, ''));
}
