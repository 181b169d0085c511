/**
 * fast-check arbitraries for the hardening properties. Four families of input, each a
 * `{ text, language }` document:
 *
 *   - `randomText`   any UTF-16 text (lone surrogates included) or printable noise, as a whole
 *                    .napkin file or inside a ```napkin fence;
 *   - `editedCorpus` a real document (examples/*.md, test/fixtures/**) with a few random edits:
 *                    inserts of tokens or noise, deletions, replaced ranges, duplicated, swapped or
 *                    deleted lines, changed line breaks;
 *   - `tokenSoup`    tokens of the language in random order, lines of them in fences;
 *   - `design`       grammar-aware random designs: quantities with unit expressions (including
 *                    zero, huge and tiny numbers), components of every kind with typed props,
 *                    connection chains with labels and props, groups (nested), flows, assume and
 *                    assert lines — mostly valid, so the load model, the checks and the diagrams run.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import type { Language } from '../../server/src/core/analysis';
import { kinds, connectionProps } from '../../server/src/core/model/catalogue';

export interface Doc {
  readonly text: string;
  readonly language: Language;
}

const root = join(__dirname, '..', '..');

// ── the corpus ───────────────────────────────────────────────────────────────

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(md|napkin)$/.test(name) ? [path] : [];
  });
}

/** examples/*.md and every Markdown or .napkin fixture, read once. */
export const corpus: readonly { readonly name: string; readonly doc: Doc }[] = [join(root, 'examples'), join(root, 'test', 'fixtures')]
  .flatMap(walk)
  .sort()
  .map((path) => ({ name: relative(root, path), doc: { text: readFileSync(path, 'utf8'), language: path.endsWith('.napkin') ? ('napkin' as const) : ('markdown' as const) } }));

// ── pieces ───────────────────────────────────────────────────────────────────

const kindWords = kinds.flatMap((k) => [k.kind, ...k.aliases]);
const propNames = [...new Set([...kinds.flatMap((k) => k.props.map((p) => p.name)), ...connectionProps.map((p) => p.name)])];
const unitWords = ['B', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB', 'KiB', 'GiB', 'bit', 'Mb', 'Gbps', 'Mbps', 's', 'ms', 'us', 'µs', 'ns', 'min', 'h', 'hour', 'day', 'days', 'week', 'month', 'year', 'years', 'rps', 'qps', 'x', '%', 'percent', 'thousand', 'million', 'billion', 'users', 'req', 'tweets', 'copies', 'user', 'rows'];
const keywords = ['group', 'flow', 'assume', 'assert', 'per', 'stateless', 'stateful', 'sync', 'async', 'read', 'write', 'round-robin', 'sticky', 'postgres'];
const functionNames = ['ceil', 'floor', 'round', 'min', 'max', 'sqrt', 'log10', 'abs', 'pow'];
const puncts = ['->', '~>', '-->', '{', '}', '(', ')', '[', ']', ',', ':', '=', '.', '+', '-', '*', '/', '^', '<', '>', '<=', '>=', '==', '!=', '%'];
const numbers = ['0', '1', '2', '3', '10', '42', '0.5', '1.5', '1_000_000', '1.5e8', '1e308', '1e-320', '9e999', '5K', '100M', '30B', '2T', '10^5', '10^400', '.5', '007', '1__0', '1e', '1.'];
const strings = ['"label"', '"Location service"', '"with \\"escaped\\" quote"', '"unclosed', '""', '"emoji 😀 label"', '"עברית"', '"e\u0301"', '"<b>x</b>"', '"%%{init}%%"'];
const comments = ['# comment', '// comment', '# napkin-disable-next-line N403', '# napkin-disable', '# napkin-enable', '# napkin-disable-line unknown-rule', '# napkin-disable N999, over-capacity'];
const oddChars = ['\t', '\u00a0', '\ufeff', '\u200b', '\u2060', '\u202e', '😀', '\ud83d', '\ude00', 'é', 'e\u0301', 'µ', '中', '\u0000', '\\', '`', '$', '@', '!', '~', '&', ';', '|', '?', "'"];
const names = ['dau', 'qps', 'peak', 'size', 'api', 'db', 'lb', 'cache1', 'people', 'users', 'x1', 'é1', 'данные', 'day', 's', 'B', 'load', 'capacity', 'replicas', 'a', 'b', 'c'];

const words = [...kindWords, ...propNames, ...unitWords, ...keywords, ...functionNames, ...names];

/** One token of the language (or near it). */
export const token: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...words) },
  { weight: 3, arbitrary: fc.constantFrom(...puncts) },
  { weight: 2, arbitrary: fc.constantFrom(...numbers) },
  { weight: 1, arbitrary: fc.constantFrom(...strings) },
  { weight: 1, arbitrary: fc.constantFrom(...comments) },
  { weight: 1, arbitrary: fc.constantFrom(...oddChars) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\r', '\n\n') },
);

