/**
 * A minimal LSP client for tests: spawns `node dist/server.js --stdio` and talks JSON-RPC over its
 * pipes, as an editor does. Notifications are buffered, and `waitFor` resolves on the first one
 * that matches (already received or still to come), so tests wait on events and never sleep.
 */

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serverNodeFlags } from '../../server/src/node/flags';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';

export const root = resolve(__dirname, '..', '..');
export const serverPath = join(root, 'dist', 'server.js');

export interface TestClient {
  readonly connection: MessageConnection;
  readonly process: ChildProcess;
  request<R>(method: string, params: unknown): Promise<R>;
  notify(method: string, params: unknown): Promise<void>;
  /** The first notification of `method` (from the start of the session) that `matches`. */
  waitFor<P>(method: string, matches?: (params: P) => boolean, timeoutMs?: number): Promise<P>;
  /** Forgets buffered notifications of `method`, so `waitFor` sees only new ones. */
  clear(method: string): void;
  /** Requests the server sent to the client (`workspace/configuration`, `workspace/inlayHint/refresh` …). */
  readonly serverRequests: { method: string; params: unknown }[];
  /** Resolves once the server has sent `count` requests of `method` in all. */
  waitForServerRequest(method: string, count?: number, timeoutMs?: number): Promise<void>;
  /** What `workspace/configuration` answers, per section. */
  configuration: Record<string, unknown>;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** What the server wrote to stderr so far. */
  stderr(): string;
  kill(): void;
}

/** Builds dist/ when dist/server.js is missing or older than a source file. */
export async function ensureServerBuilt(): Promise<void> {
  const sources = ['server/src/core', 'server/src/lsp', 'server/src/node'].flatMap((dir) => listFiles(join(root, dir)));
  const newest = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  if (existsSync(serverPath) && statSync(serverPath).mtimeMs >= newest) return;
  // The project's build: dist/server.js runs dist/server-main.js through the code cache it writes.
  execFileSync(process.execPath, ['esbuild.mjs'], { cwd: root, stdio: 'inherit' });
}

/**
 * `node dist/server.js --stdio` with the flags editors give it (so through its code cache), or
 * with `options.script` and `options.flags` instead, and `options.env` added to the environment.
 */
export function startClient(options: { script?: string; flags?: readonly string[]; env?: NodeJS.ProcessEnv } = {}): TestClient {
  const args = [...(options.flags ?? serverNodeFlags), options.script ?? serverPath, '--stdio'];
  const child = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const received = new Map<string, unknown[]>();
  const waiters: { method: string; matches: (params: unknown) => boolean; resolve: (params: unknown) => void }[] = [];
  const serverRequests: { method: string; params: unknown }[] = [];
  const requestWaiters: { method: string; count: number; resolve: () => void }[] = [];
  const countOf = (method: string) => serverRequests.filter((r) => r.method === method).length;

  connection.onNotification((method, params) => {
    const list = received.get(method) ?? [];
    list.push(params);
    received.set(method, list);
    for (const waiter of [...waiters]) {
      if (waiter.method === method && waiter.matches(params)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params);
      }
    }
  });

  const client: TestClient = {
    stderr: () => stderr,
    connection,
    process: child,
    serverRequests,
    configuration: {},
    exited,
    request: (method, params) => connection.sendRequest(method, params),
    notify: (method, params) => connection.sendNotification(method, params),
    waitFor<P>(method: string, matches: (params: P) => boolean = () => true, timeoutMs = 10_000): Promise<P> {
      const found = (received.get(method) ?? []).find((p) => matches(p as P));
      if (found !== undefined) return Promise.resolve(found as P);
      return new Promise<P>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${method} notification matched within ${timeoutMs} ms; server stderr: ${stderr}`)), timeoutMs);
        waiters.push({
          method,
          matches: (p) => matches(p as P),
          resolve: (p) => {
            clearTimeout(timer);
            resolve(p as P);
          },
        });
      });
    },
    clear: (method) => received.delete(method),
    waitForServerRequest(method: string, count = 1, timeoutMs = 10_000): Promise<void> {
      if (countOf(method) >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the server sent no ${count}th ${method} within ${timeoutMs} ms`)), timeoutMs);
        requestWaiters.push({ method, count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    kill: () => child.kill(),
  };

  connection.onRequest((method, params) => {
    serverRequests.push({ method, params });
    for (const waiter of [...requestWaiters]) {
      if (waiter.method === method && countOf(method) >= waiter.count) {
        requestWaiters.splice(requestWaiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
    if (method === 'workspace/configuration') {
      const items = (params as { items: { section?: string }[] }).items;
      return items.map((item) => client.configuration[item.section ?? ''] ?? null);
    }
    return null;
  });
  connection.listen();
  return client;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Applies LSP text edits (non-overlapping) to `text`, using line/character positions. */
export function applyLspEdits(text: string, edits: readonly { range: { start: Position; end: Position }; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offsetOf = (p: Position) => Math.min(text.length, (lineStarts[p.line] ?? text.length) + p.character);
  const sorted = [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start));
  let result = text;
  for (const edit of sorted) result = result.slice(0, offsetOf(edit.range.start)) + edit.newText + result.slice(offsetOf(edit.range.end));
  return result;
}

export interface Position {
  readonly line: number;
  readonly character: number;
}

/** The position of the `index`-th occurrence of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, delta = 0, index = 0): Position {
  let at = -1;
  for (let i = 0; i <= index; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`\`${needle}\` not found`);
  }
  return positionAt(text, at + delta);
}

/** The line and character of a UTF-16 offset into `text`. */
export function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
