/**
 * Budgets: `assert left OP right`. Each is evaluated after everything else (it may read component
 * loads), compared with a relative tolerance so that float noise never fails `<=` or `==`, and a
 * false one is an error that names both values.
 */

import { namesRead, readsOf, sameReads, type Carried, type Reads } from '../carry';
import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Expr, Stmt } from '../syntax/tree';
import { formatQuantity } from '../units/format';
import { nounsConflict, sameDimension, type Quantity } from '../units/quantity';
import type { Located } from './bind';
import { describeDimension } from './expr';
import type { Scope } from './scope';

export interface AssertResult {
  readonly start: number;
  readonly end: number;
  readonly left: Quantity;
  readonly right: Quantity;
  readonly op: string;
  readonly holds: boolean;
}

type AssertStmt = Extract<Stmt, { kind: 'assert' }>;

/** What an assert gave, with what it read: an editor's next analysis takes it again while those are the very values (carry.ts). */
export interface KeptAssert {
  readonly base: number;
  readonly reads: Reads;
  readonly result: AssertResult | undefined;
  /** What checking it reported (a failed budget, mismatched dimensions). */
  readonly reported: readonly Diagnostic[];
}

export function checkAsserts(scope: Scope, carried?: Carried): AssertResult[] {
  // Values and messages show units as they read: with a unit overridden nothing is kept.
  const kept = scope.overrides.size === 0 ? carried?.asserts : undefined;
  const results: AssertResult[] = [];
  for (const located of scope.binding.asserts) {
    const entry = kept?.get(located.statement);
    let result: AssertResult | undefined;
    if (entry && entry.base === located.base && sameReads(entry.reads, scope)) {
      for (const reported of entry.reported) scope.diagnostics.push(reported);
      result = entry.result;
    } else {
      const before = scope.diagnostics.length;
      const checked = checkAssert(scope, located);
      result = checked.result;
      // Kept only when its values read nothing but quantities that have values (no member of the
      // graph, no name that is missing or not a quantity) and evaluating them reported nothing.
      const names = kept && checked.clean ? namesRead(located.statement.condition, []) : undefined;
      const reads = names && readsOf(names, scope);
      if (reads && reads.values.every((value) => value !== undefined)) kept!.set(located.statement, { base: located.base, reads, result, reported: scope.diagnostics.slice(before) });
    }
    if (result) results.push(result);
  }
  return results;
}

/** One assert; `clean` when evaluating its two sides reported nothing. */
function checkAssert(scope: Scope, located: Located<AssertStmt>): { readonly result: AssertResult | undefined; readonly clean: boolean } {
  const before = scope.diagnostics.length;
  const { base, statement } = located;
  const condition = statement.condition;
  if (condition.kind !== 'binary' || !['<', '<=', '>', '>=', '==', '!='].includes(condition.op)) {
    if (condition.kind !== 'missing') {
      scope.diagnostics.push(diagnostic('assertNotComparison', base + condition.start, base + condition.end, '`assert` needs a comparison: `assert peak_qps < 50K/s`.'));
    }
    return { result: undefined, clean: true };
  }
  const left = scope.evaluate(condition.left, base);
  const right = scope.evaluate(condition.right, base);
  const clean = scope.diagnostics.length === before;
  return { result: left && right ? compared(scope, located, condition, left, right) : undefined, clean };
}

/** The two sides compared, with what that reports. */
function compared(scope: Scope, { fence, base, statement }: Located<AssertStmt>, condition: Extract<Expr, { kind: 'binary' }>, left: Quantity, right: Quantity): AssertResult | undefined {
  const start = base + statement.start;
  const end = base + statement.end;
  const display = (q: Quantity) => formatQuantity(q, { overrides: scope.overrides });
  if (!sameDimension(left, right)) {
    scope.diagnostics.push(
      diagnostic('dimensionMismatch', start, end, `This assert compares ${describeDimension(left)} (${display(left)}) with ${describeDimension(right)} (${display(right)}); compare like with like.`),
    );
    return undefined;
  }
  if (nounsConflict(left, right)) {
    scope.diagnostics.push(diagnostic('nounMismatch', start, end, `This assert compares different things (${display(left)} and ${display(right)}).`));
  }
  const holds = compare(left.value, condition.op, right.value);
  if (!holds) {
    const source = scope.binding.fences[fence]!.fence.text.slice(condition.left.start, condition.left.end).trim();
    const leftText = condition.left.kind === 'number' || condition.left.kind === 'units' ? display(left) : `\`${source}\` = ${display(left)}`;
    scope.diagnostics.push(
      diagnostic('assertFailed', start, end, `Budget exceeded: ${leftText} is not ${condition.op} ${display(right)}. Change the design or the budget.`),
    );
  }
  return { start, end, left, right, op: condition.op, holds };
}

/** `a < b` with a relative tolerance of 1e-9, so 0.1 + 0.2 == 0.3 holds. */
export function compare(a: number, op: string, b: number): boolean {
  const equal = Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  switch (op) {
    case '<':
      return a < b && !equal;
    case '<=':
      return a < b || equal;
    case '>':
      return a > b && !equal;
    case '>=':
      return a > b || equal;
    case '==':
      return equal;
    case '!=':
      return !equal;
  }
  return false;
}
