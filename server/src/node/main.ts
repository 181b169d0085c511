// The Node entry point: the transport (--stdio, --node-ipc, --socket=N) comes from argv.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../lsp/server';
import { nodeEnvironment } from './environment';

startServer(createConnection(ProposedFeatures.all), nodeEnvironment());
