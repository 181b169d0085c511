// Bundles every runtime entry point into dist/. esbuild strips types without checking them;
// `npm run check` runs tsc for that.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// --outdir=DIR writes the bundles to DIR instead of dist/ (the benchmarks build the production
// bundles there without touching the development build in dist/).
const outdir = process.argv.find((arg) => arg.startsWith('--outdir='))?.slice('--outdir='.length);

/** @type {esbuild.BuildOptions[]} */
const entries = [
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js', platform: 'node', banner: { js: '#!/usr/bin/env node' }, external: ['playwright-core', 'mermaid'] },
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
}
