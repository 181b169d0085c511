/**
 * The executables run their bundles through V8's code cache (server/src/node/code-cache.ts): the
 * build's cache is taken, and a cache that is not this bundle's, is damaged, or that V8 turns down
 * is left alone, with the same output as a run without one. Runs the built dist/ (npm test builds
 * first), copied into a temporary folder for the cases that damage something. The language
 * server's own suites run through its cache too (test/lsp/client.ts starts it as editors do).
 */

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import * as zlib from 'node:zlib';
import { startClient } from './lsp/client';

const root = join(__dirname, '..');
// The cache's checksum is zlib's CRC-32, which Node has from 20.15: before it, no cache is written or read.
const skip = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? false : 'this Node has no zlib.crc32, so the build writes no code cache';
const dist = join(root, 'dist');
const examples = join(root, 'examples');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function napkin(dir: string, args: readonly string[], options: { mode?: string; nodeArgs?: readonly string[] } = {}): Run {
  const result = spawnSync(process.execPath, [...(options.nodeArgs ?? []), join(dir, 'cli.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NAPKIN_CODE_CACHE: options.mode ?? 'report' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** What the run said of the cache, and its stderr without that line. */
function cacheOutcome(run: Run): { outcome: string | undefined; rest: string } {
  const outcome = /^napkin: code cache (\w+)$/m.exec(run.stderr)?.[1];
  return { outcome, rest: run.stderr.replace(/^napkin: code cache \w+\n/m, '') };
}

describe('the executable and V8’s code cache', { skip }, () => {
  const lint = ['lint', examples, '--format', 'json', '--exit-zero', '--concurrency', 'off'];
  // The bundle run without the executable: no cache at all, the output every case must give.
  const plain = spawnSync(process.execPath, [join(dist, 'cli-main.js'), ...lint], { cwd: root, encoding: 'utf8' });
  const copies: string[] = [];
  after(() => copies.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** dist/'s executable, bundle and cache in a folder of their own, changed by `change`. */
  function copy(change: (dir: string) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'napkin-code-cache-'));
    copies.push(dir);
    for (const file of ['cli.js', 'cli-main.js', 'cli-main.js.cache']) copyFileSync(join(dist, file), join(dir, file));
    change(dir);
    return dir;
  }

  const cache = (dir: string) => join(dir, 'cli-main.js.cache');
  const cases: { name: string; change: (dir: string) => void; outcome: string; nodeArgs?: string[] }[] = [
    { name: 'the build’s cache is taken', change: () => {}, outcome: 'accepted' },
    {
      name: 'a cache with damaged data is not offered to V8 (V8 would stop the process on it)',
      change: (dir) => {
        const bytes = readFileSync(cache(dir));
        for (let i = 200; i < bytes.length; i += 997) bytes[i] = bytes[i]! ^ 0x5a;
        writeFileSync(cache(dir), bytes);
      },
      outcome: 'none',
    },
    { name: 'a cut-off cache', change: (dir) => writeFileSync(cache(dir), readFileSync(cache(dir)).subarray(0, 5000)), outcome: 'none' },
    { name: 'another build’s cache', change: (dir) => writeFileSync(cache(dir), readFileSync(cache(dir), 'latin1').replace(/^(\/\/# napkin-build=)[0-9a-f]/, '$1x'), 'latin1'), outcome: 'none' },
    { name: 'no cache', change: (dir) => rmSync(cache(dir)), outcome: 'none' },
    { name: 'a bundle built without a cache (no stamp)', change: (dir) => writeFileSync(join(dir, 'cli-main.js'), readFileSync(join(dir, 'cli-main.js'), 'utf8').replace(/^\/\/# napkin-build=.*\n/m, '')), outcome: 'unstamped' },
    { name: 'V8 started with other flags turns the cache down', change: () => {}, outcome: 'rejected', nodeArgs: ['--max-semi-space-size=8'] },
  ];

  test('the bundle alone lints the examples', () => {
    assert.equal(plain.status, 0, plain.stderr);
    assert.ok(JSON.parse(plain.stdout).diagnostics.length > 0, plain.stdout);
  });

  for (const { name, change, outcome, nodeArgs } of cases) {
    test(`${name}: ${outcome}, with the same output`, () => {
      const dir = outcome === 'accepted' && !nodeArgs ? dist : copy(change);
      const run = napkin(dir, lint, { nodeArgs });
      const said = cacheOutcome(run);
      assert.equal(said.outcome, outcome, run.stderr);
      assert.equal(run.code, plain.status, run.stderr);
      assert.equal(run.stdout, plain.stdout);
      assert.equal(said.rest, plain.stderr);
    });
  }

  test('a run with NAPKIN_CODE_CACHE=write writes a cache the next run takes', () => {
    const dir = copy((d) => rmSync(cache(d)));
    const written = napkin(dir, lint, { mode: 'write' });
    assert.equal(written.code, 0, written.stderr);
    assert.match(readFileSync(cache(dir), 'latin1'), /^\/\/# napkin-build=[0-9a-f]{40}\n\d+\n/);
    const next = napkin(dir, ['--version']);
    assert.equal(cacheOutcome(next).outcome, 'accepted', next.stderr);
  });

  test('a cache that cannot be written is one line on stderr; the run is the same', () => {
    const dir = copy((d) => {
      rmSync(cache(d));
      mkdirSync(join(cache(d), 'in-the-way'), { recursive: true });
    });
    const run = napkin(dir, lint, { mode: 'write' });
    assert.equal(run.code, plain.status, run.stderr);
    assert.equal(run.stdout, plain.stdout);
    assert.match(run.stderr, /^napkin: code cache not written: .*EISDIR/m);
    assert.deepEqual(readdirSync(dir).sort(), ['cli-main.js', 'cli-main.js.cache', 'cli.js'], 'no temporary file is left');
  });

  test('a lint’s worker thread runs the same bundle and takes the same cache; only the main thread writes one', () => {
    const threads = ['lint', examples, '--format', 'json', '--exit-zero', '--concurrency', '2'];
    const run = napkin(dist, threads);
    assert.deepEqual(run.stderr.match(/^napkin: code cache \w+$/gm), ['napkin: code cache accepted', 'napkin: code cache accepted'], run.stderr);
    assert.equal(run.code, plain.status, run.stderr);
    assert.equal(run.stdout, plain.stdout);
    const dir = copy((d) => rmSync(cache(d)));
    const written = napkin(dir, threads, { mode: 'write' });
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['cli-main.js', 'cli-main.js.cache', 'cli.js'], 'no temporary file is left');
    assert.equal(cacheOutcome(napkin(dir, ['--version'])).outcome, 'accepted');
  });

  test('a note named like the workers’ mark is linted as a note, by a main thread with its flags and cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'napkin-code-cache-'));
    copies.push(dir);
    const note = join(dir, '--napkin-lint-worker');
    writeFileSync(note, '# A note\n\n```napkin\nx = (1\n```\n');
    const run = napkin(dist, ['lint', '--format', 'json', '--', note]);
    assert.deepEqual(run.stderr.match(/^napkin: code cache \w+$/gm), ['napkin: code cache accepted'], run.stderr);
    assert.equal(run.code, 1, run.stderr);
    const found = JSON.parse(run.stdout).diagnostics as { file: string; code: string }[];
    assert.deepEqual(found.map((d) => [d.file.split('/').pop(), d.code]), [['--napkin-lint-worker', 'N001']], run.stdout);
  });

  test('the bundles have no import(): Node 20 has none for a script compiled from a cache', () => {
    for (const bundle of ['cli-main.js', 'server-main.js']) assert.doesNotMatch(readFileSync(join(dist, bundle), 'utf8'), /\bimport\(/, bundle);
  });
});

describe('the language server and V8’s code cache', { skip }, () => {
  const file = join(examples, 'proximity-service.md');
  const uri = pathToFileURL(file).href;

  /** The diagnostics and hints of an example, and what the server said of its cache. */
  async function session(options: Parameters<typeof startClient>[0]) {
    const client = startClient({ ...options, env: { NAPKIN_CODE_CACHE: 'report' } });
    try {
      await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await client.notify('initialized', {});
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: readFileSync(file, 'utf8') } });
      const published = await client.waitFor<{ diagnostics: unknown[] }>('textDocument/publishDiagnostics', undefined, 20_000);
      const hints = await client.request('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 400, character: 0 } } });
      await client.request('shutdown', null);
      await client.notify('exit', undefined);
      await client.exited;
      return { outcome: /^napkin: code cache (\w+)$/m.exec(client.stderr())?.[1], diagnostics: published.diagnostics, hints };
    } finally {
      client.kill();
    }
  }

  test('started as editors start it, the server takes the build’s cache and answers as without one', async () => {
    const cached = await session({});
    const plain = await session({ script: join(dist, 'server-main.js') });
    assert.equal(cached.outcome, 'accepted');
    assert.equal(plain.outcome, undefined, 'the bundle alone has no cache to speak of');
    assert.ok(cached.diagnostics.length > 0 && Array.isArray(cached.hints) && cached.hints.length > 0);
    assert.deepEqual(cached.diagnostics, plain.diagnostics);
    assert.deepEqual(cached.hints, plain.hints);
  });

  test('started with other flags, V8 turns the cache down and the server works the same', async () => {
    const other = await session({ flags: [] });
    const plain = await session({ script: join(dist, 'server-main.js'), flags: [] });
    assert.equal(other.outcome, 'rejected');
    assert.deepEqual(other.diagnostics, plain.diagnostics);
    assert.deepEqual(other.hints, plain.hints);
  });
});
