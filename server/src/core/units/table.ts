/**
 * The units of the language as data. Each unit is defined as a multiple of another unit (or of a
 * base: 1 byte, 1 second, or a pure number), so that `assume day = 100K s` changes every unit
 * defined through `day` (week, year, and month through year) and nothing else.
 */

export type UnitKind = 'scalar' | 'data' | 'time' | 'rate' | 'bandwidth';

export interface UnitDef {
  /** Canonical name first, then aliases; all match case-sensitively. */
  readonly names: readonly string[];
  readonly kind: UnitKind;
  /** What one of this unit is: `times` × the unit `of`, or × the base when `of` is undefined. */
  readonly times: number;
  readonly of?: string;
  /** Base exponents for units defined directly on the base. */
  readonly bytes: number;
  readonly seconds: number;
  /** A phrase for hovers: `kilobyte (1,000 B)`. */
  readonly description: string;
}

const def = (names: string[], kind: UnitKind, times: number, of: string | undefined, description: string, bytes = 0, seconds = 0): UnitDef => ({
  names,
  kind,
  times,
  of,
  bytes,
  seconds,
  description,
});

export const unitDefs: readonly UnitDef[] = [
  // Pure numbers and magnitudes.
  def(['x'], 'scalar', 1, undefined, 'times (a multiplier)'),
  def(['%', 'percent'], 'scalar', 0.01, undefined, 'percent (1/100)'),
  def(['thousand'], 'scalar', 1e3, undefined, 'thousand (10³)'),
  def(['million'], 'scalar', 1e6, undefined, 'million (10⁶)'),
  def(['billion'], 'scalar', 1e9, undefined, 'billion (10⁹)'),
  def(['trillion'], 'scalar', 1e12, undefined, 'trillion (10¹²)'),
  // Data, decimal as in napkin math: 1 KB = 1,000 B.
  def(['B', 'byte', 'bytes'], 'data', 1, undefined, 'byte', 1),
  def(['KB', 'kB'], 'data', 1e3, 'B', 'kilobyte (1,000 B)'),
  def(['MB'], 'data', 1e6, 'B', 'megabyte (10⁶ B)'),
  def(['GB'], 'data', 1e9, 'B', 'gigabyte (10⁹ B)'),
  def(['TB'], 'data', 1e12, 'B', 'terabyte (10¹² B)'),
  def(['PB'], 'data', 1e15, 'B', 'petabyte (10¹⁵ B)'),
  def(['EB'], 'data', 1e18, 'B', 'exabyte (10¹⁸ B)'),
  def(['KiB'], 'data', 1024, 'B', 'kibibyte (1,024 B)'),
  def(['MiB'], 'data', 1024 ** 2, 'B', 'mebibyte (1,024² B)'),
  def(['GiB'], 'data', 1024 ** 3, 'B', 'gibibyte (1,024³ B)'),
  def(['TiB'], 'data', 1024 ** 4, 'B', 'tebibyte (1,024⁴ B)'),
  def(['PiB'], 'data', 1024 ** 5, 'B', 'pebibyte (1,024⁵ B)'),
  def(['bit', 'bits'], 'data', 1 / 8, 'B', 'bit (1/8 B)'),
  def(['Kb', 'kbit'], 'data', 1e3, 'bit', 'kilobit (1,000 bits)'),
  def(['Mb', 'Mbit'], 'data', 1e6, 'bit', 'megabit (10⁶ bits)'),
  def(['Gb', 'Gbit'], 'data', 1e9, 'bit', 'gigabit (10⁹ bits)'),
  def(['Tb', 'Tbit'], 'data', 1e12, 'bit', 'terabit (10¹² bits)'),
  // Time.
  def(['s', 'sec', 'secs', 'second', 'seconds'], 'time', 1, undefined, 'second', 0, 1),
  def(['ns', 'nanosecond', 'nanoseconds'], 'time', 1e-9, 's', 'nanosecond'),
  def(['us', 'µs', 'μs', 'microsecond', 'microseconds'], 'time', 1e-6, 's', 'microsecond'),
  def(['ms', 'millisecond', 'milliseconds'], 'time', 1e-3, 's', 'millisecond'),
  def(['min', 'mins', 'minute', 'minutes'], 'time', 60, 's', 'minute (60 s)'),
  def(['h', 'hr', 'hrs', 'hour', 'hours'], 'time', 60, 'min', 'hour (60 min)'),
  def(['day', 'days'], 'time', 24, 'h', 'day'),
  def(['week', 'weeks'], 'time', 7, 'day', 'week (7 days)'),
  def(['year', 'years', 'yr', 'yrs'], 'time', 365, 'day', 'year'),
  def(['month', 'months'], 'time', 1 / 12, 'year', 'month (a twelfth of a year)'),
  // Rates.
  def(['rps', 'qps', 'tps'], 'rate', 1, undefined, 'per second', 0, -1),
  def(['bps'], 'bandwidth', 1 / 8, undefined, 'bit per second (1/8 B/s)', 1, -1),
  def(['Kbps'], 'bandwidth', 1e3, 'bps', 'kilobit per second'),
  def(['Mbps'], 'bandwidth', 1e6, 'bps', 'megabit per second'),
  def(['Gbps'], 'bandwidth', 1e9, 'bps', 'gigabit per second (125 MB/s)'),
  def(['Tbps'], 'bandwidth', 1e12, 'bps', 'terabit per second'),
];

