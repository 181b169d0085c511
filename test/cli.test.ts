/**
 * The CLI, end to end: ONE table of cases, each run twice — in-process through `main` with
 * captured output, and as a subprocess (`node dist/cli.js`, built by `npm test` first) — in a
 * fresh temporary directory holding the case's files. A case is one or more steps (commands run
 * in order in the same directory), each with its expected exit code and checks.
 *
 * Two cases run in-process only, because they need an injected `fs` (a file that changes while
 * sync writes it, a permission error when running as root). The SVG case needs Chromium and is
 * skipped without it, unless CI is set.
 *
 * Run: npm run build && node --import tsx --test test/cli.test.ts
 */

import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as nodeFs from 'node:fs';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { Env, FileSystem } from '../server/src/cli/env';
import { escapeData, escapeProperty } from '../server/src/cli/format/github';
import { readFile, type ReadFile } from '../server/src/cli/check-file';
import { createConfigResolver } from '../server/src/cli/config-files';
import { openLintCache } from '../server/src/cli/lint-cache';
import { lintFiles, parseConcurrency, threadsFor } from '../server/src/cli/lint-threads';
import { lineIndex } from '../server/src/cli/positions';
import { caseEnv, cliBundle, fixture, makeDir, removeDir, root, runExec, runMain, type Mode, type Run } from './cli/harness';
import { assertValidSarif } from './cli/sarif';
import { checkWellFormed } from './cli/xml';

interface Step {
  readonly args: readonly string[];
  readonly code: number;
  /** A subdirectory of the case directory to run in. */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Patterns stdout (and stderr) must match, and patterns they must not. */
  readonly out?: readonly RegExp[];
  readonly err?: readonly RegExp[];
  readonly notOut?: readonly RegExp[];
  readonly check?: (run: Run) => void;
  /** Runs before the step: edit a file between two commands. */
  readonly before?: (dir: string) => void;
}

interface Case extends Partial<Step> {
  readonly name: string;
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  readonly setup?: (dir: string) => void;
  readonly steps?: readonly Step[];
  /** Only in-process: the case injects `fs`. */
  readonly only?: Mode;
  readonly fs?: (dir: string) => FileSystem;
  readonly skip?: () => string | undefined;
}

const proximity = fixture('examples/proximity-service.md');
const twitter = fixture('examples/twitter.md');
const twitterPlain = twitter.replace(/^assume .*\n/gm, '');
const chromiumMissing = () => (existsSync(process.env.NAPKIN_CHROMIUM ?? '/usr/bin/chromium') || process.env.CI ? undefined : 'Chromium is not installed');
const json = (run: Run) => JSON.parse(run.stdout) as any; // eslint-disable-line @typescript-eslint/no-explicit-any
const read = (run: Run, path: string) => readFileSync(join(run.dir, path), 'utf8');
/** The output of each case's first step, which the steps after it must repeat. */
const oneThread: Record<string, string> = {};
const near = (actual: number, expected: number, tolerance = 1e-6) => assert.ok(Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected)), `${actual} ≉ ${expected}`);

/** The generated blocks, removed the way the docs define what sync owns (independently of the implementation). */
const stripOwned = (text: string) => text.replace(/\r?\n[ >]*\r?\n[ >]*<!-- napkin:begin [^\r\n]*-->(?:\r?\n[^\r\n]*?)*?\r?\n[ >]*<!-- napkin:end -->/g, '');

const containers = [
  '# Containers',
  '',
  '> Quoted design:',
  '>',
  '> ```napkin',
  '> user u { rate: 5/s }',
  '> service api',
  '> u -> api',
  '> ```',
  '> after the fence, still quoted',
  '',
  '- a list item',
  '',
  '  ```napkin',
  '  user v { rate: 5/s }',
  '  service t',
  '  v -> t',
  '  ```',
  '- next item',
  '',
  '```napkin',
  'x = 5 s',
  '```',
  '',
  '```napkin',
  'user w { rate: 1/s }',
  'service last',
  'w -> last',
  '```',
].join('\n'); // no final line break: sync must not add one

