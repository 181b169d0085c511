/**
 * Reading one term of a unit phrase. The rules, in order:
 *  - written against the number (`5K`, `30B`, `100KB`, `2x`): a magnitude when the whole suffix is
 *    one (`B` attached is billion), else a unit, else magnitude + unit (`5Kqps`); anything else is
 *    an unknown unit;
 *  - written apart (`30 B`, `100M users`): a unit; `K`, `M`, `T` as magnitudes; a word that matches
 *    a unit only ignoring case (`mb`) is an unknown unit with a suggestion; any other word is a
 *    count noun.
 */

import { noun, power, quantity, scalar, type Quantity } from './quantity';
import { allUnitNames, findUnit, magnitudes, unitBase, unitFactor, unitsLike, type UnitDef, type UnitOverrides } from './table';
import { didYouMean, suggest } from '../util/suggest';

export interface TermReading {
  readonly value: Quantity;
}

export interface TermError {
  readonly error: string;
  /** The units the message suggests, for "Replace with" fixes. */
  readonly suggestions?: readonly string[];
}

export function readTerm(text: string, exponent: number, attached: boolean, overrides: UnitOverrides): TermReading | TermError {
  // Without overrides a reading depends on the term alone, and the same few terms recur on every
  // keystroke: remember them (readings are immutable values).
  const slot = overrides.size === 0 && Math.abs(exponent) <= 4 ? (exponent + 4) * 2 + (attached ? 1 : 0) : -1;
  if (slot < 0) return readUncached(text, exponent, attached, overrides);
  let slots = remembered.get(text);
  if (!slots) {
    if (remembered.size >= 10_000) remembered.clear();
    remembered.set(text, (slots = []));
  }
  return (slots[slot] ??= readUncached(text, exponent, attached, overrides));
}

const remembered = new Map<string, (TermReading | TermError)[]>();

function readUncached(text: string, exponent: number, attached: boolean, overrides: UnitOverrides): TermReading | TermError {
  const magnitude = magnitudes[text];
  if (magnitude && (attached || text !== 'B')) {
    return { value: power(scalar(magnitude.factor), exponent) };
  }
  const unit = findUnit(text);
  if (unit) return { value: power(unitQuantity(unit, overrides), exponent) };
  if (attached) {
    const head = magnitudes[text[0]!];
    const rest = findUnit(text.slice(1));
    if (head && rest) return { value: power(withFactor(unitQuantity(rest, overrides), head.factor), exponent) };
    return {
      error: `Unknown unit or magnitude \`${text}\` after the number. Magnitudes are K, M, B (billion), T; units are B, KB, MB, GB, ms, s, min, h, day, …; write a count noun apart from the number (\`5 ${text}\`).${didYouMean(text, [...Object.keys(magnitudes), ...allUnitNames])}`,
      suggestions: suggest(text, [...Object.keys(magnitudes), ...allUnitNames]),
    };
  }
  const alike = unitsLike(text);
  if (alike.length > 0) {
    const names = alike.flatMap((u) => u.names.filter((n) => n.toLowerCase() === text.toLowerCase()));
    const options = names.map((n) => `\`${n}\` (${findUnit(n)!.description})`);
    return { error: `Unknown unit \`${text}\`: units are case-sensitive. Did you mean ${options.join(' or ')}?`, suggestions: names };
  }
  return { value: noun(text, exponent) };
}

/**
 * How a unit term is read, for hovers (`B` = billion; write `30 B` for bytes). Built on demand:
 * evaluation runs on every keystroke, hovers do not.
 */
export function describeTerm(text: string, attached: boolean): string {
  const magnitude = magnitudes[text];
  if (magnitude && (attached || text !== 'B')) {
    const hint = text === 'B' ? '; write `30 B`, with a space, for bytes' : '';
    return `\`${text}\` = ${magnitude.description} (×${magnitude.factor.toExponential().replace('e+', 'e')})${hint}`;
  }
  const unit = findUnit(text);
  if (unit) {
    const hint = text === 'B' && !attached ? '; write `30B`, without a space, for billions' : '';
    return `\`${text}\` = ${unit.description}${hint}`;
  }
  const head = magnitudes[text[0] ?? ''];
  const rest = findUnit(text.slice(1));
  if (attached && head && rest) return `\`${text}\` = ${head.description} × ${rest.description}`;
  return `\`${text}\` is a count noun (a label that cancels in division, like \`users\` in \`users × req/user\`)`;
}

export function isTermError(result: TermReading | TermError): result is TermError {
  return 'error' in result;
}

/** One `unit` as a quantity under `overrides`. */
export function unitQuantity(unit: UnitDef, overrides: UnitOverrides): Quantity {
  const base = unitBase(unit);
  return quantity(unitFactor(unit, overrides), base.bytes, base.seconds);
}

function withFactor(q: Quantity, factor: number): Quantity {
  return { ...q, value: q.value * factor };
}
