/**
 * The TextMate grammars, the language configuration and the snippets, tested the way VS Code uses
 * them: real lines tokenized by vscode-textmate on the Oniguruma WASM build, exact scopes asserted.
 *
 * Markdown is tokenized with a small stand-in host grammar (test/fixtures/grammar/
 * markdown-host.tmLanguage.json, scope `text.html.markdown`); the registry injects
 * `markdown.napkin.codeblock` into it, as VS Code does for a grammar contributed with
 * `"injectTo": ["text.html.markdown"]`.
 *
 * Run: node --import tsx --test test/grammar.test.ts
 */

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, test } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

const root = resolve(__dirname, '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');
const readJson = (path: string): unknown => JSON.parse(read(path));

const NAPKIN_GRAMMAR = 'syntaxes/napkin.tmLanguage.json';
const INJECTION_GRAMMAR = 'syntaxes/napkin.markdown-injection.json';
const HOST_GRAMMAR = 'test/fixtures/grammar/markdown-host.tmLanguage.json';
const LANGUAGE_CONFIGURATION = 'language-configuration.json';
const SNIPPETS = 'snippets/napkin.code-snippets';

const grammarFiles: Record<string, string> = {
  'source.napkin': NAPKIN_GRAMMAR,
  'markdown.napkin.codeblock': INJECTION_GRAMMAR,
  'text.html.markdown': HOST_GRAMMAR,
};

// ── harness ────────────────────────────────────────────────────────────────

/** A token as `[text, ...scopes]`, scopes without the grammar's root scope. */
type Tok = readonly [string, ...string[]];

let registry: vsctm.Registry;
let napkinGrammar: vsctm.IGrammar;
let markdownGrammar: vsctm.IGrammar;
let onigReady: Promise<void> | undefined;

function loadOniguruma(): Promise<void> {
  onigReady ??= oniguruma.loadWASM(readFileSync(join(root, 'node_modules/vscode-oniguruma/release/onig.wasm')).buffer as ArrayBuffer);
  return onigReady;
}

before(async () => {
  await loadOniguruma();
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (text: string) => new oniguruma.OnigString(text),
    }),
    loadGrammar: async (scopeName: string) => {
      const file = grammarFiles[scopeName];
      return file ? vsctm.parseRawGrammar(read(file), join(root, file)) : null;
    },
    getInjections: (scopeName: string) => (scopeName === 'text.html.markdown' ? ['markdown.napkin.codeblock'] : undefined),
  });
  const napkin = await registry.loadGrammar('source.napkin');
  const markdown = await registry.loadGrammar('text.html.markdown');
  assert.ok(napkin && markdown, 'both grammars load');
  napkinGrammar = napkin;
  markdownGrammar = markdown;
});

/** Tokenizes `text` line by line; whitespace-only tokens are left out unless `keepSpace`. */
function tokenize(grammar: vsctm.IGrammar, text: string, keepSpace = false): Tok[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens
      .map((t): Tok => [line.slice(t.startIndex, t.endIndex), ...t.scopes.slice(1)])
      .filter(([piece]) => keepSpace || piece.trim() !== '');
  });
}

/** The tokens of one napkin line. */
const line = (text: string): Tok[] => tokenize(napkinGrammar, text)[0]!;
/** The tokens of each line of a napkin text. */
const lines = (text: string): Tok[][] => tokenize(napkinGrammar, text);
/** The tokens of each line of a Markdown text. */
const markdown = (text: string): Tok[][] => tokenize(markdownGrammar, text);
/** Prefixes every token's scopes with `meta` (for lines inside a component, connection, fence…). */
const under = (meta: readonly string[], tokens: readonly Tok[]): Tok[] => tokens.map(([text, ...scopes]) => [text, ...meta, ...scopes]);

const N = (suffix: string) => `${suffix}.napkin`;
const num = (text: string): Tok => [text, N('constant.numeric')];
const unit = (text: string): Tok => [text, N('keyword.other.unit')];
const noun = (text: string): Tok => [text, N('keyword.other.unit.noun')];
const op = (text: string): Tok => [text, N('keyword.operator.arithmetic')];
const id = (text: string): Tok => [text, N('variable.other')];
const def = (text: string): Tok => [text, N('variable.other.definition')];
const assign: Tok = ['=', N('keyword.operator.assignment')];
const ref = (text: string): Tok => [text, N('variable.other.component')];
const arrow = (text: string): Tok => [text, N('keyword.operator.arrow')];
const key = (text: string): Tok => [text, N('variable.other.property')];
const colon: Tok = [':', N('punctuation.separator.key-value')];
const comma: Tok = [',', N('punctuation.separator.comma')];
const labelColon: Tok = [':', N('punctuation.separator.label')];
const label = (text: string): Tok => [text, N('string.unquoted.label')];
const propsOpen: Tok = ['{', N('punctuation.section.props.begin')];
const propsClose: Tok = ['}', N('punctuation.section.props.end')];
const kind = (text: string): Tok => [text, N('storage.type.component')];
const cls = (text: string): Tok => [text, N('entity.name.class')];
const keyword = (text: string): Tok => [text, N('keyword.control')];
const str = (text: string): Tok[] => [
  ['"', N('string.quoted.double'), N('punctuation.definition.string.begin')],
  [text, N('string.quoted.double')],
  ['"', N('string.quoted.double'), N('punctuation.definition.string.end')],
];
const hashComment = (text: string): Tok[] => [
  ['#', N('comment.line.number-sign'), N('punctuation.definition.comment')],
  [text, N('comment.line.number-sign')],
];
const slashComment = (text: string): Tok[] => [
  ['//', N('comment.line.double-slash'), N('punctuation.definition.comment')],
  [text, N('comment.line.double-slash')],
];
const COMPONENT = [N('meta.component')];
const CONNECTION = [N('meta.connection')];
const PROPS = [N('meta.props')];

