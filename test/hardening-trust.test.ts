/**
 * Hardening, part 6: workspace trust. The manifest says the extension supports untrusted
 * workspaces (`capabilities.untrustedWorkspaces.supported: true`); this checks that it really runs
 * nothing from the workspace:
 *
 *   - the server is the extension's own dist/server.js, whatever the workspace says (the client's
 *     serverOptions, with `vscode` stubbed), and no setting names a path, a runtime or a command;
 *   - the server, run over stdio in a hostile workspace (JavaScript config look-alikes, a
 *     node_modules, a package.json with scripts, a .napkin.json full of traps), spawns no process,
 *     compiles no file from the workspace and reads its configuration as JSON only (a preload traces
 *     child_process and module compilation);
 *   - configuration cannot pollute prototypes, and a notification quoting it cannot carry a link
 *     (VS Code makes `[label](command:…)` in a notification a clickable command);
 *   - no design text can make anything run a command or open a link: the server's answers carry
 *     no `command` and no URL but the rule docs; the markdown-it output has no link (see also
 *     hardening-injection.test.ts); the preview webview has command URIs off;
 *   - the extension's own sources use no API that runs things (terminals, tasks, child processes,
 *     `eval`, trusted Markdown, `openExternal`).
 */

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as nodeFs from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import MarkdownIt from 'markdown-it';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { extendMarkdownIt } from '../client/src/markdownIt';
import { createConfigResolver } from '../server/src/cli/config-files';
import { notificationText } from '../server/src/lsp/server';
import { hostileDocument } from './fixtures/hardening/hostile';
import { ensureServerBuilt, root, serverPath } from './lsp/client';

