/**
 * Hardening, part 3: protocol abuse over real stdio against `node dist/server.js --stdio`.
 *
 * A raw client (bytes in, frames out — no JSON-RPC library between the test and the server, so it
 * can send what no library would) replays one long abusive session: malformed framing and JSON,
 * wrong types, unknown methods, requests for documents that were never opened, positions and
 * ranges out of bounds, changes with bad ranges and versions, a cancellation storm and hundreds of
 * rapid edits. After each kind of abuse the server must still answer, and at the end its
 * diagnostics and hovers must be exactly right for the final text. The framing layer
 * (server/src/node/framing.ts) is also checked alone with fast-check: any mix of good messages,
 * garbage and messages with a wrong Content-Length, cut into any chunks, lets every good message
 * through intact.
 */

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from '../server/src/core/analysis';
import { applyConfig, emptyConfig } from '../server/src/core/config';
import { applySuppressions } from '../server/src/core/suppressions';
import { LspFraming } from '../server/src/node/framing';
import { ensureServerBuilt, serverPath } from './lsp/client';

// ── a raw LSP client ─────────────────────────────────────────────────────────

interface Message {
  readonly jsonrpc?: string;
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly result?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly error?: { code: number; message: string };
}

const frame = (body: string | Buffer) => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'latin1'), bytes]);
};

class RawClient {
  readonly child: ChildProcess;
  readonly received: Message[] = [];
  stderr = '';
  readonly exited: Promise<number | null>;
  #buffer = Buffer.alloc(0);
  #waiters: { match: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  #nextId = 1;

