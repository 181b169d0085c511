/**
 * Hardening, part 2: pathological inputs, one test each. Every input goes through the whole core
 * pipeline (analyze, every editor feature, suppressions, both diagram emitters) and the ranges and
 * displays are checked as in the fuzz properties (test/fuzz/check.ts). Nothing here asserts a
 * time: a hang is the test's timeout. The times are printed as test diagnostics (`# …` lines) and
 * recorded in docs/security.md; how time grows with size is measured by `npm run bench` (scaling).
 *
 * Inputs that still crash the core are in test/hardening-core.test.ts, not here.
 * The UTF-16 positions after emoji, right-to-left text and combining marks are checked over the real
 * LSP protocol at the end of this file.
 */

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import type * as lsp from 'vscode-languageserver-protocol';
import { analyze, type Analysis, type Language } from '../server/src/core/analysis';
import { diagramsOf, documentDiagram } from '../server/src/core/render/mermaid';
import { checkDisplays, checkDocument, checkRanges, pipelineOutput } from './fuzz/check';
import { ensureServerBuilt, startClient, type TestClient } from './lsp/client';

const root = join(__dirname, '..');
const proximity = readFileSync(join(root, 'examples/proximity-service.md'), 'utf8');
const fence = (...lines: string[]) => `\`\`\`napkin\n${lines.join('\n')}\n\`\`\`\n`;

function timed<T>(t: TestContext, what: string, run: () => T): T {
  const started = performance.now();
  const result = run();
  t.diagnostic(`${what}: ${(performance.now() - started).toFixed(0)} ms`);
  return result;
}

/** The whole pipeline on a big input, features asked at a few offsets only; ranges and displays checked. */
function pipeline(t: TestContext, what: string, text: string, language: Language = 'markdown'): Analysis {
  const offsets = [0, Math.floor(text.length / 2), text.length - 1, text.length];
  const { analysis, output } = timed(t, `${what}: analyze + every feature + diagrams`, () => pipelineOutput(text, language, { offsets }));
  checkRanges(text, output);
  checkDisplays(text, output);
  return analysis;
}

