/**
 * Evaluating one expression to a quantity. Failure is `undefined` after a diagnostic was
 * reported, and an `undefined` operand never reports again, so one mistake gives one error.
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Expr, UnitTerm, Word } from '../syntax/tree';
import { formatQuantity } from '../units/format';
import { readTerm, isTermError } from '../units/phrase';
import { replaceFixes } from '../util/replace-fixes';
import {
  divide,
  isDimensionless,
  multiply,
  nounsConflict,
  power,
  sameDimension,
  scalar,
  withValue,
  type Quantity,
} from '../units/quantity';
import type { UnitOverrides } from '../units/table';

export interface ExprContext {
  readonly overrides: UnitOverrides;
  /** The value of a bare name (reporting undefined names itself); undefined when it failed. */
  name(name: string, start: number, end: number): Quantity | undefined;
  /** The value of `component.property`; undefined when it failed (after reporting). */
  member(object: Word, property: Word): Quantity | undefined;
  report(diagnostic: Diagnostic): void;
  /** Records how a unit term was read, for hovers. */
  reading(start: number, end: number, text: string): void;
}

export const functions: Readonly<Record<string, { readonly arity: [number, number]; readonly doc: string }>> = {
  ceil: { arity: [1, 1], doc: 'Rounds up to a whole number of base units (`ceil(load / capacity)` replicas).' },
  floor: { arity: [1, 1], doc: 'Rounds down to a whole number of base units.' },
  round: { arity: [1, 1], doc: 'Rounds to the nearest whole number of base units.' },
  min: { arity: [1, Infinity], doc: 'The smallest of its arguments (all of one dimension).' },
  max: { arity: [1, Infinity], doc: 'The largest of its arguments (all of one dimension).' },
  sqrt: { arity: [1, 1], doc: 'Square root; halves the unit exponents.' },
  log10: { arity: [1, 1], doc: 'Base-10 logarithm of a pure number.' },
};

