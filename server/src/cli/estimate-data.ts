/**
 * The computed numbers of one checked file, as plain rows: quantities, component loads and
 * connections, with 1-based lines, raw values in base units (per second for rates) and the
 * displays the editor's inlay hints show. `estimate` formats them; `diff` compares them.
 */

import { showPercent, showRate } from '../core/check/display';
import { canonicalUnit, formatExact, formatQuantity } from '../core/units/format';
import { quantity } from '../core/units/quantity';
import type { CheckedFile } from './check-file';

export interface QuantityRow {
  readonly name: string;
  readonly line: number;
  /** In base units (bytes, seconds; rates per second); null when it could not be computed. */
  readonly value: number | null;
  readonly unit: string | null;
  readonly display: string | null;
  readonly exact: string | null;
}

export interface ComponentRow {
  readonly id: string;
  readonly kind: string | null;
  readonly line: number;
  /** Requests per second; null when no traffic reaches it. */
  readonly load: number | null;
  /** Total per second (per replica × replicas); null when unknown. */
  readonly capacity: number | null;
  readonly replicas: number;
  readonly utilisation: number | null;
  readonly replicasNeeded: number | null;
}

export interface ConnectionRow {
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly load: number | null;
  /** Bytes per second; null without a `size`. */
  readonly bandwidth: number | null;
}

export interface FailedAssert {
  readonly line: number;
  readonly source: string;
  readonly message: string;
}

export interface FileEstimate {
  readonly file: string;
  readonly quantities: readonly QuantityRow[];
  readonly components: readonly ComponentRow[];
  readonly connections: readonly ConnectionRow[];
  readonly failedAsserts: readonly FailedAssert[];
  readonly errors: number;
  /** Displays with the file's precision and assumptions. */
  readonly show: {
    rate(perSecond: number): string;
    bandwidth(bytesPerSecond: number): string;
    percent(fraction: number): string;
  };
}

export function estimateOf(checked: CheckedFile): FileEstimate {
  const { analysis, lines } = checked;
  const lineOf = (offset: number) => lines.position(offset).line;
  const quantities = analysis.quantities.map((q): QuantityRow => ({
    name: q.name,
    line: lineOf(q.definition.start),
    value: q.value ? q.value.value : null,
    unit: q.value ? canonicalUnit(q.value) : null,
    display: q.display ?? null,
    exact: q.value ? formatExact(q.value) : null,
  }));
  const components = [...analysis.graph.components.values()].map((c): ComponentRow => {
    const load = analysis.load.components.get(c.id);
    return {
      id: c.id,
      kind: c.kindDef?.kind ?? null,
      line: lineOf(c.idSpan.start),
      load: load?.load ?? null,
      capacity: load?.capacity ?? null,
      replicas: load?.replicas ?? 1,
      utilisation: load?.utilisation ?? null,
      replicasNeeded: load?.replicasNeeded ?? null,
    };
  });
  const connections = analysis.graph.edges.map((edge, index): ConnectionRow => {
    const load = analysis.load.edges[index];
    return { from: edge.from, to: edge.to, line: lineOf(edge.span.start), load: load?.load ?? null, bandwidth: load?.bandwidth ?? null };
  });
  const failedAsserts = analysis.asserts
    .filter((a) => !a.holds)
    .map((a): FailedAssert => {
      const reported = checked.diagnostics.find((d) => d.code === 'N204' && d.start === a.start);
      const display = (value: typeof a.left) => formatQuantity(value, { precision: analysis.precision, overrides: analysis.scope.overrides });
      return { line: lineOf(a.start), source: analysis.text.slice(a.start, a.end), message: reported?.message ?? `${display(a.left)} is not ${a.op} ${display(a.right)}` };
    });
  return {
    file: checked.file.path,
    quantities,
    components,
    connections,
    failedAsserts,
    errors: checked.diagnostics.filter((d) => d.severity === 'error').length,
    show: {
      rate: (perSecond) => showRate(analysis, perSecond),
      bandwidth: (bytesPerSecond) => formatQuantity(quantity(bytesPerSecond, 1, -1), { precision: analysis.precision }),
      percent: showPercent,
    },
  };
}