/** Magnitude suffixes written against a number: `5K`, `100M`, `30B` (billion), `1.5T`. */
// Without a prototype, so that a word looked up here (`5 constructor`) finds nothing it did not define.
export const magnitudes: Readonly<Record<string, { readonly factor: number; readonly description: string }>> = Object.assign(Object.create(null) as object, {
  K: { factor: 1e3, description: 'thousand' },
  k: { factor: 1e3, description: 'thousand' },
  M: { factor: 1e6, description: 'million' },
  B: { factor: 1e9, description: 'billion' },
  T: { factor: 1e12, description: 'trillion' },
});

const byName = new Map<string, UnitDef>();
for (const unit of unitDefs) for (const name of unit.names) byName.set(name, unit);

export function findUnit(name: string): UnitDef | undefined {
  return byName.get(name);
}

/** Every name a unit answers to, for completion and suggestions. */
export const allUnitNames: readonly string[] = [...byName.keys()];

/**
 * Unit names a quantity or component may not take. The rate aliases and `x` stay free: `qps` is
 * the most natural name for a quantity in a design doc, and a name never changes how a unit
 * after a number reads (`5K qps` is always the unit), only what a bare `qps` means.
 */
export function isReservedName(name: string): boolean {
  return byName.has(name) && !['x', 'rps', 'qps', 'tps'].includes(name);
}

const byLowerName = new Map<string, UnitDef[]>();
for (const unit of unitDefs) {
  for (const name of unit.names) {
    const list = byLowerName.get(name.toLowerCase()) ?? [];
    if (!list.includes(unit)) list.push(unit);
    byLowerName.set(name.toLowerCase(), list);
  }
}

/** Units whose names match `word` ignoring case but not exactly: did-you-mean candidates. */
export function unitsLike(word: string): UnitDef[] {
  const candidates = byLowerName.get(word.toLowerCase());
  if (!candidates) return [];
  return candidates.filter((unit) => unit.names.some((name) => name.toLowerCase() === word.toLowerCase() && name !== word));
}

/**
 * Overrides from `assume`: canonical unit name → value of one unit in base units. Only `get` is
 * needed, so the evaluator can resolve assumptions lazily (one may use another: `400 days`).
 */
export interface UnitOverrides {
  get(canonicalName: string): number | undefined;
  /** How many units are overridden: with none, a unit's value is the table's. */
  readonly size: number;
}

/**
 * The value of one `unit` in base units under `overrides`. Resolution follows `of` chains, so an
 * override of `day` reaches `week`, `year` and `month`.
 */
export function unitFactor(unit: UnitDef, overrides: UnitOverrides): number {
  let factor = 1;
  let current: UnitDef | undefined = unit;
  // The chains are at most five long (month → year → day → h → min → s); the bound is a guard.
  for (let guard = 0; current && guard < 16; guard++) {
    const override = overrides.get(current.names[0]!);
    if (override !== undefined) return factor * override;
    factor *= current.times;
    current = current.of === undefined ? undefined : byName.get(current.of);
  }
  return factor;
}

/** The base exponents of a unit: those of the unit its chain ends in. */
export function unitBase(unit: UnitDef): { bytes: number; seconds: number } {
  let current: UnitDef = unit;
  while (current.of !== undefined) current = byName.get(current.of)!;
  return { bytes: current.bytes, seconds: current.seconds };
}
