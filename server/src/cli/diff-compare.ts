/**
 * What changed between two versions of a design: every computed number matched by quantity name
 * and component id, and the error diagnostics that appeared or were resolved. Pure: it compares
 * two estimates (and their errors) and returns rows that the diff formats print.
 */

import type { Diagnostic } from '../core/diagnostics';
import type { CheckedFile } from './check-file';
import { estimateOf, type ComponentRow, type FileEstimate, type QuantityRow } from './estimate-data';

export type Status = 'added' | 'removed' | 'changed' | 'unchanged';

export interface QuantityChange {
  readonly name: string;
  readonly status: Status;
  readonly before: string | undefined;
  readonly after: string | undefined;
  /** `+300%`, `-25%`, `unit changed`, or '' when there is nothing to say. */
  readonly change: string;
}

export interface MetricChange {
  readonly metric: 'kind' | 'load' | 'capacity' | 'utilisation' | 'replicas' | 'replicas needed';
  readonly before: string;
  readonly after: string;
  readonly change: string;
}

export interface ComponentChange {
  readonly id: string;
  readonly status: Status;
  /** For a changed component the metrics that changed (all of them with --all); for added/removed its numbers. */
  readonly metrics: readonly MetricChange[];
}

export interface ErrorChange {
  readonly code: string;
  readonly alias: string;
  /** 1-based, in the version it belongs to (HEAD for new errors, BASE for resolved ones). */
  readonly line: number;
  readonly message: string;
}

export interface DesignDiff {
  readonly quantities: readonly QuantityChange[];
  readonly components: readonly ComponentChange[];
  readonly newErrors: readonly ErrorChange[];
  readonly resolvedErrors: readonly ErrorChange[];
}

export function diffDesigns(base: CheckedFile, head: CheckedFile, all: boolean): DesignDiff {
  const before = estimateOf(base);
  const after = estimateOf(head);
  const errors = diffErrors(base, head);
  return {
    quantities: matchBy(before.quantities, after.quantities, (q) => q.name).map(([b, a]) => quantityChange(b, a)).filter((c) => all || c.status !== 'unchanged'),
    components: matchBy(before.components, after.components, (c) => c.id)
      .map(([b, a]) => componentChange(before, after, b, a, all))
      .filter((c) => all || c.status !== 'unchanged'),
    ...errors,
  };
}

/** Pairs by key, in HEAD's order, then what only BASE has. */
function matchBy<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): [T | undefined, T | undefined][] {
  const old = new Map(before.map((t) => [key(t), t]));
  const pairs: [T | undefined, T | undefined][] = after.map((t) => [old.get(key(t)), t]);
  const current = new Set(after.map(key));
  for (const t of before) if (!current.has(key(t))) pairs.push([t, undefined]);
  return pairs;
}

function quantityChange(b: QuantityRow | undefined, a: QuantityRow | undefined): QuantityChange {
  const name = (a ?? b)!.name;
  const before = b?.display ?? undefined;
  const after = a?.display ?? undefined;
  if (!b) return { name, status: 'added', before, after, change: '' };
  if (!a) return { name, status: 'removed', before, after, change: '' };
  if (b.unit !== a.unit && b.value !== null && a.value !== null) return { name, status: 'changed', before, after, change: 'unit changed' };
  if (same(b.value, a.value)) return { name, status: 'unchanged', before, after, change: '' };
  return { name, status: 'changed', before, after, change: relative(b.value, a.value) };
}

function componentChange(base: FileEstimate, head: FileEstimate, b: ComponentRow | undefined, a: ComponentRow | undefined, all: boolean): ComponentChange {
  const id = (a ?? b)!.id;
  if (!b || !a) {
    const row = (a ?? b)!;
    const show = a ? head : base;
    const metrics = [row.load !== null ? { metric: 'load' as const, before: '', after: show.show.rate(row.load), change: '' } : undefined].filter((m) => m !== undefined);
    return { id, status: a ? 'added' : 'removed', metrics };
  }
  const rate = (s: FileEstimate, v: number | null) => (v === null ? '—' : s.show.rate(v));
  const percent = (s: FileEstimate, v: number | null) => (v === null ? '—' : s.show.percent(v));
  const count = (v: number | null) => (v === null ? '—' : String(v));
  const candidates: (MetricChange & { same: boolean })[] = [
    { metric: 'kind', before: b.kind ?? '—', after: a.kind ?? '—', change: '', same: b.kind === a.kind },
    { metric: 'load', before: rate(base, b.load), after: rate(head, a.load), change: relative(b.load, a.load), same: same(b.load, a.load) },
    { metric: 'capacity', before: rate(base, b.capacity), after: rate(head, a.capacity), change: relative(b.capacity, a.capacity), same: same(b.capacity, a.capacity) },
    { metric: 'utilisation', before: percent(base, b.utilisation), after: percent(head, a.utilisation), change: points(b.utilisation, a.utilisation), same: same(b.utilisation, a.utilisation) },
    { metric: 'replicas', before: count(b.replicas), after: count(a.replicas), change: delta(b.replicas, a.replicas), same: b.replicas === a.replicas },
    { metric: 'replicas needed', before: count(b.replicasNeeded), after: count(a.replicasNeeded), change: delta(b.replicasNeeded, a.replicasNeeded), same: b.replicasNeeded === a.replicasNeeded },
  ];
  const changed = candidates.filter((m) => !m.same);
  const shown = (all ? candidates : changed).filter((m) => !(m.same && m.before === '—')).map(({ same: _same, ...m }) => m);
  return { id, status: changed.length > 0 ? 'changed' : 'unchanged', metrics: shown };
}

/** Errors matched by code and the text they point at, so a changed number in the message does not count as a new error. */
function diffErrors(base: CheckedFile, head: CheckedFile): { newErrors: ErrorChange[]; resolvedErrors: ErrorChange[] } {
  const errorsOf = (file: CheckedFile) => file.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ d, key: `${d.code}\u0000${file.text.slice(d.start, d.end)}`, file }));
  const before = errorsOf(base);
  const after = errorsOf(head);
  const take = (from: typeof before, key: string) => {
    const index = from.findIndex((e) => e.key === key);
    if (index >= 0) from.splice(index, 1);
    return index >= 0;
  };
  const remaining = [...before];
  const added = after.filter((e) => !take(remaining, e.key));
  const show = ({ d, file }: { d: Diagnostic; file: CheckedFile }): ErrorChange => ({ code: d.code, alias: d.alias, line: file.lines.position(d.start).line, message: d.message });
  return { newErrors: added.map(show), resolvedErrors: remaining.map(show) };
}

function same(a: number | null, b: number | null): boolean {
  if (a === null || b === null) return a === b;
  return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** `+300%`, `-25%`, `+4.2%`; '' when either side is unknown or the base is zero. */
export function relative(before: number | null, after: number | null): string {
  if (before === null || after === null || before === 0 || same(before, after)) return '';
  const percent = ((after - before) / Math.abs(before)) * 100;
  const rounded = Math.abs(percent) >= 10 ? Math.round(percent) : Math.round(percent * 10) / 10;
  return `${rounded > 0 ? '+' : ''}${rounded}%`;
}

/** A change of utilisation in percentage points: `+110 pp`. */
function points(before: number | null, after: number | null): string {
  if (before === null || after === null || same(before, after)) return '';
  const pp = Math.round((after - before) * 1000) / 10;
  return `${pp > 0 ? '+' : ''}${pp} pp`;
}

function delta(before: number | null, after: number | null): string {
  if (before === null || after === null || before === after) return '';
  return `${after > before ? '+' : ''}${after - before}`;
}