// ── napkin grammar ─────────────────────────────────────────────────────────

describe('napkin grammar: comments', () => {
  test('# and // run to the end of the line', () => {
    assert.deepEqual(line('# Estimates: -> { not code'), hashComment(' Estimates: -> { not code'));
    assert.deepEqual(line('// also a comment'), slashComment(' also a comment'));
  });

  test('a trailing comment after a statement', () => {
    assert.deepEqual(line('dau = mau * 50%   # 150M users'), [def('dau'), assign, id('mau'), op('*'), num('50%'), ...hashComment(' 150M users')]);
    assert.deepEqual(line('x = 5 // five'), [def('x'), assign, num('5'), ...slashComment(' five')]);
  });
});

describe('napkin grammar: quantities, numbers and units', () => {
  test('a quantity with a count noun', () => {
    assert.deepEqual(line('dau = 100M users'), [def('dau'), assign, num('100M'), noun('users')]);
  });

  test('number forms, with attached magnitude or unit suffixes', () => {
    assert.deepEqual(line('n = 42 + 1.5 + 1_000_000 + 1.5e8 + 10^5'), [
      def('n'), assign, num('42'), op('+'), num('1.5'), op('+'), num('1_000_000'), op('+'), num('1.5e8'), op('+'), num('10'), op('^'), num('5'),
    ]);
    assert.deepEqual(line('s2 = 5K + 100M + 5B + 1.5T + 5k + 100KB + 20ms + 2x + 50%'), [
      def('s2'), assign, num('5K'), op('+'), num('100M'), op('+'), num('5B'), op('+'), num('1.5T'), op('+'), num('5k'), op('+'),
      num('100KB'), op('+'), num('20ms'), op('+'), num('2x'), op('+'), num('50%'),
    ]);
  });

  test('spaced units, data and time', () => {
    assert.deepEqual(line('geo_row = 6 B + 8 B + 16 B'), [def('geo_row'), assign, num('6'), unit('B'), op('+'), num('8'), unit('B'), op('+'), num('16'), unit('B')]);
    assert.deepEqual(line('pictures = 150M tweets/day * 10% * 100 KB * 3 copies * 5 years'), [
      def('pictures'), assign, num('150M'), noun('tweets'), op('/'), unit('day'), op('*'), num('10%'), op('*'), num('100'), unit('KB'), op('*'),
      num('3'), noun('copies'), op('*'), num('5'), unit('years'),
    ]);
    assert.deepEqual(line('t = 5 µs + 3 ms + 2 hours + 1 Gbps'), [
      def('t'), assign, num('5'), unit('µs'), op('+'), num('3'), unit('ms'), op('+'), num('2'), unit('hours'), op('+'), num('1'), unit('Gbps'),
    ]);
  });

  test('rates: a / unit phrase and per', () => {
    assert.deepEqual(line('cap = 5K/s'), [def('cap'), assign, num('5K'), op('/'), unit('s')]);
    assert.deepEqual(line('tweets = dau * 2 tweets/user/day'), [
      def('tweets'), assign, id('dau'), op('*'), num('2'), noun('tweets'), op('/'), noun('user'), op('/'), unit('day'),
    ]);
    assert.deepEqual(line('searches = 5 req per user per day'), [
      def('searches'), assign, num('5'), noun('req'), unit('per'), noun('user'), unit('per'), unit('day'),
    ]);
    assert.deepEqual(line('r = 300 qps'), [def('r'), assign, num('300'), unit('qps')]);
  });

  test('a spaced / between names divides; it is not a unit phrase', () => {
    assert.deepEqual(line('ratio = reads / writes'), [def('ratio'), assign, id('reads'), op('/'), id('writes')]);
  });

  test('functions, member access, parentheses; min is a function before ( and a unit elsewhere', () => {
    assert.deepEqual(line('n = ceil(lbs.load / 5K/s) + min(5 min, 3 s)'), [
      def('n'), assign, ['ceil', N('support.function')], ['(', N('punctuation.section.parens.begin')],
      ['lbs', N('variable.other.object')], ['.', N('punctuation.accessor')], ['load', N('variable.other.property')],
      op('/'), num('5K'), op('/'), unit('s'), [')', N('punctuation.section.parens.end')], op('+'),
      ['min', N('support.function')], ['(', N('punctuation.section.parens.begin')], num('5'), unit('min'), comma, num('3'), unit('s'),
      [')', N('punctuation.section.parens.end')],
    ]);
    for (const fn of ['ceil', 'floor', 'round', 'min', 'max', 'sqrt', 'log10']) {
      assert.deepEqual(line(`v = ${fn}(x)`)[2], [fn, N('support.function')], fn);
    }
  });

  test('names that start like keywords or kinds are plain names', () => {
    assert.deepEqual(line('search_qps = dau * searches'), [def('search_qps'), assign, id('dau'), op('*'), id('searches')]);
    assert.deepEqual(line('storage = 5 TB'), [def('storage'), assign, num('5'), unit('TB')]);
    assert.deepEqual(line('groups = 3'), [def('groups'), assign, num('3')]);
  });
});

