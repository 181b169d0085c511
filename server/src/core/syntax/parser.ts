/**
 * Parser: tokens → statements. Hand-written recursive descent that never throws: every problem
 * becomes a diagnostic with an exact range, and the parser resumes at the next line (or at the
 * `}` that closes the block it is in). Nesting deeper than MAX_DEPTH is reported, not recursed.
 */

import { diagnostic, type Diagnostic, type RuleId } from '../diagnostics';
import { exact } from '../util/exact';
import { lex, numberValue, type Token } from './lexer';
import type { Arrow, ArrowOp, BinaryOp, Expr, Prop, Span, Stmt, StringLit, UnitTerm, Word } from './tree';

export interface ParseResult {
  readonly statements: readonly Stmt[];
  /** Syntax diagnostics, in fence-relative offsets. */
  readonly errors: readonly Diagnostic[];
  /** Comment tokens, for features that keep them (formatting, folding, suppressions). */
  readonly comments: readonly Span[];
  /**
   * Every token, comments included. Lexed again on first read and then kept: most analyses (every
   * lint) never read them, and holding them through an analysis made them its largest survivor
   * (about 40% of the objects a 50K-line document keeps alive, promoted on fresh pages).
   */
  readonly tokens: readonly Token[];
}

const MAX_DEPTH = 200;
const comparisonOps = new Set(['<', '<=', '>', '>=', '==', '!=']);
const arrowOps = new Set(['->', '~>', '-->']);

export function parse(text: string): ParseResult {
  const comments: Span[] = [];
  const tokens = lex(text, comments);
  const parser = new Parser(text, tokens);
  const statements = parser.statements(undefined);
  return new Parsed(text, statements, exact(parser.errors), exact(comments));
}

/** A class rather than an object literal with a getter, which V8 builds on a slow path every time. */
class Parsed implements ParseResult {
  readonly #text: string;
  #tokens: readonly Token[] | undefined;

  constructor(
    text: string,
    readonly statements: readonly Stmt[],
    readonly errors: readonly Diagnostic[],
    readonly comments: readonly Span[],
  ) {
    this.#text = text;
  }

  get tokens(): readonly Token[] {
    return (this.#tokens ??= lex(this.#text));
  }
}

type Context = { readonly open: Token; readonly inFlow: boolean } | undefined;

class Parser {
  readonly errors: Diagnostic[] = [];
  #pos = 0;
  /** `tokens[#pos]`, read on nearly every step: kept at hand rather than looked up each time. */
  #token: Token;
  #depth = 0;
  /** Set after a nesting error: the rest of the statement reports nothing more. */
  #abandoned = false;
  #lastErrorAt = -1;

  constructor(
    readonly text: string,
    /** Ends with the `eof` token, which is never passed. */
    readonly tokens: readonly Token[],
  ) {
    this.#token = tokens[0]!;
  }

  // ── statements ──────────────────────────────────────────────────────────

  /** Statements until the end of the fence, or until the `}` closing `context` (left unconsumed). */
  statements(context: Context): Stmt[] {
    const result: Stmt[] = [];
    for (;;) {
      this.#skipNewlines();
      const token = this.#peek();
      if (token.kind === 'eof') return exact(result);
      if (context && this.#isPunct('}')) return exact(result);
      if (!context && this.#isPunct('}')) {
        this.#error('syntax', token, 'Unmatched `}`: remove it, or open a group or flow before it.');
        this.#next();
        continue;
      }
      this.#abandoned = false;
      const statement = this.#statement(context);
      if (context?.inFlow && statement.kind !== 'connection' && statement.kind !== 'error') {
        this.#error('syntax', statement, 'A flow holds steps only, one per line: `a -> b : message` (or `b --> a : reply`).');
      }
      result.push(statement);
      this.#endOfStatement(context);
    }
  }

  #statement(context: Context): Stmt {
    const first = this.#peek();
    const second = this.#peek(1);
    if (first.kind === 'ident') {
      if ((first.text === 'group' || first.text === 'flow') && second.kind === 'ident') return this.#block(first.text);
      if (first.text === 'assume') return this.#assume();
      if (first.text === 'assert') return this.#assert();
      if (second.kind === 'punct' && second.text === '=') return this.#quantity();
      if (second.kind === 'punct' && arrowOps.has(second.text)) return this.#connection();
      if (second.kind === 'ident') return this.#component();
      if (context?.inFlow || second.kind === 'newline' || second.kind === 'eof') {
        this.#error('syntax', first, `\`${first.text}\` alone is not a statement: write \`${first.text} = value\`, \`KIND ${first.text}\` or \`${first.text} -> other\`.`);
        return this.#skipLine(first.start);
      }
    }
    this.#error('syntax', first, `Expected a statement (\`name = value\`, \`service id\`, \`a -> b\`, \`group\`, \`flow\`, \`assume\`, \`assert\`), found ${describe(first)}.`);
    return this.#skipLine(first.start);
  }

