/**
 * Quantities: a value in base units, the exponents of the two strict dimensions (bytes, seconds)
 * and the count nouns as soft labels. Count nouns cancel by their singular form, so
 * `users × req/user/day` is `req/day`; they never make a computation fail.
 */

/** Count noun (as first written) → exponent. Zero exponents are never stored. */
export type Nouns = Readonly<Record<string, number>>;

export interface Quantity {
  /** The value in base units: bytes, seconds, and their products. */
  readonly value: number;
  readonly bytes: number;
  readonly seconds: number;
  readonly nouns: Nouns;
}

const noNouns: Nouns = Object.freeze({});

export function scalar(value: number): Quantity {
  return { value, bytes: 0, seconds: 0, nouns: noNouns };
}

export function quantity(value: number, bytes: number, seconds: number, nouns: Nouns = noNouns): Quantity {
  return { value, bytes, seconds, nouns };
}

export function noun(name: string, exponent = 1): Quantity {
  return { value: 1, bytes: 0, seconds: 0, nouns: { [name]: exponent } };
}

export function multiply(a: Quantity, b: Quantity): Quantity {
  return { value: a.value * b.value, bytes: a.bytes + b.bytes, seconds: a.seconds + b.seconds, nouns: combineNouns(a.nouns, b.nouns, 1) };
}

export function divide(a: Quantity, b: Quantity): Quantity {
  return { value: a.value / b.value, bytes: a.bytes - b.bytes, seconds: a.seconds - b.seconds, nouns: combineNouns(a.nouns, b.nouns, -1) };
}

export function power(a: Quantity, exponent: number): Quantity {
  if (exponent === 1) return a;
  let nouns = noNouns;
  if (exponent !== 0 && !isEmpty(a.nouns)) {
    const scaled: Record<string, number> = {};
    for (const name in a.nouns) put(scaled, name, a.nouns[name]! * exponent);
    nouns = scaled;
  }
  // `+ 0` turns -0 (0 × -1) into 0: a dimension's exponent is a count, and has no sign at zero.
  return { value: a.value ** exponent, bytes: a.bytes * exponent + 0, seconds: a.seconds * exponent + 0, nouns };
}

export function withValue(a: Quantity, value: number): Quantity {
  return { ...a, value };
}

/** True when the strict dimensions (bytes, seconds) agree; nouns are not compared. */
export function sameDimension(a: Quantity, b: Quantity): boolean {
  return a.bytes === b.bytes && a.seconds === b.seconds;
}

export function isDimensionless(a: Quantity): boolean {
  return a.bytes === 0 && a.seconds === 0;
}

export function hasNouns(a: Quantity): boolean {
  return !isEmpty(a.nouns);
}

// Nouns are small records built on every product: these helpers walk them without the arrays that
// Object.keys and Object.entries allocate.
function isEmpty(nouns: Nouns): boolean {
  for (const _ in nouns) return false;
  return true;
}

/** `target[name] = value`, also for a noun named `__proto__` (plain assignment would set the prototype). */
function put(target: Record<string, number>, name: string, value: number): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}

/** True when both sides carry count nouns and they differ (`5 users + 3 tweets`). */
export function nounsConflict(a: Quantity, b: Quantity): boolean {
  if (!hasNouns(a) || !hasNouns(b)) return false;
  const left = normalisedNouns(a.nouns);
  const right = normalisedNouns(b.nouns);
  return left !== right;
}

function normalisedNouns(nouns: Nouns): string {
  return Object.entries(nouns)
    .map(([name, e]) => `${singular(name)}^${e}`)
    .sort()
    .join(' ');
}

function combineNouns(a: Nouns, b: Nouns, sign: 1 | -1): Nouns {
  if (isEmpty(b)) return a;
  if (sign === 1 && isEmpty(a)) return b;
  // Names and exponents side by side, in the order a record would keep them; a name whose exponent
  // reaches zero leaves at once, so a later name with its singular starts again at the end.
  const names: string[] = [];
  const exponents: number[] = [];
  for (const name in a) {
    names.push(name);
    exponents.push(a[name]!);
  }
  for (const name in b) {
    const wanted = singular(name);
    let at = 0;
    while (at < names.length && singular(names[at]!) !== wanted) at++;
    const next = (at < names.length ? exponents[at]! : 0) + sign * b[name]!;
    if (at === names.length) {
      if (next !== 0) {
        names.push(name);
        exponents.push(next);
      }
    } else if (next === 0) {
      names.splice(at, 1);
      exponents.splice(at, 1);
    } else exponents[at] = next;
  }
  if (names.length === 0) return noNouns;
  const result: Record<string, number> = {};
  for (let i = 0; i < names.length; i++) put(result, names[i]!, exponents[i]!);
  return result;
}

const singulars = new Map<string, string>();

/** English singular, enough to make `users` and `user`, `copies` and `copy` cancel. Memoised: it runs on every product. */
export function singular(word: string): string {
  let known = singulars.get(word);
  if (known === undefined) {
    known = singularOf(word);
    if (singulars.size < 10_000) singulars.set(word, known);
  }
  return known;
}

function singularOf(word: string): string {
  const lower = word.toLowerCase();
  if (lower.length > 3 && lower.endsWith('ies')) return lower.slice(0, -3) + 'y';
  if (/(ss|sh|ch|x|z)es$/.test(lower)) return lower.slice(0, -2);
  if (lower.length > 2 && lower.endsWith('s') && !lower.endsWith('ss') && !lower.endsWith('us')) return lower.slice(0, -1);
  return lower;
}

/** English plural of a count noun, for `1 user` vs `2 users` in displays. */
export function plural(word: string): string {
  if (singular(word) !== word.toLowerCase()) return word;
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + 'ies';
  if (/(s|sh|ch|x|z)$/i.test(word)) return word + 'es';
  return word + 's';
}
