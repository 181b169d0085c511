/**
 * Derivations: how a number came about, with every factor. A quantity prints as its expression,
 * the expression with each name replaced by its value, and the result; a component's numbers print
 * as the connections that bring its load, its capacity and what follows from both. Hover and the
 * inlay-hint tooltips both read these lines, so the two always agree.
 */

import type { Analysis } from '../analysis';
import type { Component, Edge } from '../graph/build';
import { quantityOf, type EdgeLoad } from '../graph/load';
import type { Expr } from '../syntax/tree';
import { canonicalUnit, compact, formatQuantity, formatPercent } from '../units/format';
import { quantity, type Quantity } from '../units/quantity';
import { findUnit, unitFactor } from '../units/table';
import { incomingOf } from './memo';

export interface Derivation {
  /** The expression as written, with `×` and `÷` for `*` and `/`. */
  readonly source: string;
  /** The same with every name replaced by its value; undefined when there is no name to replace. */
  readonly substituted: string | undefined;
  /** `= 500M req/day ≈ 5.79K req/s`; undefined when the value could not be computed. */
  readonly result: string | undefined;
}

/** The display policy with the analysis' precision and assumptions. */
export function display(analysis: Analysis, value: Quantity): string {
  return formatQuantity(value, { precision: analysis.precision, overrides: analysis.scope.overrides });
}

export const showRate = (analysis: Analysis, perSecond: number) => display(analysis, quantity(perSecond, 0, -1));
export const showData = (analysis: Analysis, bytes: number) => display(analysis, quantity(bytes, 1, 0));
export const showBandwidth = (analysis: Analysis, bytesPerSecond: number) => display(analysis, quantity(bytesPerSecond, 1, -1));
export const showPercent = (fraction: number) => formatPercent(fraction);

/** The derivation of the quantity `name`; undefined when `name` is not a quantity. */
export function quantityDerivation(analysis: Analysis, name: string): Derivation | undefined {
  const definition = analysis.binding.definitions.get(name);
  if (definition?.kind !== 'quantity' || definition.statement.kind !== 'quantity') return undefined;
  return expressionDerivation(analysis, definition.statement.value, definition.fence, analysis.scope.quantity(name));
}

/** The derivation of an expression of fence `fence` whose value is `value`. */
export function expressionDerivation(analysis: Analysis, expr: Expr, fence: number, value: Quantity | undefined): Derivation {
  const parsed = analysis.fences[fence]!;
  const text = parsed.fence.text;
  const base = parsed.fence.contentStart;
  let replaced = false;
  const valueOf = (node: Expr): string | undefined => {
    if (node.kind === 'name') {
      replaced = true;
      const definition = analysis.binding.definitions.get(node.name);
      if (definition?.kind === 'quantity') {
        const named = analysis.scope.quantity(node.name);
        return named ? display(analysis, named) : '?';
      }
      const unit = findUnit(node.name);
      return unit ? `1 ${unit.names[0]}` : '?';
    }
    if (node.kind === 'member') {
      replaced = true;
      const member = analysis.scope.evaluate(node, base, true);
      return member ? display(analysis, member) : '?';
    }
    return undefined;
  };
  const source = printExpr(expr, text);
  const substituted = printExpr(expr, text, valueOf);
  const result = value && resultLine(analysis, value, expr, text, substituted);
  return {
    source,
    substituted: replaced && substituted !== source ? substituted : undefined,
    // A literal that already reads as its display (`30 B`) needs no `= 30 B` under it.
    result: result === `= ${source.replace(/\s+/g, ' ')}` ? undefined : result,
  };
}

