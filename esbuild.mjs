// Bundles every runtime entry point into dist/. esbuild strips types without checking them;
// `npm run check` runs tsc for that.
import * as esbuild from 'esbuild';
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsonrpc from 'vscode-jsonrpc/node';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir=DIR writes the bundles to DIR instead of dist/ (the benchmarks build the production
// bundles there without touching the development build in dist/).
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length);

/** @type {esbuild.BuildOptions[]} */
const entries = [
  // The `napkin` executable is a small start (dist/cli.js) that runs the CLI's bundle through V8's
  // code cache, which the build writes once the bundles are there (codeCache below).
  { entryPoints: ['server/src/cli/start.ts'], outfile: 'dist/cli.js', platform: 'node', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli-main.js', platform: 'node', external: ['playwright-core', 'mermaid'] },
  // The language server likewise: dist/server.js runs dist/server-main.js through its code cache.
  { entryPoints: ['server/src/node/start.ts'], outfile: 'dist/server.js', platform: 'node' },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server-main.js', platform: 'node' },
  // The extension is three bundles: dist/client.js (activation: commands and the Markdown preview
  // hook), dist/language-client.js (vscode-languageclient and the status item, which extension.ts
  // requires in the turn after activation) and dist/preview-host.js (the preview panel and the
  // markdown-it plugin, with the core), which client/src/lazyPreview.ts requires on first use.
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', external: ['vscode'] },
  { entryPoints: ['client/src/languageClient.ts'], outfile: 'dist/language-client.js', platform: 'node', external: ['vscode'] },
  { entryPoints: ['client/src/previewHost.ts'], outfile: 'dist/preview-host.js', platform: 'node', external: ['vscode'] },
  // The two browser bundles carry Mermaid (about 3.5 MB minified): always minified, so a webview
  // loads them quickly even from a development build.
  { entryPoints: ['client/src/preview/main.ts'], outfile: 'dist/preview.js', platform: 'browser', format: 'iife', minify: true },
  { entryPoints: ['client/src/preview/markdownPreview.ts'], outfile: 'dist/markdown-preview.js', platform: 'browser', format: 'iife', minify: true },
]
  .filter((entry) => existsSync(entry.entryPoints[0]))
  .map((entry) => (outdir ? { ...entry, outfile: entry.outfile.replace(/^dist\//, `${outdir.replace(/\/$/, '')}/`) } : entry));

const common = {
  bundle: true,
  format: 'cjs',
  target: 'es2022',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

// What the code caches are written from (codeCache, below).
const examples = existsSync('examples') ? readdirSync('examples').filter((name) => name.endsWith('.md')).map((name) => join('examples', name)) : [];
const writing = { ...process.env, NAPKIN_CODE_CACHE: 'write' };
const execFileAsync = promisify(execFile);

if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  const cli = entries.find((entry) => entry.outfile.endsWith('/cli.js'))?.outfile;
  const server = entries.find((entry) => entry.outfile.endsWith('/server.js'))?.outfile;
  await Promise.all([
    cli && codeCache(join(dirname(cli), 'cli-main.js'), () => lintExamples(cli)),
    server && codeCache(join(dirname(server), 'server-main.js'), () => serverSession(server)),
  ]);
}

/**
 * Stamps a bundle with its hash and writes its V8 code cache (server/src/node/code-cache.ts):
 * `run` runs the bundle once, through its executable, with NAPKIN_CODE_CACHE=write, which writes
 * at exit the bytecode of every function that ran. A watch build does neither, so its bundles run
 * without a cache.
 */
async function codeCache(bundle, run) {
  const source = readFileSync(bundle, 'utf8');
  const stamp = `//# napkin-build=${createHash('sha1').update(source).digest('hex')}\n`;
  // Before the source map comment, which tools expect last.
  const mapAt = source.lastIndexOf('//# sourceMappingURL=');
  writeFileSync(bundle, mapAt < 0 ? `${source.replace(/\n?$/, '\n')}${stamp}` : `${source.slice(0, mapAt)}${stamp}${source.slice(mapAt)}`);
  await run();
}

/** The CLI's run: a lint of the examples, on one thread, with the flags of a short run (the executable sets them). */
async function lintExamples(executable) {
  await execFileAsync(process.execPath, [executable, ...(examples.length > 0 ? ['lint', 'examples', '--exit-zero', '--concurrency', 'off'] : ['--version'])], { env: writing });
}

/**
 * The server's run: an editor's session over stdio, with the flags editors start it with
 * (server/src/node/flags.ts): open the examples, ask what an editor asks, shut down.
 */
async function serverSession(executable) {
  const flagsSource = (await esbuild.transform(readFileSync('server/src/node/flags.ts', 'utf8'), { loader: 'ts', format: 'esm' })).code;
  const { serverNodeFlags } = await import(`data:text/javascript,${encodeURIComponent(flagsSource)}`);
  const child = spawn(process.execPath, [...serverNodeFlags, executable, '--stdio'], { env: writing, stdio: ['pipe', 'pipe', 'ignore'] });
  const connection = jsonrpc.createMessageConnection(new jsonrpc.StreamMessageReader(child.stdout), new jsonrpc.StreamMessageWriter(child.stdin));
  connection.onRequest(() => null);
  connection.listen();
  const exited = new Promise((resolve) => child.on('exit', resolve));
  // A server that hangs is stopped.
  const stop = setTimeout(() => child.kill(), 60_000);
  const session = async () => {
    await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    await connection.sendNotification('initialized', {});
    for (const file of examples) {
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n').length;
      const document = { textDocument: { uri: pathToFileURL(file).href } };
      const everything = { ...document, range: { start: { line: 0, character: 0 }, end: { line: lines, character: 0 } } };
      await connection.sendNotification('textDocument/didOpen', { textDocument: { ...document.textDocument, languageId: 'markdown', version: 1, text } });
      await connection.sendRequest('textDocument/inlayHint', everything);
      await connection.sendRequest('textDocument/hover', { ...document, position: { line: Math.floor(lines / 2), character: 4 } });
      await connection.sendRequest('textDocument/documentSymbol', document);
      await connection.sendRequest('textDocument/semanticTokens/full', document);
      await connection.sendRequest('textDocument/codeAction', { ...everything, context: { diagnostics: [] } });
      await connection.sendRequest('textDocument/foldingRange', document);
    }
    await connection.sendRequest('shutdown');
    await connection.sendNotification('exit');
  };
  // A request to a server that died is never answered: the session ends with the process (and the
  // check that the cache is taken, test/code-cache.test.ts, says what went wrong).
  await Promise.race([session().catch(() => undefined), exited]);
  await exited;
  clearTimeout(stop);
  connection.dispose();
}