describe('napkin grammar: assume and assert', () => {
  test('assume a unit and a kind default', () => {
    assert.deepEqual(line('assume day = 100K s'), [keyword('assume'), unit('day'), assign, num('100K'), unit('s')]);
    assert.deepEqual(line('assume year = 400 days'), [keyword('assume'), unit('year'), assign, num('400'), unit('days')]);
    assert.deepEqual(line('assume service.capacity = 10K/s'), [
      keyword('assume'), ['service', N('variable.other.object')], ['.', N('punctuation.accessor')], ['capacity', N('variable.other.property')],
      assign, num('10K'), op('/'), unit('s'),
    ]);
  });

  test('assert with every comparison', () => {
    assert.deepEqual(line('assert peak_qps < 50K/s'), [keyword('assert'), id('peak_qps'), ['<', N('keyword.operator.comparison')], num('50K'), op('/'), unit('s')]);
    for (const cmp of ['<', '<=', '>', '>=', '==', '!=']) {
      assert.deepEqual(line(`assert a ${cmp} b`), [keyword('assert'), id('a'), [cmp, N('keyword.operator.comparison')], id('b')], cmp);
    }
  });
});

describe('napkin grammar: components', () => {
  test('KIND id "label" { props } with a flag', () => {
    assert.deepEqual(
      line('service lbs "Location-based service" { replicas: 3, capacity: 5K/s, stateless }'),
      under(COMPONENT, [
        kind('service'), cls('lbs'), ...str('Location-based service'),
        ...under(PROPS, [propsOpen, key('replicas'), colon, num('3'), comma, key('capacity'), colon, num('5K'), op('/'), unit('s'), comma, key('stateless'), propsClose]),
      ]),
    );
  });

  test('every kind and alias is a keyword when an identifier follows', () => {
    const kinds = 'user client dns cdn loadbalancer lb gateway proxy service worker function cache database db queue topic storage search warehouse external';
    for (const k of kinds.split(' ')) assert.deepEqual(line(`${k} thing`), under(COMPONENT, [kind(k), cls('thing')]), k);
  });

  test('a kind word used as an id (loadbalancer lb; people -> lb)', () => {
    assert.deepEqual(line('loadbalancer lb'), under(COMPONENT, [kind('loadbalancer'), cls('lb')]));
    assert.deepEqual(line('people -> lb'), under(CONNECTION, [ref('people'), arrow('->'), ref('lb')]));
  });

  test('string escapes', () => {
    assert.deepEqual(line('user people "say \\"hi\\""'), under(COMPONENT, [
      kind('user'), cls('people'),
      ['"', N('string.quoted.double'), N('punctuation.definition.string.begin')],
      ['say ', N('string.quoted.double')],
      ['\\"', N('string.quoted.double'), N('constant.character.escape')],
      ['hi', N('string.quoted.double')],
      ['\\"', N('string.quoted.double'), N('constant.character.escape')],
      ['"', N('string.quoted.double'), N('punctuation.definition.string.end')],
    ]));
  });

  test('props across lines: keys, comments, word and hyphenated values', () => {
    const got = lines(['database geo "Geo" {', '  replicas: 2,  # two', '  storage: geo_storage', '  engine: postgres, replication: semi-sync', '}', 'x = 1'].join('\n'));
    assert.deepEqual(got, [
      under(COMPONENT, [kind('database'), cls('geo'), ...str('Geo'), ...under(PROPS, [propsOpen])]),
      under([...COMPONENT, ...PROPS], [key('replicas'), colon, num('2'), comma, ...hashComment(' two')]),
      under([...COMPONENT, ...PROPS], [key('storage'), colon, id('geo_storage')]),
      under([...COMPONENT, ...PROPS], [key('engine'), colon, id('postgres'), comma, key('replication'), colon, ['semi-sync', N('constant.other.value')]]),
      under([...COMPONENT, ...PROPS], [propsClose]),
      [def('x'), assign, num('1')],
    ]);
  });

  test('an unclosed props block gives up at a line that starts a statement', () => {
    const got = lines(['service api {', '  replicas: 3', 'cache redis { hit: 90% }', 'api -> redis'].join('\n'));
    assert.deepEqual(got[1], under([...COMPONENT, ...PROPS], [key('replicas'), colon, num('3')]));
    assert.deepEqual(got[2], under(COMPONENT, [kind('cache'), cls('redis'), ...under(PROPS, [propsOpen, key('hit'), colon, num('90%'), propsClose])]));
    assert.deepEqual(got[3], under(CONNECTION, [ref('api'), arrow('->'), ref('redis')]));
  });

  test('tags list', () => {
    assert.deepEqual(line('service pay { tags: [critical, payments] }'), under(COMPONENT, [
      kind('service'), cls('pay'),
      ...under(PROPS, [propsOpen, key('tags'), colon, ['[', N('punctuation.section.brackets.begin')], id('critical'), comma, id('payments'), [']', N('punctuation.section.brackets.end')], propsClose]),
    ]));
  });
});

