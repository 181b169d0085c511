/**
 * The one display policy, used by inlay hints, hovers, the preview and the CLI: about three
 * significant figures, compact suffixes (K, M, B, T), data in the largest fitting decimal unit,
 * rates per second unless below 1/s, durations humanised, and never more than 40 characters.
 */

import { findUnit, unitFactor, type UnitOverrides } from './table';
import { plural, singular, type Nouns, type Quantity } from './quantity';

export interface DisplayOptions {
  /** Significant figures, 1–10 (default 3). */
  readonly precision?: number;
  /** Unit overrides from `assume`, so `5 years` under `assume year = 400 days` shows as 5 years. */
  readonly overrides?: UnitOverrides;
}

export const MAX_DISPLAY_LENGTH = 40;
const noOverrides: UnitOverrides = new Map();

export function formatQuantity(q: Quantity, options: DisplayOptions = {}): string {
  if (!Number.isFinite(q.value)) return Number.isNaN(q.value) ? 'not a number' : q.value > 0 ? '∞' : '-∞';
  const full = format(q, options, true);
  return full.length <= MAX_DISPLAY_LENGTH ? full : format(q, options, false);
}

function format(q: Quantity, options: DisplayOptions, withNouns: boolean): string {
  const precision = clampPrecision(options.precision);
  const overrides = options.overrides ?? noOverrides;
  const many = round(Math.abs(q.value), precision) !== 1;
  const nouns = withNouns ? nounText(q.nouns, many && q.seconds === 0) : { numerator: '', denominator: '' };
  if (q.bytes === 1 && q.seconds === 0) return formatData(q.value, precision);
  if (q.bytes === 0 && q.seconds === 1) return formatDuration(q.value, precision, overrides);
  if (q.bytes === 0 && q.seconds === 0) return join(compact(q.value, precision), nouns.numerator) + nouns.denominator;
  if (q.seconds === -1 && (q.bytes === 0 || q.bytes === 1)) {
    const { value, per } = perTime(q.value, overrides);
    if (q.bytes === 1) return `${formatData(value, precision)}/${per}`;
    return `${join(compact(value, precision), nouns.numerator)}${nouns.denominator}/${per}`;
  }
  // Beside a unit in bytes, a compact `B` (billion) would read as bytes: use e-notation instead.
  const number = q.bytes !== 0 && Math.abs(q.value) >= 1e9 ? exponential(q.value, precision) : compact(q.value, precision);
  return join(number, baseUnitText(q));
}

/** The value with full precision and digit grouping, in base units: `5,787.037 req/s`. */
export function formatExact(q: Quantity): string {
  return join(exactNumber(q.value), canonicalUnit(q));
}

/** Integers exactly (below 2^53), other values to 15 significant digits, huge ones in e-notation. */
function exactNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e21 || (value !== 0 && Math.abs(value) < 1e-6)) return value.toExponential().replace('e+', 'e');
  if (isExactInteger(value)) return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
  return value.toLocaleString('en-US', { maximumSignificantDigits: 15 });
}

/**
 * The exact value as a number, by the same rule as the exact display: integers as they are (below
 * 2^53), other values at 15 significant digits, which drops binary floating-point noise
 * (`750.0000000000001` → 750) and keeps every digit a design can mean. The CLI's JSON gives this.
 */
export function exactValue(value: number): number {
  return isExactInteger(value) ? value : Number(value.toPrecision(15));
}

function isExactInteger(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}

/**
 * The canonical base unit of a quantity, as the CLI's JSON reports it: `B`, `s`, `/s`, `B/s`, or
 * with count nouns for plain counts and rates (`users`, `tweets/s`). Empty for a pure number.
 */
export function canonicalUnit(q: Quantity): string {
  const keepNouns = q.bytes === 0 && (q.seconds === 0 || q.seconds === -1);
  const nouns = keepNouns ? nounText(q.nouns) : { numerator: '', denominator: '' };
  if (q.bytes === 0 && q.seconds === 0) return nouns.numerator + nouns.denominator;
  if (q.bytes === 0 && q.seconds === -1) return `${nouns.numerator}${nouns.denominator}/s`;
  return baseUnitText(q);
}

/** A number with about `precision` significant figures and a compact suffix: 1.5K, 150M, 5B. */
export function compact(value: number, precision = 3): string {
  if (value === 0) return '0';
  if (value < 0) return '-' + compact(-value, precision);
  const suffixes = ['', 'K', 'M', 'B', 'T'];
  let tier = Math.max(0, Math.min(suffixes.length - 1, Math.floor(Math.log10(value) / 3)));
  if (value >= 1e15) return exponential(value, precision);
  let mantissa = round(value / 10 ** (tier * 3), precision);
  if (mantissa >= 1000 && tier < suffixes.length - 1) {
    tier++;
    mantissa = round(value / 10 ** (tier * 3), precision);
  }
  if (tier === 0 && value < 1e-4) return exponential(value, precision);
  return plain(mantissa) + suffixes[tier];
}

