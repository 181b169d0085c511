// @ts-check
/**
 * The VS Code end-to-end suite. It runs INSIDE the extension host of a real VS Code, started by
 * test/e2e/run-code-server.js (code-server, a Node.js extension host driven by headless Chromium)
 * or test/e2e/run-electron.js (desktop VS Code via @vscode/test-electron, where it can be downloaded).
 *
 * Few tests, all event-driven (aesthetics.md practices 11 and 15): they wait for
 * `languages.onDidChangeDiagnostics` or for a provider's answer, never on a timer; a timer only
 * bounds how long a wait may take before the test fails. Everything else about the language is
 * tested without VS Code (test/golden.test.ts and the server's protocol tests).
 *
 * No test framework is installed, so this file carries a minimal one: `test(name, fn)` adds an async
 * test, `run()` runs them in order and reports `N passed, N failed` on stderr (only stderr of the
 * remote extension host reaches the runner in code-server). To add a test, add one `test(...)` call.
 */

const assert = require('node:assert/strict');
const { existsSync } = require('node:fs');
const path = require('node:path');
const vscode = require('vscode');

/** @typedef {{ name: string, fn: () => Promise<void> }} Test */
/** @type {Test[]} */
const tests = [];
/** @param {string} name @param {() => Promise<void>} fn */
const test = (name, fn) => void tests.push({ name, fn });

const WAIT_MS = 20_000; // the failure bound of one wait for an event
const TEST_MS = 45_000; // the failure bound of one test

const fixtures = path.resolve(__dirname, '../../fixtures/e2e');
const sampleUri = vscode.Uri.file(path.join(fixtures, 'sample.md'));

// ── the tests ────────────────────────────────────────────────────────────────

test('the extension activates on a Markdown file and registers its command', async () => {
  await openSample();
  const extension = vscode.extensions.getExtension('napkin.napkin');
  assert.ok(extension, 'extension napkin.napkin is not loaded');
  await extension.activate();
  assert.equal(extension.isActive, true);
  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes('napkin.restartServer'), 'napkin.restartServer is not registered');
  const server = path.join(extension.extensionPath, 'dist/server.js');
  assert.ok(existsSync(server), `${server} is missing: run npm run build`);
});

test('an over-capacity component gets N401 on its name', async () => {
  const document = await openSample();
  const diagnostics = await serverReady();
  const napkin = diagnostics.filter((d) => /^N\d{3}$/.test(codeOf(d)));
  assert.deepEqual(napkin.map(codeOf), ['N401'], 'sample.md has exactly one napkin diagnostic');
  const [n401] = napkin;
  assert.equal(n401.severity, vscode.DiagnosticSeverity.Error);
  assert.deepEqual(rangeOf(n401.range), rangeOf(rangeOfText(document, 'api', 'service api')));
  assert.match(n401.message, /receives 1\.16K\/s .* serve 500\/s .*needs 3 replicas/);
});

test('hover on a quantity explains its derivation', async () => {
  const document = await openSample();
  await serverReady();
  const position = rangeOfText(document, 'search_qps', 'search_qps =').start.translate(0, 2);
  /** @type {vscode.Hover[]} */
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', sampleUri, position);
  const text = hovers.flatMap((h) => h.contents.map(markdownText)).join('\n');
  assert.match(text, /search_qps/, `hover text:\n${text}`);
  assert.match(text, /dau × searches/, `hover text:\n${text}`);
  assert.match(text, /10M users × 10 req\/user\/day/, `hover text:\n${text}`);
  assert.match(text, /1\.16K req\/s/, `hover text:\n${text}`);
});

