/**
 * The VS Code end-to-end test, as part of `npm test`: package the extension with vsce, install the
 * .vsix into code-server (a real VS Code 1.100.3 with a Node.js extension host), and run the e2e
 * suite (test/e2e/suite/extension.test.js) against the INSTALLED extension, so that what ships is
 * what is tested. How it runs: test/e2e/run-code-server.js.
 *
 * Needs `bash .ci/setup-code-server.sh` (code-server in .code-server/) and Debian chromium. Without
 * them the test is skipped with the reason, except in CI (CI=true), where that is a failure.
 *
 * Run: npm run test:e2e   (builds first; or: node --import tsx --test test/e2e.test.ts)
 */

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { isolatedEnv, missingSetup, paths } from './e2e/env.js';

const run = promisify(execFile);
const missing = missingSetup();
const manifest = JSON.parse(readFileSync(join(paths.root, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
const id = `${manifest.publisher}.${manifest.name}`;

/** What the .vsix must hold (besides package.json): the allow-list of .vscodeignore. */
const shipped = [/^dist\/(?!(?:cli|cli-main)\.js$)[^/]+\.js$/, /^dist\/server-main\.js\.cache$/, /^syntaxes\/[^/]+\.json$/, /^snippets\/[^/]+\.code-snippets$/, /^media\//, /^language-configuration\.json$/, /^([Rr][Ee][Aa][Dd][Mm][Ee]\.md|LICENSE\.txt|package\.json)$/];

test('the packaged extension installs into code-server and passes the e2e suite there', { skip: !process.env.CI && missing, timeout: 150_000 }, async (t) => {
  assert.equal(missing, undefined, `${missing} (CI runs .ci/setup-code-server.sh before the tests)`);
  assert.ok(existsSync(paths.server) && existsSync(paths.client), 'dist/client.js or dist/server.js is missing: run npm run build');
  const tmp = mkdtempSync(join(tmpdir(), 'napkin-vsix-'));
  t.after(() => rmSync(tmp, { recursive: true, force: true }));
  const vsix = join(tmp, 'napkin.vsix');
  const extensions = join(tmp, 'extensions');
  const codeServer = (...args: string[]) =>
    run(process.execPath, [paths.codeServerEntry, '--extensions-dir', extensions, '--user-data-dir', join(tmp, 'user-data'), ...args], { env: isolatedEnv(tmp), timeout: 60_000 });

  await t.test('vsce packages the built extension, and only what it needs at run time', async () => {
    await run(process.execPath, [join(paths.root, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '-o', vsix], { cwd: paths.root, timeout: 60_000 });
    const files = zipEntries(readFileSync(vsix)).filter((name) => name.startsWith('extension/')).map((name) => name.slice('extension/'.length));
    t.diagnostic(`${vsix}: ${readFileSync(vsix).length} bytes, ${files.join(' ')}`);
    assert.ok(['dist/client.js', 'dist/language-client.js', 'dist/server.js', 'dist/server-main.js'].every((file) => files.includes(file)), `a client or server bundle is missing: ${files.join(' ')}`);
    assert.deepEqual(files.filter((file) => !shipped.some((re) => re.test(file))), [], 'files that should not ship');
  });

  await t.test('code-server installs the .vsix offline and lists it', async () => {
    const install = await codeServer('--install-extension', vsix);
    assert.match(install.stdout, /successfully installed/, install.stdout + install.stderr);
    const list = await codeServer('--list-extensions', '--show-versions');
    assert.ok(list.stdout.split('\n').includes(`${id}@${manifest.version}`), list.stdout);
  });

  await t.test('the e2e suite passes against the installed extension', async () => {
    const installed = join(extensions, `${id}-${manifest.version}`);
    const result = await run(process.execPath, [join(paths.root, 'test/e2e/run-code-server.js'), '--extension', installed, '--timeout', '90000'], { timeout: 120_000 }).catch(
      (error: { code?: number; stdout?: string; stderr?: string }) => ({ stdout: `${error.stdout ?? ''}${error.stderr ?? ''}`, stderr: '', failed: true }),
    );
    for (const line of result.stdout.trimEnd().split('\n')) t.diagnostic(line);
    assert.ok(!('failed' in result), `the e2e suite failed:\n${result.stdout}`);
  });
});

/** The names in a .zip (a .vsix), read from its central directory. */
function zipEntries(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(end >= 0, 'not a zip file');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(zip.readUInt32LE(at), 0x02014b50, 'bad central directory entry');
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}