describe('napkin grammar: connections', () => {
  test('a label and a share', () => {
    assert.deepEqual(
      line('lb     -> lbs   : GET /v1/search/nearby { share: 95% }'),
      under(CONNECTION, [ref('lb'), arrow('->'), ref('lbs'), labelColon, label('GET /v1/search/nearby'), ...under(PROPS, [propsOpen, key('share'), colon, num('95%'), propsClose])]),
    );
  });

  test('chains, async and reply arrows', () => {
    assert.deepEqual(line('biz -> redis -> bizdb'), under(CONNECTION, [ref('biz'), arrow('->'), ref('redis'), arrow('->'), ref('bizdb')]));
    assert.deepEqual(line('api ~> queue : publish order'), under(CONNECTION, [ref('api'), arrow('~>'), ref('queue'), labelColon, label('publish order')]));
    assert.deepEqual(line('  geo --> lbs : business ids'), under(CONNECTION, [ref('geo'), arrow('-->'), ref('lbs'), labelColon, label('business ids')]));
  });

  test('in a label, # and // start a comment only after whitespace', () => {
    assert.deepEqual(line('a -> b : C# client http://x//y # note'), under(CONNECTION, [ref('a'), arrow('->'), ref('b'), labelColon, label('C# client http://x//y'), ...hashComment(' note')]));
    assert.deepEqual(line('a -> b : publish // note'), under(CONNECTION, [ref('a'), arrow('->'), ref('b'), labelColon, label('publish'), ...slashComment(' note')]));
  });

  test('in a label, { opens props only when trailing (as the lexer decides)', () => {
    assert.deepEqual(line('a -> b : GET /v1/items/{id} { share: 5% }'), under(CONNECTION, [
      ref('a'), arrow('->'), ref('b'), labelColon, label('GET /v1/items/{id}'), ...under(PROPS, [propsOpen, key('share'), colon, num('5%'), propsClose]),
    ]));
    assert.deepEqual(line('a -> b : x { y } z'), under(CONNECTION, [ref('a'), arrow('->'), ref('b'), labelColon, label('x { y } z')]));
  });

  test('a quoted label, and props without a label', () => {
    assert.deepEqual(line('a -> b : "quoted" { size: 2 KB }'), under(CONNECTION, [
      ref('a'), arrow('->'), ref('b'), labelColon, ...str('quoted'), ...under(PROPS, [propsOpen, key('size'), colon, num('2'), unit('KB'), propsClose]),
    ]));
    assert.deepEqual(line('a -> b { rate: 5/s }'), under(CONNECTION, [ref('a'), arrow('->'), ref('b'), ...under(PROPS, [propsOpen, key('rate'), colon, num('5'), op('/'), unit('s'), propsClose])]));
  });
});

describe('napkin grammar: groups and flows', () => {
  test('a group block', () => {
    assert.deepEqual(lines(['group east "us-east-1" {', '  service api', '}'].join('\n')), [
      [keyword('group'), ['east', N('entity.name.namespace')], ...str('us-east-1'), ['{', N('punctuation.section.block.begin')]],
      under(COMPONENT, [kind('service'), cls('api')]),
      [['}', N('punctuation.section.block.end')]],
    ]);
  });

  test('a flow with a reply', () => {
    assert.deepEqual(lines(['flow search "Search nearby" {', '  people -> lb : GET /v1/search', '  lbs --> people : 200 OK', '}'].join('\n')), [
      [keyword('flow'), ['search', N('entity.name.function')], ...str('Search nearby'), ['{', N('punctuation.section.block.begin')]],
      under(CONNECTION, [ref('people'), arrow('->'), ref('lb'), labelColon, label('GET /v1/search')]),
      under(CONNECTION, [ref('lbs'), arrow('-->'), ref('people'), labelColon, label('200 OK')]),
      [['}', N('punctuation.section.block.end')]],
    ]);
  });

  test('a one-line group', () => {
    assert.deepEqual(line('group g { service a }'), [
      keyword('group'), ['g', N('entity.name.namespace')], ['{', N('punctuation.section.block.begin')],
      ...under(COMPONENT, [kind('service'), cls('a'), ['}', N('punctuation.section.block.end')]]),
    ]);
  });
});

