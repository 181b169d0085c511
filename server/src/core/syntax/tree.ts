/**
 * The syntax tree of one fence: immutable values of tagged unions. Spans are offsets into the
 * fence's text (add `Fence.contentStart` for document offsets), so a tree can be reused while
 * only the text around its fence changes. The tree holds syntax only; meaning lives in the model.
 */

export interface Span {
  readonly start: number;
  readonly end: number;
}

/** An identifier or keyword as written, with where it is. */
export interface Word extends Span {
  readonly text: string;
}

export interface StringLit extends Span {
  /** The text between the quotes, escapes resolved. */
  readonly value: string;
}

/**
 * One factor of a unit phrase: `KB` in `100 KB`, `user` (exponent -1) in `5 req/user/day`.
 * `attached` is true for a suffix written against the number (`30B`, `5K`, `100KB`), which is how
 * `30B` (billion) and `30 B` (bytes) are told apart.
 */
export interface UnitTerm {
  readonly word: Word;
  readonly exponent: number;
  readonly attached: boolean;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Expr =
  | { readonly kind: 'number'; readonly start: number; readonly end: number; readonly value: number; readonly text: string }
  /** A unit phrase applied to a number, a power of numbers or a parenthesised expression. */
  | { readonly kind: 'units'; readonly start: number; readonly end: number; readonly inner: Expr; readonly units: readonly UnitTerm[] }
  | { readonly kind: 'name'; readonly start: number; readonly end: number; readonly name: string }
  | { readonly kind: 'member'; readonly start: number; readonly end: number; readonly object: Word; readonly property: Word }
  | { readonly kind: 'call'; readonly start: number; readonly end: number; readonly callee: Word; readonly args: readonly Expr[] }
  | { readonly kind: 'unary'; readonly start: number; readonly end: number; readonly op: '-' | '+'; readonly operand: Expr }
  | { readonly kind: 'binary'; readonly start: number; readonly end: number; readonly op: BinaryOp; readonly opSpan: Span; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'paren'; readonly start: number; readonly end: number; readonly inner: Expr }
  | { readonly kind: 'list'; readonly start: number; readonly end: number; readonly items: readonly Expr[] }
  | { readonly kind: 'string'; readonly start: number; readonly end: number; readonly value: string }
  /** Stands where an expression was expected and none was written; an error was reported. */
  | { readonly kind: 'missing'; readonly start: number; readonly end: number };

export type ExprKind = Expr['kind'];

/** `key: value`, or a bare flag such as `stateless` (value undefined). */
export interface Prop extends Span {
  readonly key: Word;
  readonly value: Expr | undefined;
}

export type ArrowOp = '->' | '~>' | '-->';

export interface Arrow extends Span {
  readonly op: ArrowOp;
}

export type Stmt =
  | { readonly kind: 'quantity'; readonly start: number; readonly end: number; readonly name: Word; readonly value: Expr }
  | {
      readonly kind: 'component';
      readonly start: number;
      readonly end: number;
      readonly kindWord: Word;
      readonly id: Word;
      readonly label: StringLit | undefined;
      readonly props: readonly Prop[];
    }
  | {
      readonly kind: 'connection';
      readonly start: number;
      readonly end: number;
      /** The components of a chain `a -> b -> c`, and the arrows between them (one fewer). */
      readonly nodes: readonly Word[];
      readonly arrows: readonly Arrow[];
      readonly label: StringLit | undefined;
      readonly props: readonly Prop[];
    }
  | { readonly kind: 'group'; readonly start: number; readonly end: number; readonly id: Word; readonly label: StringLit | undefined; readonly body: readonly Stmt[] }
  | { readonly kind: 'flow'; readonly start: number; readonly end: number; readonly id: Word; readonly label: StringLit | undefined; readonly body: readonly Stmt[] }
  | { readonly kind: 'assume'; readonly start: number; readonly end: number; readonly key: readonly Word[]; readonly value: Expr }
  | { readonly kind: 'assert'; readonly start: number; readonly end: number; readonly condition: Expr }
  /** A line that did not parse; its errors are in the parse result. */
  | { readonly kind: 'error'; readonly start: number; readonly end: number };

export type StmtKind = Stmt['kind'];

export function assertNever(value: never): never {
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

/** Every statement of a tree, including those inside groups and flows, in source order. */
export function walkStatements(statements: readonly Stmt[], visit: (statement: Stmt) => void): void {
  for (const statement of statements) {
    visit(statement);
    if (statement.kind === 'group' || statement.kind === 'flow') walkStatements(statement.body, visit);
  }
}

/**
 * Calls `visit` on every sub-expression of `expr`, itself first, in source order, and stops, with
 * true, at the first call that returns true (`someExpr`). Iterative: a 5,000-term sum is a tree
 * 5,000 deep. (A callback, not a generator: this is a hot path.)
 */
export function walkExpr(expr: Expr, visit: (expr: Expr) => boolean | void): boolean {
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === true) return true;
    switch (node.kind) {
      case 'unary':
        stack.push(node.operand);
        break;
      case 'binary':
        stack.push(node.right, node.left);
        break;
      case 'paren':
      case 'units':
        stack.push(node.inner);
        break;
      case 'call':
        for (let i = node.args.length - 1; i >= 0; i--) stack.push(node.args[i]!);
        break;
      case 'list':
        for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]!);
        break;
      case 'number':
      case 'name':
      case 'member':
      case 'string':
      case 'missing':
        break;
      default:
        assertNever(node);
    }
  }
  return false;
}

/** Whether some sub-expression of `expr` (itself included) passes `test`. */
export function someExpr(expr: Expr, test: (expr: Expr) => boolean): boolean {
  return walkExpr(expr, test);
}

/** The statements of `walkStatements` as an array, for `for…of` in code off the hot path. */
export function allStatements(statements: readonly Stmt[]): Stmt[] {
  const result: Stmt[] = [];
  walkStatements(statements, (statement) => result.push(statement));
  return result;
}

/** The expressions a statement holds, in source order: a value, a condition, or its props' values. */
export function exprsOf(statement: Stmt): Expr[] {
  switch (statement.kind) {
    case 'quantity':
    case 'assume':
      return [statement.value];
    case 'assert':
      return [statement.condition];
    case 'component':
    case 'connection':
      return statement.props.flatMap((prop) => (prop.value ? [prop.value] : []));
    default:
      return [];
  }
}

/** The sub-expressions of `walkExpr` as an array. */
export function allExprs(expr: Expr): Expr[] {
  const result: Expr[] = [];
  walkExpr(expr, (node) => {
    result.push(node);
  });
  return result;
}
