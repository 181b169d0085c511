/**
 * Neovim 0.7 as an independent LSP client (test/nvim/lsp-test.lua): diagnostics, hover, inlay
 * hints, definition and an edit through Neovim's own incremental sync. Skipped when `nvim` is not
 * installed, except in CI (`CI` set), where a missing Neovim is a failure.
 * Run: node --import tsx --test test/nvim.test.ts
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'node:test';
import { ensureServerBuilt, root, serverPath } from './lsp/client';

test('Neovim 0.7 talks to the server: diagnostics, hover, inlay hints, edits', async (t) => {
  const nvim = onPath('nvim');
  if (!nvim) {
    assert.ok(!process.env.CI, 'nvim is not on PATH, and CI must install neovim');
    t.skip('neovim not installed');
    return;
  }
  await ensureServerBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'napkin-nvim-'));
  try {
    const file = join(dir, 'design.md');
    copyFileSync(join(root, 'examples/proximity-service.md'), file);
    const env = { ...process.env, SERVER: serverPath, FILE: file, XDG_DATA_HOME: join(dir, 'data'), XDG_CACHE_HOME: join(dir, 'cache'), XDG_STATE_HOME: join(dir, 'state'), XDG_CONFIG_HOME: join(dir, 'config') };
    const { code, stdout, stderr } = await run(nvim, ['-n', '--headless', '--clean', '-c', `luafile ${join(root, 'test/nvim/lsp-test.lua')}`], env, dir);
    for (const line of stdout.trim().split('\n')) t.diagnostic(line);
    assert.match(stdout, /^\d+ passed, 0 failed$/m, `${stdout}\n${stderr}`);
    assert.equal(code, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}
