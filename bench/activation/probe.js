// @ts-check
/**
 * Runs in code-server's extension host (as the extensionTestsPath of the probe extension beside
 * it): loads Napkin's client bundle and calls `activate` with the real `vscode` API, `runs` times,
 * and prints the times to stderr (the only stream that reaches the runner) as one JSON line.
 *
 * Each run starts from an empty module cache for the bundle's folder, so every run reads and
 * compiles the bundle again (the first run also pays the cold file cache). The extension context is
 * a plain object with what Napkin uses. After each run the client is stopped (`deactivate`) and
 * everything activate registered is disposed, so the next run registers again from scratch.
 * Napkin itself is not installed in this VS Code: nothing else activates it.
 */

const path = require('node:path');
const vscode = require('vscode');

async function run() {
  const config = JSON.parse(process.env.NAPKIN_BENCH_ACTIVATION ?? require('node:fs').readFileSync(path.join(__dirname, 'config.json'), 'utf8'));
  const root = config.root; // a folder holding dist/client.js and dist/server.js
  const dist = path.join(root, 'dist');
  const samples = [];
  // The window is still loading when the extension host runs this: let it settle first, so the
  // runs measure the bundle rather than the workbench competing for the two cores.
  await new Promise((resolve) => setTimeout(resolve, config.settleMs ?? 3000));
  for (let i = 0; i < config.runs; i++) {
    for (const key of Object.keys(require.cache)) if (key.startsWith(dist + path.sep)) delete require.cache[key];
    /** @type {{ dispose(): unknown }[]} */
    const subscriptions = [];
    const context = {
      subscriptions,
      extensionPath: root,
      extensionUri: vscode.Uri.file(root),
      asAbsolutePath: (/** @type {string} */ relative) => path.join(root, relative),
      extensionMode: vscode.ExtensionMode.Production,
    };
    const started = performance.now();
    const extension = require(path.join(dist, 'client.js'));
    const loaded = performance.now();
    extension.activate(context);
    const activated = performance.now();
    // What activation deferred to the next turn (the language client: loaded, created, started)
    // runs before this resolves: setImmediate callbacks run in the order they were queued.
    await new Promise((resolve) => setImmediate(resolve));
    const deferred = performance.now();
    samples.push({ require: loaded - started, activate: activated - loaded, total: activated - started, deferred: deferred - activated });
    await extension.deactivate();
    for (const subscription of subscriptions) subscription.dispose();
    const loadedModules = Object.keys(require.cache).filter((key) => key.startsWith(dist + path.sep)).map((key) => path.basename(key));
    if (i === 0) console.error(`napkin-bench-modules ${JSON.stringify(loadedModules)}`);
  }
  console.error(`napkin-bench-activation ${JSON.stringify({ vscode: vscode.version, node: process.version, samples })}`);
  console.error('1 passed, 0 failed');
}

module.exports = { run };
