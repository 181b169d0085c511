/**
 * Edit → diagnostics and edit → inlay hints over stdio JSON-RPC, as an editor talks to a server.
 *
 * One edit = one `textDocument/didChange` with a one-character incremental change (a digit of a
 * number in the middle of the document), followed at once by `textDocument/inlayHint` for the
 * screen around it, as VS Code asks after a change. Timed from sending the change to the
 * `publishDiagnostics` of that version, and to the inlay hints' response. The next edit starts
 * when both have arrived. The first edits warm the server up and are not counted.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { summarize, type Summary } from './stats';

export interface LspServer {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  /** Resolves on the first publishDiagnostics for `uri` at `version` or later (any version when undefined). */
  diagnostics(uri: string, version: number | undefined, timeoutMs: number): Promise<unknown[]>;
  stop(): Promise<void>;
}

export function startServer(command: string, args: readonly string[], options: { cwd?: string } = {}): LspServer {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.cwd });
  let stderr = '';
  child.stderr!.on('data', (chunk) => {
    stderr = (stderr + String(chunk)).slice(-4000);
  });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const waiters: { uri: string; version: number | undefined; resolve: (d: unknown[]) => void; reject: (e: Error) => void }[] = [];
  const latest = new Map<string, { version: number | undefined; diagnostics: unknown[] }>();
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; version?: number; diagnostics: unknown[] }) => {
    latest.set(params.uri, { version: params.version, diagnostics: params.diagnostics });
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && (waiter.version === undefined || (params.version ?? -1) >= waiter.version)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  connection.onNotification(() => undefined);
  connection.onRequest((method, params) => {
    if (method === 'workspace/configuration') return (params as { items: unknown[] }).items.map(() => null);
    return null;
  });
  connection.listen();
  let gone: Error | undefined;
  const exited = new Promise<void>((resolve) =>
    child.on('exit', (code, signal) => {
      gone = new Error(`the server exited (${signal ?? code}); stderr: ${stderr}`);
      for (const waiter of waiters.splice(0)) waiter.reject(gone);
      resolve();
    }),
  );
  return {
    connection,
    process: child,
    diagnostics(uri, version, timeoutMs) {
      const seen = latest.get(uri);
      if (seen && (version === undefined || (seen.version ?? -1) >= version)) return Promise.resolve(seen.diagnostics);
      if (gone) return Promise.reject(gone);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version} within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
        waiters.push({ uri, version, resolve: (d) => (clearTimeout(timer), resolve(d)), reject: (e) => (clearTimeout(timer), reject(e)) });
      });
    },
    async stop() {
      try {
        await Promise.race([connection.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
        void connection.sendNotification('exit');
      } catch {
        // already gone
      }
      const killer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(killer);
      connection.dispose();
    },
  };
}

export const clientCapabilities = {
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: false },
    publishDiagnostics: { versionSupport: true, relatedInformation: true },
    inlayHint: { dynamicRegistration: false },
    hover: { contentFormat: ['markdown', 'plaintext'] },
  },
  workspace: { configuration: false, workspaceFolders: false },
};

export async function initialize(server: LspServer, rootUri: string | null): Promise<number> {
  const started = performance.now();
  await server.connection.sendRequest('initialize', { processId: process.pid, rootUri, capabilities: clientCapabilities, workspaceFolders: rootUri ? [{ uri: rootUri, name: 'bench' }] : null });
  const elapsed = performance.now() - started;
  await server.connection.sendNotification('initialized', {});
  return elapsed;
}

export interface EditTarget {
  readonly line: number;
  readonly character: number;
  readonly digit: string;
}

export interface EditResult {
  readonly diagnostics: Summary;
  /** Each counted edit's edit → diagnostics time, in order. */
  readonly samples: readonly number[];
  readonly hints?: Summary;
  /** From didOpen to the first diagnostics. */
  readonly open: number;
  readonly diagnosticCount: number;
  /** Minor page faults the server took per counted edit (Linux `/proc`; undefined elsewhere). */
  readonly faultsPerEdit?: number;
  /** The document's version after the last edit. */
  readonly version: number;
}

/** A process's minor page faults so far (field 10 of `/proc/PID/stat`), or undefined where there is no `/proc`. */
export function minorFaults(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from after it.
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[7]);
  } catch {
    return undefined;
  }
}

/**
 * Opens `text` as `uri`, then makes `edits` one-character edits at `target` (alternating the digit
 * with its neighbour), after `warmup` uncounted ones.
 */
export async function measureEdits(
  server: LspServer,
  options: {
    uri: string;
    languageId: string;
    text: string;
    target: EditTarget;
    edits: number;
    warmup: number;
    hints: boolean;
    timeoutMs: number;
    /** Type a digit before the target and delete it again, turn by turn, instead of replacing the digit: every later fence moves. */
    typing?: boolean;
    /** The document is open already, with this version and `text`. */
    opened?: number;
  },
): Promise<EditResult> {
  const { uri, target } = options;
  const openedAt = performance.now();
  if (options.opened === undefined) await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: options.languageId, version: 1, text: options.text } });
  const first = options.opened === undefined ? await server.diagnostics(uri, 1, options.timeoutMs) : [];
  const open = performance.now() - openedAt;
  const other = target.digit === '9' ? '8' : String(Number(target.digit) + 1);
  const diagnostics: number[] = [];
  const hints: number[] = [];
  const screen = { start: { line: Math.max(0, target.line - 30), character: 0 }, end: { line: target.line + 30, character: 0 } };
  let version = options.opened ?? 1;
  let faultsBefore: number | undefined;
  for (let i = 0; i < options.warmup + options.edits; i++) {
    if (i === options.warmup) faultsBefore = minorFaults(server.process.pid);
    version++;
    const digit = i % 2 === 0 ? other : target.digit;
    const at = { line: target.line, character: target.character };
    const change = !options.typing
      ? { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: digit }
      : i % 2 === 0
        ? { range: { start: at, end: at }, text: other }
        : { range: { start: at, end: { line: at.line, character: at.character + 1 } }, text: '' };
    const started = performance.now();
    const diagnosed = server.diagnostics(uri, version, options.timeoutMs).then(() => performance.now() - started);
    await server.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [change],
    });
    const hinted = options.hints ? server.connection.sendRequest('textDocument/inlayHint', { textDocument: { uri }, range: screen }).then(() => performance.now() - started) : undefined;
    const [d, hint] = await Promise.all([diagnosed, hinted]);
    if (i < options.warmup) continue;
    diagnostics.push(d);
    if (hint !== undefined) hints.push(hint);
  }
  const faultsAfter = minorFaults(server.process.pid);
  const faultsPerEdit = faultsBefore !== undefined && faultsAfter !== undefined && options.edits > 0 ? (faultsAfter - faultsBefore) / options.edits : undefined;
  return { diagnostics: summarize(diagnostics), samples: diagnostics, hints: options.hints ? summarize(hints) : undefined, open, diagnosticCount: first.length, faultsPerEdit, version };
}
