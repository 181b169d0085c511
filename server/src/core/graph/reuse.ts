/**
 * Components and connections carried from one analysis to the next, by statement.
 *
 * The parse cache keeps the statements of a fence whose text did not change. A component or a
 * connection built from such a statement is the same value again when nothing else it was built
 * from can differ: the same place (the fence's index and offset, the enclosing group), properties
 * whose values are literals (no name or member whose value may have changed), no `assume` that fills
 * or converts properties, and nothing reported while building it (a problem is reported on every
 * analysis). Then the graph takes the previous value instead of checking its properties again,
 * which saves checking most properties on a keystroke. The memo is the parse cache's
 * (`ParseCache.memo`): a lint, which has none, keeps nothing.
 */

import type { Expr, Stmt } from '../syntax/tree';
import { walkExpr } from '../syntax/tree';

interface Kept {
  readonly fence: number;
  readonly base: number;
  readonly group: string | undefined;
  readonly value: unknown;
}

/** What `statement` built last time, if it was kept (in `memo`) and built at the same place. */
export function reuse<T>(memo: WeakMap<object, unknown>, statement: Stmt, fence: number, base: number, group: string | undefined): T | undefined {
  const entry = memo.get(statement) as Kept | undefined;
  return entry && entry.fence === fence && entry.base === base && entry.group === group ? (entry.value as T) : undefined;
}

/** Keeps what `statement` built at this place (the caller checks that it may be kept). */
export function keep(memo: WeakMap<object, unknown>, statement: Stmt, fence: number, base: number, group: string | undefined, value: unknown): void {
  const kept: Kept = { fence, base, group, value };
  memo.set(statement, kept);
}

/** An expression whose value is the same in every analysis: no name, no member. */
export function isLiteral(expr: Expr): boolean {
  let literal = true;
  walkExpr(expr, (node) => {
    if (node.kind === 'name' || node.kind === 'member') literal = false;
  });
  return literal;
}