/** The worked examples of the language brief (LANGUAGE.md §6). */
const WORKED_EXAMPLES = `# Twitter: tweets per second and media storage (numbers made up, as in the source)
assume day = 100K s
assume year = 400 days
mau         = 300M users
dau         = mau * 50%                                  # 150M users
tweets      = dau * 25% * 2 tweets/user/day              # 75M tweets/day
peak_tweets = tweets * 2x                                # 1,500 tweets/s
pictures    = 150M tweets/day * 10% * 100 KB * 3 copies * 5 years   # 9 PB
videos      = 150M tweets/day * 1% * 100 MB * 3 copies * 5 years    # 900 PB
dau         = 100M users
searches    = 5 req/user/day
search_qps  = dau * searches            # ≈ 5.8K req/s (5,000 with assume day = 100K s)
businesses  = 200M
biz_storage = businesses * 1 KB         # 200 GB
geo_row     = 6 B + 8 B + 16 B          # 30 B
geo_storage = businesses * geo_row      # 6 GB
user         people  "Mobile & web users" { rate: search_qps * 3x }
loadbalancer lb
service      lbs     "Location-based service" { replicas: 3, capacity: 5K/s, stateless }
service      biz     "Business service" { stateless }
cache        redis   "Business cache" { hit: 90% }
database     geo     "Geospatial index" { replicas: 2, storage: geo_storage }
database     bizdb   "Business DB" { storage: biz_storage }

people -> lb
lb     -> lbs   : GET /v1/search/nearby { share: 95% }
lb     -> biz   : /v1/businesses { share: 5% }
lbs    -> geo   : geohash prefix query
biz    -> redis -> bizdb
flow search "Search nearby" {
  people -> lb   : GET /v1/search/nearby?lat&lng&radius
  lb     -> lbs
  lbs    -> geo  : geohashes of the cell and its 8 neighbours
  geo   --> lbs  : business ids
  lbs   --> people : 200 OK
}`;

test('napkin grammar: every token of the worked examples gets a napkin scope, and every statement closes', () => {
  const structural = new Set([N('meta.component'), N('meta.connection'), N('meta.props')]);
  for (const [index, tokens] of lines(WORKED_EXAMPLES).entries()) {
    for (const [text, ...scopes] of tokens) {
      assert.ok(scopes.some((s) => !structural.has(s)), `line ${index + 1}: ${JSON.stringify(text)} has no scope of its own`);
    }
  }
  let state = vsctm.INITIAL;
  for (const text of WORKED_EXAMPLES.split('\n')) state = napkinGrammar.tokenizeLine(text, state).ruleStack;
  assert.ok(state.equals(napkinGrammar.tokenizeLine('', vsctm.INITIAL).ruleStack), 'no rule is left open at the end');
});

// ── Markdown injection ─────────────────────────────────────────────────────

const FENCE = 'markup.fenced_code.block.markdown';
const EMBEDDED = [FENCE, 'meta.embedded.block.napkin'];
const tick = (text: string, ...outer: string[]): Tok => [text, ...outer, FENCE, 'punctuation.definition.markdown'];
const language = (text: string, ...outer: string[]): Tok => [text, ...outer, FENCE, 'fenced_code.block.language.markdown'];
const paragraph = (text: string, ...outer: string[]): Tok => [text, ...outer, 'meta.paragraph.markdown'];
const hasNapkin = (tokens: readonly Tok[]): boolean => tokens.some((t) => t.slice(1).some((s) => s.endsWith('.napkin')));

