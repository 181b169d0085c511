/**
 * Cold start: bundle sizes, the language server's `initialize`, and extension activation.
 *
 * Activation is measured in a real VS Code (code-server 4.100.3, VS Code 1.100.3, Node extension
 * host): a probe extension (bench/activation/) requires the client bundle and calls `activate` with
 * the real `vscode` API, several times, each from an empty module cache. Time spent by VS Code
 * itself (reading the manifest, the activation event) is not included; everything the bundle does
 * is.
 */

import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { serverNodeFlags } from '../server/src/node/flags';
import { initialize, startServer } from './lsp';
import { summarize, type Summary } from './stats';

export interface BundleSize {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzip: number;
}

export const bundles = [
  { name: 'client (activation)', file: 'client.js' },
  { name: 'language client (the turn after activation)', file: 'language-client.js' },
  { name: 'preview host (lazy)', file: 'preview-host.js' },
  { name: 'server: the start (runs the next through V8’s code cache)', file: 'server.js' },
  { name: 'server', file: 'server-main.js' },
  { name: 'server: its V8 code cache (read at start, not compiled)', file: 'server-main.js.cache' },
  { name: 'CLI: the executable (runs the next through V8’s code cache)', file: 'cli.js' },
  { name: 'CLI', file: 'cli-main.js' },
  { name: 'CLI: its V8 code cache (read at start, not compiled)', file: 'cli-main.js.cache' },
  { name: 'preview webview', file: 'preview.js' },
  { name: 'Markdown preview script', file: 'markdown-preview.js' },
];

export function bundleSizes(dist: string): BundleSize[] {
  return bundles.flatMap(({ name, file }) => {
    try {
      const bytes = statSync(join(dist, file)).size;
      return [{ name, file, bytes, gzip: gzipSync(readFileSync(join(dist, file)), { level: 9 }).length }];
    } catch {
      return [];
    }
  });
}

export interface InitializeResult {
  /** Spawn → initialize result (node start, bundle load, the request). */
  readonly spawn: Summary;
  /** The initialize request alone. */
  readonly request: Summary;
}

export async function measureInitialize(serverJs: string, runs: number): Promise<InitializeResult> {
  const spawnTimes: number[] = [];
  const requestTimes: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    const server = startServer(process.execPath, [...serverNodeFlags, serverJs, '--stdio']);
    const request = await initialize(server, null);
    const total = performance.now() - started;
    await server.stop();
    if (i === 0) continue; // the first run warms the file cache
    spawnTimes.push(total);
    requestTimes.push(request);
  }
  return { spawn: summarize(spawnTimes), request: summarize(requestTimes) };
}

export interface ActivationResult {
  readonly vscode: string;
  /** The first run: bundle read from disk and compiled for the first time in this process. */
  readonly first: { require: number; activate: number; total: number; deferred?: number };
  readonly require: Summary;
  readonly activate: Summary;
  readonly total: Summary;
  /** After `activate` returned: the work it deferred to the next turn (loading and starting the language client). */
  readonly deferred: Summary;
  /** The bundles activation loaded (from dist/). */
  readonly modules: string[];
}

/** Runs the probe in code-server; undefined (with the reason) when code-server or Chromium is missing. */
export async function measureActivation(root: string, runs: number, log: (line: string) => void = () => undefined): Promise<ActivationResult | { skipped: string }> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const env = require('../test/e2e/env.js') as { missingSetup(): string | undefined };
  const missing = env.missingSetup();
  if (missing) return { skipped: missing };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runCodeServerTests } = require('../test/e2e/run-code-server.js') as {
    runCodeServerTests(options: { extension: string; tests: string; timeoutMs: number; log: (line: string) => void }): Promise<{ exitCode: number }>;
  };
  process.env.NAPKIN_BENCH_ACTIVATION = JSON.stringify({ root, runs: runs + 1 });
  let report: { vscode: string; samples: { require: number; activate: number; total: number; deferred?: number }[] } | undefined;
  let modules: string[] = [];
  const lines: string[] = [];
  const result = await runCodeServerTests({
    extension: join(__dirname, 'activation'),
    tests: join(__dirname, 'activation', 'probe.js'),
    timeoutMs: 90_000,
    log: (line) => {
      lines.push(line);
      log(line);
      if (line.startsWith('napkin-bench-activation ')) report = JSON.parse(line.slice('napkin-bench-activation '.length));
      if (line.startsWith('napkin-bench-modules ')) modules = JSON.parse(line.slice('napkin-bench-modules '.length));
    },
  });
  delete process.env.NAPKIN_BENCH_ACTIVATION;
  if (!report || result.exitCode !== 0) return { skipped: `the activation probe failed in code-server:\n${lines.slice(-20).join('\n')}` };
  const [first, ...rest] = report.samples;
  return {
    vscode: report.vscode,
    first: first!,
    require: summarize(rest.map((s) => s.require)),
    activate: summarize(rest.map((s) => s.activate)),
    total: summarize(rest.map((s) => s.total)),
    deferred: summarize(rest.map((s) => s.deferred ?? 0)),
    modules,
  };
}
