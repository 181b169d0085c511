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
  hasNouns,
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

const one = scalar(1);

export interface ExprContext {
  readonly overrides: UnitOverrides;
  /** The value of a bare name (reporting undefined names itself); undefined when it failed. */
  name(name: string, start: number, end: number): Quantity | undefined;
  /** The value of `component.property`; undefined when it failed (after reporting). */
  member(object: Word, property: Word): Quantity | undefined;
  report(diagnostic: Diagnostic): void;
  /** Literal values carried over from the document's previous analysis (`carry.ts`). */
  readonly literals?: WeakMap<Expr, Quantity>;
}

/** The smallest positive normal double: below it, precision is lost and ratios blow up. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** Unit exponents stay small: `B^2` is a thing, `users^1e308` is a typo. */
const MAX_UNIT_EXPONENT = 64;

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
  return new Evaluation(base, context).visit(expr);
}

/** One evaluation: methods rather than per-call closures, since this runs for every expression on every keystroke. */
class Evaluation {
  constructor(
    readonly base: number,
    readonly context: ExprContext,
  ) {}

  at(node: { start: number; end: number }) {
    return [this.base + node.start, this.base + node.end] as const;
  }
  /** A value that overflowed, is undefined, or underflowed below the smallest normal number is an error, never shown. */
  finite(q: Quantity | undefined, node: Expr, what: string): Quantity | undefined {
    if (q === undefined) return q;
    const underflow = q.value !== 0 && Math.abs(q.value) < MIN_NORMAL;
    if (Number.isFinite(q.value) && !underflow) return q;
    const why = underflow ? 'underflow: too close to zero to compute with' : Number.isNaN(q.value) ? 'undefined result' : 'overflow';
    this.context.report(diagnostic('invalidValue', ...this.at(node), `${what} is not a usable number (${why}); check the inputs.`));
    return undefined;
  }

  visit(node: Expr): Quantity | undefined {
    switch (node.kind) {
      case 'number':
        if (node.value === 0 && /[1-9]/.test(node.text.split(/e/i)[0]!)) {
          // `1e-400` reads as 0: say so rather than compute with a silent zero.
          this.context.report(diagnostic('invalidValue', ...this.at(node), `\`${node.text}\` is too close to zero to compute with (underflow); check the exponent.`));
          return undefined;
        }
        return Number.isFinite(node.value) && (node.value === 0 || Math.abs(node.value) >= MIN_NORMAL) ? scalar(node.value) : this.finite(scalar(node.value), node, `\`${node.text}\``);
      case 'units': {
        // A literal with units (`5K/s`, `90%`) has one value while no unit is overridden: an editor
        // carries it over, so each literal's units are read once, not on every keystroke.
        const memo = node.inner.kind === 'number' && this.context.overrides.size === 0 ? this.context.literals : undefined;
        const known = memo?.get(node);
        if (known) return known;
        const inner = this.visit(node.inner);
        const unit = this.units(node.units);
        const value = inner && unit ? this.finite(multiply(inner, unit), node, 'This value') : undefined;
        // Only a value that reported nothing is kept: a problem is reported on every evaluation.
        if (memo && value) memo.set(node, value);
        return value;
      }
      case 'name':
        return this.context.name(node.name, this.base + node.start, this.base + node.end);
      case 'member':
        return this.context.member(shift(node.object, this.base), shift(node.property, this.base));
      case 'paren':
        return this.visit(node.inner);
      case 'unary': {
        const operand = this.visit(node.operand);
        return operand && node.op === '-' ? withValue(operand, -operand.value) : operand;
      }
      case 'binary':
        return this.binary(node);
      case 'call':
        return this.call(node);
      case 'string':
      case 'list':
        this.context.report(diagnostic('propType', ...this.at(node), 'Expected a number or quantity here, not text or a list.'));
        return undefined;
      case 'missing':
        return undefined;
    }
  }

  units(terms: readonly UnitTerm[]): Quantity | undefined {
    let result: Quantity | undefined = one;
    for (const term of terms) {
      const read = readTerm(term.word.text, term.exponent, term.attached, this.context.overrides);
      if (isTermError(read)) {
        const [start, end] = this.at(term.word);
        this.context.report(diagnostic('unknownUnit', start, end, read.error, { fixes: replaceFixes(start, end, read.suggestions ?? []) }));
        result = undefined;
        continue;
      }
      // The first term is the product so far (most phrases are one term: `KB`, `users`, `%`).
      if (result) result = result === one ? read.value : multiply(result, read.value);
    }
    return result;
  }

  /**
   * A chain `a + b + … + z` is a tree as deep as it is long: walk its left spine in a loop and fold
   * the right operands in, so length never becomes recursion depth.
   */
  binary(node: Extract<Expr, { kind: 'binary' }>): Quantity | undefined {
    const spine: Extract<Expr, { kind: 'binary' }>[] = [];
    let leftmost: Expr = node;
    while (leftmost.kind === 'binary') {
      spine.push(leftmost);
      leftmost = leftmost.left;
    }
    let value = this.visit(leftmost);
    for (let i = spine.length - 1; i >= 0; i--) {
      const step = spine[i]!;
      const right = this.visit(step.right);
      value = value && right ? this.apply(step, value, right) : undefined;
    }
    return value;
  }