  constructor() {
    this.child = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk) => (this.stderr += String(chunk)));
    this.child.stdout!.on('data', (chunk: Buffer) => this.#onData(chunk));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  #onData(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    for (;;) {
      const end = this.#buffer.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: *(\d+)/i.exec(this.#buffer.subarray(0, end).toString('latin1'))?.[1]);
      if (this.#buffer.length < end + 4 + length) return;
      const message = JSON.parse(this.#buffer.subarray(end + 4, end + 4 + length).toString('utf8')) as Message;
      this.#buffer = this.#buffer.subarray(end + 4 + length);
      this.received.push(message);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(message)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(message);
        }
      }
    }
  }

  write(bytes: string | Buffer): void {
    this.child.stdin!.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  send(message: object): void {
    this.write(frame(JSON.stringify({ jsonrpc: '2.0', ...message })));
  }

  notify(method: string, params?: unknown): void {
    this.send({ method, params });
  }

  /** Sends a request and resolves with its response (result or error). */
  request(method: string, params?: unknown): Promise<Message> {
    return this.start(method, params).response;
  }

  /** Sends a request; its id, and its response to come. */
  start(method: string, params?: unknown): { id: number; response: Promise<Message> } {
    const id = this.#nextId++;
    const response = this.waitFor((m) => m.id === id && m.method === undefined, 60_000);
    this.send({ id, method, params });
    return { id, response };
  }

  waitFor(match: (m: Message) => boolean, timeoutMs = 15_000): Promise<Message> {
    const found = this.received.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms; stderr: ${this.stderr.slice(-2000)}`)), timeoutMs);
      this.#waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** The latest diagnostics published for `uri` with `version`. */
  diagnostics(uri: string, version: number): Promise<Message> {
    return this.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.version === version);
  }

  get alive(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
}

// ── the expected answers, from the core directly ─────────────────────────────

function expectedDiagnostics(text: string) {
  const analysis = analyze(text);
  const document = TextDocument.create('file:///expected.md', 'markdown', 1, text);
  return applyConfig(applySuppressions(analysis, analysis.diagnostics), emptyConfig).map((d) => ({ code: d.code, range: { start: document.positionAt(d.start), end: document.positionAt(d.end) }, message: d.message }));
}
const shape = (diagnostics: { code?: unknown; range: unknown; message: string }[]) => diagnostics.map((d) => ({ code: d.code, range: d.range, message: d.message }));

const design = ['# Design', '', '```napkin', 'dau = 10M users', 'qps = dau * 10 req/user/day', 'user people { rate: qps * 3x }', 'service api { replicas: 2, capacity: 1K/s }', 'people -> api', '```', ''].join('\n');

describe('protocol abuse over stdio', { timeout: 180_000 }, () => {
  let client: RawClient;
  const uri = 'file:///tmp/napkin-hardening/abuse.md';
  let text = design;
  let version = 1;

  /** The server still answers a plain request, and correctly. */
  const stillAnswers = async (why: string) => {
    const response = await client.request('textDocument/hover', { textDocument: { uri: 'file:///never-opened.md' }, position: { line: 0, character: 0 } });
    assert.equal(response.error, undefined, `${why}: ${JSON.stringify(response.error)}`);
    assert.equal(response.result, null, why);
    assert.ok(client.alive, `${why}: the server is running`);
  };

  before(async () => {
    await ensureServerBuilt();
    client = new RawClient();
    const init = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
    assert.ok(init.result?.capabilities);
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version, text } });
    await client.diagnostics(uri, version);
  });

  after(() => {
    if (client?.alive) client.child.kill();
  });

  test('malformed framing: bad JSON, bad Content-Length (missing, not a number, negative, too small, too large), garbage, binary', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 9000, method: 'textDocument/hover', params: {} });
    const abuses: Record<string, string | Buffer> = {
      'broken JSON': frame('{"jsonrpc":"2.0","id":9001,"method":'),
      'not JSON at all': frame('hello'),
      'JSON null': frame('null'),
      'a JSON number': frame('42'),
      'Content-Length not a number': `Content-Length: abc\r\n\r\n${body}`,
      'Content-Length missing': `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${body}`,
      'Content-Length negative': `Content-Length: -5\r\n\r\n${body}`,
      'Content-Length too small': `Content-Length: 10\r\n\r\n${body}`,
      'Content-Length a little too large': `Content-Length: ${body.length + 7}\r\n\r\n${body}`,
      'Content-Length far too large': `Content-Length: 99999999\r\n\r\n${body}`,
      'Content-Length twice': `Content-Length: 5\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      'a header without a colon': `Content-Length ${body.length}\r\n\r\n${body}`,
      'garbage text': 'GET / HTTP/1.1\r\nHost: x\r\n\r\n',
      'binary bytes': Buffer.from([0, 1, 2, 0xff, 0xfe, 13, 10, 13, 10, 0x80]),
      'invalid UTF-8 in a body': frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])),
      'a lone CR LF': '\r\n',
    };
    for (const [name, bytes] of Object.entries(abuses)) {
      client.write(bytes);
      await stillAnswers(name);
    }
    assert.match(client.stderr, /dropped \d+ bytes of malformed input/, 'what was dropped is reported on stderr');
  });

  test('wrong types and shapes: every request is answered (a result or an error), notifications are survived', async () => {
    const requests: [string, unknown][] = [
      ['textDocument/hover', 'not an object'],
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: 'x' }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'a', character: {} } }],
      ['textDocument/completion', [1, 2, 3]],
      ['textDocument/semanticTokens/full', { textDocument: null }],
      ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
      ['textDocument/rename', { textDocument: { uri }, position: { line: 6, character: 8 }, newName: 42 }],
      ['textDocument/inlayHint', { textDocument: { uri }, range: { start: 1, end: 2 } }],
      ['textDocument/formatting', { textDocument: { uri }, options: 'tabs' }],
    ];
    for (const [method, params] of requests) {
      const response = await client.request(method, params);
      assert.ok('result' in response || response.error, `${method} ${JSON.stringify(params)} answered`);
    }
    // A request with an object id, a numeric method, no jsonrpc field, a batch.
    client.write(frame(JSON.stringify({ jsonrpc: '2.0', id: { a: 1 }, method: 7, params: 'x' })));
    client.write(frame(JSON.stringify({ id: 9100, method: 'textDocument/hover' })));
    client.write(frame(JSON.stringify([{ jsonrpc: '2.0', id: 9101, method: 'textDocument/hover' }])));
    for (const [method, params] of [
      ['textDocument/didOpen', null],
      ['textDocument/didOpen', { textDocument: { uri: 'file:///typo.md', languageId: 'markdown', version: 'one', text: 42 } }],
      ['textDocument/didChange', { textDocument: { uri }, contentChanges: 'x' }],
      ['textDocument/didClose', {}],
      ['workspace/didChangeConfiguration', { settings: { napkin: { precision: 'many', rules: 'all', inlayHints: 7 } } }],
      ['workspace/didChangeConfiguration', { settings: null }],
      ['workspace/didChangeWatchedFiles', { changes: 'none' }],
    ] as const) {
      client.notify(method, params);
    }
    await stillAnswers('after wrong types');
    // The document is intact: its diagnostics are still right.
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: 1 } });
    assert.match(hover.result?.contents?.value ?? '', /qps/);
  });

  test('unknown methods: a request is MethodNotFound, a notification is ignored', async () => {
    const response = await client.request('napkin/doesNotExist', {});
    assert.equal(response.error?.code, -32601);
    client.notify('napkin/unknownNotification', { x: 1 });
    client.notify('$/unknownProtocolNotification', {});
    const optional = await client.request('$/optionalRequest', {});
    assert.ok(optional.error, 'a $/ request that is not implemented is answered with an error');
    await stillAnswers('after unknown methods');
  });

  test('every request for a document that was never opened answers empty', async () => {
    const doc = { uri: 'file:///never/opened.md' };
    const position = { line: 0, character: 0 };
    const range = { start: position, end: { line: 10, character: 0 } };
    const answers: Record<string, unknown> = {
      'textDocument/hover': [{ textDocument: doc, position }, null],
      'textDocument/completion': [{ textDocument: doc, position }, null],
      'textDocument/definition': [{ textDocument: doc, position }, []],
      'textDocument/references': [{ textDocument: doc, position, context: { includeDeclaration: true } }, []],
      'textDocument/documentHighlight': [{ textDocument: doc, position }, []],
      'textDocument/rename': [{ textDocument: doc, position, newName: 'x' }, null],
      'textDocument/documentSymbol': [{ textDocument: doc }, []],
      'textDocument/semanticTokens/full': [{ textDocument: doc }, { data: [] }],
      'textDocument/semanticTokens/range': [{ textDocument: doc, range }, { data: [] }],
      'textDocument/foldingRange': [{ textDocument: doc }, []],
      'textDocument/formatting': [{ textDocument: doc, options: { tabSize: 2, insertSpaces: true } }, []],
      'textDocument/rangeFormatting': [{ textDocument: doc, range, options: { tabSize: 2, insertSpaces: true } }, []],
      'textDocument/codeAction': [{ textDocument: doc, range, context: { diagnostics: [] } }, []],
      'textDocument/inlayHint': [{ textDocument: doc, range }, []],
    };
    for (const [method, [params, expected]] of Object.entries(answers) as [string, [unknown, unknown]][]) {
      const response = await client.request(method, params);
      assert.deepEqual({ result: response.result, error: response.error }, { result: expected, error: undefined }, method);
    }
  });

  test('positions and ranges out of range are clamped, never an error', async () => {
    const doc = { uri };
    const positions = [
      { line: 1_000_000, character: 1_000_000 },
      { line: -1, character: -1 },
      { line: 4, character: 10_000 },
      { line: 0, character: -5 },
      { line: 2 ** 31, character: 2 ** 31 },
    ];
    for (const position of positions) {
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/documentHighlight']) {
        const response = await client.request(method, { textDocument: doc, position });
        assert.equal(response.error, undefined, `${method} at ${JSON.stringify(position)}: ${JSON.stringify(response.error)}`);
      }
      const range = { start: position, end: { line: -3, character: 0 } };
      for (const method of ['textDocument/inlayHint', 'textDocument/semanticTokens/range', 'textDocument/codeAction', 'textDocument/rangeFormatting']) {
        const response = await client.request(method, { textDocument: doc, range, context: { diagnostics: [] }, options: { tabSize: 2, insertSpaces: true } });
        assert.equal(response.error, undefined, `${method} on ${JSON.stringify(range)}: ${JSON.stringify(response.error)}`);
      }
    }
    await stillAnswers('after positions out of range');
  });

  test('changes with bad ranges and versions, then a full sync: diagnostics are right for the final text', async () => {
    const bad = [
      { range: { start: { line: 500, character: 0 }, end: { line: 600, character: 0 } }, text: 'x = 1\n' },
      { range: { start: { line: 5, character: 10 }, end: { line: 2, character: 0 } }, text: '' },
      { range: { start: { line: -4, character: -4 }, end: { line: -1, character: 0 } }, text: '# top\n' },
      { range: { start: { line: 3, character: 999 }, end: { line: 3, character: 999 } }, text: ' # end of line' },
      { range: { start: { line: 3, character: 2.5 }, end: { line: 3, character: 3.5 } }, text: '😀' },
      { range: null, text: 'whole' },
    ];
    for (const [i, change] of bad.entries()) {
      client.notify('textDocument/didChange', { textDocument: { uri, version: version + 1 + i }, contentChanges: [change] });
    }
    version += bad.length;
    // Versions going backwards, repeated, and a change for a document that is not open.
    client.notify('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: 'stale' }] });
    client.notify('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text: 'staler' }] });
    client.notify('textDocument/didChange', { textDocument: { uri: 'file:///not/open.md', version: 3 }, contentChanges: [{ text: 'x' }] });
    // A full sync with the same version number the server saw before (1): the text, not the version, decides.
    text = `${design}\n\`\`\`napkin\nbroken = 5 GB + 3 s\n\`\`\`\n`;
    client.notify('textDocument/didChange', { textDocument: { uri, version: 1 }, contentChanges: [{ text }] });
    version = 1;
    const published = await client.waitFor((m) => m.method === 'textDocument/publishDiagnostics' && m.params.uri === uri && m.params.diagnostics.some((d: { code: string }) => d.code === 'N201'));
    assert.deepEqual(shape(published.params.diagnostics), expectedDiagnostics(text));
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 1 } });
    assert.match(hover.result.contents.value, /dau/);
  });

  test('a cancellation storm: $/cancelRequest for every request; each is answered (a result or RequestCancelled)', async () => {
    const methods = ['textDocument/hover', 'textDocument/completion', 'textDocument/semanticTokens/full', 'textDocument/inlayHint', 'textDocument/documentSymbol', 'textDocument/codeAction', 'textDocument/formatting'];
    const range = { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } };
    const started = Array.from({ length: 400 }, (_, i) => {
      const request = client.start(methods[i % methods.length]!, { textDocument: { uri }, position: { line: 3 + (i % 5), character: i % 12 }, range, context: { diagnostics: [] }, options: { tabSize: 2, insertSpaces: true } });
      // Cancel it at once, and cancel ids that do not exist or were answered long ago.
      client.notify('$/cancelRequest', { id: request.id });
      client.notify('$/cancelRequest', { id: i % 2 ? 1 : `no-such-${i}` });
      return request;
    });
    // And once more, after the fact, every id.
    for (const { id } of started) client.notify('$/cancelRequest', { id });
    const responses = await Promise.all(started.map((r) => r.response));
    for (const response of responses) assert.ok(response.error === undefined || response.error.code === -32800, JSON.stringify(response.error));
    await stillAnswers('after the cancellation storm');
  });

  test('hundreds of rapid edits (typing a design character by character): the last version gets the right diagnostics and hover', async () => {
    const addition = '\n```napkin\nstorage_per_day = qps * 1 KB * 1 day\nyearly = storage_per_day * 365\ncache hot { hit: 90% }\napi -> hot\n```\n';
    let current = text;
    for (const char of addition) {
      const end = TextDocument.create(uri, 'markdown', 0, current).positionAt(current.length);
      current += char;
      client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: end, end }, text: char }] });
    }
    // And some edits that delete and retype in the middle.
    for (let i = 0; i < 100; i++) {
      const [before, replacement] = i % 2 === 0 ? ['10M', '20M'] : ['20M', '10M'];
      const at = current.indexOf(before);
      const doc = TextDocument.create(uri, 'markdown', 0, current);
      client.notify('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ range: { start: doc.positionAt(at), end: doc.positionAt(at + 3) }, text: replacement }] });
      current = current.slice(0, at) + replacement + current.slice(at + 3);
    }
    text = current;
    const published = await client.diagnostics(uri, version);
    assert.deepEqual(shape(published.params.diagnostics), expectedDiagnostics(text));
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('yearly'));
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line, character: 2 } });
    assert.match(hover.result.contents.value, /yearly/);
    assert.ok(client.alive);
  });

  test('shutdown and exit end the process with code 0', async () => {
    const response = await client.request('shutdown');
    assert.equal(response.error, undefined);
    client.notify('exit');
    assert.equal(await client.exited, 0);
    assert.doesNotMatch(client.stderr, /uncaught exception|unhandled rejection/, 'no error escaped a handler during the whole session');
  });
});

