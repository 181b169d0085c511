// The core is pure: it must bundle for a neutral platform with nothing external — no Node
// built-ins, no vscode, no DOM-only packages — so the server, CLI, markdown-it plugin and preview
// can all use it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const core = join(__dirname, '..', 'server', 'src', 'core');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('the core bundles for a neutral platform with no external imports', async () => {
  const result = await build({
    entryPoints: files(core),
    bundle: true,
    write: false,
    platform: 'neutral',
    outdir: 'out',
    logLevel: 'silent',
    metafile: true,
  });
  const imports = Object.values(result.metafile.outputs).flatMap((output) => output.imports.filter((i) => i.external).map((i) => i.path));
  assert.deepEqual([...new Set(imports)], []);
});

test('no core file imports a platform module', () => {
  const forbidden = /from\s+['"](node:|vscode|fs|path|os|child_process|vscode-languageserver|vscode-languageclient|mermaid|markdown-it)/;
  const offenders = files(core).filter((file) => forbidden.test(readFileSync(file, 'utf8')));
  assert.deepEqual(offenders, []);
});