  /** A product or quotient of two non-zero values that came out 0 underflowed. */
  nonZero(result: Quantity, left: Quantity, right: Quantity, node: Expr): Quantity | undefined {
    if (result.value !== 0 || left.value === 0 || right.value === 0) return result;
    this.context.report(diagnostic('invalidValue', ...this.at(node), 'This result is too close to zero to compute with (underflow); check the inputs.'));
    return undefined;
  }

  apply(node: Extract<Expr, { kind: 'binary' }>, left: Quantity, right: Quantity): Quantity | undefined {
    switch (node.op) {
      case '+':
      case '-': {
        if (!this.compatible(left, right, node, node.op === '+' ? 'add' : 'subtract')) return undefined;
        const value = node.op === '+' ? left.value + right.value : left.value - right.value;
        return this.finite({ ...(Object.keys(left.nouns).length ? left : right), value }, node, 'The result');
      }
      case '*':
        return this.finite(this.nonZero(multiply(left, right), left, right, node), node, 'The product');
      case '/':
        if (right.value === 0) {
          this.context.report(diagnostic('invalidValue', ...this.at(node.right), 'Division by zero: the divisor is 0.'));
          return undefined;
        }
        return this.finite(this.nonZero(divide(left, right), left, right, node), node, 'The quotient');
      case '^':
        if (!isDimensionless(right)) {
          this.context.report(diagnostic('dimensionMismatch', ...this.at(node.right), `An exponent must be a pure number, not ${describeDimension(right)}.`));
          return undefined;
        }
        if ((!isDimensionless(left) || hasNouns(left)) && !(Math.abs(right.value) <= MAX_UNIT_EXPONENT)) {
          this.context.report(diagnostic('dimensionMismatch', ...this.at(node.right), `A quantity with units can only be raised to a small power (at most ${MAX_UNIT_EXPONENT}); this would give units like \`users^${right.value}\`.`));
          return undefined;
        }
        return this.finite(power(left, right.value), node, 'The power');
      case '<':
      case '<=':
      case '>':
      case '>=':
      case '==':
      case '!=':
        this.context.report(diagnostic('syntax', ...this.at(node.opSpan), 'A comparison is only meaningful in `assert`: write `assert a < b`.'));
        return undefined;
    }
  }

  call(node: Extract<Expr, { kind: 'call' }>): Quantity | undefined {
    const fn = functions[node.callee.text];
    if (!fn) {
      const names = Object.keys(functions);
      this.context.report(diagnostic('badCall', ...this.at(node.callee), `Unknown function \`${node.callee.text}\`; the functions are ${names.join(', ')}.`));
      return undefined;
    }
    const [min, max] = fn.arity;
    if (node.args.length < min || node.args.length > max) {
      const expected = min === max ? `${min} argument${min === 1 ? '' : 's'}` : `at least ${min} argument`;
      this.context.report(diagnostic('badCall', ...this.at(node), `\`${node.callee.text}\` takes ${expected}, not ${node.args.length}.`));
      return undefined;
    }
    const args = node.args.map((arg) => this.visit(arg));
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
        for (let i = 1; i < values.length; i++) if (!this.compatible(first, values[i]!, node.args[i]!, `compare in \`${node.callee.text}\``)) return undefined;
        const pick = node.callee.text === 'min' ? Math.min : Math.max;
        return withValue(first, pick(...values.map((v) => v.value)));
      }
      case 'sqrt':
        if (first.value < 0) {
          this.context.report(diagnostic('invalidValue', ...this.at(node.args[0]!), 'The square root of a negative value is not a number.'));
          return undefined;
        }
        return power(first, 0.5);
      case 'log10':
        if (!isDimensionless(first)) {
          this.context.report(diagnostic('dimensionMismatch', ...this.at(node.args[0]!), `\`log10\` takes a pure number, not ${describeDimension(first)}; divide by a unit first (\`log10(size / 1 B)\`).`));
          return undefined;
        }
        if (first.value <= 0) {
          this.context.report(diagnostic('invalidValue', ...this.at(node.args[0]!), '`log10` takes a positive number.'));
          return undefined;
        }
        return scalar(Math.log10(first.value));
    }
    return undefined;
  }

  /** Same strict dimension (an error otherwise); different count nouns only warn. */
  compatible(left: Quantity, right: Quantity, node: Expr, verb: string): boolean {
    if (!sameDimension(left, right)) {
      this.context.report(
        diagnostic(
          'dimensionMismatch',
          ...this.at(node),
          `Cannot ${verb} ${describeDimension(left)} (${formatQuantity(left, { overrides: this.context.overrides })}) and ${describeDimension(right)} (${formatQuantity(right, { overrides: this.context.overrides })}): convert one side or fix the units.`,
        ),
      );
      return false;
    }
    if (nounsConflict(left, right)) {
      this.context.report(
        diagnostic('nounMismatch', ...this.at(node), `The two sides count different things (${formatQuantity(left, { overrides: this.context.overrides })} and ${formatQuantity(right, { overrides: this.context.overrides })}); check that they are meant to be combined.`),
      );
    }
    return true;
  }
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
