/**
 * Budgets: `assert left OP right`. Each is evaluated after everything else (it may read component
 * loads), compared with a relative tolerance so that float noise never fails `<=` or `==`, and a
 * false one is an error that names both values.
 */

import { diagnostic } from '../diagnostics';
import type { Stmt } from '../syntax/tree';
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

export function checkAsserts(scope: Scope): AssertResult[] {
  return scope.binding.asserts.flatMap((located) => checkAssert(scope, located) ?? []);
}

function checkAssert(scope: Scope, { fence, base, statement }: Located<AssertStmt>): AssertResult | undefined {
  const condition = statement.condition;
  const start = base + statement.start;
  const end = base + statement.end;
  if (condition.kind !== 'binary' || !['<', '<=', '>', '>=', '==', '!='].includes(condition.op)) {
    if (condition.kind !== 'missing') {
      scope.diagnostics.push(diagnostic('assertNotComparison', base + condition.start, base + condition.end, '`assert` needs a comparison: `assert peak_qps < 50K/s`.'));
    }
    return undefined;
  }
  const left = scope.evaluate(condition.left, base);
  const right = scope.evaluate(condition.right, base);
  if (!left || !right) return undefined;
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
