/**
 * The language server over the real protocol: `node dist/server.js --stdio` spawned and driven
 * with JSON-RPC as an editor drives it. Every wait is on a notification or a response; nothing
 * sleeps. Run: node --import tsx --test test/lsp.test.ts
 */

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import type * as lsp from 'vscode-languageserver-protocol';
import { applyLspEdits, ensureServerBuilt, positionAt, positionOf, root, startClient, type TestClient } from './lsp/client';

const proximity = readFileSync(join(root, 'examples/proximity-service.md'), 'utf8');
const markdownUri = pathToFileURL(join(root, 'examples/proximity-service.md')).href;
const napkinUri = 'file:///tmp/napkin-lsp-test/design.napkin';
const napkinText = ['dau = 10M users', 'requests = dau * 10 req/user/day', 'peak = requets * 2x', 'servise api', ''].join('\n');

type Diagnostics = lsp.PublishDiagnosticsParams;

describe('language server over stdio', () => {
  let client: TestClient;
  let initialize: lsp.InitializeResult;
  let text = proximity;
  let version = 1;

  const diagnosticsFor = (uri: string, wantedVersion?: number) =>
    client.waitFor<Diagnostics>('textDocument/publishDiagnostics', (p) => p.uri === uri && (wantedVersion === undefined || p.version === wantedVersion));
  const at = (needle: string, delta = 0, index = 0) => positionOf(text, needle, delta, index);
  const doc = { uri: markdownUri };

  before(async () => {
    await ensureServerBuilt();
    client = startClient();
    client.configuration = { napkin: { inlayHints: { enabled: true }, precision: 3 } };
    initialize = await client.request<lsp.InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(root).href,
      capabilities: {
        workspace: { configuration: true, inlayHint: { refreshSupport: true } },
        textDocument: { rename: { prepareSupport: true }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
      },
    });
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri: markdownUri, languageId: 'markdown', version, text } });
  });

  after(async () => {
    client?.kill();
  });

  test('initialize declares the capabilities', () => {
    const capabilities = initialize.capabilities;
    assert.deepEqual(capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(capabilities.hoverProvider, true);
    assert.deepEqual(capabilities.renameProvider, { prepareProvider: true });
    assert.deepEqual(capabilities.completionProvider?.triggerCharacters, ['.', '>', ':']);
    assert.ok(capabilities.inlayHintProvider);
    assert.ok(capabilities.semanticTokensProvider?.legend.tokenTypes.includes('typeParameter'));
    assert.equal(capabilities.semanticTokensProvider?.range, true);
    assert.deepEqual((capabilities.codeActionProvider as lsp.CodeActionOptions).codeActionKinds, ['quickfix', 'refactor.rewrite']);
    for (const key of ['definitionProvider', 'referencesProvider', 'documentHighlightProvider', 'foldingRangeProvider', 'documentFormattingProvider', 'documentRangeFormattingProvider'] as const) {
      assert.equal(capabilities[key], true, key);
    }
  });

  test('didOpen on Markdown publishes diagnostics with codes, ranges, links and fixes', async () => {
    const published = await diagnosticsFor(markdownUri, 1);
    const codes = published.diagnostics.map((d) => d.code);
    assert.deepEqual(codes, ['N403', 'N401']);
    const overCapacity = published.diagnostics.find((d) => d.code === 'N401')!;
    assert.deepEqual(overCapacity.range.start, at('lbs     "Location'));
    assert.deepEqual(overCapacity.range.end, at('lbs     "Location', 3));
    assert.equal(overCapacity.severity, 1);
    assert.equal(overCapacity.source, 'napkin');
    assert.equal(overCapacity.codeDescription?.href, 'https://github.com/napkin-dev/napkin/blob/main/docs/rules/N401.md');
    assert.match(overCapacity.message as string, /needs 4 replicas/);
    const data = overCapacity.data as { fixes: { title: string; edits: lsp.TextEdit[] }[] };
    assert.equal(data.fixes[0]!.title, 'Set replicas to 4');
    assert.deepEqual(data.fixes[0]!.edits[0]!.range.start, at('replicas: 3', 10));
  });

  test('didOpen on a .napkin document analyses the whole file', async () => {
    await client.notify('textDocument/didOpen', { textDocument: { uri: napkinUri, languageId: 'napkin', version: 1, text: napkinText } });
    const published = await diagnosticsFor(napkinUri, 1);
    const byCode = new Map(published.diagnostics.map((d) => [d.code, d]));
    assert.deepEqual([...byCode.keys()].sort(), ['N101', 'N301', 'N407']);
    assert.deepEqual(byCode.get('N101')!.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 14 } });
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: napkinUri },
      range: byCode.get('N101')!.range,
      context: { diagnostics: [byCode.get('N101')] },
    });
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Replace with `requests`'), titles.join(' | '));
    assert.ok(titles.includes('Define `requets`'), titles.join(' | '));
    assert.ok(titles.includes('Disable N101 (undefined-name) on this line'), titles.join(' | '));
    const kind = await client.request<lsp.CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: napkinUri },
      range: byCode.get('N301')!.range,
      context: { diagnostics: [], only: ['quickfix'] },
    });
    assert.ok(kind.some((a) => a.title === 'Replace with `service`' && a.edit?.changes?.[napkinUri]?.[0]?.newText === 'service'));
    // The disable action's comment silences the diagnostic: suppressions apply to what is published.
    const disable = actions.find((a) => a.title.startsWith('Disable N101'))!;
    const edits = disable.edit!.changes![napkinUri]!;
    await client.notify('textDocument/didChange', { textDocument: { uri: napkinUri, version: 2 }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
    assert.match(applyLspEdits(napkinText, edits), /\n# napkin-disable-next-line N101\npeak = requets/);
    const silenced = await diagnosticsFor(napkinUri, 2);
    assert.deepEqual(silenced.diagnostics.map((d) => d.code).sort(), ['N301', 'N407', 'N407']);
  });

  test('incremental didChange updates the diagnostics', async () => {
    const start = at('capacity: 5K/s', 10);
    version++;
    await client.notify('textDocument/didChange', {
      textDocument: { uri: markdownUri, version },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: '6' }],
    });
    text = text.replace('capacity: 5K/s', 'capacity: 6K/s');
    const published = await diagnosticsFor(markdownUri, version);
    assert.deepEqual(published.diagnostics.map((d) => d.code), ['N403']);
    version++;
    await client.notify('textDocument/didChange', {
      textDocument: { uri: markdownUri, version },
      contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: '5' }],
    });
    text = proximity;
    assert.deepEqual((await diagnosticsFor(markdownUri, version)).diagnostics.map((d) => d.code), ['N403', 'N401']);
  });

  test('edits in and around fences: the same diagnostics as the edited text opened afresh', async () => {
    // Edits inside a fence carry the document's fences over; the others scan again. Either way the
    // diagnostics must be those of the text as it now is.
    const uri = 'file:///tmp/napkin-lsp-test/edits.md';
    let current = proximity;
    let v = 1;
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: v, text: current } });
    await diagnosticsFor(uri, v);
    // A diagnostic's data names the document version its fixes were made for.
    const withoutVersion = (list: lsp.Diagnostic[]) => list.map((d) => ({ ...d, data: { ...(d.data as object), version: undefined } }));
    const range = (from: number, to: number) => ({ start: positionAt(current, from), end: positionAt(current, to) });
    const edits: [string, string, string][] = [
      ['capacity: 5K/s', 'capacity: 5K/s', 'capacity: 50K/s'], // inside a fence, longer
      ['loadbalancer lb\n', 'loadbalancer lb\n', 'loadbalancer lb\nservice      extra\n'], // a new line in the fence
      ['service      extra\n', 'service      extra\n', '```\n'], // closes the fence early
      ['```\nservice      lbs', '```\n', ''], // and reopens it
      ['## ', '## ', '```napkin\nstray = 1 furlong\n```\n## '], // prose: a new fence
      ['stray = 1 furlong\n', 'stray = 1 furlong\n', ''], // inside the new fence, a whole line
    ];
    for (const [needle, from, to] of edits) {
      const start = current.indexOf(needle);
      assert.ok(start >= 0, needle);
      const change = { range: range(start, start + from.length), text: to };
      current = current.slice(0, start) + to + current.slice(start + from.length);
      v++;
      await client.notify('textDocument/didChange', { textDocument: { uri, version: v }, contentChanges: [change] });
      const edited = await diagnosticsFor(uri, v);
      const freshUri = `file:///tmp/napkin-lsp-test/fresh-${v}.md`;
      await client.notify('textDocument/didOpen', { textDocument: { uri: freshUri, languageId: 'markdown', version: 1, text: current } });
      const fresh = await diagnosticsFor(freshUri, 1);
      await client.notify('textDocument/didClose', { textDocument: { uri: freshUri } });
      assert.deepEqual(withoutVersion(edited.diagnostics), withoutVersion(fresh.diagnostics), `after replacing ${JSON.stringify(from)} with ${JSON.stringify(to)}`);
    }
    // Two changes in one notification apply one after the other.
    const a = current.indexOf('capacity: 50K/s') + 'capacity: '.length;
    const first = { range: { start: positionAt(current, a), end: positionAt(current, a + 2) }, text: '7' };
    current = current.slice(0, a) + '7' + current.slice(a + 2);
    const b = current.indexOf('\n', a) + 1;
    const second = { range: { start: positionAt(current, b), end: positionAt(current, b) }, text: 'cache extra_cache\n' };
    current = current.slice(0, b) + 'cache extra_cache\n' + current.slice(b);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: ++v }, contentChanges: [first, second] });
    const edited = await diagnosticsFor(uri, v);
    await client.notify('textDocument/didOpen', { textDocument: { uri: 'file:///tmp/napkin-lsp-test/fresh-last.md', languageId: 'markdown', version: 1, text: current } });
    assert.deepEqual(withoutVersion(edited.diagnostics), withoutVersion((await diagnosticsFor('file:///tmp/napkin-lsp-test/fresh-last.md', 1)).diagnostics));
    assert.ok(edited.diagnostics.length > 0);
    await client.notify('textDocument/didClose', { textDocument: { uri: 'file:///tmp/napkin-lsp-test/fresh-last.md' } });
    await client.notify('textDocument/didClose', { textDocument: { uri } });
  });

  test('inlay hints: values, loads with utilisation, clickable parts and tooltips', async () => {
    const hints = await client.request<lsp.InlayHint[]>('textDocument/inlayHint', { textDocument: doc, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } });
    const labels = hints.map((h) => (h.label as lsp.InlayHintLabelPart[]).map((p) => p.value).join(''));
    assert.ok(labels.includes('= 5.79K req/s'), labels.join(' | '));
    assert.ok(labels.includes('← 16.5K/s · 110% of 15K/s'), labels.join(' | '));
    for (const label of labels) assert.ok(label.length <= 40, label);
    const lbs = hints[labels.indexOf('← 16.5K/s · 110% of 15K/s')]!;
    assert.equal(lbs.position.line, at('service      lbs').line);
    assert.equal(lbs.paddingLeft, true);
    const capacityPart = (lbs.label as lsp.InlayHintLabelPart[]).find((p) => p.value === '15K/s')!;
    assert.deepEqual(capacityPart.location, { uri: markdownUri, range: { start: at('5K/s, stateless'), end: at('5K/s, stateless', 4) } });
    assert.match((lbs.tooltip as lsp.MarkupContent).value, /3 replicas × 5K\/s = 15K\/s/);
    const only = await client.request<lsp.InlayHint[]>('textDocument/inlayHint', { textDocument: doc, range: { start: at('search_qps  ='), end: at('search_qps  =', 5) } });
    assert.equal(only.length, 1);
  });

  test('settings switch hints off and ask the client to refresh', async () => {
    client.configuration = { napkin: { inlayHints: { enabled: true, quantities: false } } };
    await client.notify('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForServerRequest('workspace/inlayHint/refresh', 1);
    const hints = await client.request<lsp.InlayHint[]>('textDocument/inlayHint', { textDocument: doc, range: { start: { line: 0, character: 0 }, end: { line: 60, character: 0 } } });
    assert.ok(hints.every((h) => !(h.label as lsp.InlayHintLabelPart[])[0]!.value.startsWith('=')));
    client.configuration = { napkin: {} };
    await client.notify('workspace/didChangeConfiguration', { settings: {} });
    await client.waitForServerRequest('workspace/inlayHint/refresh', 2);
  });

  test('rule severities from napkin.rules and from a .napkin.json, reloaded when it changes', async () => {
    client.configuration = { napkin: { rules: { 'single-point-of-failure': 'off', N401: 'warning' } } };
    client.clear('textDocument/publishDiagnostics');
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    const fromSettings = await diagnosticsFor(markdownUri);
    assert.deepEqual(fromSettings.diagnostics.map((d) => [d.code, d.severity]), [['N401', 2]]);
    client.configuration = { napkin: {} };
    client.clear('textDocument/publishDiagnostics');
    await client.notify('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual((await diagnosticsFor(markdownUri)).diagnostics.map((d) => d.code), ['N403', 'N401']);

    const dir = mkdtempSync(join(tmpdir(), 'napkin-lsp-'));
    try {
      const configFile = join(dir, '.napkin.json');
      writeFileSync(configFile, JSON.stringify({ rules: { N403: 'info' }, assume: { day: '100K s' } }));
      const uri = pathToFileURL(join(dir, 'design.md')).href;
      await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: proximity } });
      // With a day of 100K s the peak is 15K/s: lbs is exactly at capacity, so N401 is gone.
      assert.deepEqual((await diagnosticsFor(uri, 1)).diagnostics.map((d) => [d.code, d.severity]), [['N403', 3]]);
      const hover = await client.request<lsp.Hover>('textDocument/hover', { textDocument: { uri }, position: positionOf(proximity, 'search_qps  =') });
      assert.match((hover.contents as lsp.MarkupContent).value, /= \*\*5K req\/s\*\*/);
      writeFileSync(configFile, JSON.stringify({ rules: { N403: 'off' } }));
      client.clear('textDocument/publishDiagnostics');
      await client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(configFile).href, type: 2 }] });
      assert.deepEqual((await diagnosticsFor(uri, 1)).diagnostics.map((d) => d.code), ['N401']);
      await client.notify('textDocument/didClose', { textDocument: { uri } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await diagnosticsFor(markdownUri);
  });

  test('hover explains a quantity with every factor', async () => {
    const hover = await client.request<lsp.Hover>('textDocument/hover', { textDocument: doc, position: at('search_qps  =', 3) });
    const value = (hover.contents as lsp.MarkupContent).value;
    assert.match(value, /dau × searches\n= 100M users × 5 req\/user\/day\n= 500M req\/day ≈ 5\.79K req\/s/);
    assert.match(value, /exact: `5,787\.037037\d* req\/s`/);
    assert.deepEqual(hover.range, { start: at('search_qps  ='), end: at('search_qps  =', 10) });
    const unit = await client.request<lsp.Hover>('textDocument/hover', { textDocument: doc, position: at('6 B', 2) });
    assert.match((unit.contents as lsp.MarkupContent).value, /`B` = byte/);
  });

  test('completion: props inside braces, components after an arrow', async () => {
    const props = await client.request<lsp.CompletionList>('textDocument/completion', { textDocument: doc, position: at('{ storage: biz_storage }', 2) });
    const labels = props.items.map((i) => i.label);
    assert.ok(labels.includes('replication') && labels.includes('node_storage') && !labels.includes('storage'), labels.join(' '));
    const ids = await client.request<lsp.CompletionList>('textDocument/completion', { textDocument: doc, position: at('-> lbs   :', 3) });
    assert.ok(ids.items.some((i) => i.label === 'geo' && i.detail?.startsWith('database')));
  });

  test('definition, references, highlights across fences', async () => {
    const flowUse = at('lbs    -> geo  :');
    const definition = await client.request<lsp.Location[]>('textDocument/definition', { textDocument: doc, position: flowUse });
    assert.deepEqual(definition, [{ uri: markdownUri, range: { start: at('lbs     "Location'), end: at('lbs     "Location', 3) } }]);
    const references = await client.request<lsp.Location[]>('textDocument/references', { textDocument: doc, position: flowUse, context: { includeDeclaration: true } });
    // The definition, two connections and four flow steps.
    assert.equal(references.length, 7);
    const highlights = await client.request<lsp.DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: doc, position: flowUse });
    assert.equal(highlights.length, 7);
    assert.equal(highlights.filter((h) => h.kind === 3).length, 1);
  });

  test('rename everywhere, and refuse units with a message', async () => {
    const prepared = await client.request<{ range: lsp.Range; placeholder: string }>('textDocument/prepareRename', { textDocument: doc, position: at('geo_storage }', 2) });
    assert.equal(prepared.placeholder, 'geo_storage');
    const edit = await client.request<lsp.WorkspaceEdit>('textDocument/rename', { textDocument: doc, position: at('geo_storage }', 2), newName: 'index_storage' });
    const renamed = applyLspEdits(text, edit.changes![markdownUri]!);
    assert.equal(renamed.match(/index_storage/g)?.length, 2);
    await assert.rejects(client.request('textDocument/prepareRename', { textDocument: doc, position: at('1 KB', 2, 1) }), /`KB` is a unit/);
    await assert.rejects(client.request('textDocument/rename', { textDocument: doc, position: at('dau * searches'), newName: 'search_qps' }), /already defined/);
  });

  test('document symbols, semantic tokens, folding ranges', async () => {
    const symbols = await client.request<lsp.DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: doc });
    const flow = symbols.find((s) => s.name === 'search')!;
    assert.equal(flow.kind, 24);
    assert.equal(flow.children?.length, 5);
    assert.equal(symbols.find((s) => s.name === 'search_qps')?.detail, '5.79K req/s');
    const tokens = await client.request<lsp.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: doc });
    assert.equal(tokens.data.length % 5, 0);
    const decoded = decodeTokens(tokens.data, initialize.capabilities.semanticTokensProvider!.legend);
    const dau = at('dau         =');
    assert.deepEqual(decoded.find((t) => t.line === dau.line && t.character === 0), { line: dau.line, character: 0, length: 3, type: 'variable', modifiers: ['declaration', 'readonly'] });
    const ranged = await client.request<lsp.SemanticTokens>('textDocument/semanticTokens/range', { textDocument: doc, range: { start: dau, end: { line: dau.line + 1, character: 0 } } });
    assert.ok(ranged.data.length > 0 && ranged.data.length < tokens.data.length);
    const folds = await client.request<lsp.FoldingRange[]>('textDocument/foldingRange', { textDocument: doc });
    assert.deepEqual(folds.map((f) => [f.startLine, f.endLine]), [[at('flow search').line, at('lbs   --> people').line]]);
  });

  test('formatting aligns inside fences and is idempotent', async () => {
    const edits = await client.request<lsp.TextEdit[]>('textDocument/formatting', { textDocument: doc, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    const formatted = applyLspEdits(text, edits);
    assert.match(formatted, /\nlb     -> lbs : GET \/v1\/search\/nearby \{ share: 95% \}\n/);
    const uri = 'file:///tmp/napkin-lsp-test/formatted.md';
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: formatted } });
    const again = await client.request<lsp.TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.deepEqual(again, []);
    // Range formatting touches only the lines of the range.
    const line = at('lb     -> biz').line;
    const ranged = await client.request<lsp.TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: doc,
      range: { start: { line, character: 0 }, end: { line, character: 5 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(ranged.map((e) => e.range.start.line), [line]);
    assert.equal(ranged[0]!.newText, 'lb     -> biz : /v1/businesses { share: 5% }');
  });

  test('code action: set replicas, applied, removes N401', async () => {
    const published = await diagnosticsFor(markdownUri, version);
    const overCapacity = published.diagnostics.find((d) => d.code === 'N401')!;
    const actions = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: overCapacity.range, context: { diagnostics: [overCapacity] } });
    const fix = actions.find((a) => a.title === 'Set replicas to 4')!;
    assert.equal(fix.isPreferred, true);
    assert.equal(fix.kind, 'quickfix');
    assert.equal(fix.diagnostics?.[0]?.code, 'N401');
    const edits = fix.edit!.changes![markdownUri]!;
    version++;
    await client.notify('textDocument/didChange', { textDocument: { uri: markdownUri, version }, contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })) });
    text = applyLspEdits(text, edits);
    assert.match(text, /replicas: 4, capacity: 5K\/s/);
    const after = await diagnosticsFor(markdownUri, version);
    assert.deepEqual(after.diagnostics.map((d) => d.code), ['N403']);
    const convert = await client.request<lsp.CodeAction[]>('textDocument/codeAction', { textDocument: doc, range: { start: at('1 KB', 1, 1), end: at('1 KB', 1, 1) }, context: { diagnostics: [] } });
    assert.ok(convert.some((a) => a.title === 'Convert to B (1000 B)' && a.kind === 'refactor.rewrite'), convert.map((a) => a.title).join(' | '));
  });

  test('didChange → publishDiagnostics latency (proximity example)', async (t) => {
    const uri = 'file:///tmp/napkin-lsp-test/latency.md';
    let latencyVersion = 1;
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: latencyVersion, text: proximity } });
    await diagnosticsFor(uri, latencyVersion);
    const start = positionOf(proximity, 'capacity: 5K/s', 10);
    const times: number[] = [];
    for (let run = 0; run < 30; run++) {
      latencyVersion++;
      const began = performance.now();
      await client.notify('textDocument/didChange', {
        textDocument: { uri, version: latencyVersion },
        contentChanges: [{ range: { start, end: { line: start.line, character: start.character + 1 } }, text: String(5 + (run % 2)) }],
      });
      await diagnosticsFor(uri, latencyVersion);
      times.push(performance.now() - began);
    }
    times.sort((a, b) => a - b);
    const median = times[times.length >> 1]!;
    t.diagnostic(`didChange → publishDiagnostics on examples/proximity-service.md: median ${median.toFixed(2)} ms over ${times.length} edits (min ${times[0]!.toFixed(2)}, max ${times[times.length - 1]!.toFixed(2)})`);
    assert.ok(median < 100, `median ${median} ms`);
  });

  test('shutdown and exit', async () => {
    assert.equal(await client.request('shutdown', null), null);
    await client.notify('exit', null);
    assert.equal(await client.exited, 0);
  });
});

function decodeTokens(data: readonly number[], legend: lsp.SemanticTokensLegend) {
  const tokens: { line: number; character: number; length: number; type: string; modifiers: string[] }[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i]!;
    character = data[i]! === 0 ? character + data[i + 1]! : data[i + 1]!;
    const bits = data[i + 4]!;
    tokens.push({ line, character, length: data[i + 2]!, type: legend.tokenTypes[data[i + 3]!]!, modifiers: legend.tokenModifiers.filter((_, b) => bits & (1 << b)) });
  }
  return tokens;
}