const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** VS Code's notification link syntax (vs/base/common/linkedText.ts). */
const NOTIFICATION_LINK = /\[([^\]]+)\]\(((?:https?:\/\/|command:|file:)[^)\s]+)(?: (["'])(.+?)(\3))?\)/i;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

describe('the manifest', () => {
  test('declares untrusted and virtual workspace support, and the extension runs from dist/', () => {
    assert.deepEqual(manifest.capabilities?.untrustedWorkspaces, { supported: true });
    assert.equal(manifest.capabilities?.virtualWorkspaces, true);
    assert.equal(manifest.main, './dist/client.js');
    assert.ok(manifest.contributes['markdown.previewScripts'].every((p: string) => p.startsWith('./dist/')));
  });

  test('no setting names a path, a program, a command or anything else a workspace could make it run', () => {
    const properties = manifest.contributes.configuration.properties as Record<string, { type: string; enum?: unknown[]; additionalProperties?: { type: string; enum?: unknown[] } }>;
    for (const [name, schema] of Object.entries(properties)) {
      const ok = schema.type === 'boolean' || schema.type === 'integer' || (schema.type === 'object' && schema.additionalProperties?.type === 'string' && Array.isArray(schema.additionalProperties.enum));
      assert.ok(ok, `${name}: ${JSON.stringify(schema)} (a string setting would need restrictedConfigurations)`);
      assert.doesNotMatch(name, /path|command|executable|runtime|server|args|env/i, name);
    }
    assert.equal(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, undefined, 'nothing needs restricting');
  });
});

describe('the client starts the extension’s own server', () => {
  test('serverOptions: dist/server.js under the extension folder, by Node, for any environment and workspace', () => {
    // client/src/server.ts imports `vscode` (types) and vscode-languageclient/node (TransportKind):
    // give it a stub `vscode` so it loads outside VS Code.
    const load = (Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown })._load;
    const stubOf = (): any => // eslint-disable-line @typescript-eslint/no-explicit-any
      new Proxy(function stub() {}, {
        get: (target, key) => (key === 'prototype' ? target.prototype : key === '__esModule' ? true : typeof key === 'symbol' || key === 'then' ? undefined : stubOf()),
        construct: () => stubOf(),
        apply: () => stubOf(),
      });
    const stub = stubOf();
    (Module as unknown as { _load: typeof load })._load = function (request: string, parent: unknown, isMain: boolean) {
      return request === 'vscode' ? stub : load.call(this, request, parent, isMain);
    };
    try {
      const { serverOptions } = require('../client/src/server') as typeof import('../client/src/server');
      const extension = '/opt/vscode/extensions/napkin';
      const context = { asAbsolutePath: (p: string) => join(extension, p) } as never;
      for (const env of [{}, { NAPKIN_SERVER_TRANSPORT: 'stdio' }, { NAPKIN_SERVER_TRANSPORT: '/workspace/evil.sh', NODE_OPTIONS: '--require /workspace/x.js' }]) {
        const options = serverOptions(context, env) as unknown as Record<'run' | 'debug', { module: string; transport: number; options?: { execArgv?: string[] } }>;
        for (const mode of ['run', 'debug'] as const) {
          assert.equal(options[mode].module, join(extension, 'dist/server.js'), `${mode} ${JSON.stringify(env)}`);
          assert.ok([0, 1].includes(options[mode].transport), 'stdio or IPC, never a pipe or socket named by anyone');
          assert.ok(!('command' in options[mode]), 'a module run by Node, not a command');
        }
      }
    } finally {
      (Module as unknown as { _load: typeof load })._load = load;
    }
  });

  test('the extension’s sources use no API that runs code, commands, terminals or links', () => {
    const sources = walk(join(root, 'client/src')).map((path) => ({ path: relative(root, path), text: readFileSync(path, 'utf8') }));
    assert.ok(sources.length > 5);
    const forbidden: [RegExp, string][] = [
      [/from ['"](node:)?(child_process|vm|worker_threads)['"]|require\(['"](node:)?(child_process|vm)['"]\)/, 'a child process or a VM'],
      [/\beval\s*\(|new Function\s*\(/, 'eval'],
      [/createTerminal|tasks\.executeTask|ShellExecution|ProcessExecution/, 'a terminal or a task'],
      [/env\.openExternal|openExternal\(/, 'opening a link outside'],
      [/isTrusted\s*[:=]\s*true|supportHtml\s*[:=]\s*true|enableCommandUris\s*:\s*true/, 'trusted Markdown or command URIs'],
      [/\brequire\s*\(\s*[^'"\s)]/, 'require() of a computed path'],
    ];
    for (const { path, text } of sources) {
      for (const [pattern, what] of forbidden) {
        if (path === 'client/src/lazyPreview.ts' && what.startsWith('require')) {
          // The preview host is required from the extension's own dist/, by a path made from the extension folder.
          assert.match(text, /hostPath = join\(__dirname, 'preview-host\.js'\)/, 'lazyPreview requires the bundled preview host, next to itself in dist/');
          continue;
        }
        if (path === 'client/src/extension.ts' && what.startsWith('require')) {
          // Likewise the language client's bundle.
          assert.match(text, /languageClientPath = join\(__dirname, 'language-client\.js'\)/, 'extension.ts requires the bundled language client, next to itself in dist/');
          assert.equal(text.match(/\brequire\s*\(/g)?.length, 1, 'extension.ts requires nothing but languageClientPath');
          continue;
        }
        assert.doesNotMatch(text, pattern, `${path}: ${what}`);
      }
      // executeCommand only with constant command names (its own, or setContext).
      for (const call of text.matchAll(/executeCommand\(\s*([^,)]+)/g)) assert.match(call[1]!, /^(['"][\w.]+['"]|command)$/, `${path}: executeCommand(${call[1]})`);
    }
  });

  test('the server and the core import nothing that runs code', () => {
    // The one exception: code-cache.ts compiles, with `vm`, the bundle an executable names beside itself.
    const loader = 'server/src/node/code-cache.ts';
    for (const dir of ['server/src/core', 'server/src/lsp', 'server/src/node']) {
      for (const path of walk(join(root, dir))) {
        const text = readFileSync(path, 'utf8');
        const name = relative(root, path);
        assert.doesNotMatch(text, /child_process|\beval\s*\(|new Function\s*\(|Files\.resolve/, name);
        if (name !== loader) assert.doesNotMatch(text, /from ['"](node:)?vm['"]/, name);
      }
    }
    for (const path of walk(join(root, 'server/src'))) {
      const calls = readFileSync(path, 'utf8').match(/\brunBundle\([^)]*\)+/g) ?? [];
      for (const call of calls) if (!call.startsWith('runBundle(file')) assert.match(call, /^runBundle\(join\(__dirname, '[\w-]+\.js'\)\)$/, relative(root, path));
    }
  });

  test('the preview webview is created with command URIs off and scripts only from the extension', () => {
    const panel = readFileSync(join(root, 'client/src/preview/panel.ts'), 'utf8');
    const options = /createWebviewPanel\([\s\S]*?\{([\s\S]*?)\}\s*\)/.exec(panel)?.[1] ?? '';
    assert.match(options, /enableScripts: true/);
    assert.doesNotMatch(options, /enableCommandUris/, 'command: links stay inert in the webview (the default)');
    assert.match(options, /localResourceRoots: \[dist, media\]/);
  });
});

describe('configuration is data: JSON only, no prototype pollution, no links in notifications', () => {
  let workspace: string;
  const trap = (name: string) => `require('fs').writeFileSync(${JSON.stringify(join(tmpdir(), 'napkin-trust-pwned'))}, ${JSON.stringify(name)});`;

  before(() => {
    rmSync(join(tmpdir(), 'napkin-trust-pwned'), { force: true });
    workspace = mkdtempSync(join(tmpdir(), 'napkin-trust-'));
    // Written by hand: a JavaScript object literal cannot hold a `__proto__` key.
    writeFileSync(
      join(workspace, '.napkin.json'),
      `{
  "__proto__": { "polluted": "via __proto__" },
  "constructor": { "prototype": { "polluted": "via constructor" } },
  "rules": {
    "[Click to fix](command:workbench.action.terminal.sendSequence?%7B%22text%22%3A%22echo%20pwned%5Cn%22%7D)": "off",
    "__proto__": "off",
    "N403": "off"
  },
  "assume": { "day": "require(\\"child_process\\")", "__proto__": "1 s" },
  "precision": 3,
  "extends": "./evil.js",
  "plugins": ["./evil.js"]
}`,
    );
    writeFileSync(join(workspace, 'package.json'), JSON.stringify({ name: 'w', scripts: { postinstall: 'node evil.js', prepare: 'node evil.js' }, napkin: { rules: { N406: 'off' } } }));
    for (const file of ['evil.js', '.napkin.js', 'napkin.config.js', '.napkinrc.js', '.napkin.cjs', '.napkin.mjs']) writeFileSync(join(workspace, file), trap(file));
    mkdirSync(join(workspace, 'node_modules', 'vscode-languageserver'), { recursive: true });
    writeFileSync(join(workspace, 'node_modules', 'vscode-languageserver', 'index.js'), trap('node_modules'));
    writeFileSync(join(workspace, 'node_modules', 'vscode-languageserver', 'package.json'), '{"name":"vscode-languageserver","main":"index.js"}');
    writeFileSync(join(workspace, 'design.md'), hostileDocument());
  });
  after(() => {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(join(tmpdir(), 'napkin-trust-pwned'), { force: true });
  });

  test('reading a hostile .napkin.json: errors reported, nothing polluted, nothing run', () => {
    const silent = { write: () => true };
    const resolver = createConfigResolver({ cwd: workspace, stdout: silent, stderr: silent, fs: nodeFs, env: {} }, undefined);
    const result = resolver.configFor(join(workspace, 'design.md'));
    assert.equal(result.ok, false);
    const errors = result.ok ? [] : result.errors;
    assert.ok(errors.some((e) => /__proto__/.test(e)), errors.join('\n'));
    assert.ok(errors.some((e) => /extends|plugins/.test(e)), 'unknown keys are errors, never followed');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    assert.ok(!existsSync(join(tmpdir(), 'napkin-trust-pwned')), 'no workspace file was executed');
    assert.ok(errors.some((e) => NOTIFICATION_LINK.test(e)), 'as written, a key of the file would make a command link in a notification');
    for (const error of errors) assert.doesNotMatch(notificationText(`Napkin: ${error}`), NOTIFICATION_LINK, error);
  });

  test('notificationText keeps every character but no link', () => {
    const text = 'x [Run](command:workbench.action.terminal.new) and [site](https://evil.example "t")';
    assert.doesNotMatch(notificationText(text), NOTIFICATION_LINK);
    assert.equal(notificationText(text).replace(/\] \(/g, ']('), text);
  });

  test('the language server in the hostile workspace: no process spawned, no workspace file compiled, no link in a notification, no command in an answer', async () => {
    await ensureServerBuilt();
    // A preload that reports every child process and every compiled module.
    const trace = join(workspace, '..', `napkin-trace-${process.pid}.cjs`);
    writeFileSync(
      trace,
      `const cp = require('child_process');
for (const k of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']) {
  const original = cp[k];
  cp[k] = function (...args) { process.stderr.write('TRACE child_process.' + k + ' ' + JSON.stringify(args[0]) + '\\n'); return original.apply(this, args); };
}
const vm = require('vm');
for (const k of ['runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction']) {
  const original = vm[k];
  vm[k] = function (...args) { process.stderr.write('TRACE vm.' + k + '\\n'); return original.apply(this, args); };
}
const Script = vm.Script;
vm.Script = class extends Script { constructor(code, options) { process.stderr.write('TRACE script ' + (options && options.filename) + '\\n'); super(code, options); } };
const Module = require('module');
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) { process.stderr.write('TRACE compile ' + filename + '\\n'); return compile.call(this, content, filename); };
`,
    );
    const child = spawn(process.execPath, ['--require', trace, serverPath, '--stdio'], { cwd: workspace, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    const connection: MessageConnection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const notifications: { method: string; params: any }[] = []; // eslint-disable-line @typescript-eslint/no-explicit-any
    let diagnosed = (): void => undefined;
    const firstDiagnostics = new Promise<void>((resolve) => (diagnosed = resolve));
    connection.onNotification((method, params) => {
      notifications.push({ method, params });
      if (method === 'textDocument/publishDiagnostics') diagnosed();
    });
    connection.onRequest((method, params) => {
      notifications.push({ method, params });
      return method === 'workspace/configuration' ? [{ rules: { '[x](command:workbench.action.terminal.new)': 'off' } }] : null;
    });
    connection.listen();
    try {
      const uri = pathToFileURL(join(workspace, 'design.md')).href;
      await connection.sendRequest('initialize', {
        processId: process.pid,
        rootUri: pathToFileURL(workspace).href,
        workspaceFolders: [{ uri: pathToFileURL(workspace).href, name: 'w' }],
        capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } }, window: { showMessage: {} } },
      });
      await connection.sendNotification('initialized', {});
      const text = readFileSync(join(workspace, 'design.md'), 'utf8');
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
      // Wait for the diagnostics, then ask for everything that could carry a command or a link.
      await Promise.race([firstDiagnostics, new Promise((_, reject) => setTimeout(() => reject(new Error(`no diagnostics within 10 s; stderr: ${stderr}`)), 10_000).unref())]);
      const lines = text.split('\n');
      const answers: unknown[] = [];
      for (let line = 0; line < lines.length; line += 3) {
        const position = { line, character: Math.min(8, lines[line]!.length) };
        const range = { start: { line, character: 0 }, end: { line: line + 3, character: 0 } };
        answers.push(await connection.sendRequest('textDocument/hover', { textDocument: { uri }, position }));
        answers.push(await connection.sendRequest('textDocument/completion', { textDocument: { uri }, position }));
        answers.push(await connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } }));
        answers.push(await connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range }));
      }
      answers.push(await connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }));
      await connection.sendRequest('shutdown');
      const published = notifications.filter((n) => n.method === 'textDocument/publishDiagnostics');
      assert.ok(published.length > 0);
      // No command anywhere in what the server sent; the only URLs are the rule docs.
      const everything = JSON.stringify([answers, published]);
      assert.doesNotMatch(everything, /"command"\s*:/, 'no answer carries a command');
      for (const d of published.flatMap((p) => p.params.diagnostics)) assert.match(d.codeDescription.href, /^https:\/\/github\.com\/napkin-dev\/napkin\/blob\/main\/docs\/rules\/N\d{3}\.md$/);
      // Notifications quoting the workspace's configuration carry no link.
      const shown = notifications.filter((n) => /^window\/show(Message|MessageRequest)$/.test(n.method)).map((n) => n.params.message as string);
      assert.ok(shown.some((m) => m.includes('Click to fix')), `the bad rule is reported: ${JSON.stringify(shown)}`);
      for (const message of shown) assert.doesNotMatch(message, NOTIFICATION_LINK, message);
    } finally {
      connection.dispose();
      child.kill();
      rmSync(trace, { force: true });
    }
    const traced = stderr.split('\n').filter((l) => l.startsWith('TRACE'));
    assert.deepEqual(traced.filter((l) => l.startsWith('TRACE child_process') || l.startsWith('TRACE vm')), [], 'no child process, no vm');
    const compiled = traced.filter((l) => l.startsWith('TRACE compile ')).map((l) => l.slice('TRACE compile '.length));
    assert.deepEqual(compiled, [serverPath], 'only dist/server.js is compiled as a module: nothing from the workspace, not even its node_modules');
    const scripts = traced.filter((l) => l.startsWith('TRACE script ')).map((l) => l.slice('TRACE script '.length));
    assert.deepEqual(scripts, [join(dirname(serverPath), 'server-main.js')], 'and, through the code cache, the bundle beside it');
    assert.ok(!existsSync(join(tmpdir(), 'napkin-trust-pwned')), 'no workspace file was executed');
  });

  test('the markdown-it plugin never writes a link, so no `command:` URI can reach the Markdown preview', () => {
    const html = extendMarkdownIt(new MarkdownIt({ linkify: true })).render(hostileDocument().replace(/Prose with .*\n/, ''));
    // Design text is escaped, so `<` only ever starts a real tag.
    assert.doesNotMatch(html, /<a\s/);
    assert.doesNotMatch(html, /<[^>]*\s(href|src|action|formaction)=/i);
  });
});