// ── the framing layer alone ──────────────────────────────────────────────────

describe('LspFraming: good messages get through whatever surrounds them', () => {
  const message = fc.record({ id: fc.nat(), method: fc.constantFrom('a', 'textDocument/hover'), text: fc.string({ unit: 'binary', maxLength: 60 }) }).map((m) => frame(JSON.stringify({ jsonrpc: '2.0', ...m })));
  // Garbage never spells a header name; everything else goes (CR LF runs, braces, binary).
  const garbage = fc
    .oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.constantFrom('\r\n\r\n', '}', '{', '\r\n', 'Content-Type: x\r\n\r\n', 'Content-Length: abc\r\n\r\n', 'Content-Length: -1\r\n\r\n'))
    .filter((g) => !/content-length: *\d/i.test(g))
    .map((g) => Buffer.from(g, 'utf8'));
  /** A message whose Content-Length is wrong: shorter, or longer, than its body. */
  const wrongLength = fc.tuple(message, fc.integer({ min: -30, max: 200 }).filter((d) => d !== 0)).map(([good, delta]) => {
    const end = good.indexOf('\r\n\r\n');
    const body = good.subarray(end + 4);
    return Buffer.concat([Buffer.from(`Content-Length: ${Math.max(0, body.length + delta)}\r\n\r\n`), body]);
  });
  const stream = fc.array(fc.tuple(fc.oneof(fc.constant(undefined), garbage, wrongLength), message), { minLength: 1, maxLength: 8 });

  /** The bodies of the frames that came out and parse as JSON (a cut-off body goes on to vscode-jsonrpc, which reports it). */
  const jsonBodies = (bytes: Buffer): string[] => {
    const bodies: string[] = [];
    for (let rest = bytes; rest.length > 0; ) {
      const end = rest.indexOf('\r\n\r\n');
      const length = Number(/Content-Length: *(\d+)/i.exec(rest.subarray(0, end).toString('latin1'))![1]);
      const body = rest.subarray(end + 4, end + 4 + length).toString('utf8');
      rest = rest.subarray(end + 4 + length);
      try {
        JSON.parse(body);
        bodies.push(body);
      } catch {
        // not a message
      }
    }
    return bodies;
  };
  const bodyOf = (good: Buffer) => good.subarray(good.indexOf('\r\n\r\n') + 4).toString('utf8');

  test('any mix of messages, garbage and wrong lengths, cut into any chunks', async () => {
    await fc.assert(
      fc.asyncProperty(stream, fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }), async (parts, cuts) => {
        const input = Buffer.concat(parts.flatMap(([noise, good]) => (noise ? [noise, good] : [good])));
        const framing = new LspFraming({ report: () => undefined });
        const out: Buffer[] = [];
        framing.on('data', (chunk: Buffer) => out.push(chunk));
        let at = 0;
        for (let i = 0; at < input.length; i++) {
          const size = cuts[i % cuts.length]!;
          framing.write(input.subarray(at, at + size));
          at += size;
        }
        framing.end();
        await new Promise((resolve) => framing.on('end', resolve).resume());
        assert.deepEqual(jsonBodies(Buffer.concat(out)), parts.map(([, good]) => bodyOf(good)));
      }),
      { numRuns: 500, seed: 42 },
    );
  });

  test('a message split at every byte still comes out whole, and a big body is passed once', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'x'.repeat(2_000_000) } });
    const input = Buffer.concat([frame('{"jsonrpc":"2.0","id":1,"method":"a"}'), frame(body)]);
    const framing = new LspFraming({ report: () => assert.fail('nothing is dropped') });
    const out: Buffer[] = [];
    framing.on('data', (chunk: Buffer) => out.push(chunk));
    for (let at = 0; at < 64; at++) framing.write(input.subarray(at, at + 1));
    for (let at = 64; at < input.length; at += 65_536) framing.write(input.subarray(at, at + 65_536));
    framing.end();
    await new Promise((resolve) => framing.on('end', resolve).resume());
    assert.equal(Buffer.concat(out).toString('latin1'), input.toString('latin1'));
  });
});