/** `= 5.79K req/s`, with the same rate per day (or the time unit the inputs use) first when they use one. */
function resultLine(analysis: Analysis, value: Quantity, expr: Expr, text: string, substituted: string): string {
  const shown = display(analysis, value);
  if (value.bytes !== 0 || value.seconds !== -1) return `= ${shown}`;
  const unit = timeUnitUsed(expr, text, substituted);
  if (!unit) return `= ${shown}`;
  const per = value.value * unitFactor(findUnit(unit)!, analysis.scope.overrides);
  const unitText = canonicalUnit(value).replace(/\/s$/, `/${unit}`);
  const alternative = `${compact(per, analysis.precision)}${unitText.startsWith('/') ? '' : ' '}${unitText}`;
  return alternative === shown ? `= ${shown}` : `= ${alternative} ≈ ${shown}`;
}

const perTimeUnits = ['min', 'h', 'day', 'week', 'month', 'year'];

/** The first per-time unit longer than a second that the expression or its inputs' values use. */
function timeUnitUsed(expr: Expr, text: string, substituted: string): string | undefined {
  const written = /\/\s*([A-Za-z]+)/g;
  for (const source of [text.slice(expr.start, expr.end), substituted]) {
    for (const match of source.matchAll(written)) {
      const unit = findUnit(match[1]!);
      if (unit?.kind === 'time' && perTimeUnits.includes(unit.names[0]!)) return unit.names[0];
    }
  }
  return undefined;
}

/**
 * Prints an expression with `×`, `÷` and `−`; `valueOf` may replace a node's text (a name by its
 * value). Unit phrases and numbers print as written.
 */
export function printExpr(expr: Expr, text: string, valueOf: (node: Expr) => string | undefined = () => undefined): string {
  const print = (node: Expr): string => {
    const replaced = valueOf(node);
    if (replaced !== undefined) return replaced;
    switch (node.kind) {
      case 'units':
        return node.inner.kind === 'number' ? text.slice(node.start, node.end) : `${print(node.inner)}${text.slice(node.inner.end, node.end)}`;
      case 'unary':
        return `${node.op === '-' ? '−' : '+'}${print(node.operand)}`;
      case 'binary': {
        // Along the left spine in a loop: a long sum is a deep tree, not deep recursion.
        const spine: Extract<Expr, { kind: 'binary' }>[] = [];
        let leftmost: Expr = node;
        while (leftmost.kind === 'binary' && (leftmost === node || valueOf(leftmost) === undefined)) {
          spine.push(leftmost);
          leftmost = leftmost.left;
        }
        let out = print(leftmost);
        for (let i = spine.length - 1; i >= 0; i--) {
          const step = spine[i]!;
          const op = { '*': ' × ', '/': ' ÷ ', '-': ' − ', '+': ' + ', '^': '^' }[step.op as string] ?? ` ${step.op} `;
          out += op + print(step.right);
        }
        return out;
      }
      case 'paren':
        return `(${print(node.inner)})`;
      case 'call':
        return `${node.callee.text}(${node.args.map(print).join(', ')})`;
      case 'missing':
        return '?';
      case 'number':
      case 'name':
      case 'member':
      case 'string':
      case 'list':
        return text.slice(node.start, node.end);
    }
  };
  return print(expr);
}

/** One line per incoming connection: `lb → lbs: 95% × 17.4K/s = 16.5K/s`. */
export function edgeLine(analysis: Analysis, edge: Edge, load: EdgeLoad | undefined): string {
  const hop = `${edge.from} ${edge.async ? '⇢' : '→'} ${edge.to}`;
  if (load?.inCycle) return `${hop}: closes a cycle, carries nothing`;
  if (load?.load === undefined) return `${hop}: no traffic reaches \`${edge.from}\``;
  const explicit = quantityOf(edge.props.get('rate'));
  if (explicit !== undefined) return `${hop}: rate ${showRate(analysis, explicit)}`;
  const share = quantityOf(edge.props.get('share')) ?? 1;
  const outgoing = analysis.load.components.get(edge.from)?.outgoing ?? 0;
  const shown = showRate(analysis, load.load);
  return share === 1 ? `${hop}: ${shown}` : `${hop}: ${showPercent(share)} × ${showRate(analysis, outgoing)} = ${shown}`;
}