function formatData(bytes: number, precision: number): string {
  const units: [string, number][] = [['EB', 1e18], ['PB', 1e15], ['TB', 1e12], ['GB', 1e9], ['MB', 1e6], ['KB', 1e3], ['B', 1]];
  const magnitude = Math.abs(bytes);
  for (const [name, size] of units) {
    if (magnitude >= size * 0.9995 || name === 'B') {
      const value = round(bytes / size, precision);
      if (name === 'EB' && Math.abs(value) >= 1000) return `${exponential(bytes, precision)} B`;
      return `${plain(value)} ${name}`;
    }
  }
  return `${bytes} B`;
}

function formatDuration(seconds: number, precision: number, overrides: UnitOverrides): string {
  if (seconds === 0) return '0 s';
  const units: [string, string, string][] = [
    ['year', 'year', 'years'], ['day', 'day', 'days'], ['h', 'h', 'h'], ['min', 'min', 'min'],
    ['s', 's', 's'], ['ms', 'ms', 'ms'], ['us', 'µs', 'µs'], ['ns', 'ns', 'ns'],
  ];
  const magnitude = Math.abs(seconds);
  for (const [name, one, many] of units) {
    const size = unitFactor(findUnit(name)!, overrides);
    if (magnitude >= size * 0.9995 || name === 'ns') {
      const value = round(seconds / size, precision);
      return `${compact(value, precision)} ${Math.abs(value) === 1 ? one : many}`;
    }
  }
  return `${seconds} s`;
}

/** Chooses the time unit for a rate: per second unless that would show a value below 1. */
function perTime(perSecond: number, overrides: UnitOverrides): { value: number; per: string } {
  const magnitude = Math.abs(perSecond);
  if (magnitude === 0 || magnitude >= 0.9995) return { value: perSecond, per: 's' };
  for (const name of ['min', 'h', 'day', 'month', 'year']) {
    const size = unitFactor(findUnit(name)!, overrides);
    if (magnitude * size >= 0.9995 || name === 'year') return { value: perSecond * size, per: name };
  }
  return { value: perSecond, per: 's' };
}

/**
 * Count nouns for display: plural for a count other than one (words of four letters or more:
 * shorter ones are often abbreviations such as `req` or `msg`), singular after a slash.
 */
function nounText(nouns: Nouns, pluralise = false): { numerator: string; denominator: string } {
  const entries = Object.entries(nouns);
  const numerator = entries
    .filter(([, e]) => e > 0)
    .map(([name, e]) => (e === 1 ? (pluralise && name.length >= 4 ? plural(name) : name) : `${name}^${e}`))
    .join('·');
  const denominator = entries
    .filter(([, e]) => e < 0)
    .map(([name, e]) => (e === -1 ? `/${singularSpelling(name)}` : `/${singularSpelling(name)}^${-e}`))
    .join('');
  return { numerator, denominator };
}

function baseUnitText(q: Quantity): string {
  const part = (name: string, e: number) => (e === 1 ? name : `${name}^${formatExponent(e)}`);
  const up = [q.bytes > 0 ? part('B', q.bytes) : '', q.seconds > 0 ? part('s', q.seconds) : ''].filter(Boolean).join('·');
  const down = [q.bytes < 0 ? part('B', -q.bytes) : '', q.seconds < 0 ? part('s', -q.seconds) : ''].filter(Boolean);
  return up + down.map((d) => `/${d}`).join('');
}

function formatExponent(e: number): string {
  return Number.isInteger(e) ? String(e) : String(Math.round(e * 1000) / 1000);
}

function join(number: string, unit: string): string {
  if (unit === '') return number;
  return unit.startsWith('/') ? `${number}${unit}` : `${number} ${unit}`;
}

function round(value: number, precision: number): number {
  if (value === 0) return 0;
  return Number(value.toPrecision(precision));
}

function plain(value: number): string {
  // toPrecision has already limited the digits; String() drops trailing zeros.
  const text = String(value);
  return text.includes('e') ? exponential(value, 3) : text;
}

function exponential(value: number, precision: number): string {
  const [mantissa, exponent] = value.toExponential(Math.max(0, precision - 1)).split('e');
  return `${String(Number(mantissa))}e${Number(exponent)}`;
}

function clampPrecision(precision: number | undefined): number {
  if (precision === undefined || !Number.isFinite(precision)) return 3;
  return Math.max(1, Math.min(10, Math.round(precision)));
}

/** The singular of a noun as written (`servers` → `server`), keeping the spelling of mixed-case words. */
function singularSpelling(word: string): string {
  return word === word.toLowerCase() ? singular(word) : word;
}

/**
 * A fraction as a percentage (`110%`, `0.05%`, `11K%`), with the display precision; a ratio too
 * large to show as a percentage is shown as a multiple (`1e308×`), never as `Infinity%`.
 */
export function formatPercent(fraction: number, precision = 3): string {
  const percent = fraction * 100;
  if (!Number.isFinite(fraction)) return '—';
  return Number.isFinite(percent) ? `${compact(percent, precision)}%` : `${compact(fraction, precision)}×`;
}
