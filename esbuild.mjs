// Bundles every runtime entry point into dist/. esbuild strips types without checking them;
// `npm run check` runs tsc for that.
import * as esbuild from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
  { entryPoints: ['server/src/cli/lint-worker.ts'], outfile: 'dist/lint-worker.js', platform: 'node' },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js', platform: 'node' },
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

if (watch) {
  for (const entry of entries) await (await esbuild.context({ ...common, ...entry })).watch();
} else {
  await Promise.all(entries.map((entry) => esbuild.build({ ...common, ...entry })));
  const start = entries.find((entry) => entry.outfile.endsWith('/cli.js'));
  if (start) codeCache(start.outfile, join(dirname(start.outfile), 'cli-main.js'));
}

/**
 * Stamps the CLI's bundle with its hash and writes its V8 code cache (server/src/node/code-cache.ts):
 * the executable lints the examples once with NAPKIN_CODE_CACHE=write, so the cache holds every
 * function a lint runs. A watch build does neither, so its bundles run without a cache.
 */
function codeCache(executable, bundle) {
  const source = readFileSync(bundle, 'utf8');
  const stamp = `//# napkin-build=${createHash('sha1').update(source).digest('hex')}\n`;
  // Before the source map comment, which tools expect last.
  const mapAt = source.lastIndexOf('//# sourceMappingURL=');
  writeFileSync(bundle, mapAt < 0 ? `${source.replace(/\n?$/, '\n')}${stamp}` : `${source.slice(0, mapAt)}${stamp}${source.slice(mapAt)}`);
  const args = existsSync('examples') ? ['lint', 'examples', '--exit-zero', '--concurrency', 'off'] : ['--version'];
  execFileSync(process.execPath, [executable, ...args], { env: { ...process.env, NAPKIN_CODE_CACHE: 'write' }, stdio: 'ignore' });
}