test('inlay hints show the value of a quantity and the load of a component', async () => {
  const document = await openSample();
  await serverReady();
  const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
  /** @type {vscode.InlayHint[]} */
  const hints = await vscode.commands.executeCommand('vscode.executeInlayHintProvider', sampleUri, whole);
  const shown = hints.map((h) => ({ line: h.position.line, label: labelText(h.label) }));
  const lineOf = (/** @type {string} */ needle) => document.positionAt(document.getText().indexOf(needle)).line;
  const describe = JSON.stringify(shown, null, 1);
  assert.ok(shown.some((h) => h.line === lineOf('search_qps =') && h.label.includes('1.16K req/s')), `no value hint on search_qps:\n${describe}`);
  assert.ok(shown.some((h) => h.line === lineOf('service api') && h.label.includes('231% of 500/s')), `no load hint on api:\n${describe}`);
});

test('editing the design updates the diagnostics (and reverting restores them)', async () => {
  const document = await openSample();
  await serverReady();
  await waitForDiagnostics(sampleUri, hasN401, 'N401 before the edit');
  const edit = new vscode.WorkspaceEdit();
  edit.replace(sampleUri, rangeOfText(document, '500/s', 'capacity: 500/s'), '2K/s');
  const cleared = waitForDiagnostics(sampleUri, (all) => !all.some((d) => codeOf(d) === 'N401'), 'N401 to go away after raising the capacity');
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  await cleared;
  const back = waitForDiagnostics(sampleUri, hasN401, 'N401 to come back after the revert');
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await back;
  assert.equal(document.isDirty, false);
});

test('an untitled napkin document is checked too', async () => {
  await serverReady();
  const document = await vscode.workspace.openTextDocument({ language: 'napkin', content: 'dau = 10M users\ntraffic = dau * searches\n' });
  const diagnostics = await waitForDiagnostics(document.uri, (all) => all.some((d) => codeOf(d) === 'N101'), 'N101 in an untitled napkin document');
  const n101 = diagnostics.find((d) => codeOf(d) === 'N101');
  assert.deepEqual(n101 && rangeOf(n101.range), rangeOf(rangeOfText(document, 'searches')));
});

test('Napkin: Restart Language Server brings the diagnostics back', async () => {
  await openSample();
  await serverReady();
  await waitForDiagnostics(sampleUri, hasN401, 'N401 before the restart');
  // Subscribe first, then restart: the next report with N401 comes from the new server.
  const republished = waitForDiagnostics(sampleUri, hasN401, 'N401 after the restart', { onlyNew: true });
  await vscode.commands.executeCommand('napkin.restartServer');
  await republished;
});

test('the Markdown preview shows napkin fences as diagram containers; the preview panel opens', async () => {
  // markdown.api.render is the built-in Markdown extension's renderer: it runs our markdown-it plugin.
  const example = await vscode.workspace.openTextDocument(vscode.Uri.file(path.resolve(__dirname, '../../../examples/proximity-service.md')));
  /** @type {string} */
  const html = await vscode.commands.executeCommand('markdown.api.render', example);
  const containers = html.match(/<div class="napkin-diagrams" data-line="\d+">/g) ?? [];
  assert.equal(containers.length, 3, `one container per napkin fence:\n${html.slice(0, 2000)}`);
  assert.match(html, /<pre class="napkin-mermaid">flowchart LR\n/);
  assert.match(html, /<pre class="napkin-mermaid">sequenceDiagram\n/);
  assert.match(html, /<div class="napkin-errors"[^>]*>[\s\S]*?<code>N401<\/code> line \d+: `lbs` receives/);
  const plain = await vscode.commands.executeCommand('markdown.api.render', '```mermaid\nflowchart LR\n  A --> B\n```\n');
  assert.doesNotMatch(String(plain), /napkin-/, 'a ```mermaid fence is left to the Markdown preview');

  await openSample();
  const opened = new Promise((resolve, reject) => {
    const isPreview = () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('napkin.preview')));
    if (isPreview()) return resolve(undefined);
    const timer = setTimeout(() => (subscription.dispose(), reject(new Error(`no napkin.preview tab after ${WAIT_MS} ms`))), WAIT_MS);
    const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
      if (!isPreview()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(undefined);
    });
  });
  await vscode.commands.executeCommand('napkin.openPreviewToSide');
  await opened;
});

