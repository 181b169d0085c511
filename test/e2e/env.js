// @ts-check
/**
 * Where the end-to-end tests find their tools, and whether they are there. Shared by the runners
 * (run-code-server.js, run-electron.js) and by test/e2e.test.ts, the `npm test` entry.
 */

const { existsSync } = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '../..');

const paths = {
  root,
  /** The suite that runs inside VS Code's extension host. */
  suite: path.join(__dirname, 'suite/extension.test.js'),
  /** The folder VS Code opens as the workspace. */
  workspace: path.join(root, 'test/fixtures/e2e'),
  /** code-server, installed by .ci/setup-code-server.sh (override: CODE_SERVER_DIR). */
  codeServerEntry: path.join(process.env.CODE_SERVER_DIR ?? path.join(root, '.code-server'), 'node_modules/code-server/out/node/entry.js'),
  /** Chromium, from Debian (override: CHROMIUM_PATH). */
  chromium: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  server: path.join(root, 'dist/server.js'),
  client: path.join(root, 'dist/client.js'),
};

/** Why the code-server e2e cannot run here, or undefined when it can. */
function missingSetup() {
  if (!existsSync(paths.codeServerEntry)) return `code-server is not set up (${paths.codeServerEntry} is missing): run bash .ci/setup-code-server.sh`;
  if (!existsSync(paths.chromium)) return `chromium is missing (${paths.chromium}): apt-get install -y chromium, or set CHROMIUM_PATH`;
  return undefined;
}

/**
 * The environment for code-server and Chromium: every config, data and cache folder inside `tmp`, so
 * that nothing is written to ~, and no extension gallery (no request leaves the machine).
 * @param {string} tmp
 */
function isolatedEnv(tmp) {
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmp, 'xdg/config'),
    XDG_DATA_HOME: path.join(tmp, 'xdg/data'),
    XDG_CACHE_HOME: path.join(tmp, 'xdg/cache'),
    EXTENSIONS_GALLERY: '{}',
  };
}

module.exports = { paths, missingSetup, isolatedEnv };
