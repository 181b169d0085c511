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
import { serverNodeFlags } from '../../server/src/node/flags';

/** Node's flags for the server (why: server/src/node/flags.ts). */
export const serverExecArgv = [...serverNodeFlags];

export function serverOptions(context: vscode.ExtensionContext, env: NodeJS.ProcessEnv = process.env): ServerOptions {
  const module = context.asAbsolutePath('dist/server.js');
  const transport = env.NAPKIN_SERVER_TRANSPORT === 'stdio' ? TransportKind.stdio : TransportKind.ipc;
  return {
    run: { module, transport, options: { execArgv: serverExecArgv } },
    // "Run Extension" in a debug session: attach a Node debugger to port 6009.
    debug: { module, transport, options: { execArgv: [...serverExecArgv, '--nolazy', '--inspect=6009'] } },
  };
}