// ── helpers ──────────────────────────────────────────────────────────────────

/** @param {vscode.Diagnostic[]} all */
const hasN401 = (all) => all.some((d) => codeOf(d) === 'N401');

/** @type {Promise<vscode.Diagnostic[]> | undefined} */
let firstReport;
/**
 * The first report of sample.md's N401: the server is up and answering. Waited for once; when it
 * times out, every later test that needs the server fails at once instead of waiting again.
 */
function serverReady() {
  firstReport ??= openSample().then(() => waitForDiagnostics(sampleUri, hasN401, 'the first diagnostics of sample.md (N401)'));
  return firstReport;
}

async function openSample() {
  const document = await vscode.workspace.openTextDocument(sampleUri);
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * Resolves with the diagnostics of `uri` once `predicate` holds for them: now, or after a
 * `languages.onDidChangeDiagnostics` event (only after an event with `onlyNew`).
 * @param {vscode.Uri} uri
 * @param {(all: vscode.Diagnostic[]) => boolean} predicate
 * @param {string} what
 * @returns {Promise<vscode.Diagnostic[]>}
 */
function waitForDiagnostics(uri, predicate, what, { onlyNew = false } = {}) {
  return new Promise((resolve, reject) => {
    const check = () => {
      const all = vscode.languages.getDiagnostics(uri);
      if (!predicate(all)) return;
      finish();
      resolve(all);
    };
    const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((changed) => changed.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const now = vscode.languages.getDiagnostics(uri).map((d) => `${codeOf(d)} ${d.message}`);
      reject(new Error(`timed out after ${WAIT_MS} ms waiting for ${what}; diagnostics now: ${JSON.stringify(now)}`));
    }, WAIT_MS);
    const finish = () => {
      subscription.dispose();
      clearTimeout(timer);
    };
    if (!onlyNew) check();
  });
}

/** @param {vscode.Diagnostic} d */
function codeOf(d) {
  return String(typeof d.code === 'object' ? d.code.value : d.code);
}

/** The range of `text`, searched inside the first occurrence of `within` (default: `text` itself). */
function rangeOfText(/** @type {vscode.TextDocument} */ document, /** @type {string} */ text, within = text) {
  const at = document.getText().indexOf(within);
  assert.ok(at >= 0, `${JSON.stringify(within)} is not in ${document.uri.toString()}`);
  const start = at + within.indexOf(text);
  return new vscode.Range(document.positionAt(start), document.positionAt(start + text.length));
}

/** @param {vscode.Range} r */
function rangeOf(r) {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** @param {vscode.MarkdownString | vscode.MarkedString} content */
function markdownText(content) {
  return typeof content === 'string' ? content : content.value;
}

/** @param {string | vscode.InlayHintLabelPart[]} label */
function labelText(label) {
  return typeof label === 'string' ? label : label.map((part) => part.value).join('');
}

// ── the runner ───────────────────────────────────────────────────────────────

/** Runs every test in order; resolves when all pass, rejects otherwise (the host's exit code). */
async function run() {
  const log = (/** @type {string} */ line) => console.error(line);
  let passed = 0;
  let failed = 0;
  log(`napkin e2e: ${tests.length} tests in VS Code ${vscode.version}, node ${process.version}`);
  for (const { name, fn } of tests) {
    const started = Date.now();
    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const bound = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`test timed out after ${TEST_MS} ms`)), TEST_MS);
    });
    try {
      await Promise.race([fn(), bound]);
      passed++;
      log(`  ok   ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed++;
      log(`  FAIL ${name} (${Date.now() - started} ms)\n${indent(error instanceof Error ? error.stack ?? error.message : String(error))}`);
    } finally {
      clearTimeout(timer);
    }
  }
  log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} e2e tests failed`);
}

/** @param {string} text */
function indent(text) {
  return text.replace(/^/gm, '       ');
}

module.exports = { run };