  #quantity(): Stmt {
    const name = this.#word();
    this.#next(); // '='
    const value = this.#expr();
    return { kind: 'quantity', start: name.start, end: value.end, name, value };
  }

  #component(): Stmt {
    const kindWord = this.#word();
    const id = this.#word();
    const label = this.#peek().kind === 'string' ? this.#string() : undefined;
    const props = this.#isPunct('{') ? this.#props() : { props: [], end: label?.end ?? id.end };
    return { kind: 'component', start: kindWord.start, end: props.end, kindWord, id, label, props: props.props };
  }

  #connection(): Stmt {
    const nodes: Word[] = [this.#word()];
    const arrows: Arrow[] = [];
    while (this.#peek().kind === 'punct' && arrowOps.has(this.#peek().text)) {
      const arrow = this.#next();
      arrows.push({ op: arrow.text as ArrowOp, start: arrow.start, end: arrow.end });
      if (this.#peek().kind !== 'ident') {
        this.#error('syntax', this.#peek(), `Expected a component id after \`${arrow.text}\`.`);
        return this.#skipLine(nodes[0]!.start);
      }
      nodes.push(this.#word());
    }
    let end = nodes[nodes.length - 1]!.end;
    let label: StringLit | undefined;
    if (this.#isPunct(':')) {
      const colon = this.#next();
      end = colon.end;
      if (this.#peek().kind === 'label') {
        const token = this.#next();
        label = { start: token.start, end: token.end, value: unquoteLabel(token.text) };
        end = token.end;
      } else {
        this.#error('syntax', colon, 'Expected a label after `:`; remove the colon or write the label.');
      }
    }
    const props = this.#isPunct('{') ? this.#props() : { props: [], end };
    return { kind: 'connection', start: nodes[0]!.start, end: props.end, nodes: exact(nodes), arrows: exact(arrows), label, props: props.props };
  }

  #block(keyword: 'group' | 'flow'): Stmt {
    const start = this.#next().start;
    const id = this.#word();
    const label = this.#peek().kind === 'string' ? this.#string() : undefined;
    if (!this.#isPunct('{')) {
      this.#error('syntax', this.#peek(), `Expected \`{\` to open the ${keyword} body.`);
      const error = this.#skipLine(start);
      return { kind: keyword, start, end: error.end, id, label, body: [] };
    }
    const open = this.#next();
    if (this.#depth >= MAX_DEPTH) {
      this.#error('syntax', open, `Groups and flows nested more than ${MAX_DEPTH} levels deep: flatten them.`);
      const error = this.#skipLine(start);
      return { kind: keyword, start, end: error.end, id, label, body: [] };
    }
    this.#depth++;
    const body = this.statements({ open, inFlow: keyword === 'flow' });
    this.#depth--;
    const end = this.#close(open, keyword);
    return { kind: keyword, start, end, id, label, body };
  }

  #assume(): Stmt {
    const start = this.#next().start;
    const key: Word[] = [];
    if (this.#peek().kind !== 'ident') {
      this.#error('syntax', this.#peek(), 'Expected what to assume, e.g. `assume day = 100K s`.');
      return this.#skipLine(start);
    }
    key.push(this.#word());
    while (this.#isPunct('.') && this.#peek(1).kind === 'ident') {
      this.#next();
      key.push(this.#word());
    }
    if (!this.#isPunct('=')) {
      this.#error('syntax', this.#peek(), 'Expected `=` after the assumed name, e.g. `assume day = 100K s`.');
      return this.#skipLine(start);
    }
    this.#next();
    const value = this.#expr();
    return { kind: 'assume', start, end: value.end, key: exact(key), value };
  }

  #assert(): Stmt {
    const start = this.#next().start;
    const condition = this.#expr();
    return { kind: 'assert', start, end: condition.end, condition };
  }

  /** `{ key: value, flag }` on one line or one per line; returns the props and the end of `}`. */
  #props(): { props: Prop[]; end: number } {
    const open = this.#next();
    const props: Prop[] = [];
    for (;;) {
      this.#skipNewlines();
      const token = this.#peek();
      if (this.#isPunct('}') || token.kind === 'eof') break;
      if (token.kind !== 'ident') {
        this.#error('syntax', token, `Expected a property name, found ${describe(token)}.`);
        this.#skipUntil((t) => t.kind === 'newline' || (t.kind === 'punct' && (t.text === ',' || t.text === '}')));
      } else {
        const key = this.#word();
        let value: Expr | undefined;
        if (this.#isPunct(':')) {
          this.#next();
          value = this.#expr();
        }
        props.push({ start: key.start, end: value?.end ?? key.end, key, value });
      }
      if (this.#isPunct(',')) this.#next();
      else if (!this.#isPunct('}') && this.#peek().kind !== 'newline' && this.#peek().kind !== 'eof') {
        this.#error('syntax', this.#peek(), `Expected \`,\` or \`}\` after a property, found ${describe(this.#peek())}.`);
        this.#skipUntil((t) => t.kind === 'newline' || (t.kind === 'punct' && (t.text === ',' || t.text === '}')));
        if (this.#isPunct(',')) this.#next();
      }
    }
    return { props: exact(props), end: this.#close(open, 'property list') };
  }

  /** Consumes the `}` matching `open`, or reports the unclosed block at `open`. Returns the end. */
  #close(open: Token, what: string): number {
    if (this.#isPunct('}')) return this.#next().end;
    this.#error('unclosedBlock', open, `This \`{\` opens a ${what} that is never closed: add \`}\`.`, true);
    return this.#peek().start;
  }

  #endOfStatement(context: Context): void {
    const token = this.#peek();
    if (token.kind === 'newline' || token.kind === 'eof' || (context && this.#isPunct('}'))) return;
    this.#error('syntax', token, `Expected the end of the line after this statement, found ${describe(token)}: one statement per line.`);
    this.#skipUntil((t) => t.kind === 'newline');
  }

  // ── expressions ─────────────────────────────────────────────────────────

  #expr(): Expr {
    if (this.#depth >= MAX_DEPTH) return this.#tooDeep();
    this.#depth++;
    const expr = this.#comparison();
    this.#depth--;
    return expr;
  }

  #comparison(): Expr {
    const left = this.#additive();
    const token = this.#peek();
    if (token.kind !== 'punct' || !comparisonOps.has(token.text)) return left;
    this.#next();
    const right = this.#additive();
    return binary(token, left, right);
  }

  #additive(): Expr {
    let left = this.#multiplicative();
    for (let op = this.#token; op.kind === 'punct' && (op.text === '+' || op.text === '-'); op = this.#token) {
      this.#next();
      left = binary(op, left, this.#multiplicative());
    }
    return left;
  }

  #multiplicative(): Expr {
    let left = this.#signed(false);
    for (;;) {
      const token = this.#token;
      const isPer = token.kind === 'ident' && token.text === 'per';
      if (!isPer && (token.kind !== 'punct' || (token.text !== '*' && token.text !== '/'))) return left;
      this.#next();
      const right = this.#signed(false);
      left = binary(isPer ? { ...token, text: '/' } : token, left, right);
    }
  }

  /**
   * A sign, then what it signs, itself perhaps signed again: a power (`-x ^ 2`, `--5`), or within an
   * exponent a primary (`2 ^ -1`).
   */
  #signed(inExponent: boolean): Expr {
    const op = this.#token;
    if (op.kind !== 'punct' || (op.text !== '-' && op.text !== '+')) return inExponent ? this.#primary() : this.#power();
    this.#next();
    const operand = this.#signedDeeper(inExponent);
    return { kind: 'unary', start: op.start, end: operand.end, op: op.text, operand };
  }

  /** `#signed` one level deeper, or past MAX_DEPTH reported with the rest of the line skipped. */
  #signedDeeper(inExponent: boolean): Expr {
    if (this.#depth >= MAX_DEPTH) return this.#tooDeep();
    this.#depth++;
    const expr = this.#signed(inExponent);
    this.#depth--;
    return expr;
  }

  /** `base ^ exponent`, then a unit phrase when the base is a number or parenthesised. */
  #power(): Expr {
    let base = this.#primary();
    if (this.#isPunct('^')) {
      const op = this.#next();
      base = binary(op, base, this.#signedDeeper(true));
    }
    const unitBase = base.kind === 'binary' ? base.left : base;
    if (unitBase.kind !== 'number' && unitBase.kind !== 'paren') return base;
    const units = this.#unitPhrase();
    return units.length === 0 ? base : { kind: 'units', start: base.start, end: units[units.length - 1]!.word.end, inner: base, units };
  }

  #primary(): Expr {
    const token = this.#peek();
    if (token.kind === 'number') {
      this.#next();
      return { kind: 'number', start: token.start, end: token.end, value: numberValue(token.text), text: token.text };
    }
    if (token.kind === 'ident') {
      const word = this.#word();
      if (this.#isPunct('(')) return this.#call(word);
      if (this.#isPunct('.') && this.#peek(1).kind === 'ident' && this.#peek(1).attached) {
        this.#next();
        const property = this.#word();
        return { kind: 'member', start: word.start, end: property.end, object: word, property };
      }
      return { kind: 'name', start: word.start, end: word.end, name: word.text };
    }
    if (token.kind === 'string') {
      const value = this.#string();
      return { kind: 'string', start: value.start, end: value.end, value: value.value };
    }
    if (this.#isPunct('(')) {
      const open = this.#next();
      const inner = this.#expr();
      const end = this.#expectClose(')', open);
      return { kind: 'paren', start: open.start, end, inner };
    }
    if (this.#isPunct('[')) {
      const open = this.#next();
      const items: Expr[] = [];
      while (!this.#isPunct(']') && this.#peek().kind !== 'newline' && this.#peek().kind !== 'eof') {
        items.push(this.#expr());
        if (!this.#isPunct(',')) break;
        this.#next();
      }
      const end = this.#expectClose(']', open);
      return { kind: 'list', start: open.start, end, items: exact(items) };
    }
    this.#error('syntax', token, `Expected a value, found ${describe(token)}.`);
    return { kind: 'missing', start: token.start, end: token.start };
  }

  #call(callee: Word): Expr {
    const open = this.#next();
    const args: Expr[] = [];
    if (!this.#isPunct(')')) {
      for (;;) {
        args.push(this.#expr());
        if (!this.#isPunct(',')) break;
        this.#next();
      }
    }
    const end = this.#expectClose(')', open);
    return { kind: 'call', start: callee.start, end, callee, args: exact(args) };
  }

  /**
   * The unit phrase after a number: `KB`, `users`, `req/user/day`, `5K` (attached `K`), `%`,
   * `5 req per user per day`. A `/` continues the phrase only when written without spaces
   * (`req/user`), so `500 / dau` still divides by the quantity `dau`.
   */
  #unitPhrase(): UnitTerm[] {
    const terms: UnitTerm[] = [];
    for (;;) {
      const token = this.#peek();
      if (this.#isPunct('%')) {
        this.#next();
        terms.push({ word: { start: token.start, end: token.end, text: '%' }, exponent: 1, attached: token.attached });
        continue;
      }
      if (token.kind === 'ident' && token.text !== 'per' && !this.#isCallOrMember(1) && !this.#startsBinding(1)) {
        terms.push(this.#unitTerm(1, token.attached && terms.length === 0));
        continue;
      }
      const divides =
        (token.kind === 'ident' && token.text === 'per') ||
        (this.#isPunct('/') && this.#peek(1).kind === 'ident' && this.#peek(1).attached && (token.attached || terms.length === 0));
      if (divides && this.#peek(1).kind === 'ident' && !this.#isCallOrMember(2)) {
        this.#next();
        terms.push(this.#unitTerm(-1, false));
        continue;
      }
      return exact(terms);
    }
  }

  #unitTerm(sign: 1 | -1, attached: boolean): UnitTerm {
    const word = this.#word();
    let exponent = sign;
    if (this.#isPunct('^') && this.#peek().attached && this.#peek(1).kind === 'number') {
      this.#next();
      exponent *= numberValue(this.#next().text);
    }
    return { word, exponent, attached };
  }

  /** `name =` or `key:` after a word: the word starts a statement or property, so it is no unit. */
  #startsBinding(offset: number): boolean {
    const after = this.#peek(offset);
    return after.kind === 'punct' && (after.text === '=' || after.text === ':');
  }

  #isCallOrMember(offset: number): boolean {
    const after = this.#peek(offset);
    return after.kind === 'punct' && (after.text === '(' || (after.text === '.' && after.attached));
  }

  #expectClose(close: ')' | ']', open: Token): number {
    if (this.#isPunct(close)) return this.#next().end;
    const column = open.start - Math.max(this.text.lastIndexOf('\n', open.start - 1), this.text.lastIndexOf('\r', open.start - 1));
    this.#error('syntax', this.#peek(), `Expected \`${close}\` to close the \`${open.text}\` at column ${column}.`);
    return this.#peek().start;
  }

  /**
   * Where an expression would nest deeper than MAX_DEPTH: reports it and skips the line. The
   * levels count themselves up and down around their nested parse (no closure, no try: the parser
   * does not throw, and this runs for every expression).
   */
  #tooDeep(): Expr {
    const token = this.#token;
    this.#error('syntax', token, `Expression nested more than ${MAX_DEPTH} levels deep: split it into named quantities.`);
    this.#abandoned = true;
    this.#skipUntil((t) => t.kind === 'newline');
    return { kind: 'missing', start: token.start, end: token.start };
  }

  // ── tokens ──────────────────────────────────────────────────────────────

  #peek(offset = 0): Token {
    return offset === 0 ? this.#token : this.tokens[Math.min(this.#pos + offset, this.tokens.length - 1)]!;
  }

  #next(): Token {
    const token = this.#token;
    if (token.kind !== 'eof') this.#token = this.tokens[++this.#pos]!;
    return token;
  }

  #isPunct(text: string): boolean {
    const token = this.#token;
    return token.kind === 'punct' && token.text === text;
  }

  #word(): Word {
    const token = this.#next();
    return { start: token.start, end: token.end, text: token.text };
  }

  #string(): StringLit {
    const token = this.#next();
    if (token.closed === false) {
      this.#error('unterminatedString', token, 'This string has no closing `"`: add one before the end of the line.', true);
    }
    return { start: token.start, end: token.end, value: unquote(token.text) };
  }

  #skipNewlines(): void {
    while (this.#peek().kind === 'newline') this.#next();
  }

  #skipUntil(stop: (token: Token) => boolean): void {
    while (this.#peek().kind !== 'eof' && !stop(this.#peek())) this.#next();
  }

  #skipLine(start: number): Stmt {
    this.#skipUntil((t) => t.kind === 'newline');
    return { kind: 'error', start, end: Math.max(start, this.tokens[this.#pos - 1]?.end ?? start) };
  }

  /** Reports once per position, so one missing token does not cascade into a wall of errors. */
  #error(id: RuleId, span: Span, message: string, always = false): void {
    if (!always && (span.start === this.#lastErrorAt || this.#abandoned)) return;
    this.#lastErrorAt = span.start;
    let { start, end } = span;
    const token = this.#peek();
    if (span === token && (token.kind === 'newline' || token.kind === 'eof')) {
      // Nothing to underline at the end of a line: point at the last token before it.
      const previous = this.tokens[this.#pos - 1];
      if (previous && previous.kind !== 'newline') ({ start, end } = previous);
      else end = start;
    }
    if (end <= start) end = Math.min(start + 1, lineEndOf(this.text, start));
    this.errors.push(diagnostic(id, start, Math.max(end, start), message));
  }
}

function binary(op: Token, left: Expr, right: Expr): Expr {
  return { kind: 'binary', start: left.start, end: right.end, op: op.text as BinaryOp, opSpan: { start: op.start, end: op.end }, left, right };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the fence';
    case 'newline':
      return 'the end of the line';
    case 'string':
      return 'a string';
    case 'number':
      return `the number \`${token.text}\``;
    case 'label':
      return `the text \`${token.text}\``;
    case 'unknown':
      return `the character "${token.text}"`;
    default:
      return token.text.includes('`') ? `"${token.text}"` : `\`${token.text}\``;
  }
}

function unquote(text: string): string {
  const inner = text.endsWith('"') && text.length > 1 ? text.slice(1, -1) : text.slice(1);
  return inner.replace(/\\(.)/g, '$1');
}

function unquoteLabel(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? unquote(text) : text;
}

function lineEndOf(text: string, pos: number): number {
  let end = pos;
  while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
  return end;
}
