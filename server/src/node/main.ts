/**
 * The Node entry point: the transport (--stdio, --node-ipc, --socket=N, --pipe=NAME) comes from
 * argv. Over stdio the input goes through LspFraming first, so a client that sends one bad header
 * does not leave the server deaf for the rest of the session; and stdout belongs to the protocol,
 * so anything a dependency logs with `console` goes to stderr.
 */
import { format } from 'node:util';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';
import { nodeEnvironment } from './environment';
import { LspFraming } from './framing';

function connect() {
  if (!process.argv.includes('--stdio')) return createConnection(ProposedFeatures.all);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    console[method] = (...args: unknown[]) => void process.stderr.write(`${format(...args)}\n`);
  }
  return createConnection(ProposedFeatures.all, process.stdin.pipe(new LspFraming()), process.stdout);
}

// A stray rejected promise or exception (a bug) is logged; it must not take the editor's server down.
process.on('unhandledRejection', (reason) => process.stderr.write(`napkin: unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`));
process.on('uncaughtException', (error) => process.stderr.write(`napkin: uncaught exception: ${error.stack ?? error.message}\n`));

startServer(connect(), nodeEnvironment());
