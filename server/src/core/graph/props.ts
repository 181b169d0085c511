/**
 * A component's or connection's properties, one at a time: the value checked against the
 * catalogue's type for it (flag, word, tags, or a quantity of the right dimension and range), and
 * the defaults that `assume KIND.PROP = …` fills in.
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Prop } from '../syntax/tree';
import { formatQuantity } from '../units/format';
import { didYouMean } from '../util/suggest';
import { didYouMeanFixes } from '../util/replace-fixes';
import { quantityProblem, type KindDef, type PropDef } from '../model/catalogue';
import { describeDimension } from '../model/expr';
import type { Scope } from '../model/scope';
import type { PropValue } from './build';

/** One written property checked against its definition: its value, or undefined after reporting why not. */
export function checkProp(prop: Prop, def: PropDef, base: number, fenceText: string, scope: Scope, report: (d: Diagnostic) => void): PropValue | undefined {
  const key = prop.key.text;
  const type = def.type;
  if (type.type === 'flag') {
    if (prop.value) report(diagnostic('propType', base + prop.value.start, base + prop.value.end, `\`${key}\` is a flag: write it alone, without a value.`));
    return { type: 'flag' };
  }
  if (!prop.value) {
    report(diagnostic('propType', base + prop.key.start, base + prop.key.end, `\`${key}\` needs a value: \`${key}: …\`.`));
    return undefined;
  }
  const value = prop.value;
  const valueStart = base + value.start;
  const valueEnd = base + value.end;
  if (type.type === 'word' || type.type === 'tags') {
    const words = value.kind === 'list' ? value.items.map((item) => sourceWord(fenceText, item)) : [sourceWord(fenceText, value)];
    if (type.type === 'tags') return { type: 'tags', value: words };
    const word = words[0] ?? '';
    if (type.values && !type.values.includes(word)) {
      report(diagnostic('propType', valueStart, valueEnd, `\`${key}\` is one of ${type.values.join(', ')}, not \`${word}\`.${didYouMean(word, type.values)}`, { fixes: didYouMeanFixes(word, valueStart, valueEnd, type.values) }));
      return undefined;
    }
    return { type: 'word', value: word };
  }
  const quantity = scope.evaluate(value, base);
  if (!quantity) return undefined;
  const problem = quantityProblem(quantity, type.type);
  if (problem) {
    report(diagnostic('propType', valueStart, valueEnd, `\`${key}\` ${problem}, but this is ${describeDimension(quantity)} (${formatQuantity(quantity, { overrides: scope.overrides })}).`));
    return undefined;
  }
  if ((type.type === 'fraction' && (quantity.value < 0 || quantity.value > 1)) || ((type.type === 'count' || type.type === 'rate' || type.type === 'data' || type.type === 'duration') && quantity.value < 0)) {
    const range = type.type === 'fraction' ? 'between 0% and 100%' : 'not negative';
    report(diagnostic('propType', valueStart, valueEnd, `\`${key}\` must be ${range}.`));
    return undefined;
  }
  if (key === 'capacity' && quantity.value <= 0) {
    report(diagnostic('propType', valueStart, valueEnd, '`capacity` must be more than 0: it is what one replica can serve.'));
    return undefined;
  }
  if (key === 'replicas' || key === 'shards' || key === 'partitions') {
    if (!Number.isInteger(quantity.value) || quantity.value < 1) {
      report(diagnostic('propType', valueStart, valueEnd, `\`${key}\` must be a whole number of at least 1.`));
      return undefined;
    }
  }
  return { type: 'quantity', value: quantity };
}

/** `assume service.capacity = 20K/s` fills `capacity` for every service that does not set it. */
export function applyKindDefaults(values: Map<string, PropValue>, kindDef: KindDef, scope: Scope): Set<string> {
  const defaulted = new Set<string>();
  for (const def of kindDef.props) {
    if (values.has(def.name)) continue;
    const assumed = scope.kindDefault(kindDef.kind, def.name);
    if (!assumed) continue;
    values.set(def.name, { type: 'quantity', value: assumed });
    defaulted.add(def.name);
  }
  return defaulted;
}

function sourceWord(fenceText: string, expr: { kind: string; start: number; end: number; value?: unknown }): string {
  if (expr.kind === 'string') return String(expr.value);
  return fenceText.slice(expr.start, expr.end).replace(/\s+/g, '');
}