describe('markdown injection', () => {
  test('the injection grammar is what VS Code needs to inject it', () => {
    const grammar = readJson(INJECTION_GRAMMAR) as { scopeName: string; injectionSelector: string };
    assert.equal(grammar.scopeName, 'markdown.napkin.codeblock');
    assert.match(grammar.injectionSelector, /^L:text\.html\.markdown(\s|$)/);
    assert.ok(read(INJECTION_GRAMMAR).includes('"contentName": "meta.embedded.block.napkin"'));
    assert.ok(read(INJECTION_GRAMMAR).includes('"include": "source.napkin"'));
  });

  test('a ```napkin fence: fence scopes, language, attributes, napkin inside, Markdown after', () => {
    const got = markdown(['# Design', '```napkin title="Estimates"', 'dau = 100M users', 'a -> b : GET /x', '```', 'after = 5 -> not napkin'].join('\n'));
    assert.deepEqual(got, [
      [['#', 'markup.heading.markdown', 'punctuation.definition.heading.markdown'], ['Design', 'markup.heading.markdown', 'entity.name.section.markdown']],
      [tick('```'), language('napkin'), [' title="Estimates"', FENCE, 'fenced_code.block.language.attributes.markdown']],
      under(EMBEDDED, [def('dau'), assign, num('100M'), noun('users')]),
      under([...EMBEDDED, ...CONNECTION], [ref('a'), arrow('->'), ref('b'), labelColon, label('GET /x')]),
      [tick('```')],
      [paragraph('after = 5 -> not napkin')],
    ]);
  });

  test('~~~ fences, any case of the word, 0 to 3 spaces of indentation', () => {
    assert.deepEqual(markdown(['~~~ NAPKIN', 'x = 1', '~~~'].join('\n')), [
      [tick('~~~'), language('NAPKIN')],
      under(EMBEDDED, [def('x'), assign, num('1')]),
      [tick('~~~')],
    ]);
    assert.deepEqual(markdown(['   ```Napkin', '   x = 1', '   ```'].join('\n')), [
      [tick('```'), language('Napkin')],
      under(EMBEDDED, [def('x'), assign, num('1')]),
      [tick('```')],
    ]);
    assert.deepEqual(markdown(['    ```napkin', '    x = 1'].join('\n')), [
      [['```napkin', 'markup.raw.block.markdown']],
      [['x = 1', 'markup.raw.block.markdown']],
    ]);
  });

  test('the closing fence: same character, at least as long', () => {
    const got = markdown(['````napkin', 'a = 1', '```', '~~~~', 'b = 2', '`````', 'after'].join('\n'));
    assert.deepEqual(got[0], [tick('````'), language('napkin')]);
    assert.ok(hasNapkin(got[1]!));
    assert.equal(hasNapkin(got[2]!), false, 'a shorter fence line is content, not napkin');
    assert.equal(hasNapkin(got[3]!), false);
    assert.deepEqual(got[4], under(EMBEDDED, [def('b'), assign, num('2')]), 'still inside the fence');
    assert.deepEqual(got[5], [tick('`````')]);
    assert.deepEqual(got[6], [paragraph('after')]);
  });

  test('other languages are not napkin: mermaid, python, napkinx, no info', () => {
    for (const info of ['mermaid', 'python', 'napkinx', 'napkin-x', '']) {
      const got = markdown([`\`\`\`${info}`, 'a -> b : x', 'x = 1', '```', 'text'].join('\n'));
      for (const tokens of got) assert.equal(hasNapkin(tokens), false, `\`\`\`${info}: ${JSON.stringify(tokens)}`);
      assert.deepEqual(got[1], [['a -> b : x', FENCE]]);
      assert.deepEqual(got[4], [paragraph('text')]);
    }
  });

  test('a props block left open does not run past the closing fence', () => {
    const got = markdown(['```napkin', 'service api {', '  replicas: 3', '```', '# Next'].join('\n'));
    assert.deepEqual(got[2], under([...EMBEDDED, ...COMPONENT, ...PROPS], [key('replicas'), colon, num('3')]));
    assert.deepEqual(got[3], [tick('```')]);
    assert.deepEqual(got[4], [['#', 'markup.heading.markdown', 'punctuation.definition.heading.markdown'], ['Next', 'markup.heading.markdown', 'entity.name.section.markdown']]);
  });

  test('inside a block quote and a list item (the host consumes the prefix)', () => {
    const quote = 'markup.quote.markdown';
    const quoteMark: Tok = ['>', quote, 'punctuation.definition.quote.begin.markdown'];
    assert.deepEqual(markdown(['> ```napkin', '> service api', '> ```', '> text'].join('\n')), [
      [quoteMark, tick('```', quote), language('napkin', quote)],
      [quoteMark, ...under([quote, ...EMBEDDED, ...COMPONENT], [kind('service'), cls('api')])],
      [quoteMark, tick('```', quote)],
      [quoteMark, paragraph('text', quote)],
    ]);
    const list = 'markup.list.unnumbered.markdown';
    assert.deepEqual(markdown(['- step', '', '    ```napkin', '    x = 1', '    ```'].join('\n')), [
      [['-', list, 'punctuation.definition.list.begin.markdown'], paragraph('step', list)],
      [],
      [tick('```', list), language('napkin', list)],
      under([list, ...EMBEDDED], [def('x'), assign, num('1')]),
      [tick('```', list)],
    ]);
  });

  test('a ```napkin line inside another fence or an HTML comment is text', () => {
    const inFence = markdown(['```text', '```napkin', 'x = 1', '```', 'after'].join('\n'));
    for (const tokens of inFence) assert.equal(hasNapkin(tokens), false, JSON.stringify(tokens));
    assert.deepEqual(inFence[4], [paragraph('after')]);
    const inComment = markdown(['<!--', '```napkin', 'x = 1', '```', '-->'].join('\n'));
    for (const tokens of inComment) assert.equal(hasNapkin(tokens), false, JSON.stringify(tokens));
  });
});