/** Evaluates `expr`, whose spans are relative to `base`. */
export function evaluate(expr: Expr, base: number, context: ExprContext): Quantity | undefined {
  const at = (node: { start: number; end: number }) => [base + node.start, base + node.end] as const;
  const finite = (q: Quantity | undefined, node: Expr, what: string): Quantity | undefined => {
    if (q === undefined || Number.isFinite(q.value)) return q;
    context.report(diagnostic('invalidValue', ...at(node), `${what} is not a finite number (${Number.isNaN(q.value) ? 'undefined result' : 'overflow'}); check the inputs.`));
    return undefined;
  };

  const visit = (node: Expr): Quantity | undefined => {
    switch (node.kind) {
      case 'number':
        return finite(scalar(node.value), node, `\`${node.text}\``);
      case 'units': {
        const inner = visit(node.inner);
        const unit = units(node.units);
        return inner && unit ? finite(multiply(inner, unit), node, 'This value') : undefined;
      }
      case 'name':
        return context.name(node.name, base + node.start, base + node.end);
      case 'member':
        return context.member(shift(node.object, base), shift(node.property, base));
      case 'paren':
        return visit(node.inner);
      case 'unary': {
        const operand = visit(node.operand);
        return operand && node.op === '-' ? withValue(operand, -operand.value) : operand;
      }
      case 'binary':
        return binary(node);
      case 'call':
        return call(node);
      case 'string':
      case 'list':
        context.report(diagnostic('propType', ...at(node), 'Expected a number or quantity here, not text or a list.'));
        return undefined;
      case 'missing':
        return undefined;
    }
  };

  const units = (terms: readonly UnitTerm[]): Quantity | undefined => {
    let result: Quantity | undefined = scalar(1);
    for (const term of terms) {
      const read = readTerm(term.word.text, term.exponent, term.attached, context.overrides);
      if (isTermError(read)) {
        const [start, end] = at(term.word);
        context.report(diagnostic('unknownUnit', start, end, read.error, { fixes: replaceFixes(start, end, read.suggestions ?? []) }));
        result = undefined;
        continue;
      }
      context.reading(base + term.word.start, base + term.word.end, read.reading);
      if (result) result = multiply(result, read.value);
    }
    return result;
  };

  const binary = (node: Extract<Expr, { kind: 'binary' }>): Quantity | undefined => {
    const left = visit(node.left);
    const right = visit(node.right);
    if (!left || !right) return undefined;
    switch (node.op) {
      case '+':
      case '-': {
        if (!compatible(left, right, node, node.op === '+' ? 'add' : 'subtract')) return undefined;
        const value = node.op === '+' ? left.value + right.value : left.value - right.value;
        return finite({ ...(Object.keys(left.nouns).length ? left : right), value }, node, 'The result');
      }
      case '*':
        return finite(multiply(left, right), node, 'The product');
      case '/':
        if (right.value === 0) {
          context.report(diagnostic('invalidValue', ...at(node.right), 'Division by zero: the divisor is 0.'));
          return undefined;
        }
        return finite(divide(left, right), node, 'The quotient');
      case '^':
        if (!isDimensionless(right)) {
          context.report(diagnostic('dimensionMismatch', ...at(node.right), `An exponent must be a pure number, not ${describeDimension(right)}.`));
          return undefined;
        }
        return finite(power(left, right.value), node, 'The power');
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '==':
      case '!=':
        context.report(diagnostic('syntax', ...at(node.opSpan), 'A comparison is only meaningful in `assert`: write `assert a < b`.'));
        return undefined;
    }
  };

  const call = (node: Extract<Expr, { kind: 'call' }>): Quantity | undefined => {
    const fn = functions[node.callee.text];
    if (!fn) {
      const names = Object.keys(functions);
      context.report(diagnostic('badCall', ...at(node.callee), `Unknown function \`${node.callee.text}\`; the functions are ${names.join(', ')}.`));
      return undefined;
    }
    const [min, max] = fn.arity;
    if (node.args.length < min || node.args.length > max) {
      const expected = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `at least ${min} argument`;
      context.report(diagnostic('badCall', ...at(node), `\`${node.callee.text}\` takes ${expected}, not ${node.args.length}.`));
      return undefined;
    }
    const args = node.args.map(visit);
    if (args.some((a) => a === undefined)) return undefined;
    const values = args as Quantity[];
    const first = values[0]!;
    switch (node.callee.text) {
      case 'ceil':
        return withValue(first, Math.ceil(first.value - 1e-9 * Math.abs(first.value)));
      case 'floor':
        return withValue(first, Math.floor(first.value + 1e-9 * Math.abs(first.value)));
      case 'round':
        return withValue(first, Math.round(first.value));
      case 'min':
      case 'max': {
        for (let i = 1; i < values.length; i++) if (!compatible(first, values[i]!, node.args[i]!, `compare in \`${node.callee.text}\``)) return undefined;
        const pick = node.callee.text === 'min' ? Math.min : Math.max;
        return withValue(first, pick(...values.map((v) => v.value)));
      }
      case 'sqrt':
        if (first.value < 0) {
          context.report(diagnostic('invalidValue', ...at(node.args[0]!), 'The square root of a negative value is not a number.'));
          return undefined;
        }
        return power(first, 0.5);
      case 'log10':
        if (!isDimensionless(first)) {
          context.report(diagnostic('dimensionMismatch', ...at(node.args[0]!), `\`log10\` takes a pure number, not ${describeDimension(first)}; divide by a unit first (\`log10(size / 1 B)\`).`));
          return undefined;
        }
        if (first.value <= 0) {
          context.report(diagnostic('invalidValue', ...at(node.args[0]!), '`log10` takes a positive number.'));
          return undefined;
        }
        return scalar(Math.log10(first.value));
    }
    return undefined;
  };

  /** Same strict dimension (an error otherwise); different count nouns only warn. */
  const compatible = (left: Quantity, right: Quantity, node: Expr, verb: string): boolean => {
    if (!sameDimension(left, right)) {
      context.report(
        diagnostic(
          'dimensionMismatch',
          ...at(node),
          `Cannot ${verb} ${describeDimension(left)} (${formatQuantity(left, { overrides: context.overrides })}) and ${describeDimension(right)} (${formatQuantity(right, { overrides: context.overrides })}): convert one side or fix the units.`,
        ),
      );
      return false;
    }
    if (nounsConflict(left, right)) {
      context.report(
        diagnostic('nounMismatch', ...at(node), `The two sides count different things (${formatQuantity(left, { overrides: context.overrides })} and ${formatQuantity(right, { overrides: context.overrides })}); check that they are meant to be combined.`),
      );
    }
    return true;
  };

  return visit(expr);
}

/** A dimension in words, for messages: `data`, `a duration`, `a rate`, `bandwidth`, `a count`. */
export function describeDimension(q: Quantity): string {
  if (q.bytes === 0 && q.seconds === 0) return 'a count';
  if (q.bytes === 1 && q.seconds === 0) return 'data';
  if (q.bytes === 0 && q.seconds === 1) return 'a duration';
  if (q.bytes === 0 && q.seconds === -1) return 'a rate';
  if (q.bytes === 1 && q.seconds === -1) return 'bandwidth';
  const parts = [q.bytes ? `B^${q.bytes}` : '', q.seconds ? `s^${q.seconds}` : ''].filter(Boolean);
  return `a quantity in ${parts.join('·')}`;
}

function shift(word: Word, base: number): Word {
  return { text: word.text, start: base + word.start, end: base + word.end };
}
