/**
 * How the client starts the language server: `dist/server.js` from the extension's own folder, run
 * by the extension host's Node.js. Nothing comes from the workspace (no path or runtime setting), so
 * the extension is safe in an untrusted workspace.
 *
 * The transport is IPC, as in VS Code's LSP samples. `NAPKIN_SERVER_TRANSPORT=stdio` (in the
 * environment VS Code starts with) switches to stdio, the way other editors talk to the server;
 * it is an environment variable rather than a setting because a workspace must not choose how the
 * extension starts processes.
 */

import * as vscode from 'vscode';
import { TransportKind, type ServerOptions } from 'vscode-languageclient/node';

/**
 * A larger young generation: analysis allocates many short-lived objects per keystroke, and the
 * default 16 MB semi-space makes the collector run several times per edit. 32 MB is the measured
 * best since an analysis allocates about 10 MB at 10K lines: edit → diagnostics median 16 ms and
 * p95 28–34 ms, against 18 / 47 ms with 64 MB (whose rarer collections each copy more) and
 * 25 / 35 ms with 16 MB (docs/benchmarks.md, bench/history.md). Other editors can pass the same
 * flag: `node --max-semi-space-size=32 dist/server.js --stdio`.
 */
export const serverExecArgv = ['--max-semi-space-size=32'];

export function serverOptions(context: vscode.ExtensionContext, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  const transport = env.NAPKIN_SERVER_TRANSPORT === 'stdio' ? TransportKind.stdio : TransportKind.ipc;
  return {
    run: { module, transport, options: { execArgv: serverExecArgv } },
    // "Run Extension" in a debug session: attach a Node debugger to port 6009.
    debug: { module, transport, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6009'] } },
  };
}