/** Any UTF-16 code unit, lone surrogates included. */
const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: codeUnit, maxLength }),
    fc.string({ unit: 'binary', maxLength }),
    fc.string({ unit: fc.constantFrom(...'{}()[]"#:/->~=.,*+^<>%\n\r\t 0123456789abcKMBsx'.split('')), maxLength }),
  );

export const fenced = (body: string, eol = '\n') => `# Doc${eol}${eol}\`\`\`napkin${eol}${body}${eol}\`\`\`${eol}`;

const asDoc = (body: fc.Arbitrary<string>): fc.Arbitrary<Doc> =>
  fc.tuple(body, fc.constantFrom<Language>('markdown', 'napkin'), fc.constantFrom('\n', '\r\n')).map(([text, language, eol]) => ({
    text: language === 'napkin' ? text : fenced(text, eol),
    language,
  }));

// ── 1. random text ───────────────────────────────────────────────────────────

export const randomText: fc.Arbitrary<Doc> = fc.oneof(
  asDoc(anyText(300)),
  // Markdown noise with fences that may or may not be napkin, closed or not, indented or quoted.
  fc
    .array(fc.oneof(anyText(40), fc.constantFrom('```napkin\n', '```\n', '~~~napkin\n', '> ```napkin\n', '- ```napkin\n', '    ```napkin\n', '````napkin\n', '```NAPKIN title\n', '\n')), { maxLength: 12 })
    .map((parts) => ({ text: parts.join(''), language: 'markdown' as const })),
);

// ── 2. random edits of valid documents ───────────────────────────────────────

type Edit = (text: string) => string;

const at = (text: string, fraction: number) => Math.min(text.length, Math.floor(fraction * (text.length + 1)));
const lineSplit = (text: string) => text.split(/(?<=\n)/);

const edit: fc.Arbitrary<Edit> = fc.oneof(
  // insert a token, some tokens or noise
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(token, fc.array(token, { maxLength: 5 }).map((t) => t.join(' ')), anyText(8))).map(
    ([f, s]): Edit => (text) => text.slice(0, at(text, f)) + s + text.slice(at(text, f)),
  ),
  // delete a range
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 })).map(([f, n]): Edit => (text) => text.slice(0, at(text, f)) + text.slice(at(text, f) + n)),
  // replace a range
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 10 }), token).map(
    ([f, n, s]): Edit => (text) => text.slice(0, at(text, f)) + s + text.slice(at(text, f) + n),
  ),
  // duplicate, delete or swap lines
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('duplicate', 'delete', 'swap')).map(
    ([i, j, op]): Edit =>
      (text) => {
        const lines = lineSplit(text);
        if (lines.length === 0) return text;
        const a = i % lines.length;
        const b = j % lines.length;
        if (op === 'duplicate') lines.splice(a, 0, lines[a]!);
        else if (op === 'delete') lines.splice(a, 1);
        else [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        return lines.join('');
      },
  ),
  // change the line breaks, add a BOM, drop the final newline
  fc.constantFrom<Edit>(
    (t) => t.replace(/\r?\n/g, '\r\n'),
    (t) => t.replace(/\r?\n/g, '\r'),
    (t) => `\ufeff${t}`,
    (t) => t.replace(/\s+$/, ''),
    (t) => t.replace(/ {2}/g, '\t'),
  ),
);

export const editedCorpus: fc.Arbitrary<Doc> = fc
  .tuple(fc.integer({ min: 0, max: Math.max(0, corpus.length - 1) }), fc.array(edit, { minLength: 1, maxLength: 5 }))
  .map(([index, edits]) => {
    const { doc } = corpus[index]!;
    return { text: edits.reduce((text, e) => e(text), doc.text), language: doc.language };
  });

// ── 3. token soup ────────────────────────────────────────────────────────────

export const tokenSoup: fc.Arbitrary<Doc> = asDoc(
  fc
    .array(fc.array(token, { maxLength: 12 }), { maxLength: 12 })
    .chain((lines) => fc.constantFrom(' ', '', '  ').map((sep) => lines.map((l) => l.join(sep)).join('\n'))),
);

// ── 4. grammar-aware designs ─────────────────────────────────────────────────

