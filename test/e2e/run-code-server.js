// @ts-check
/**
 * Runs the e2e suite (suite/extension.test.js) in a real VS Code with a Node.js extension host:
 * code-server 4.100.3 (VS Code 1.100.3, installed by .ci/setup-code-server.sh), its workbench
 * driven by headless Chromium through playwright-core. Works offline; binds only to 127.0.0.1.
 *
 * This is how VS Code runs its own browser integration tests: the workbench URL carries a payload
 * with extensionDevelopmentPath and extensionTestsPath, the extension host runs the suite, and the
 * workbench calls window.codeAutomationExit(code) when it ends. Only stderr of the remote extension
 * host reaches the page (window.codeAutomationLog), so the suite reports there.
 *
 *   node test/e2e/run-code-server.js [--extension DIR] [--tests FILE] [--timeout MS] [--screenshot FILE.png]
 *
 * --extension: the extension folder to test (default: the repository; test/e2e.test.ts passes the
 * folder the packaged .vsix was installed to). --tests: another test module (default: the suite).
 * Prints the suite's lines and `N passed, N failed`;
 * exit code 0 when every test passed, 1 otherwise (failure, timeout, or a broken setup).
 * --screenshot: a PNG of the workbench as the first failing test left it (or at the end when all
 * pass), for debugging a failure.
 */

const { spawn } = require('node:child_process');
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { paths, missingSetup, isolatedEnv } = require('./env');

const HOST = '127.0.0.1';

/**
 * @param {{ extension?: string, tests?: string, timeoutMs?: number, screenshot?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ exitCode: number, passed: number, failed: number, ms: number }>}
 */
async function runCodeServerTests({ extension = paths.root, tests = paths.suite, timeoutMs = 50_000, screenshot, log = (line) => console.log(line) } = {}) {
  const started = Date.now();
  const missing = missingSetup();
  if (missing) {
    log(`e2e (code-server) cannot run: ${missing}`);
    return { exitCode: 1, passed: 0, failed: 0, ms: 0 };
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'napkin-e2e-'));
  const env = isolatedEnv(tmp);
  const userData = path.join(tmp, 'user-data');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'telemetry.telemetryLevel': 'off',
      'extensions.autoCheckUpdates': false,
      'update.mode': 'none',
      'git.enabled': false,
    }),
  );
  writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');

  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  /** @type {import('playwright-core').Page | undefined} */
  let page;
  /** @type {Promise<void> | undefined} */
  let shot;
  /** @type {NodeJS.Timeout | undefined} */
  let timer;
  const serverOutput = [];
  const summary = { passed: 0, failed: 0 };
  try {
    const port = await freePort();
    const base = `http://${HOST}:${port}`;
    server = spawn(
      process.execPath,
      [
        paths.codeServerEntry,
        ...['--auth', 'none', '--bind-addr', `${HOST}:${port}`, '--config', path.join(tmp, 'config.yaml')],
        ...['--user-data-dir', userData, '--extensions-dir', path.join(tmp, 'extensions')],
        ...['--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--log', 'warn'],
        // Trust prompts are off for the test only; the extension itself supports untrusted workspaces.
        '--disable-workspace-trust',
        paths.workspace,
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    server.stdout?.on('data', (chunk) => serverOutput.push(String(chunk)));
    server.stderr?.on('data', (chunk) => serverOutput.push(String(chunk)));
    const serverExited = new Promise((_, reject) => {
      server?.once('exit', (code, signal) => reject(new Error(`code-server exited early (${signal ?? code})\n${serverOutput.join('')}`)));
    });
    serverExited.catch(() => {}); // observed only through the races below
    const failAfter = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
    });
    failAfter.catch(() => {});

    await Promise.race([healthy(base), serverExited, failAfter]);

    browser = await chromium.launch({
      executablePath: paths.chromium,
      headless: true,
      env,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    /** @type {(code: number) => void} */
    let exited = () => {};
    const testsDone = new Promise((resolve) => (exited = resolve));
    await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => exited(code));
    await page.exposeFunction('codeAutomationLog', (/** @type {string} */ _type, /** @type {unknown[]} */ args) => {
      for (const line of args.map(String).join(' ').replace(/\n$/, '').split('\n')) {
        const counts = /^(\d+) passed, (\d+) failed$/.exec(line.trim());
        if (counts) [summary.passed, summary.failed] = [Number(counts[1]), Number(counts[2])];
        if (screenshot && !shot && (counts || /^\s*FAIL /.test(line))) {
          shot = page?.screenshot({ path: screenshot }).then(() => {}, (error) => log(`no screenshot: ${error}`));
        }
        log(line);
      }
    });
    const remote = (/** @type {string} */ p) => `vscode-remote://${HOST}:${port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(extension)],
      ['extensionTestsPath', remote(tests)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${base}/?folder=${encodeURIComponent(paths.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const code = await Promise.race([testsDone, serverExited, failAfter]);
    const exitCode = code === 0 && summary.failed === 0 && summary.passed > 0 ? 0 : 1;
    return { exitCode, ...summary, ms: Date.now() - started };
  } catch (error) {
    log(`e2e (code-server) failed: ${error instanceof Error ? error.message : error}`);
    if (serverOutput.length) log(`code-server output:\n${serverOutput.join('').trimEnd()}`);
    return { exitCode: 1, ...summary, ms: Date.now() - started };
  } finally {
    clearTimeout(timer);
    await shot;
    await browser?.close().catch(() => {});
    await stop(server);
    rmSync(tmp, { recursive: true, force: true, maxRetries: 3 });
  }
}

/** A port that is free on 127.0.0.1 right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, HOST, () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves once code-server answers /healthz (polled: it has no other readiness signal). */
async function healthy(/** @type {string} */ base) {
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Stops code-server and everything it started (its process group), waiting for it to exit. */
async function stop(/** @type {import('node:child_process').ChildProcess | undefined} */ child) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const signal = (/** @type {NodeJS.Signals} */ name) => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const force = setTimeout(() => signal('SIGKILL'), 3000);
  await exited;
  clearTimeout(force);
  signal('SIGKILL'); // children that outlived the leader
}

if (require.main === module) {
  const arg = (/** @type {string} */ name) => {
    const at = process.argv.indexOf(name);
    return at > 0 ? process.argv[at + 1] : undefined;
  };
  const extension = arg('--extension');
  const tests = arg('--tests');
  const timeout = arg('--timeout');
  const screenshot = arg('--screenshot');
  runCodeServerTests({
    ...(extension ? { extension: path.resolve(extension) } : {}),
    ...(tests ? { tests: path.resolve(tests) } : {}),
    ...(timeout ? { timeoutMs: Number(timeout) } : {}),
    ...(screenshot ? { screenshot: path.resolve(screenshot) } : {}),
  }).then(
    ({ exitCode, passed, failed, ms }) => {
      console.log(`${passed} passed, ${failed} failed (code-server e2e, ${ms} ms)`);
      process.exitCode = exitCode;
    },
  );
}

module.exports = { runCodeServerTests };
