/** The machine a run measures on (the report's first table), its load average, and the run's progress lines. */

import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly node: string;
  readonly os: string;
  readonly date: string;
  /** µs the kernel takes to hand a page of fresh memory to a process (a page fault): machines of one kind have differed tenfold. */
  readonly faultMicros?: number;
}

export function machine(): Machine {
  const list = cpus();
  let os = `${process.platform} ${process.arch}`;
  try {
    const release = readFileSync('/etc/os-release', 'utf8');
    os = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(release)?.[1] ?? os;
  } catch {
    // not Linux
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at start)`,
    node: process.version,
    os,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    faultMicros: pageFaultMicros(),
  };
}

/**
 * What a page of fresh memory costs here: the median over three 64 MB buffers of the time to touch
 * one byte of each 4 KB page (an ArrayBuffer this large is mapped, not filled, so every first touch
 * is a page fault). Earlier sessions' machines took about 20 µs a page, later ones 1.3–1.5 µs, and
 * much of what this report says of memory depends on it (bench/history.md).
 */
function pageFaultMicros(): number {
  const bytes = 64 * 2 ** 20;
  const samples: number[] = [];
  for (let run = 0; run < 3; run++) {
    const pages = new Uint8Array(new ArrayBuffer(bytes));
    const started = performance.now();
    for (let at = 0; at < bytes; at += 4096) pages[at] = 1;
    samples.push(((performance.now() - started) * 1000) / (bytes / 4096));
  }
  return samples.sort((a, b) => a - b)[1]!;
}

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' / ');

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
