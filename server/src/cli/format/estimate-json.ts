/**
 * `napkin estimate --format json`: `{"files":[{file, quantities, components, connections}]}` with
 * raw values in base units (bytes, seconds; rates and loads per second; bandwidth in bytes per
 * second) and null for what is unknown.
 */

import type { FileEstimate } from '../estimate-data';

export function formatEstimateJson(estimates: readonly FileEstimate[]): string {
  const files = estimates.map((e) => ({
    file: e.file,
    quantities: e.quantities.map(({ name, line, value, unit, display }) => ({ name, line, value, unit, display })),
    components: e.components.map(({ id, kind, line, load, capacity, replicas, utilisation, replicasNeeded }) => ({ id, kind, line, load, capacity, replicas, utilisation, replicasNeeded })),
    connections: e.connections.map(({ from, to, line, load, bandwidth }) => ({ from, to, line, load, bandwidth })),
  }));
  return JSON.stringify({ files }, (_key, value: unknown) => (typeof value === 'number' ? rawNumber(value) : value), 2) + '\n';
}

/**
 * 15 significant digits, as the Markdown table's Exact column: that drops binary floating-point
 * noise (`750.0000000000001` tweets/s is 750) and keeps every digit a design can mean.
 */
function rawNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  return Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? value : Number(value.toPrecision(15));
}