// ── JSON files, regular expressions, language configuration ────────────────

/** Every string under the keys that hold Oniguruma regular expressions. */
function regexesOf(value: unknown, out: { key: string; source: string }[] = []): { key: string; source: string }[] {
  if (Array.isArray(value)) for (const item of value) regexesOf(item, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string' && (k === 'match' || k === 'begin' || k === 'end' || k === 'while')) out.push({ key: k, source: v });
      else regexesOf(v, out);
    }
  }
  return out;
}

describe('contributable files', () => {
  test('every JSON file the extension contributes parses', () => {
    for (const file of [NAPKIN_GRAMMAR, INJECTION_GRAMMAR, HOST_GRAMMAR, LANGUAGE_CONFIGURATION, SNIPPETS, 'package.json']) {
      assert.doesNotThrow(() => readJson(file), file);
    }
    // Whatever package.json points at must exist and parse too.
    const manifest = readJson('package.json') as { contributes?: Record<string, unknown> };
    const contributes = manifest.contributes ?? {};
    const paths: string[] = [];
    for (const section of ['grammars', 'snippets', 'languages'] as const) {
      for (const entry of (contributes[section] as { path?: string; configuration?: string }[] | undefined) ?? []) {
        if (entry.path) paths.push(entry.path);
        if (entry.configuration) paths.push(entry.configuration);
      }
    }
    for (const path of paths) {
      assert.ok(existsSync(join(root, path)), `package.json points at a missing ${path}`);
      assert.doesNotThrow(() => readJson(path), path);
    }
  });

  test('the grammar headers', () => {
    const grammar = readJson(NAPKIN_GRAMMAR) as { scopeName: string; fileTypes: string[] };
    assert.equal(grammar.scopeName, 'source.napkin');
    assert.deepEqual(grammar.fileTypes, ['napkin']);
  });

  test('every regular expression in the grammars compiles with Oniguruma', async () => {
    await loadOniguruma();
    for (const file of [NAPKIN_GRAMMAR, INJECTION_GRAMMAR, HOST_GRAMMAR]) {
      const found = regexesOf(readJson(file));
      assert.ok(found.length > 0, file);
      for (const { key: where, source } of found) {
        // end/while may refer back to begin captures (\3); vscode-textmate substitutes the text.
        const resolved = where === 'end' || where === 'while' ? source.replace(/\\[1-9]/g, '```') : source;
        assert.doesNotThrow(() => new oniguruma.OnigScanner([resolved]).dispose(), `${file}: ${source}`);
      }
    }
  });

  test('language configuration: comments, brackets, pairs', () => {
    const config = readJson(LANGUAGE_CONFIGURATION) as {
      comments: { lineComment: string };
      brackets: string[][];
      autoClosingPairs: { open: string; close: string }[];
      surroundingPairs: string[][];
    };
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [['{', '}'], ['(', ')'], ['[', ']']]);
    assert.deepEqual(config.autoClosingPairs.map((p) => p.open + p.close), ['{}', '()', '[]', '""']);
    assert.deepEqual(config.surroundingPairs.map((p) => p.join('')), ['{}', '()', '[]', '""']);
  });

  test('language configuration: the word pattern keeps numbers with suffixes and identifiers whole', () => {
    const config = readJson(LANGUAGE_CONFIGURATION) as { wordPattern: string };
    const words = (text: string) => text.match(new RegExp(config.wordPattern, 'g'));
    assert.deepEqual(words('cap = 5K/s'), ['cap', '5K', 's']);
    assert.deepEqual(words('peak_qps < 1.5e8 + 100KB*50% + 20µs'), ['peak_qps', '1.5e8', '100KB', '50%', '20µs']);
    assert.deepEqual(words('lbs.load -> geo_2'), ['lbs', 'load', 'geo_2']);
  });

  test('language configuration: indent after a line ending in {, outdent on }', () => {
    const config = readJson(LANGUAGE_CONFIGURATION) as { indentationRules: { increaseIndentPattern: string; decreaseIndentPattern: string } };
    const increase = new RegExp(config.indentationRules.increaseIndentPattern);
    const decrease = new RegExp(config.indentationRules.decreaseIndentPattern);
    for (const text of ['group east "us-east-1" {', 'service api {', 'flow f "a # b" {   # note', '  database db { // props']) assert.ok(increase.test(text), text);
    for (const text of ['service api { replicas: 2 }', 'x = 5 # {', 'a -> b', 'user u "{"']) assert.ok(!increase.test(text), text);
    assert.ok(decrease.test('  }'));
    assert.ok(!decrease.test('  x = 1 }'));
  });
});

// ── snippets ───────────────────────────────────────────────────────────────

interface Snippet {
  readonly prefix: string | readonly string[];
  readonly body: string | readonly string[];
  readonly description: string;
  readonly scope?: string;
}