const labelText = fc.oneof(
  fc.constantFrom('Location service', 'GET /v1/search?lat&lng', '✓ ok', '😀 users', 'שירות', 'é\u0301', '<b>x</b>', '"]; click x', '%%{init}%%', 'a # b', 'x { y }'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
const quoted = labelText.map((s) => `"${s.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\r\n]/g, ' ')}"`);

const numberLiteral = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '5', '10', '100', '0.5', '1.5', '1_000', '1.5e8', '1e300', '1e-300', '1e308', '5e-324', '10^5', '2^1024', '10^-400'),
  fc.integer({ min: 0, max: 1_000_000 }).map(String),
  fc.double({ min: 0, max: 1e12, noNaN: true, noDefaultInfinity: true }).map((d) => String(d).replace('+', '')),
);
const magnitude = fc.constantFrom('', '', '', 'K', 'M', 'B', 'T');
const unitPhrase = fc.constantFrom('', '', 'users', 'req/user/day', 'req/s', '/s', 'KB', 'MB', 'GB', 'B', 'ms', 's', 'day', 'years', '%', 'x', 'tweets/day', 'copies', 'Gbps', 'per day', 'rps', 'bytes/s');
const literal = fc.tuple(numberLiteral, magnitude, unitPhrase).map(([n, m, u]) => (/[e^]/.test(n) ? `${n}${u ? ` ${u}` : ''}` : `${n}${m}${u ? ` ${u}` : ''}`));

/** An expression over the literal and the names defined so far. */
const expression = (known: readonly string[]): fc.Arbitrary<string> =>
  fc.letrec<{ expr: string }>((tie) => ({
    expr: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      literal,
      known.length > 0 ? fc.constantFrom(...known) : literal,
      fc.tuple(tie('expr'), fc.constantFrom(' + ', ' - ', ' * ', ' / ', ' ^ '), tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
      tie('expr').map((e) => `(${e})`),
      fc.tuple(fc.constantFrom('ceil', 'floor', 'round', 'sqrt', 'log10', 'min', 'max'), fc.array(tie('expr'), { minLength: 1, maxLength: 3 })).map(([f, args]) => `${f}(${args.join(', ')})`),
      tie('expr').map((e) => `-${e}`),
    ),
  })).expr;

const componentProps = (kind: (typeof kinds)[number], quantities: readonly string[]) =>
  fc.subarray([...kind.props], { maxLength: 4 }).chain((props) =>
    fc.tuple(
      ...props.map((p): fc.Arbitrary<string> => {
        switch (p.type.type) {
          case 'count':
            return fc.constantFrom('1', '2', '3', '0', '10', '1e6').map((v) => `${p.name}: ${v}`);
          case 'fraction':
            return fc.constantFrom('90%', '0%', '100%', '0.5', '150%').map((v) => `${p.name}: ${v}`);
          case 'rate':
            return fc.oneof(fc.constantFrom('5K/s', '0/s', '1/s', '1e300/s', '100 rps'), quantities.length ? fc.constantFrom(...quantities).map((q) => `${q} * 3x`) : fc.constant('10/s')).map((v) => `${p.name}: ${v}`);
          case 'duration':
            return fc.constantFrom('10 min', '20 ms', '0 s', '7 days').map((v) => `${p.name}: ${v}`);
          case 'data':
            return fc.constantFrom('64 GB', '1 TB', '0 B', '6 GB').map((v) => `${p.name}: ${v}`);
          case 'word':
            return fc.constantFrom(...(p.type.values ?? ['postgres', 'us-east-1'])).map((v) => `${p.name}: ${v}`);
          case 'tags':
            return fc.constant(`${p.name}: [critical, payments]`);
          case 'flag':
            return fc.constant(p.name);
        }
      }),
    ),
  );

interface DesignParts {
  readonly quantities: string[];
  readonly components: string[];
  readonly lines: string[];
}