/** The lines that explain a component's numbers, `name: value (how)`, for hovers and tooltips. */
export function componentLines(analysis: Analysis, component: Component): string[] {
  const numbers = analysis.load.components.get(component.id);
  const lines: string[] = [];
  if (!numbers) return lines;
  const rate = quantityOf(component.props.get('rate'));
  const incoming = incomingOf(analysis, component.id);
  if (rate !== undefined) lines.push(`originates: ${showRate(analysis, rate)} (\`rate\`)`);
  if (numbers.load === undefined) lines.push('load: no traffic reaches it');
  else if (incoming.length > 0) {
    lines.push(`load: ${showRate(analysis, numbers.load)}${incoming.length > 1 || rate !== undefined ? ', the sum of' : ' from'}`);
    for (const { edge, load } of incoming.slice(0, 8)) lines.push(`  ${edgeLine(analysis, edge, load)}`);
    if (incoming.length > 8) lines.push(`  … and ${incoming.length - 8} more connections`);
  }
  const hit = quantityOf(component.props.get('hit'));
  if (hit !== undefined && numbers.load !== undefined && numbers.outgoing !== numbers.load) {
    lines.push(`passes on misses: (1 − ${showPercent(hit)}) × ${showRate(analysis, numbers.load)} = ${showRate(analysis, numbers.outgoing)}`);
  }
  if (numbers.capacityPerReplica !== undefined && numbers.capacity !== undefined) {
    const source = { prop: '`capacity`', assume: `\`assume ${component.kindDef?.kind}.capacity\``, kind: `default for a ${component.kindDef?.kind}` }[numbers.capacitySource ?? 'prop'];
    const replicas = `${numbers.replicas} replica${numbers.replicas === 1 ? '' : 's'}`;
    lines.push(`capacity: ${replicas} × ${showRate(analysis, numbers.capacityPerReplica)} = ${showRate(analysis, numbers.capacity)} (${source})`);
    if (numbers.utilisation !== undefined && numbers.load !== undefined) {
      const over = numbers.utilisation > 1 + 1e-9 ? ' — over capacity' : '';
      lines.push(`utilisation: ${showRate(analysis, numbers.load)} ÷ ${showRate(analysis, numbers.capacity)} = ${showPercent(numbers.utilisation)}${over}`);
    }
    if (numbers.replicasNeeded !== undefined && numbers.load !== undefined) {
      lines.push(`replicas needed: ⌈${showRate(analysis, numbers.load)} ÷ ${showRate(analysis, numbers.capacityPerReplica)}⌉ = ${numbers.replicasNeeded}`);
    }
  } else if (numbers.replicas !== 1) lines.push(`replicas: ${numbers.replicas}`);
  lines.push(...storageLines(analysis, component));
  if (numbers.bandwidthIn !== undefined) lines.push(`bandwidth in: ${showBandwidth(analysis, numbers.bandwidthIn)}`);
  return lines;
}

function storageLines(analysis: Analysis, component: Component): string[] {
  const storage = quantityOf(component.props.get('storage'));
  const perNode = quantityOf(component.props.get('node_storage'));
  const shards = quantityOf(component.props.get('shards')) ?? 1;
  const lines: string[] = [];
  if (storage !== undefined) lines.push(`storage: ${showData(analysis, storage)}`);
  if (storage !== undefined && perNode !== undefined && perNode > 0) {
    const needed = analysis.load.components.get(component.id)?.shardsNeeded;
    lines.push(`shards needed: ⌈${showData(analysis, storage)} ÷ ${showData(analysis, perNode)}⌉ = ${needed === undefined ? 'more than a number can hold' : needed} (has ${shards})`);
  } else if (component.props.has('shards')) lines.push(`shards: ${shards}`);
  return lines;
}
