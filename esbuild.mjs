// Bundles every runtime entry point into dist/. esbuild strips types without checking them;
// `npm run check` runs tsc for that.
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions[]} */
const entries = [
  { entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js', platform: 'node', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js', platform: 'node' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', platform: 'node', external: ['vscode'] },
  { entryPoints: ['client/src/preview/main.ts'], outfile: 'dist/preview.js', platform: 'browser', format: 'iife' },
].filter((entry) => existsSync(entry.entryPoints[0]));

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