const cases: Case[] = [
  // ── general ───────────────────────────────────────────────────────────────
  { name: '--help lists the commands', args: ['--help'], code: 0, out: [/lint \[GLOBS/, /estimate FILE/, /render FILE/, /sync/, /diff BASE HEAD/] },
  { name: '--version prints the package version', args: ['--version'], code: 0, out: [/^\d+\.\d+\.\d+\n$/] },
  { name: 'lint --help', args: ['lint', '--help'], code: 0, out: [/--max-warnings N/, /--format FORMAT/] },
  { name: 'an unknown command is a usage error', args: ['frobnicate'], code: 2, err: [/unknown command "frobnicate"/] },
  { name: 'an unknown option is a usage error', args: ['lint', '--bogus'], code: 2, err: [/^napkin lint: unknown option --bogus \(see napkin lint --help\)\n$/] },
  { name: 'a bad --format is a usage error', args: ['lint', '--format', 'xml'], code: 2, err: [/--format must be text, json, sarif, github or junit, not "xml"/] },
  { name: 'a bad --max-warnings is a usage error', args: ['lint', '--max-warnings', 'many'], code: 2, err: [/--max-warnings must be a whole number/] },
  { name: 'an option without its value is a usage error', args: ['lint', '--format'], code: 2, err: [/option --format needs a value/] },
  {
    name: 'a value that starts with - is given with =, and the usage error says so',
    files: { 'a.md': proximity },
    steps: [
      { args: ['lint', '--max-warnings', '-1', 'a.md'], code: 2, err: [/^napkin lint: option --max-warnings needs a value; one that starts with "-" is written --max-warnings=VALUE/m] },
      { args: ['lint', '--max-warnings=-1', 'a.md'], code: 2, err: [/--max-warnings must be a whole number of 0 or more, not "-1"/] },
    ],
  },

  // ── lint: results and exit codes ─────────────────────────────────────────
  { name: 'lint: a clean file exits 0', files: { 'clean.md': fixture('clean.md') }, args: ['lint', 'clean.md'], code: 0, out: [/✔ no problems in 1 file/] },
  {
    name: 'lint: errors exit 1, text shows the source line and a caret',
    files: { 'errors.md': fixture('errors.md') },
    args: ['lint', 'errors.md'],
    code: 1,
    out: [/^error\[N101\]: `peak` is not defined/m, /^ --> errors\.md:4:24$/m, /^4 \| user {4}people \{ rate: peak \}$/m, /^ {2}\| {24}\^{4} undefined-name$/m, /^warning\[N406\]/m, /✖ 1 error, 1 warning in 1 file/],
    notOut: [/\x1b\[/],
  },
  {
    // The executable lints with V8's optimising compiler off until a run is big enough to repay it
    // (server/src/cli/v8-flags.ts): over 2 MB a thread it is on from the start, and `estimate`, which
    // does not say its total first, turns it on part way. On two cores or more this lint runs on two
    // threads (server/src/cli/lint-threads.ts), each of them with well over a hundred files to take.
    // The findings must depend on neither.
    name: 'lint and estimate: a run of over 2 MB finds in every file what it finds in one',
    files: Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`docs/note-${String(i).padStart(4, '0')}.md`, proximity])),
    steps: [
      {
        args: ['lint', 'docs', '--format', 'json'],
        code: 1,
        check: (run) => {
          const found = json(run).diagnostics as { file: string; line: number; code: string }[];
          assert.equal(found.length, 2000);
          for (let i = 0; i < 1000; i++) {
            const file = `docs/note-${String(i).padStart(4, '0')}.md`;
            assert.deepEqual(found.filter((d) => d.file === file).map((d) => `${d.line} ${d.code}`), ['32 N403', '33 N401'], file);
          }
        },
      },
      {
        args: ['lint', 'docs'],
        code: 1,
        check: (run) => {
          assert.equal(run.stdout.match(/^32 \| /gm)?.length, 1000);
          assert.equal(run.stdout.match(/^33 \| /gm)?.length, 1000);
        },
      },
      {
        args: ['estimate', '--format', 'json', ...Array.from({ length: 1000 }, (_, i) => `docs/note-${String(i).padStart(4, '0')}.md`)],
        code: 0,
        check: (run) => {
          const files = json(run).files as unknown[];
          assert.equal(files.length, 1000);
          for (const file of files) assert.deepEqual({ ...(file as object), file: undefined }, { ...(files[0] as object), file: undefined });
        },
      },
    ],
  },
  {
    // The executable spreads a lint's files over worker threads (server/src/cli/lint-threads.ts); in
    // process `main` has none and runs one thread. What is reported, and in which order, must not
    // depend on it: findings, source lines, files that fail and why, hidden hints.
    name: 'lint --concurrency: files spread over threads report what one thread reports',
    files: {
      ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`docs/n${i}.md`, [fixture('errors.md'), fixture('warnings.md'), fixture('hints.md'), proximity][i % 4]!])),
      'docs/bin.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]),
      'docs/bad/.napkin.json': '{"rules": ',
      'docs/bad/x.md': fixture('errors.md'),
      'docs/d.napkin': 'svc = service { replicas: 0 }\n',
    },
    steps: ['off', '1', '3', '8', 'auto'].flatMap((concurrency) =>
      ['text', 'json'].map((format) => ({
        args: ['lint', 'docs', '--format', format, '--concurrency', concurrency],
        code: 2,
        check: (run: Run) => {
          const key = `${run.dir} ${run.mode} ${format}`;
          const first = (oneThread[key] ??= run.stdout + run.stderr);
          assert.equal(run.stdout + run.stderr, first);
          assert.match(run.stderr, /docs\/bin\.md: is a binary file/);
          assert.match(run.stderr, /docs\/bad\/\.napkin\.json: not valid JSON/);
          if (format === 'text') assert.match(run.stdout, /^4 \| user {4}people \{ rate: peak \}$/m);
        },
      })),
    ),
  },
  {
    // A cache may make a lint faster, never different: an entry is used only for the same text,
    // configuration and build. Step 2 edits a message in the cache, so that what comes from it shows.
    name: 'lint --cache: unchanged files come from the cache; a changed text, config or build is analysed again',
    files: { 'docs/errors.md': fixture('errors.md'), 'docs/hints.md': fixture('hints.md'), 'docs/prose.md': '# No design here\n' },
    steps: [
      {
        args: ['lint', 'docs', '--format', 'json', '--cache'],
        code: 1,
        check: (run) => {
          const cache = JSON.parse(read(run, '.napkincache'));
          assert.equal(cache.napkin, 'napkin lint cache 1');
          assert.deepEqual(Object.keys(cache.files).map((f) => f.slice(run.dir.length)).sort(), ['/docs/errors.md', '/docs/hints.md']);
          // Hints are kept even when not shown, so that --include-hints can use the same entries.
          assert.ok(cache.files[join(run.dir, 'docs/hints.md')].diagnostics.some((d: { code: string }) => d.code === 'N407'));
          assert.doesNotMatch(run.stdout, /N407/);
        },
      },
      {
        before: (dir) => writeFileSync(join(dir, '.napkincache'), readFileSync(join(dir, '.napkincache'), 'utf8').replace(/`peak` is not defined/, 'FROM THE CACHE')),
        args: ['lint', 'docs', '--format', 'json', '--cache', '--include-hints'],
        code: 1,
        out: [/"message": "FROM THE CACHE/, /"code": "N407"/],
      },
      // Another text (a line of prose added): analysed again, its entry replaced.
      {
        before: (dir) => writeFileSync(join(dir, 'docs/errors.md'), `${fixture('errors.md')}\nMore prose.\n`),
        args: ['lint', 'docs', '--format', 'json', '--cache'],
        code: 1,
        out: [/`peak` is not defined/],
        notOut: [/FROM THE CACHE/],
        check: (run) => assert.doesNotMatch(read(run, '.napkincache'), /FROM THE CACHE/),
      },
      // Another configuration: analysed again under it.
      {
        before: (dir) => writeFileSync(join(dir, 'docs/.napkin.json'), JSON.stringify({ rules: { N101: 'warning' } })),
        args: ['lint', 'docs', '--cache'],
        code: 0,
        out: [/^warning\[N101\]/m],
      },
      // A cache of another build: ignored, written anew.
      {
        before: (dir) => {
          const cache = JSON.parse(readFileSync(join(dir, '.napkincache'), 'utf8'));
          for (const entry of Object.values(cache.files) as { diagnostics: { message: string }[] }[]) for (const d of entry.diagnostics) d.message = 'FROM ANOTHER BUILD';
          writeFileSync(join(dir, '.napkincache'), JSON.stringify({ ...cache, build: '0.0.1 another' }));
        },
        args: ['lint', 'docs', '--cache'],
        code: 0,
        out: [/`peak` is not defined/],
        notOut: [/FROM ANOTHER BUILD/],
        check: (run) => assert.doesNotMatch(read(run, '.napkincache'), /FROM ANOTHER BUILD|0\.0\.1 another/),
      },
      // An entry edited into nonsense (a line past the end of the text) is analysed again, not reported.
      {
        before: (dir) => writeFileSync(join(dir, '.napkincache'), readFileSync(join(dir, '.napkincache'), 'utf8').replace(/"line":\d+/g, '"line":99999999')),
        args: ['lint', 'docs', '--cache'],
        code: 0,
        out: [/^ --> docs\/errors\.md:4:24$/m],
      },
      // A file at the cache's path that is not napkin's cache is never overwritten.
      {
        before: (dir) => writeFileSync(join(dir, '.napkincache'), 'my notes\n'),
        args: ['lint', 'docs', '--cache'],
        code: 0,
        out: [/^warning\[N101\]/m],
        err: [/^napkin lint: \.napkincache is not a napkin cache, so it was left as it is: give --cache-location another path, or remove the file$/m],
        check: (run) => assert.equal(read(run, '.napkincache'), 'my notes\n'),
      },
      // --cache-location: a directory (named with a slash, or one that exists) holds .napkincache; another path is the file.
      { args: ['lint', 'docs', '--cache-location', 'tmp/napkin/'], code: 0, check: (run) => assert.match(read(run, 'tmp/napkin/.napkincache'), /^\{"napkin":"napkin lint cache 1"/) },
      { args: ['lint', 'docs', '--cache', '--cache-location', 'docs'], code: 0, check: (run) => assert.ok(existsSync(join(run.dir, 'docs/.napkincache'))) },
      { args: ['lint', 'docs', '--cache-location', 'lint-cache.json'], code: 0, check: (run) => assert.ok(existsSync(join(run.dir, 'lint-cache.json'))) },
      // A cache that cannot be written costs a line on stderr, not the lint.
      { args: ['lint', 'docs', '--cache-location', 'docs/prose.md/cache'], code: 0, out: [/^warning\[N101\]/m], err: [/^napkin lint: could not write the cache docs\/prose\.md\/cache: \S*docs\/prose\.md is not a folder; the lint itself is complete$/m] },
    ],
  },
  {
    // --cache-strategy metadata: a file is the same while its size and time of last change are.
    name: 'lint --cache-strategy metadata: files that keep their size and time come from the cache, unread when clean',
    files: { 'docs/errors.md': fixture('errors.md'), 'docs/prose.md': '# No design here\n' },
    steps: [
      {
        args: ['lint', 'docs', '--cache-strategy', 'metadata', '--format', 'json'],
        code: 1,
        check: (run) => {
          const files = JSON.parse(read(run, '.napkincache')).files;
          assert.deepEqual(files[join(run.dir, 'docs/prose.md')].diagnostics, [], 'a clean file is kept, so that it need not be read');
          assert.equal(files[join(run.dir, 'docs/errors.md')].text, undefined, 'no hash: the metadata strategy never needs one');
        },
      },
      {
        before: (dir) => writeFileSync(join(dir, '.napkincache'), readFileSync(join(dir, '.napkincache'), 'utf8').replace(/`peak` is not defined/, 'FROM THE CACHE')),
        args: ['lint', 'docs', '--cache', '--cache-strategy', 'metadata', '--format', 'json'],
        code: 1,
        out: [/"message": "FROM THE CACHE/],
      },
      // The same text, written again: another time of last change, so it is analysed again.
      {
        before: (dir) => utimesSync(join(dir, 'docs/errors.md'), new Date(), new Date(Date.now() + 5_000)),
        args: ['lint', 'docs', '--cache-strategy', 'metadata', '--format', 'json'],
        code: 1,
        out: [/`peak` is not defined/],
        notOut: [/FROM THE CACHE/],
      },
      { args: ['lint', 'docs', '--cache-strategy', 'mtime'], code: 2, err: [/^napkin lint: --cache-strategy must be content or metadata, not "mtime"$/m] },
    ],
  },
  { name: 'a bad --concurrency is a usage error', args: ['lint', '--concurrency', '0'], code: 2, err: [/--concurrency must be auto, off or a number of threads of 1 or more, not "0"/] },
  { name: 'lint: warnings alone exit 0', files: { 'warnings.md': fixture('warnings.md') }, args: ['lint', 'warnings.md'], code: 0, out: [/2 warnings in 1 file/] },
  { name: 'lint: more warnings than --max-warnings exit 1', files: { 'warnings.md': fixture('warnings.md') }, args: ['lint', 'warnings.md', '--max-warnings', '1'], code: 1, err: [/2 warnings, more than --max-warnings 1/] },
  { name: 'lint: warnings within --max-warnings exit 0', files: { 'warnings.md': fixture('warnings.md') }, args: ['lint', 'warnings.md', '--max-warnings', '2'], code: 0 },
  { name: 'lint: --exit-zero reports errors but exits 0', files: { 'errors.md': fixture('errors.md') }, args: ['lint', 'errors.md', '--exit-zero'], code: 0, out: [/error\[N101\]/] },
  {
    name: 'lint: the examples (a directory) show the deliberate over-capacity error',
    files: { 'examples/twitter.md': twitter, 'examples/proximity-service.md': proximity },
    args: ['lint', 'examples/'],
    code: 1,
    out: [/error\[N401\]: `lbs` receives 16\.5K\/s/, /examples\/proximity-service\.md:33:14/, /warning\[N403\]/, /1 error, 1 warning in 2 files/],
  },
  {
    name: 'lint: colour only when forced or on a terminal, never with NO_COLOR',
    files: { 'errors.md': fixture('errors.md') },
    steps: [
      { args: ['lint', 'errors.md'], code: 1, env: { FORCE_COLOR: '1' }, out: [/\x1b\[31m/] },
      { args: ['lint', 'errors.md'], code: 1, env: { NO_COLOR: '1' }, notOut: [/\x1b\[/] },
    ],
  },
  { name: 'lint: hints are hidden by default', files: { 'hints.md': fixture('hints.md') }, args: ['lint', 'hints.md', '--format', 'json'], code: 0, notOut: [/N407/], out: [/N410/, /N403/] },
  { name: 'lint: --include-hints shows them', files: { 'hints.md': fixture('hints.md') }, args: ['lint', 'hints.md', '--format', 'json', '--include-hints'], code: 0, out: [/"severity": "hint",\n\s+"code": "N407"/] },
  { name: 'lint: text says how many hints it hid', files: { 'hints.md': fixture('hints.md') }, args: ['lint', 'hints.md'], code: 0, out: [/\(1 hint not shown: --include-hints\)/] },

  // ── lint: file selection ─────────────────────────────────────────────────
  {
    name: 'lint: default globs respect every .gitignore and skip node_modules',
    files: {
      'a.md': fixture('clean.md'),
      'notes.napkin': 'store = 5 GB\ntotal = store * 2\nassert total < 1 TB\n',
      'docs/b.md': fixture('warnings.md'),
      'docs/dir.md/inner.md': fixture('clean.md'),
      'build/c.md': fixture('errors.md'),
      'sub/skip.md': fixture('errors.md'),
      'sub/keep.md': fixture('clean.md'),
      'node_modules/pkg/readme.md': fixture('errors.md'),
      '.gitignore': 'build/\n',
      'sub/.gitignore': 'skip.md\n',
      'README.txt': 'not a design',
    },
    args: ['lint', '--format', 'junit'],
    code: 0,
    check: (run) => {
      const suites = [...run.stdout.matchAll(/<testsuite name="([^"]*)"/g)].map((m) => m[1]);
      assert.deepEqual(suites, ['a.md', 'docs/b.md', 'docs/dir.md/inner.md', 'notes.napkin', 'sub/keep.md']);
    },
  },
  {
    name: 'lint: globs and ! exclusions, deduplicated and sorted',
    files: { 'z.md': fixture('clean.md'), 'a.md': fixture('clean.md'), 'm.md': fixture('errors.md') },
    args: ['lint', '*.md', 'a.md', 'z.md', '!m.md', '--format', 'junit'],
    code: 0,
    check: (run) => assert.deepEqual([...run.stdout.matchAll(/<testsuite name="([^"]*)"/g)].map((m) => m[1]), ['a.md', 'z.md']),
  },
  {
    name: 'lint: a glob that matches nothing is exit 2, the other files are still checked',
    files: { 'errors.md': fixture('errors.md') },
    args: ['lint', 'nothing/*.md', 'errors.md'],
    code: 2,
    out: [/error\[N101\]/],
    err: [/^napkin lint: nothing\/\*\.md: no files match this pattern$/m],
  },
  { name: 'lint: a missing file is exit 2', files: { 'clean.md': fixture('clean.md') }, args: ['lint', 'missing.md', 'clean.md'], code: 2, err: [/^napkin lint: missing\.md: no such file or directory\n$/] },
  {
    name: 'lint: a binary file is exit 2 with one line, the others are checked',
    files: { 'bin.md': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0x02]), 'errors.md': fixture('errors.md') },
    args: ['lint', 'bin.md', 'errors.md', '--format', 'json'],
    code: 2,
    err: [/^napkin lint: bin\.md: is a binary file, not text\n$/],
    check: (run) => assert.equal(json(run).diagnostics[0].file, 'errors.md'),
  },
  {
    name: 'lint: a file that is not UTF-8 is exit 2 naming the byte',
    files: { 'latin1.md': new Uint8Array([...Buffer.from('# Caf'), 0xe9, ...Buffer.from('\n')]), 'clean.md': fixture('clean.md') },
    args: ['lint', 'latin1.md', 'clean.md'],
    code: 2,
    out: [/✖ no problems in 1 file; 1 file could not be checked/],
    err: [/^napkin lint: latin1\.md: is not valid UTF-8 \(byte 6\); napkin reads UTF-8 text only\n$/],
  },
  {
    name: 'lint: an unreadable file is exit 2 (chmod 000)',
    files: { 'secret.md': fixture('clean.md') },
    setup: (dir) => chmodSync(join(dir, 'secret.md'), 0o000),
    skip: () => (process.getuid?.() === 0 ? 'root reads any file; the in-process case below covers it' : undefined),
    args: ['lint', 'secret.md'],
    code: 2,
    err: [/secret\.md: permission denied/],
  },
  {
    name: 'lint: an unreadable file is exit 2 (injected EACCES)',
    only: 'main',
    files: { 'secret.md': fixture('clean.md'), 'clean.md': fixture('clean.md') },
    fs: () => ({
      ...nodeFs,
      readFileSync: ((path: nodeFs.PathOrFileDescriptor, options?: unknown) => {
        if (String(path).endsWith('secret.md')) throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
        return (nodeFs.readFileSync as (p: unknown, o?: unknown) => unknown)(path, options);
      }) as typeof nodeFs.readFileSync,
    }),
    args: ['lint', 'secret.md', 'clean.md'],
    code: 2,
    err: [/^napkin lint: secret\.md: permission denied\n$/],
    out: [/no problems in 1 file/],
  },
  { name: 'render: a directory given as FILE is exit 2', files: { 'docs/a.md': proximity }, args: ['render', 'docs'], code: 2, err: [/^napkin render: docs: is a directory, not a file\n$/] },

  // ── lint: formats ────────────────────────────────────────────────────────
  {
    name: 'lint --format json: the documented shape',
    files: { 'errors.md': fixture('errors.md') },
    args: ['lint', 'errors.md', '--format', 'json'],
    code: 1,
    check: (run) => {
      const { diagnostics } = json(run);
      assert.deepEqual(diagnostics[0], { file: 'errors.md', line: 4, column: 24, endLine: 4, endColumn: 28, severity: 'error', code: 'N101', message: diagnostics[0].message });
      assert.match(diagnostics[0].message, /`peak` is not defined/);
      assert.deepEqual(Object.keys(json(run)), ['diagnostics']);
      assert.deepEqual(diagnostics.map((d: { code: string }) => d.code), ['N101', 'N406']);
    },
  },
  {
    name: 'lint --format json: columns count UTF-16 code units, lines skip a BOM and count CRLF once',
    files: { 'wide.md': '\uFEFF# 😀 design\r\n\r\n```napkin\r\n# 😀😀\r\ny = 😀 + 1\r\n```\r\n', 'bom.napkin': '\uFEFFs = 5\n' },
    args: ['lint', 'wide.md', 'bom.napkin', '--format', 'json'],
    code: 1,
    check: (run) => {
      const found = json(run).diagnostics.map((d: { file: string; line: number; column: number; code: string }) => `${d.file}:${d.line}:${d.column}:${d.code}`);
      assert.ok(found.includes('bom.napkin:1:1:N103'), found.join(' ')); // the BOM is not a column
      assert.ok(found.includes('wide.md:5:5:N001'), found.join(' ')); // after `y = `, on the fifth line
    },
  },
  {
    name: 'lint --format sarif: valid SARIF 2.1.0 with rules, levels and relative URIs',
    files: { 'docs/my design.md': fixture('errors.md'), 'docs/hints.md': fixture('hints.md') },
    args: ['lint', '--format', 'sarif'],
    code: 1,
    check: (run) => {
      const sarif = json(run);
      assertValidSarif(sarif);
      const driver = sarif.runs[0].tool.driver;
      assert.equal(driver.name, 'napkin');
      assert.equal(driver.version, JSON.parse(fixture('./package.json')).version);
      const n401 = driver.rules.find((r: { id: string }) => r.id === 'N401');
      assert.deepEqual(n401, { id: 'N401', name: 'over-capacity', shortDescription: { text: n401.shortDescription.text }, helpUri: 'https://github.com/napkin-dev/napkin/blob/main/docs/rules/N401.md', defaultConfiguration: { level: 'error' } });
      const results = sarif.runs[0].results;
      const error = results.find((r: { ruleId: string }) => r.ruleId === 'N101');
      assert.equal(error.level, 'error');
      assert.deepEqual(error.locations[0].physicalLocation, { artifactLocation: { uri: 'docs/my%20design.md', uriBaseId: '%SRCROOT%' }, region: { startLine: 4, startColumn: 24, endLine: 4, endColumn: 28 } });
      assert.equal(results.find((r: { ruleId: string }) => r.ruleId === 'N410').level, 'note');
      assert.equal(driver.rules[error.ruleIndex].id, 'N101');
    },
  },
  {
    name: 'lint --format sarif: unreadable files make the run unsuccessful',
    files: { 'bin.md': new Uint8Array([0, 1, 2]), 'clean.md': fixture('clean.md') },
    args: ['lint', '--format', 'sarif'],
    code: 2,
    check: (run) => {
      const sarif = json(run);
      assertValidSarif(sarif);
      assert.equal(sarif.runs[0].invocations[0].executionSuccessful, false);
      assert.match(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text, /bin\.md: is a binary file/);
    },
  },
  {
    name: 'lint --format github: workflow commands with escaped properties and data',
    files: { 'odd,name:1.md': proximity },
    args: ['lint', '--format', 'github'],
    code: 1,
    out: [
      /^::error file=odd%2Cname%3A1\.md,line=33,col=14,endLine=33,endColumn=17,title=N401 over-capacity::`lbs` receives 16\.5K\/s but 3 replicas × 5K\/s serve 15K\/s \(110%25\): it needs 4 replicas\.$/m,
      /^::warning file=odd%2Cname%3A1\.md,line=32,col=14,endLine=32,endColumn=16,title=N403 single-point-of-failure::/m,
    ],
  },
  { name: 'lint --format github: info is a notice', files: { 'hints.md': fixture('hints.md') }, args: ['lint', '--format', 'github'], code: 0, out: [/^::notice file=hints\.md,line=6,col=7,.*title=N410 cache-without-ttl::/m] },
  {
    name: 'lint --format junit: well-formed XML, a suite per file, failures for errors and warnings',
    files: { 'errors.md': fixture('errors.md'), 'clean.md': fixture('clean.md'), 'hints.md': fixture('hints.md'), 'x&<y>".md': fixture('errors.md') },
    args: ['lint', '--format', 'junit'],
    code: 1,
    check: (run) => {
      const elements = checkWellFormed(run.stdout);
      assert.equal(elements.filter((e) => e === 'testsuite').length, 4);
      assert.equal(elements.filter((e) => e === 'failure').length, 5); // 2 × (N101 + N406) + N403
      assert.match(run.stdout, /<testsuites name="napkin" tests="7" failures="5" errors="0">/);
      assert.match(run.stdout, /<testsuite name="x&amp;&lt;y&gt;&quot;\.md"/);
      assert.match(run.stdout, /<testcase classname="clean\.md" name="clean\.md" file="clean\.md"\/>/);
      assert.match(run.stdout, /<system-out>hints\.md:6:7 info N410/);
    },
  },
  {
    name: 'lint --format junit: an unreadable file is an <error> testcase',
    files: { 'bin.md': new Uint8Array([0, 1]) },
    args: ['lint', '--format', 'junit'],
    code: 2,
    check: (run) => {
      checkWellFormed(run.stdout);
      assert.match(run.stdout, /<error message="bin\.md: is a binary file, not text"\/>/);
    },
  },

  // ── configuration ────────────────────────────────────────────────────────
  {
    name: 'config: .napkin.json turns rules off and changes severities, by code or alias',
    files: { 'warnings.md': fixture('warnings.md'), 'hints.md': fixture('hints.md'), '.napkin.json': JSON.stringify({ rules: { N406: 'off', 'cache-without-ttl': 'error', N407: 'warning' } }) },
    args: ['lint', '--format', 'json'],
    code: 1,
    check: (run) => {
      const codes = json(run).diagnostics.map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`);
      assert.deepEqual(codes, ['N407:warning', 'N403:warning', 'N410:error']);
    },
  },
  {
    name: 'config: the nearest .napkin.json wins, package.json "napkin" key counts, walking up stops at none',
    files: {
      '.napkin.json': JSON.stringify({ rules: { N406: 'error' } }),
      'a/warnings.md': fixture('warnings.md'),
      'b/package.json': JSON.stringify({ name: 'b', napkin: { rules: { N406: 'off' } } }),
      'b/warnings.md': fixture('warnings.md'),
      'c/package.json': JSON.stringify({ name: 'c' }),
      'c/d/.napkin.json': JSON.stringify({ rules: { N406: 'info' } }),
      'c/d/warnings.md': fixture('warnings.md'),
      'c/warnings.md': fixture('warnings.md'),
    },
    args: ['lint', '--format', 'json'],
    code: 1,
    check: (run) => {
      const byFile = json(run).diagnostics.map((d: { file: string; severity: string }) => `${d.file}:${d.severity}`);
      assert.deepEqual(byFile, ['a/warnings.md:error', 'a/warnings.md:error', 'c/d/warnings.md:info', 'c/d/warnings.md:info', 'c/warnings.md:error', 'c/warnings.md:error']);
    },
  },
  {
    name: 'config: --config PATH overrides discovery',
    files: { '.napkin.json': JSON.stringify({ rules: { N406: 'error' } }), 'ci/napkin.json': JSON.stringify({ rules: { N406: 'off' } }), 'warnings.md': fixture('warnings.md') },
    args: ['lint', '--config', 'ci/napkin.json'],
    code: 0,
    out: [/no problems in 1 file/],
  },
  { name: 'config: an unknown key is exit 2 naming the file and the key', files: { '.napkin.json': '{"rulez": {}}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/^napkin lint: \.napkin\.json: "rulez": unknown key; the keys are "rules", "assume" and "precision"\. Did you mean `rules`\?\n$/] },
  { name: 'config: an unknown rule is exit 2', files: { '.napkin.json': '{"rules": {"N999": "off"}}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/\.napkin\.json: "rules\.N999": unknown rule/] },
  { name: 'config: a bad severity is exit 2', files: { '.napkin.json': '{"rules": {"N406": "warn"}}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/\.napkin\.json: "rules\.N406": "warn" is not a severity; use "error", "warning", "info", "hint" or "off"\./] },
  { name: 'config: a bad precision is exit 2', files: { '.napkin.json': '{"precision": 0}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/\.napkin\.json: "precision": 0 is not a whole number from 1 to 10/] },
  { name: 'config: an assumption of the wrong dimension is exit 2', files: { '.napkin.json': '{"assume": {"day": "3 GB"}}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/\.napkin\.json: "assume\.day": "3 GB" is not valid here: `day` is a duration, but this is data/] },
  { name: 'config: an assumption that does not parse is exit 2', files: { '.napkin.json': '{"assume": {"day": "100K s +"}}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/"assume\.day": "100K s \+" is not valid here/] },
  { name: 'config: an assumption of something that cannot be assumed is exit 2', files: { '.napkin.json': '{"assume": {"dai": "100K s"}}', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/"assume\.dai": .*`dai` is not a unit/] },
  { name: 'config: invalid JSON is exit 2', files: { '.napkin.json': '{"rules": ', 'clean.md': fixture('clean.md') }, args: ['lint'], code: 2, err: [/^napkin lint: \.napkin\.json: not valid JSON: /] },
  { name: 'config: a bad "napkin" key in package.json is exit 2', files: { 'package.json': '{"napkin": {"precision": "3"}}', 'clean.md': fixture('clean.md') }, args: ['estimate', 'clean.md'], code: 2, err: [/package\.json \("napkin" key\): "precision": "3" is not a whole number/] },
  {
    name: 'config: assumptions apply like assume lines (interview rounding)',
    files: { 'twitter.md': twitterPlain, '.napkin.json': JSON.stringify({ assume: { day: '100K s', year: '400 days' } }) },
    args: ['estimate', 'twitter.md', '--format', 'json'],
    code: 0,
    check: (run) => {
      const q = Object.fromEntries(json(run).files[0].quantities.map((x: { name: string; value: number }) => [x.name, x.value]));
      near(q.peak_tweets, 1500);
      near(q.pictures, 9e15);
    },
  },
  {
    name: "config: the document's own assume wins over the config's",
    files: { 'twitter.md': twitter, '.napkin.json': JSON.stringify({ assume: { day: '86400 s' }, precision: 2 }) },
    args: ['estimate', 'twitter.md', '--format', 'json'],
    code: 0,
    check: (run) => {
      const peak = json(run).files[0].quantities.find((x: { name: string }) => x.name === 'peak_tweets');
      near(peak.value, 1500);
      assert.equal(peak.display, '1.5K tweets/s');
    },
  },
  {
    name: 'config: without assumptions the calendar values; precision applies to displays',
    files: { 'twitter.md': twitterPlain, '.napkin.json': JSON.stringify({ precision: 2, assume: { 'service.capacity': '20K/s' } }) },
    args: ['estimate', 'twitter.md', '--format', 'json'],
    code: 0,
    check: (run) => {
      const peak = json(run).files[0].quantities.find((x: { name: string }) => x.name === 'peak_tweets');
      near(peak.value, 1736.111111);
      assert.equal(peak.display, '1.7K tweets/s');
    },
  },

  // ── suppressions ─────────────────────────────────────────────────────────
  {
    name: 'suppressions: next-line, same line, ranges across fences, enable, unknown codes (N005)',
    files: { 'suppressed.md': fixture('suppressed.md') },
    args: ['lint', 'suppressed.md', '--format', 'json'],
    code: 1,
    check: (run) => {
      const found = json(run).diagnostics.map((d: { line: number; code: string }) => `${d.line}:${d.code}`);
      assert.deepEqual(found, ['11:N406', '17:N406', '19:N406', '19:N101', '20:N005', '21:N406']);
    },
  },
  {
    name: 'suppressions: N005 can be configured like any rule',
    files: { 'suppressed.md': fixture('suppressed.md'), '.napkin.json': '{"rules": {"unknown-suppression": "off", "N406": "off"}}' },
    args: ['lint', 'suppressed.md', '--format', 'json'],
    code: 1,
    check: (run) => assert.deepEqual(json(run).diagnostics.map((d: { code: string }) => d.code), ['N101']),
  },

  // ── estimate ─────────────────────────────────────────────────────────────
  {
    name: 'estimate --format json: the Twitter numbers',
    files: { 'twitter.md': twitter },
    args: ['estimate', 'twitter.md', '--format', 'json'],
    code: 0,
    check: (run) => {
      const [file] = json(run).files;
      assert.equal(file.file, 'twitter.md');
      const peak = file.quantities.find((q: { name: string }) => q.name === 'peak_tweets');
      near(peak.value, 1500);
      assert.deepEqual({ ...peak, value: 0 }, { name: 'peak_tweets', line: 25, value: 0, unit: 'tweets/s', display: '1.5K tweets/s' });
      const pictures = file.quantities.find((q: { name: string }) => q.name === 'pictures');
      near(pictures.value, 9e15);
      assert.equal(pictures.unit, 'B');
      assert.equal(pictures.display, '9 PB');
      // 15 significant digits: no binary floating-point noise (the division gives 750.0000000000001).
      assert.equal(file.quantities.find((q: { name: string }) => q.name === 'tweets').value, 750);
      assert.equal(peak.value, 1500);
      assert.deepEqual(file.components, []);
      assert.deepEqual(file.connections, []);
    },
  },
  {
    name: 'estimate --format json: the proximity service loads',
    files: { 'proximity.md': proximity },
    args: ['estimate', 'proximity.md', '--format', 'json'],
    code: 0,
    check: (run) => {
      const [file] = json(run).files;
      const qps = file.quantities.find((q: { name: string }) => q.name === 'search_qps');
      near(qps.value, 5787.037037);
      assert.equal(qps.unit, 'req/s');
      const lbs = file.components.find((c: { id: string }) => c.id === 'lbs');
      near(lbs.load, 16493.0555555, 1e-9);
      assert.deepEqual({ ...lbs, load: 0, utilisation: 0 }, { id: 'lbs', kind: 'service', line: 33, load: 0, capacity: 15000, replicas: 3, utilisation: 0, replicasNeeded: 4 });
      near(lbs.utilisation, 16493.0555555 / 15000);
      const bizdb = file.components.find((c: { id: string }) => c.id === 'bizdb');
      near(bizdb.load, 86.80555555);
      assert.equal(bizdb.capacity, null);
      assert.equal(file.components.find((c: { id: string }) => c.id === 'people').capacity, null);
      assert.equal(file.connections.length, 6);
      const lbToLbs = file.connections.find((c: { from: string; to: string }) => c.from === 'lb' && c.to === 'lbs');
      assert.equal(lbToLbs.line, 40);
      near(lbToLbs.load, 16493.0555555, 1e-9);
      assert.equal(lbToLbs.bandwidth, null);
    },
  },
  {
    name: 'estimate: Markdown tables per file, over capacity marked, failed asserts listed',
    files: { 'docs/proximity.md': proximity, 'docs/budget.md': '# Budget\n\n```napkin\npeak = 10K/s\nassert peak < 5K/s\n```\n', 'docs/readme.md': '# No design here\n' },
    args: ['estimate', 'docs/'],
    notOut: [/readme/],
    code: 0,
    out: [
      /^## docs\/budget\.md$/m,
      /^## docs\/proximity\.md$/m,
      /^\| Quantity \| Value \| Exact \| Line \|$/m,
      /^\| `search_qps` \| 5\.79K req\/s \| 5,787\.037037\d* req\/s \| 17 \|$/m,
      /^\| Component \| Kind \| Load \| Capacity \| Utilisation \| Replicas \| Needed \|$/m,
      /^\| `lbs` \| service \| 16\.5K\/s \| 15K\/s \| \*\*110% over capacity\*\* \| 3 \| \*\*4\*\* \|$/m,
      /^\*\*Failed asserts\*\*\n\n- Line 5: `assert peak < 5K\/s`: Budget exceeded: `peak` = 10K\/s is not < 5K\/s/m,
    ],
    check: (run) => assert.ok(run.stdout.indexOf('## docs/budget.md') < run.stdout.indexOf('## docs/proximity.md'), 'sorted by path'),
  },
  { name: 'estimate: no file is a usage error', args: ['estimate'], code: 2, err: [/^napkin estimate: which files\?/] },

  // ── render ───────────────────────────────────────────────────────────────
  {
    name: 'render --format mermaid: every diagram in order, to stdout',
    files: { 'proximity.md': proximity },
    args: ['render', 'proximity.md'],
    code: 0,
    check: (run) => {
      const blocks = [...run.stdout.matchAll(/^```mermaid\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
      assert.equal(blocks.length, 2);
      assert.match(blocks[0]!, /^flowchart LR\n/);
      assert.match(blocks[0]!, /Location-based service<br\/>16\.5K\/s · 110#37;/);
      assert.match(blocks[1]!, /^sequenceDiagram\n/);
    },
  },
  {
    name: 'render --out DIR: one .mmd per diagram',
    files: { 'docs/proximity-service.md': proximity },
    args: ['render', 'docs/proximity-service.md', '--out', 'out'],
    code: 0,
    out: [/^out\/proximity-service-1\.mmd\nout\/proximity-service-2\.mmd\n$/],
    check: (run) => {
      assert.deepEqual(readdirSync(join(run.dir, 'out')).sort(), ['proximity-service-1.mmd', 'proximity-service-2.mmd']);
      assert.match(read(run, 'out/proximity-service-2.mmd'), /^sequenceDiagram\n/);
    },
  },
  {
    name: 'render --format svg: real Mermaid in headless Chromium, well-formed SVG files',
    skip: chromiumMissing,
    files: { 'proximity-service.md': proximity },
    args: ['render', 'proximity-service.md', '--format', 'svg', '--out', 'svg'],
    code: 0,
    check: (run) => {
      for (const n of [1, 2]) {
        const svg = read(run, `svg/proximity-service-${n}.svg`);
        assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
        checkWellFormed(svg);
      }
      assert.match(read(run, 'svg/proximity-service-1.svg'), /Location-based service/);
      assert.match(read(run, 'svg/proximity-service-2.svg'), /Geospatial index/);
    },
  },
  { name: 'render --format svg needs --out', files: { 'p.md': proximity }, args: ['render', 'p.md', '--format', 'svg'], code: 2, err: [/--format svg writes files: add --out DIR/] },
  { name: 'render --format svg: a missing NAPKIN_CHROMIUM is exit 2', files: { 'p.md': proximity }, env: { NAPKIN_CHROMIUM: '/nonexistent/chromium' }, args: ['render', 'p.md', '--format', 'svg', '--out', 'o'], code: 2, err: [/NAPKIN_CHROMIUM is \/nonexistent\/chromium, which does not exist/] },
  { name: 'render: a file without diagrams prints nothing', files: { 't.md': twitter }, args: ['render', 't.md'], code: 0, out: [/^$/], err: [/has no components, connections or flows to draw/] },

  // ── sync ─────────────────────────────────────────────────────────────────
  {
    name: 'sync: writes a block after each drawing fence, idempotent, --check agrees, no other byte changes',
    files: { 'docs/proximity.md': proximity, 'docs/twitter.md': twitter },
    steps: [
      { args: ['sync', '--check'], code: 1, out: [/^docs\/proximity\.md: out of date\n$/], err: [/1 file is out of date; run napkin sync/], check: (run) => assert.equal(read(run, 'docs/proximity.md'), proximity) },
      {
        args: ['sync'],
        code: 0,
        out: [/^docs\/proximity\.md: updated\n$/],
        check: (run) => {
          const text = read(run, 'docs/proximity.md');
          assert.equal(stripOwned(text), proximity);
          assert.equal(read(run, 'docs/twitter.md'), twitter);
          assert.equal((text.match(/<!-- napkin:begin generated diagram/g) ?? []).length, 2);
          assert.equal((text.match(/^```mermaid$/gm) ?? []).length, 2);
          assert.match(text, /biz {4}-> redis -> bizdb\n```\n\n<!-- napkin:begin generated diagram \(napkin sync; edit the napkin fence, not this block\) hash=[0-9a-f]{16} -->\n```mermaid\nflowchart LR\n/);
        },
      },
      { args: ['sync'], code: 0, out: [/^$/] },
      { args: ['sync', '--check'], code: 0, out: [/^$/] },
      {
        before: (dir) => writeFileSync(join(dir, 'docs/proximity.md'), readFileSync(join(dir, 'docs/proximity.md'), 'utf8').replace('capacity: 5K/s', 'capacity: 8K/s')),
        args: ['sync', '--check'],
        code: 1,
        out: [/docs\/proximity\.md: out of date/],
      },
      {
        args: ['sync'],
        code: 0,
        check: (run) => {
          const text = read(run, 'docs/proximity.md');
          assert.equal(stripOwned(text), proximity.replace('capacity: 5K/s', 'capacity: 8K/s'));
          assert.match(text, /Location-based service<br\/>16\.5K\/s · 69#37;/);
        },
      },
    ],
  },
  {
    name: 'sync: refuses to overwrite a hand-edited block (file and line), --force does',
    files: { 'p.md': proximity },
    steps: [
      { args: ['sync'], code: 0 },
      {
        before: (dir) => writeFileSync(join(dir, 'p.md'), readFileSync(join(dir, 'p.md'), 'utf8').replace('class c2 over', 'class c2 ok')),
        args: ['sync'],
        code: 2,
        err: [/^napkin sync: p\.md:46: this generated block was edited by hand/],
        check: (run) => assert.match(read(run, 'p.md'), /class c2 ok/),
      },
      { args: ['sync', '--check'], code: 2, err: [/p\.md:46: this generated block was edited by hand/] },
      { args: ['sync', '--force'], code: 0, out: [/p\.md: updated/], check: (run) => assert.equal(stripOwned(read(run, 'p.md')), proximity) },
    ],
  },
  {
    name: 'sync: removes the block of a fence that no longer draws, and orphaned blocks',
    files: { 'p.md': proximity },
    steps: [
      { args: ['sync'], code: 0 },
      {
        before: (dir) => writeFileSync(join(dir, 'p.md'), readFileSync(join(dir, 'p.md'), 'utf8').replace(/```napkin\nflow search[\s\S]*?\n```\n/, '')),
        args: ['sync'],
        code: 0,
        check: (run) => {
          const text = read(run, 'p.md');
          assert.equal((text.match(/napkin:begin/g) ?? []).length, 1);
          assert.equal(stripOwned(text), proximity.replace(/```napkin\nflow search[\s\S]*?\n```\n/, ''));
        },
      },
    ],
  },
  {
    name: 'sync: CRLF, BOM, no final newline, block quotes and list items keep every other byte',
    files: { 'c.md': '\uFEFF' + containers.replace(/\n/g, '\r\n') },
    steps: [
      {
        args: ['sync'],
        code: 0,
        check: (run) => {
          const bytes = readFileSync(join(run.dir, 'c.md'));
          const text = bytes.toString('utf8');
          assert.ok(text.startsWith('\uFEFF'));
          assert.ok(!/[^\r]\n/.test(text), 'every line break stays CRLF');
          assert.ok(text.endsWith('<!-- napkin:end -->'), 'no final line break added');
          assert.ok(Buffer.from(stripOwned(text), 'utf8').equals(Buffer.from('\uFEFF' + containers.replace(/\n/g, '\r\n'), 'utf8')));
          assert.match(text, /> ```\r\n>\r\n> <!-- napkin:begin [^\r\n]*\r\n> ```mermaid\r\n> flowchart LR\r\n/);
          assert.match(text, /\r\n {2}```\r\n\r\n {2}<!-- napkin:begin [^\r\n]*\r\n {2}```mermaid\r\n/);
          assert.equal((text.match(/napkin:begin/g) ?? []).length, 3);
        },
      },
      { args: ['sync', '--check'], code: 0 },
    ],
  },
  {
    name: 'sync: keeps the file mode',
    files: { 'p.md': proximity },
    setup: (dir) => chmodSync(join(dir, 'p.md'), 0o640),
    args: ['sync'],
    code: 0,
    check: (run) => {
      assert.equal(statSync(join(run.dir, 'p.md')).mode & 0o777, 0o640);
      assert.deepEqual(readdirSync(run.dir), ['p.md'], 'no temporary file left behind');
    },
  },
  {
    name: 'sync: refuses when the file changes on disk while it writes',
    only: 'main',
    files: { 'p.md': proximity },
    fs: (dir) => ({
      ...nodeFs,
      writeFileSync: ((path: nodeFs.PathOrFileDescriptor, data: string, options?: nodeFs.WriteFileOptions) => {
        nodeFs.writeFileSync(path, data, options);
        if (String(path).includes('.napkin-')) nodeFs.appendFileSync(join(dir, 'p.md'), 'an edit made meanwhile\n');
      }) as typeof nodeFs.writeFileSync,
    }),
    args: ['sync'],
    code: 2,
    err: [/^napkin sync: p\.md: changed on disk while napkin sync was updating it; nothing was written, run napkin sync again\n$/],
    check: (run) => {
      assert.equal(read(run, 'p.md'), proximity + 'an edit made meanwhile\n');
      assert.deepEqual(readdirSync(run.dir), ['p.md']);
    },
  },

  // ── diff ─────────────────────────────────────────────────────────────────
  {
    name: 'diff: two files, text',
    files: { 'base.md': proximity, 'head.md': proximity.replace('dau         = 100M users', 'dau         = 200M users').replace('capacity: 5K/s', 'capacity: 8K/s') },
    args: ['diff', 'base.md', 'head.md'],
    code: 0,
    out: [
      /^base\.md → head\.md$/m,
      /^ {2}~ dau {9}100M users → 200M users {2}\(\+100%\)$/m,
      /^ {2}~ search_qps {2}5\.79K req\/s → 11\.6K req\/s {2}\(\+100%\)$/m,
      /^ {2}~ lbs {5}load 16\.5K\/s → 33K\/s \(\+100%\), capacity 15K\/s → 24K\/s \(\+60%\), utilisation 110% → 137% \(\+27\.5 pp\), replicas needed 4 → 5 \(\+1\)$/m,
    ],
    notOut: [/businesses/, /geo_row/],
  },
  {
    name: 'diff: --all shows unchanged numbers; --format markdown is a table',
    files: { 'base.md': proximity, 'head.md': proximity.replace('dau         = 100M users', 'dau         = 50M users') },
    args: ['diff', 'base.md', 'head.md', '--all', '--format', 'markdown'],
    code: 0,
    out: [/^### Capacity diff: `head\.md` \(`base\.md` → `head\.md`\)$/m, /^\| `dau` \| 100M users \| 50M users \| -50% \|$/m, /^\| `businesses` \| 200M \| 200M \| unchanged \|$/m, /^\| `lbs` \| kind \| service \| service \| unchanged \|$/m, /^\*\*Resolved errors\*\*\n\n- N401 over-capacity: /m],
  },
  {
    name: 'diff: added and removed names, new errors, --fail-on-new-errors',
    files: { 'base.md': '```napkin\nold = 5 GB\nuser u { rate: 1K/s }\nservice api { capacity: 5K/s }\nu -> api\n```\n', 'head.md': '```napkin\nfresh = 2 PB\nuser u { rate: 10K/s }\nservice api { capacity: 5K/s }\nu -> api\n```\n' },
    steps: [
      { args: ['diff', 'base.md', 'head.md'], code: 0, out: [/^ {2}\+ fresh {2}2 PB$/m, /^ {2}- old {4}was 5 GB$/m, /^Errors\n {2}\+ N401 over-capacity, line 4: `api` receives 10K\/s/m] },
      { args: ['diff', 'base.md', 'head.md', '--fail-on-new-errors'], code: 1 },
      { args: ['diff', 'head.md', 'base.md', '--fail-on-new-errors'], code: 0, out: [/- N401 over-capacity, resolved \(was line 4\)/] },
    ],
  },
  {
    name: 'diff: git revisions of one file, and a revision against the working tree',
    files: { 'docs/design.md': proximity },
    setup: (dir) => {
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=napkin', '-c', 'user.email=napkin@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
      git('init', '-q');
      git('add', '.');
      git('commit', '-qm', 'first');
      writeFileSync(join(dir, 'docs/design.md'), proximity.replace('dau         = 100M users', 'dau         = 400M users'));
      git('commit', '-qam', 'second');
      writeFileSync(join(dir, 'docs/design.md'), proximity.replace('dau         = 100M users', 'dau         = 800M users'));
    },
    steps: [
      { args: ['diff', 'HEAD~1', 'HEAD', '--', 'docs/design.md'], code: 0, out: [/^docs\/design\.md: HEAD~1 → HEAD$/m, /~ dau {9}100M users → 400M users {2}\(\+300%\)/] },
      { args: ['diff', 'HEAD', 'design.md'], cwd: 'docs', code: 0, out: [/^design\.md: HEAD → working tree$/m, /~ dau {9}400M users → 800M users {2}\(\+100%\)/] },
      { args: ['diff', 'HEAD~1', '--', 'docs/design.md'], code: 0, out: [/100M users → 800M users {2}\(\+700%\)/] },
      { args: ['diff', 'nope', 'HEAD', '--', 'docs/design.md'], code: 2, err: [/^napkin diff: git show nope:docs\/design\.md failed: invalid object name 'nope'/] },
      { before: (dir) => writeFileSync(join(dir, 'docs/new.md'), proximity), args: ['diff', 'HEAD', 'docs/new.md'], code: 0, err: [/docs\/new\.md does not exist at HEAD; comparing with an empty file/], out: [/\+ dau/] },
      { before: (dir) => rmSync(join(dir, 'docs'), { recursive: true }), args: ['diff', 'HEAD~1', 'HEAD', '--', 'docs/design.md'], code: 0, out: [/100M users → 400M users/] },
    ],
  },
  { name: 'diff: a revision outside a git repository is exit 2', files: { 'design.md': proximity }, args: ['diff', 'HEAD', 'design.md'], code: 2, err: [/^napkin diff: design\.md is not inside a git repository/] },
  { name: 'diff: wrong arguments are a usage error', files: { 'a.md': proximity }, args: ['diff', 'a.md'], code: 2, err: [/give two files/] },
  {
    name: 'paths typed for side files end, whatever is there: a device, a folder Node cannot make',
    skip: () => (existsSync('/dev/zero') && existsSync('/proc/self') ? undefined : 'needs Linux /dev and /proc'),
    files: { 'a.md': proximity },
    steps: [
      // /dev/zero never ends: read, it took all memory.
      { args: ['lint', 'a.md', '--config', '/dev/zero'], code: 2, err: [/cannot read the configuration: is not a regular file/] },
      { args: ['lint', 'a.md', '--cache', '--cache-location', '/dev/full'], code: 1, err: [/is not a napkin cache, so it was left as it is/] },
      // Node 20's recursive mkdir retried /proc/x for ever.
      { args: ['lint', 'a.md', '--cache', '--cache-location', '/proc/x/cache.json'], code: 1, err: [/could not write the cache .*ENOENT.*mkdir '\/proc\/x'; the lint itself is complete/] },
      { args: ['render', 'a.md', '--out', '/proc/x/diagrams'], code: 2, err: [/cannot create the directory: ENOENT/] },
      { args: ['lint', 'a.md', '--cache', '--cache-location', 'deep/er/cache.json'], code: 1, check: (run) => assert.ok(existsSync(join(run.dir, 'deep/er/cache.json'))) },
    ],
  },
  {
    name: 'a path after -- is a path, even one that starts with -',
    files: { '-odd.md': proximity, 'other.md': proximity },
    steps: [
      { args: ['lint', '--', '-odd.md'], code: 1, out: [/--> -odd\.md:33:14/, /in 1 file/], notOut: [/other\.md/] },
      { args: ['estimate', '--', '-odd.md'], code: 0, out: [/^## -odd\.md$/m], notOut: [/other\.md/] },
      { args: ['lint', '-odd.md'], code: 2, err: [/unknown option -o/] },
    ],
  },
];

// ── the runner ────────────────────────────────────────────────────────────────

const directories: string[] = [];
after(() => directories.forEach(removeDir));

for (const mode of ['main', 'exec'] as const) {
  describe(`napkin CLI (${mode === 'main' ? 'in-process main()' : 'subprocess node dist/cli.js'})`, { concurrency: 8 }, () => {
    for (const c of cases) {
      const skipReason = c.only && c.only !== mode ? `in-process only (injects fs)` : c.skip?.();
      test(c.name, { skip: skipReason ?? false }, async () => {
        if (mode === 'exec') assert.ok(existsSync(cliBundle), 'dist/cli.js is missing: run npm run build first');
        const dir = makeDir(c.files ?? {});
        directories.push(dir);
        c.setup?.(dir);
        const steps: readonly Step[] = c.steps ?? [{ args: c.args!, code: c.code!, cwd: c.cwd, env: c.env, out: c.out, err: c.err, notOut: c.notOut, check: c.check }];
        for (const [index, step] of steps.entries()) {
          step.before?.(dir);
          const cwd = step.cwd ? join(dir, step.cwd) : dir;
          const env = caseEnv({ ...c.env, ...step.env });
          const result = mode === 'main' ? await runMain(step.args, cwd, env, c.fs?.(dir)) : await runExec(step.args, cwd, env);
          const run: Run = { ...result, dir, mode };
          const where = `step ${index + 1} (napkin ${step.args.join(' ')})\n--- stdout\n${run.stdout}\n--- stderr\n${run.stderr}`;
          assert.equal(run.code, step.code, `exit code, ${where}`);
          if (run.code === 2) {
            assert.ok(run.stderr.trim() !== '', `exit code 2 says why, ${where}`);
            assert.doesNotMatch(run.stderr, /^\s+at /m, `no stack trace, ${where}`);
          }
          for (const pattern of step.out ?? []) assert.match(run.stdout, pattern, where);
          for (const pattern of step.notOut ?? []) assert.doesNotMatch(run.stdout, pattern, where);
          for (const pattern of step.err ?? []) assert.match(run.stderr, pattern, where);
          step.check?.(run);
        }
      });
    }
  });
}

test('the executable: a reader that stops early (| head) ends no command with a stack trace, nor changes its exit code', { skip: !existsSync(cliBundle) && 'dist/cli.js is missing: run npm run build first' }, async () => {
  const lines = Array.from({ length: 4000 }, (_, i) => `quantity_${i} = ${i} req/s`);
  const dir = makeDir({ 'many.md': `# Many\n\n\`\`\`napkin\n${lines.join('\n')}\n\`\`\`\n`, 'bad.md': proximity });
  directories.push(dir);
  for (const [args, code] of [[['estimate', 'many.md'], 0], [['lint', '--include-hints', 'many.md', 'bad.md'], 1]] as const) {
    const child = spawn(process.execPath, [cliBundle, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    // Take the first chunk, then close the pipe, as `head -c` does (the output is a few hundred KB).
    child.stdout.once('data', () => child.stdout.destroy());
    const [exit] = await once(child, 'close');
    assert.equal(exit, code, `napkin ${args.join(' ')}: ${stderr}`);
    assert.doesNotMatch(stderr, /EPIPE|^\s+at /m, `napkin ${args.join(' ')}`);
  }
});

test('the executable: output that cannot be written (a full disk) is one line on stderr and exit code 2', { skip: (!existsSync(cliBundle) && 'dist/cli.js is missing: run npm run build first') || (!existsSync('/dev/full') && 'no /dev/full here') }, async () => {
  const dir = makeDir({ 'bad.md': proximity });
  directories.push(dir);
  for (const args of [['estimate', 'bad.md'], ['lint', 'bad.md']]) {
    const full = nodeFs.openSync('/dev/full', 'w');
    try {
      const child = spawn(process.execPath, [cliBundle, ...args], { cwd: dir, stdio: ['ignore', full, 'pipe'] });
      let stderr = '';
      child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
      const [exit] = await once(child, 'close');
      assert.equal(exit, 2, `napkin ${args.join(' ')}: ${stderr}`);
      assert.match(stderr, /^napkin: could not write to stdout: ENOSPC: no space left on device/, `napkin ${args.join(' ')}`);
      assert.doesNotMatch(stderr, /^\s+at /m, `no stack trace: napkin ${args.join(' ')}`);
    } finally {
      nodeFs.closeSync(full);
    }
  }
});

// ── small pure parts ──────────────────────────────────────────────────────────

describe('CLI helpers', () => {
  test('lint threads: workers give the outcomes one thread gives, and a worker that dies leaves its files to the main thread', async () => {
    const kinds = [fixture('errors.md'), fixture('warnings.md'), fixture('hints.md'), proximity, '# Prose only\n'];
    const names = Array.from({ length: 15 }, (_, i) => `n${String(i).padStart(2, '0')}.md`);
    const dir = makeDir({ ...Object.fromEntries(names.map((name, i) => [name, kinds[i % kinds.length]!])), 'boom.js': 'throw new Error("boom")' });
    try {
      const silent = { write: () => true };
      const env: Env = { cwd: dir, stdout: silent, stderr: silent, fs: nodeFs, env: {} };
      const request = { files: names.map((name) => ({ path: name, absolute: join(dir, name) })), config: undefined };
      const serial = await lintFiles(env, createConfigResolver(env, undefined), request, 1);
      assert.equal(serial.filter((o) => o.kind === 'checked' && o.diagnostics.length > 0).length, 12);
      for (const workerScript of [join(root, 'dist/cli.js'), join(dir, 'boom.js')]) {
        const threaded = await lintFiles({ ...env, workerScript }, createConfigResolver(env, undefined), request, 3);
        assert.deepEqual(threaded, serial, workerScript);
      }
      // With a cache: what the workers analysed is kept (they give the hash of the text they read), and used by the next lint.
      const workerScript = join(root, 'dist/cli.js');
      const configs = createConfigResolver(env, undefined);
      const readOf = (file: { path: string; absolute: string }) => readFile(env, configs, file) as ReadFile;
      for (const [strategy, entries] of [['content', 12], ['metadata', 15]] as const) {
        const location = `${strategy}.json`;
        const filled = openLintCache(env, location, strategy);
        assert.deepEqual(await lintFiles({ ...env, workerScript }, configs, { ...request, cache: filled }, 3), serial);
        assert.equal(filled.save(request.files), undefined);
        // Content: the files that mention napkin; metadata: every file, so that a clean one need not be read again.
        assert.equal(Object.keys(JSON.parse(readFileSync(join(dir, location), 'utf8')).files).length, entries, strategy);
        for (const [i, file] of request.files.entries()) {
          if (/napkin/.test(readFileSync(file.absolute, 'utf8'))) assert.deepEqual(openLintCache(env, location, strategy).find(file, readOf(file)), serial[i], `${strategy} ${file.path}`);
        }
        const used = openLintCache(env, location, strategy);
        assert.deepEqual(await lintFiles(env, configs, { ...request, cache: used }, 1), serial, strategy);
        assert.equal(used.save(request.files), undefined);
      }
      // A worker that read another text than the main thread did: its outcome is not kept for the main thread's text.
      const checked = serial.find((o) => o.kind === 'checked' && o.diagnostics.length > 0)!;
      const file = request.files[serial.indexOf(checked)]!;
      const racing = openLintCache(env, 'race.json');
      assert.equal(racing.find(file, readOf(file)), undefined);
      racing.keep(file, checked, 'the hash of another text');
      racing.save([file]);
      assert.equal(openLintCache(env, 'race.json').find(file, readOf(file)), undefined);
    } finally {
      removeDir(dir);
    }
  });
  test('lint threads: one per core with enough to check, halved where optimised code pays; a number is taken as it is', () => {
    const mb = 1024 * 1024;
    assert.equal(threadsFor('auto', 0.2 * mb, 40, 8), 1);
    assert.equal(threadsFor('auto', 1.5 * mb, 400, 2), 2);
    assert.equal(threadsFor('auto', 1.5 * mb, 400, 8), 3);
    assert.equal(threadsFor('auto', 3.8 * mb, 1000, 2), 2);
    assert.equal(threadsFor('auto', 15 * mb, 4000, 2), 1);
    assert.equal(threadsFor('auto', 15 * mb, 4000, 8), 8);
    assert.equal(threadsFor('auto', 40 * mb, 9000, 8), 4);
    assert.equal(threadsFor('auto', 15 * mb, 2, 8), 1);
    assert.equal(threadsFor(3, 100, 40, 2), 3);
    assert.equal(threadsFor(3, 100, 2, 2), 2);
    assert.equal(threadsFor(parseConcurrency('off'), 15 * mb, 4000, 8), 1);
    assert.equal(parseConcurrency(undefined), 'auto');
    assert.equal(parseConcurrency('1000'), 16);
    for (const bad of ['0', '-1', '1.5', 'many', '']) assert.throws(() => parseConcurrency(bad), /--concurrency must be auto, off or a number/);
  });
  test('GitHub escaping: data escapes %, CR and LF; properties also : and ,', () => {
    assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('a,b:c%\n'), 'a%2Cb%3Ac%25%0A');
  });
  test('positions: 1-based lines and UTF-16 columns; BOM, CRLF and lone CR', () => {
    const index = lineIndex('\uFEFFab\r\ncd\ref\n😀x');
    assert.deepEqual(index.position(1), { line: 1, column: 1 });
    assert.deepEqual(index.position(5), { line: 2, column: 1 });
    assert.deepEqual(index.position(8), { line: 3, column: 1 });
    assert.deepEqual(index.position(13), { line: 4, column: 3 });
    assert.equal(index.lineText(1), 'ab');
    assert.equal(index.lineText(4), '😀x');
  });
});
