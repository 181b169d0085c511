/**
 * Reads a V8 .cpuprofile (`node --cpu-prof`) and lists where the time went: self time per
 * function, and total (inclusive) time per function, so a hot spot can be named precisely.
 *
 *   node --import tsx bench/profile.ts FILE.cpuprofile [TOP]
 */

import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

/** A bundle position mapped back to its source file (when the bundle has a .map beside it). */
function original(url: string, line: number, column: number): string | undefined {
  if (!url.startsWith('file://')) return undefined;
  const path = fileURLToPath(url);
  if (!maps.has(path)) maps.set(path, existsSync(`${path}.map`) ? new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8'))) : undefined);
  const entry = maps.get(path)?.findEntry(line, column) as { originalSource?: string; originalLine?: number } | undefined;
  if (!entry?.originalSource) return undefined;
  return `${entry.originalSource.replace(/^.*work\/main\//, "").replace(/^.*?\/(server\/src|client\/src|node_modules)\//, '$1/')}:${(entry.originalLine ?? 0) + 1}`;
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

export interface ProfileRow {
  readonly name: string;
  readonly self: number;
  readonly total: number;
}

export function summarizeProfile(file: string, filter: (row: ProfileRow) => boolean = () => true): { rows: ProfileRow[]; totalMs: number } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const label = (n: Node) => {
    const f = n.callFrame;
    const file = f.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|server\/src|client\/src|node_modules)\//, '$1/');
    return `${f.functionName || '(anonymous)'} ${original(f.url, f.lineNumber, f.columnNumber) ?? `${file}:${f.lineNumber + 1}`}`;
  };
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    self.set(label(node), (self.get(label(node)) ?? 0) + us);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + us);
    }
  }
  const rows = [...total.keys()].map((name) => ({ name, self: (self.get(name) ?? 0) / 1000, total: (total.get(name) ?? 0) / 1000 })).filter(filter);
  return { rows, totalMs: (profile.endTime - profile.startTime) / 1000 };
}

if (process.argv[1]?.endsWith('profile.ts')) {
  const top = Number(process.argv[3] ?? 25);
  const { rows, totalMs } = summarizeProfile(process.argv[2]!, (r) => !/^\((root|program|idle|garbage collector)\)/.test(r.name));
  const gc = summarizeProfile(process.argv[2]!).rows.find((r) => r.name.startsWith('(garbage collector)'));
  console.log(`profile: ${totalMs.toFixed(0)} ms; garbage collector ${gc ? gc.self.toFixed(0) : 0} ms`);
  console.log('\nself time:');
  for (const r of [...rows].sort((a, b) => b.self - a.self).slice(0, top)) console.log(`${r.self.toFixed(1).padStart(8)} ms  ${r.name}`);
  console.log('\ntotal time:');
  for (const r of [...rows].sort((a, b) => b.total - a.total).slice(0, top)) console.log(`${r.total.toFixed(1).padStart(8)} ms  ${r.name}`);
}