describe('pathological inputs', { timeout: 300_000 }, () => {
  describe('a 5 MB single line', () => {
    const five = 5_000_000;
    test('in a component label', (t) => {
      const analysis = pipeline(t, '5 MB label', fence(`service api "${'x'.repeat(five)}"`, 'user u { rate: 1/s }', 'u -> api'));
      assert.equal(analysis.graph.components.get('api')?.label?.length, five);
      assert.equal(diagramsOf(analysis)[0]!.mermaid.includes('x'.repeat(1000)), true, 'the label is drawn');
    });
    test('in a connection label', (t) => {
      const analysis = pipeline(t, '5 MB connection label', fence('service a', 'service b', `a -> b : ${'GET /x?&'.repeat(five / 8)}`));
      assert.equal(analysis.graph.edges[0]?.label?.length, five);
    });
    test('of one expression (x = 1 + 1 + … 1,250,000 terms)', (t) => {
      const analysis = pipeline(t, '5 MB expression', fence(`x = ${'1 + '.repeat(five / 4)}1`, 'assert x > 0'));
      assert.equal(analysis.quantities[0]?.value?.value, five / 4 + 1);
      assert.deepEqual(analysis.asserts.map((a) => a.holds), [true]);
    });
    test('in a comment', (t) => {
      const analysis = pipeline(t, '5 MB comment', fence(`# ${'x'.repeat(five)}`, 'x = 1'));
      assert.equal(analysis.quantities[0]?.display, '1');
    });
    test('as Markdown prose around a fence', (t) => {
      const analysis = pipeline(t, '5 MB prose line', `${'word '.repeat(five / 5)}\n\n${fence('x = 1')}`);
      assert.equal(analysis.fences.length, 1);
    });
    test('of unknown characters (emoji) in a fence: one diagnostic per character, none splitting a pair', (t) => {
      // 1.25 M emoji = 2.5 M code units.
      const text = fence(`x = 1 ${'😀'.repeat(1_250_000)}`);
      const analysis = pipeline(t, '1.25 M emoji on one line', text);
      assert.ok(analysis.diagnostics.length >= 1);
    });
  });

  test('100,000 fences', (t) => {
    const text = Array.from({ length: 100_000 }, (_, i) => `\`\`\`napkin\nq${i} = ${i === 0 ? '1' : `q${i - 1} + 1`}\n\`\`\`\n`).join('');
    const analysis = pipeline(t, '100K fences', text);
    assert.equal(analysis.fences.length, 100_000);
    assert.equal(analysis.quantities.at(-1)?.value?.value, 100_000, 'the names are shared across all fences');
  });

  describe('deep nesting: no stack overflow, the parser reports nesting over 200 levels', () => {
    const deep = 10_000;
    for (const [name, body] of [
      ['10,000 nested parentheses', `x = ${'('.repeat(deep)}1${')'.repeat(deep)}`],
      ['10,000 unclosed parentheses at the end', `x = ${'('.repeat(deep)}`],
      ['10,000 nested brackets in a prop', `service a { tags: ${'['.repeat(deep)}x${']'.repeat(deep)} }`],
      ['10,000 nested calls', `x = ${'max('.repeat(deep)}1${')'.repeat(deep)}`],
      ['10,000 unary minus signs', `x = ${'-'.repeat(deep)}1`],
      ['10,000 parentheses in an assert', `assert ${'('.repeat(deep)}1 < 2${')'.repeat(deep)}`],
    ] as const) {
      test(name, (t) => {
        const analysis = pipeline(t, name, fence(body));
        assert.ok(analysis.diagnostics.some((d) => d.code === 'N001' && /nested more than 200 levels/.test(d.message)), analysis.diagnostics.map((d) => d.message).join('\n'));
      });
    }
    // (Where the limit lies — 100 parentheses count as 200 levels today — is in hardening-core.test.ts.)
  });

  describe('a 10,000-component chain', () => {
    const n = 10_000;
    // Every kind the checks look at (the single-point-of-failure walk, caches, queues) on one chain;
    // plain services to measure how load propagation grows (the quadratic single-point-of-failure
    // walk over a chain of databases is a core bug, in hardening-core.test.ts).
    const mixed = ['service', 'database', 'cache', 'loadbalancer', 'queue', 'worker', 'gateway', 'storage'];
    const plain = ['service', 'worker', 'gateway', 'queue'];
    const chain = (count: number, style: 'one-line' | 'lines' | 'reversed', kinds = style === 'one-line' ? mixed : plain) => {
      const declarations = ['user u0 { rate: 10/s }', ...Array.from({ length: count }, (_, i) => `${kinds[i % kinds.length]} c${i + 1}`)];
      const names = ['u0', ...Array.from({ length: count }, (_, i) => `c${i + 1}`)];
      const hops = names.slice(1).map((name, i) => `${names[i]} -> ${name}`);
      const connections = style === 'one-line' ? [names.join(' -> ')] : style === 'lines' ? hops : hops.reverse();
      return fence(...declarations, ...connections, `assert c${count}.load <= 10/s`);
    };

    for (const style of ['one-line', 'lines', 'reversed'] as const) {
      test(`as ${style === 'one-line' ? 'one chain statement' : style === 'lines' ? 'one connection per line' : 'connections in reverse order'}: loads propagate to the end, checks and Mermaid run`, (t) => {
        const analysis = pipeline(t, `10K chain (${style})`, chain(n, style));
        // Caches pass on their misses: with no `hit`, all of it.
        assert.equal(analysis.load.components.get(`c${n}`)?.load, 10);
        assert.deepEqual(analysis.asserts.map((a) => a.holds), [true]);
        const diagram = documentDiagram(analysis)!;
        assert.equal(diagram.nodes.length, n + 1);
        if (style === 'one-line') assert.ok(analysis.diagnostics.some((d) => d.code === 'N403'), 'the single-point-of-failure check walked the chain');
      });
    }

    test('load propagation reaches the end of a 10,000-component chain (its growth is measured by npm run bench, not asserted)', (t) => {
      const analysis = timed(t, 'analyze a 10,000-component chain', () => analyze(chain(10_000, 'lines')));
      assert.ok(analysis.load.components.get('c10000')?.load !== undefined, 'the last component has a load');
    });

    test('a 10,000-hop traffic cycle is reported, not looped', (t) => {
      const lines = ['user u0 { rate: 10/s }', ...Array.from({ length: n }, (_, i) => `service c${i + 1}`), 'u0 -> c1', ...Array.from({ length: n }, (_, i) => `c${i + 1} -> c${((i + 1) % n) + 1}`)];
      const analysis = pipeline(t, '10K cycle', fence(...lines));
      assert.ok(analysis.diagnostics.some((d) => d.code === 'N408'));
    });

    test('10,000 flow steps and a 10,000-way fan-out', (t) => {
      pipeline(t, '10K flow steps', fence('user u { rate: 1/s }', 'service a', 'flow f "F" {', ...Array.from({ length: n }, (_, i) => (i % 2 ? '  a --> u : ok' : '  u -> a : call')), '}'));
      pipeline(t, '10K fan-out', fence('user u { rate: 10/s }', 'loadbalancer lb', 'u -> lb', ...Array.from({ length: n }, (_, i) => `service s${i}`), ...Array.from({ length: n }, (_, i) => `lb -> s${i} { share: 0.01% }`)));
    });
  });

  describe('overflow, underflow, division by zero: a diagnostic, never ∞ or NaN shown', () => {
    // (Overflows inside the load model — utilisation, total capacity, bandwidth, shards — are open core
    // bugs: hardening-core.test.ts.)
    for (const [name, line, code] of [
      ['division by zero', 'x = 1 / 0', 'N203'],
      ['zero divided by zero', 'x = 0 s / 0 s', 'N203'],
      ['division by a difference that is zero', 'a = 5 users - 5 users\nx = 10 / a', 'N203'],
      ['an overflowing product', 'x = 1e308 * 10', 'N203'],
      ['an overflowing power', 'x = 10^400', 'N203'],
      ['an overflowing unit conversion', 'x = 1e308 KB', 'N203'],
      ['an overflowing sum', 'x = 1e308 + 1e308', 'N203'],
      ['the square root of a negative number', 'x = sqrt(-1)', 'N203'],
      ['the logarithm of zero', 'x = log10(0)', 'N203'],
      ['an overflowing component prop', 'database d { storage: 1e300 GB * 1e300 }', 'N203'],
      ['an overflowing rate in a component', 'user u { rate: 1e308/s * 1e308 }', 'N203'],
      ['a literal that underflows to zero', 'x = 1e-400', 'N203'],
      ['a product that underflows to zero', 'x = 1e-200 * 1e-200', 'N203'],
      ['loads that add up past the largest number', 'user u { rate: 1e308/s }\nservice api\nu -> api\nu -> api', 'N203'],
    ] as const) {
      test(`${name}: ${line.replace(/\n/g, '; ')}`, () => {
        const text = fence(...line.split('\n'), 'assert 1 < 2');
        const analysis = analyze(text);
        assert.ok(analysis.diagnostics.some((d) => d.code === code), `${code} expected; got ${analysis.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
        const x = analysis.quantities.find((q) => q.name === 'x');
        if (x) assert.equal(x.display, undefined, 'the quantity has no value to show');
        checkDocument(text, 'markdown');
      });
    }
    test('a quantity that uses an invalid one reports once and shows nothing', () => {
      const analysis = analyze(fence('x = 1 / 0', 'y = x * 2', 'user u { rate: y / 1 s }', 'service api', 'u -> api'));
      assert.equal(analysis.diagnostics.filter((d) => d.code === 'N203').length, 1);
      assert.equal(analysis.quantities.find((q) => q.name === 'y')?.display, undefined);
      checkDocument(analysis.text, 'markdown');
    });
  });

  describe('unclosed strings and blocks at the very end', () => {
    for (const [name, text, code] of [
      ['a string, no final newline', '```napkin\nservice a "unclosed', 'N002'],
      ['a string at the end of a closed fence', fence('service a "unclosed'), 'N002'],
      ['a group brace', '```napkin\ngroup g {', 'N003'],
      ['a prop block', '```napkin\nservice a {', 'N003'],
      ['a multi-line prop block', '```napkin\nservice a {\n  replicas: 2,', 'N003'],
      ['a flow', '```napkin\nflow f "F" {\n  a -> b : "unclosed', 'N003'],
      ['a parenthesis', '```napkin\nx = (1 +', 'N001'],
      ['a string in a .napkin file', 'service a "x', 'N002'],
      ['a backslash at the end of a string', '```napkin\nservice a "x\\', 'N002'],
    ] as const) {
      test(name, () => {
        const language: Language = name.includes('.napkin') ? 'napkin' : 'markdown';
        const analysis = analyze(text, { language });
        assert.ok(analysis.diagnostics.some((d) => d.code === code), `${code} expected; got ${analysis.diagnostics.map((d) => d.code).join(' ')}`);
        checkDocument(text, language);
      });
    }
  });

  describe('line endings, BOM, tabs', () => {
    const lf = proximity;
    const variants: Record<string, string> = {
      CRLF: lf.replace(/\n/g, '\r\n'),
      CR: lf.replace(/\n/g, '\r'),
      'mixed LF, CRLF and CR': lf.split('\n').map((line, i) => line + ['\n', '\r\n', '\r'][i % 3]).join(''),
      BOM: `\ufeff${lf}`,
      'BOM and CRLF': `\ufeff${lf.replace(/\n/g, '\r\n')}`,
      'tabs between tokens': lf.replace(/(```napkin[\s\S]*?```)/g, (f) => f.replace(/ {2,}/g, '\t')),
      'no final newline': lf.replace(/\s+$/, ''),
    };
    const summary = (analysis: Analysis) => ({
      codes: analysis.diagnostics.map((d) => d.code),
      flagged: analysis.diagnostics.map((d) => analysis.text.slice(d.start, d.end)),
      quantities: analysis.quantities.map((q) => `${q.name} = ${q.display}`),
      loads: [...analysis.load.components].map(([id, c]) => `${id} ${c.load}`),
      diagrams: diagramsOf(analysis).length,
    });
    const expected = summary(analyze(lf));
    for (const [name, text] of Object.entries(variants)) {
      test(`${name}: the same values, diagnostics on the same text, the same diagrams`, () => {
        assert.deepEqual(summary(analyze(text)), expected);
        checkDocument(text, 'markdown');
      });
    }
    test('a .napkin file with CRLF, a BOM and tabs', () => {
      const body = proximity.match(/```napkin\n([\s\S]*?)```/g)!.map((f) => f.replace(/```(napkin)?\n?/g, '')).join('\n');
      const napkin = `\ufeff${body.replace(/ {2,}/g, '\t').replace(/\n/g, '\r\n')}`;
      const analysis = analyze(napkin, { language: 'napkin' });
      assert.deepEqual(analysis.diagnostics.map((d) => d.code), expected.codes);
      checkDocument(napkin, 'napkin');
    });
  });

  describe('emoji, right-to-left text and combining marks', () => {
    const labels = ['😀 Users 👩‍👩‍👧', 'שירות המיקום', 'خدمة', 'e\u0301te\u0301 n\u0303', '\u202eevil\u202c', 'Z\u0351\u0352\u0353\u0354a\u0355\u0356l\u0357\u0358g\u0359o', '𝕏 𝔂 🇺🇳'];
    test('in labels, ids, connection and flow labels: offsets land on code point boundaries', () => {
      const text = fence(
        ...labels.map((label, i) => `service s${i} "${label}" { capacity: 1K/s }`),
        'user ユーザー "😀" { rate: 10/s }',
        'service données',
        'ユーザー -> données : 😀 GET /ünïcödé',
        ...labels.map((label, i) => `données -> s${i} : ${label}`),
        'flow 流れ "😀 flow" {',
        '  ユーザー -> données : שלום 😀',
        '  données --> ユーザー : e\u0301',
        '}',
      );
      checkDocument(text, 'markdown');
      const analysis = analyze(text);
      assert.equal(analysis.graph.components.get('données')?.kindDef?.kind, 'service');
      assert.equal(analysis.graph.edges.find((e) => e.to === 's0')?.label, labels[0]);
    });
  });
});

// ── UTF-16 positions over the real LSP protocol ─────────────────────────────

describe('LSP positions after emoji, right-to-left text and combining marks (stdio)', { timeout: 60_000 }, () => {
  let client: TestClient;
  const uri = 'file:///tmp/napkin-hardening/unicode.md';
  const lines = [
    '# 😀 Unicode',
    '',
    '```napkin',
    'user u "😀 שלום e\u0301" { rate: missing_rate }',
    'service api "👩‍👩‍👧 خدمة" { capacity: 3 GB }',
    'user people "\u202eevil\u202c" { rate: 10/s }',
    'people -> api : 😀 GET /ünïcödé',
    '```',
    '',
  ];
  const text = lines.join('\n');
  /** The LSP position of `needle` on `line`: character = UTF-16 code units before it on that line. */
  const at = (line: number, needle: string) => ({ line, character: lines[line]!.indexOf(needle) });

  before(async () => {
    await ensureServerBuilt();
    client = startClient();
    await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } } });
    await client.notify('initialized', {});
    await client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text } });
  });
  after(() => client?.kill());

  test('diagnostics after emoji have the UTF-16 character offset', async () => {
    const published = await client.waitFor<lsp.PublishDiagnosticsParams>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    const byCode = (code: string) => published.diagnostics.find((d) => d.code === code);
    const undefinedName = byCode('N101');
    assert.ok(undefinedName, JSON.stringify(published.diagnostics));
    assert.deepEqual(undefinedName.range.start, at(3, 'missing_rate'));
    assert.deepEqual(undefinedName.range.end, { line: 3, character: at(3, 'missing_rate').character + 'missing_rate'.length });
    const propType = byCode('N303');
    assert.ok(propType, JSON.stringify(published.diagnostics));
    assert.deepEqual(propType.range.start, at(4, '3 GB'));
    assert.deepEqual(propType.range.end, { line: 4, character: at(4, '3 GB').character + 4 });
    // Every range is on a code point boundary of its line.
    for (const d of published.diagnostics) {
      for (const p of [d.range.start, d.range.end]) {
        const line = lines[p.line]!;
        assert.ok(p.character <= line.length, `${d.code} ${JSON.stringify(p)}`);
        const code = line.charCodeAt(p.character);
        assert.ok(!(code >= 0xdc00 && code <= 0xdfff), `${d.code} starts or ends inside a surrogate pair: ${JSON.stringify(p)}`);
      }
    }
  });

  test('hover and semantic tokens after emoji use UTF-16 positions', async () => {
    const hover = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: at(6, 'api') });
    assert.ok(hover?.range, 'a hover on `api` after the emoji-free start of the line');
    assert.deepEqual(hover.range.start, at(6, 'api'));
    const onApi = await client.request<lsp.Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 4, character: at(4, 'capacity').character + 2 } });
    assert.ok(onApi?.range);
    assert.deepEqual(onApi.range.start, at(4, 'capacity'), 'the prop after a ZWJ emoji sequence and Arabic text');
    const tokens = await client.request<lsp.SemanticTokens>('textDocument/semanticTokens/full', { textDocument: { uri } });
    // Decode and find the token for `capacity` on line 4.
    let line = 0;
    let character = 0;
    const decoded: { line: number; character: number; length: number }[] = [];
    for (let i = 0; i < tokens.data.length; i += 5) {
      line += tokens.data[i]!;
      character = tokens.data[i]! === 0 ? character + tokens.data[i + 1]! : tokens.data[i + 1]!;
      decoded.push({ line, character, length: tokens.data[i + 2]! });
    }
    assert.ok(decoded.some((tk) => tk.line === 4 && tk.character === at(4, 'capacity').character && tk.length === 'capacity'.length), JSON.stringify(decoded.filter((tk) => tk.line === 4)));
    assert.ok(decoded.some((tk) => tk.line === 5 && tk.character === at(5, 'rate').character), 'after RTL override characters');
  });
});