/** The text a snippet inserts when every placeholder keeps its default and every choice its first option. */
function expand(body: string): string {
  let text = body;
  for (let previous = ''; previous !== text; ) {
    previous = text;
    text = text
      .replace(/\$\{\d+:([^${}]*)\}/g, '$1')
      .replace(/\$\{\d+\|([^|]*)\|\}/g, (_, choices: string) => choices.split(',')[0]!)
      .replace(/\$\{\d+\}|\$\d+/g, '');
  }
  return text;
}

/** The first unbalanced bracket, ignoring strings and comments, or undefined. */
function unbalanced(text: string): string | undefined {
  const stack: string[] = [];
  const pairs: Record<string, string> = { '}': '{', ')': '(', ']': '[' };
  for (const row of text.split('\n')) {
    const code = row.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/(^|\s)(#|\/\/).*$/, '');
    for (const c of code) {
      if (c === '{' || c === '(' || c === '[') stack.push(c);
      else if (c in pairs && stack.pop() !== pairs[c]) return `unexpected ${c} in ${JSON.stringify(row)}`;
    }
  }
  return stack.length ? `unclosed ${stack.join('')}` : undefined;
}

describe('snippets', () => {
  const snippets = () => readJson(SNIPPETS) as Record<string, Snippet>;
  const bodyOf = (s: Snippet) => (typeof s.body === 'string' ? s.body : s.body.join('\n'));
  const prefixesOf = (s: Snippet) => (typeof s.prefix === 'string' ? [s.prefix] : [...s.prefix]);

  test('the file is JSON with prefix, body and description for each snippet', () => {
    const all = snippets();
    assert.ok(Object.keys(all).length >= 16);
    for (const [name, s] of Object.entries(all)) {
      assert.ok(prefixesOf(s).length > 0 && prefixesOf(s).every((p) => /^[a-z]+$/.test(p)), `${name}: prefixes are words`);
      assert.ok(bodyOf(s).length > 0, `${name}: body`);
      assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
      assert.equal(s.scope, 'napkin', `${name}: scope`);
      assert.doesNotMatch(expand(bodyOf(s)), /\$/, `${name}: every tabstop is well formed`);
    }
  });

  test('the asked-for snippets exist', () => {
    const prefixes = new Set(Object.values(snippets()).flatMap(prefixesOf));
    for (const p of ['component', 'service', 'database', 'cache', 'queue', 'loadbalancer', 'user', 'connection', 'async', 'share', 'group', 'flow', 'estimate', 'assume', 'assert', 'design']) {
      assert.ok(prefixes.has(p), p);
    }
    const component = bodyOf(snippets()['Component']!);
    const choices = /\$\{1\|([^|]*)\|\}/.exec(component)![1]!.split(',').sort();
    const kinds = 'user client dns cdn loadbalancer gateway proxy service worker function cache database queue topic storage search warehouse external';
    assert.deepEqual(choices, kinds.split(' ').sort(), 'the component snippet offers every kind');
    assert.equal(expand(bodyOf(snippets()['Interview rounding']!)), 'assume day = 100K s\nassume year = 400 days');
  });

  test('every body, expanded, has balanced brackets', () => {
    for (const [name, s] of Object.entries(snippets())) assert.equal(unbalanced(expand(bodyOf(s))), undefined, name);
    assert.equal(unbalanced('service a {'), 'unclosed {', 'the check itself sees an open brace');
  });

  test('every expanded line is a napkin statement, and no rule stays open', () => {
    const starts = ['comment.line.', N('keyword.control'), N('meta.component'), N('meta.connection'), N('variable.other.definition'), N('punctuation.section.block.end')];
    const closed = napkinGrammar.tokenizeLine('', vsctm.INITIAL).ruleStack;
    for (const [name, s] of Object.entries(snippets())) {
      let state = vsctm.INITIAL;
      for (const text of expand(bodyOf(s)).split('\n')) {
        const result = napkinGrammar.tokenizeLine(text, state);
        state = result.ruleStack;
        if (text.trim() === '') continue;
        const first = result.tokens.find((t) => text.slice(t.startIndex, t.endIndex).trim() !== '')!;
        assert.ok(first.scopes.some((scope) => starts.some((start) => scope.startsWith(start))), `${name}: ${JSON.stringify(text)} starts with ${first.scopes.join(' ')}`);
      }
      assert.ok(state.equals(closed), `${name}: a block is left open`);
    }
  });

  test('no snippet defines a quantity with a reserved unit name (qps, s, day…)', () => {
    for (const [name, s] of Object.entries(snippets())) {
      for (const [, definition] of expand(bodyOf(s)).matchAll(/^\s*([A-Za-z_]\w*)\s*=(?!=)/gm)) {
        assert.notDeepEqual(line(`x = ${definition}`)[2], unit(definition!), `${name}: ${definition} is a unit name`);
      }
    }
  });
});
