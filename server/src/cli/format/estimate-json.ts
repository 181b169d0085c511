/**
 * `napkin estimate --format json`: `{"files":[{file, quantities, components, connections}]}` with
 * raw values in base units (bytes, seconds; rates and loads per second; bandwidth in bytes per
 * second) and null for what is unknown.
 */

import { exactValue } from '../../core/units/format';
import type { FileEstimate } from '../estimate-data';

export function formatEstimateJson(estimates: readonly FileEstimate[]): string {
  const files = estimates.map((e) => ({
    file: e.file,
    quantities: e.quantities.map(({ name, line, value, unit, display }) => ({ name, line, value, unit, display })),
    components: e.components.map(({ id, kind, line, load, capacity, replicas, utilisation, replicasNeeded }) => ({ id, kind, line, load, capacity, replicas, utilisation, replicasNeeded })),
    connections: e.connections.map(({ from, to, line, load, bandwidth }) => ({ from, to, line, load, bandwidth })),
  }));
  // Numbers as the Markdown table's Exact column gives them; null for what cannot be a JSON number.
  return JSON.stringify({ files }, (_key, value: unknown) => (typeof value === 'number' ? (Number.isFinite(value) ? exactValue(value) : null) : value), 2) + '\n';
}
