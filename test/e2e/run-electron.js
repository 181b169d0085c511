// @ts-check
/**
 * Runs the e2e suite in desktop VS Code through @vscode/test-electron. It downloads VS Code first,
 * so it needs network access to update.code.visualstudio.com; on machines without it (such as this
 * project's CI) use run-code-server.js, which runs the same suite. Exit code 0 when all tests pass.
 *
 *   node test/e2e/run-electron.js [--version stable|insiders|1.100.3]
 */

const { runTests } = require('@vscode/test-electron');
const { paths } = require('./env');

async function main() {
  const versionAt = process.argv.indexOf('--version');
  const version = versionAt > 0 ? process.argv[versionAt + 1] : undefined;
  const exitCode = await runTests({
    ...(version ? { version } : {}),
    extensionDevelopmentPath: paths.root,
    extensionTestsPath: paths.suite,
    // Built-in extensions (Markdown among them) stay on; installed ones are off. Trust prompts are
    // off for the test only: the extension itself supports untrusted workspaces.
    launchArgs: [paths.workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
  process.exitCode = exitCode;
}

main().catch((error) => {
  console.error(`e2e (electron) failed: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
});