/** A grammar-aware random design: the text of one or more fences (or a .napkin file). */
export const design: fc.Arbitrary<Doc> = fc
  .record({
    quantityCount: fc.integer({ min: 0, max: 8 }),
    componentCount: fc.integer({ min: 0, max: 8 }),
  })
  .chain(({ quantityCount, componentCount }) => {
    const qNames = Array.from({ length: quantityCount }, (_, i) => `q${i}`);
    const quantities = fc.tuple(...qNames.map((name, i) => expression(qNames.slice(0, i)).map((e) => `${name} = ${e}`)));
    const cIds = Array.from({ length: componentCount }, (_, i) => `c${i}`);
    const components = fc.tuple(
      ...cIds.map((id) =>
        fc.tuple(fc.constantFrom(...kinds), fc.boolean(), quoted).chain(([kind, labelled, label]) =>
          componentProps(kind, qNames).map((props) => `${kind.kind} ${id}${labelled ? ` ${label}` : ''}${props.length ? ` { ${props.join(', ')} }` : ''}`),
        ),
      ),
    );
    const chain = cIds.length >= 2 ? fc.array(fc.constantFrom(...cIds), { minLength: 2, maxLength: 4 }) : fc.constant([] as string[]);
    const connection = fc.tuple(chain, fc.array(fc.constantFrom(' -> ', ' ~> '), { minLength: 3, maxLength: 3 }), fc.option(labelText.map((l) => l.replace(/[\r\n{}#]/g, ' ').trim())), fc.option(fc.constantFrom('{ share: 50% }', '{ rate: 10/s }', '{ size: 1 KB }', '{ op: read }', '{ share: 150% }', '{ rate: 0/s, size: 1e300 B }'))).map(
      ([nodes, arrows, label, props]) => (nodes.length < 2 ? '' : nodes.map((n, i) => (i === 0 ? n : `${arrows[(i - 1) % 3]}${n}`)).join('') + (label ? ` : ${label}` : '') + (props ? ` ${props}` : '')),
    );
    const connections = fc.array(connection, { maxLength: 8 });
    const flow = cIds.length >= 2
      ? fc.tuple(quoted, fc.array(fc.tuple(fc.constantFrom(...cIds), fc.constantFrom(' -> ', ' --> ', ' ~> '), fc.constantFrom(...cIds), fc.option(labelText.map((l) => l.replace(/[\r\n{}#]/g, ' ').trim()))), { minLength: 1, maxLength: 5 })).map(
          ([label, steps]) => [`flow f1 ${label} {`, ...steps.map(([a, arrow, b, l]) => `  ${a}${arrow}${b}${l ? ` : ${l}` : ''}`), '}'],
        )
      : fc.constant([] as string[]);
    const assertion = qNames.length ? fc.tuple(fc.constantFrom(...qNames), fc.constantFrom(' < ', ' <= ', ' > ', ' == ', ' != '), expression(qNames)).map(([q, op, e]) => `assert ${q}${op}${e}`) : fc.constant('assert 1 < 2');
    const assumes = fc.subarray(['assume day = 100K s', 'assume year = 400 days', 'assume service.capacity = 20K/s', 'assume month = 0 s', 'assume KB = 1024 B'], { maxLength: 2 });
    const members = cIds.length ? fc.constantFrom(...cIds).map((c) => `m0 = ${c}.load * 1 s`) : fc.constant('');
    return fc
      .record({ quantities, components, connections, flow, asserts: fc.array(assertion, { maxLength: 2 }), assumes, members, groupSize: fc.nat({ max: 3 }), nested: fc.boolean(), fences: fc.integer({ min: 1, max: 3 }), language: fc.constantFrom<Language>('markdown', 'markdown', 'napkin'), eol: fc.constantFrom('\n', '\n', '\r\n') })
      .map((r) => {
        const parts: DesignParts = { quantities: [...r.quantities], components: [...r.components], lines: [] };
        // Put the first components in a group, optionally nested in another.
        const grouped = parts.components.splice(0, Math.min(r.groupSize, parts.components.length));
        const group = grouped.length
          ? r.nested
            ? ['group outer "Outer" {', '  group inner "Inner 😀" {', ...grouped.map((c) => `    ${c}`), '  }', '}']
            : ['group g1 "Group" {', ...grouped.map((c) => `  ${c}`), '}']
          : [];
        const blocks = [[...r.assumes, ...parts.quantities, r.members].filter(Boolean), [...parts.components, ...group, ...r.connections.filter(Boolean)], [...r.flow, ...r.asserts]];
        const eol = r.eol;
        if (r.language === 'napkin') return { text: blocks.flat().join(eol) + eol, language: 'napkin' as const };
        const fences = r.fences === 1 ? [blocks.flat()] : r.fences === 2 ? [blocks[0]!, [...blocks[1]!, ...blocks[2]!]] : blocks;
        return { text: fences.map((lines) => `Some prose.${eol}${eol}\`\`\`napkin${eol}${lines.join(eol)}${eol}\`\`\`${eol}`).join(eol), language: 'markdown' as const };
      });
  });

export const families = { randomText, editedCorpus, tokenSoup, design } as const;
export type Family = keyof typeof families;
