import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { findFences, mentionsNapkin, napkinFences, wholeFileFence, type Fence } from '../server/src/core/text/fences';

// `commonmark` mode: no typographer, no linkify, no tables; the parser that VS Code's Markdown preview uses.
const md = new MarkdownIt('commonmark');
const decode = md.utils.unescapeAll; // backslash escapes and entities, as in an info string

/** The number of line breaks in `s` (\r\n, \r and \n count once each). */
const breaks = (s: string): number => s.match(/\r\n|\r|\n/g)?.length ?? 0;
const firstWord = (info: string): string => info.split(/[ \t]/)[0]!;

/**
 * Everything a fence promises about its offsets, checked against the document: the same-offset `text`, line numbers,
 * and that `content` is `text` without the masked prefixes.
 */
function checkInvariants(markdown: string, fence: Fence): void {
  const { start, end, contentStart, contentEnd, text, content } = fence;
  const where = JSON.stringify(markdown);
  assert.ok(0 <= start && start < contentStart && contentStart <= contentEnd && contentEnd <= end && end <= markdown.length, where);
  const char = markdown[start]!;
  assert.ok((char === '`' || char === '~') && markdown.startsWith(char.repeat(3), start), where);
  if (fence.closed) assert.equal(markdown.slice(end - 3, end), char.repeat(3), where);
  else assert.equal(end, contentEnd, where);
  assert.equal(fence.info, fence.info.replace(/^[ \t]+|[ \t]+$/g, ''), where);
  assert.equal(fence.lang, firstWord(fence.info).toLowerCase(), where);

  // Content boundaries are line starts (or the end of the document).
  for (const at of [contentStart, contentEnd]) {
    const before = markdown[at - 1];
    assert.ok(at === markdown.length || at === 0 || ((before === '\n' || before === '\r') && !(before === '\r' && markdown[at] === '\n')), where);
  }

  // Same-offset text: the right length, and every character that is not a masking space is the document's.
  assert.equal(text.length, contentEnd - contentStart, where);
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== ' ') assert.equal(text[i], markdown[contentStart + i], `${where} at ${contentStart + i}`);
  }

  assert.equal(fence.openLine, breaks(markdown.slice(0, start)), where);
  const lastLine = breaks(markdown.slice(0, contentEnd).replace(/(\r\n|\r|\n)$/, ''));
  assert.equal(fence.closeLine, fence.closed ? breaks(markdown.slice(0, contentEnd)) : Math.max(fence.openLine, contentEnd > contentStart ? lastLine : fence.openLine), where);

  // `content` is `text` minus masked prefixes: the same non-blank characters in every case...
  const squeeze = (s: string): string => s.replace(/[ \t\r\n]/g, '');
  assert.equal(squeeze(content), squeeze(text), where);
  // ...and, without tabs (which CommonMark may expand), line by line: each content line is its text line minus leading spaces.
  if (!text.includes('\t')) {
    const textLines = text.split(/\r\n|\r|\n/);
    const contentLines = content.split('\n');
    if (textLines.at(-1) === '') textLines.pop();
    contentLines.pop();
    assert.equal(contentLines.length, textLines.length, where);
    contentLines.forEach((line, i) => {
      const full = textLines[i]!;
      assert.ok(full.endsWith(line) && /^ *$/.test(full.slice(0, full.length - line.length)), `${where} line ${i}`);
    });
  }
}

function checkAll(markdown: string): Fence[] {
  const fences = findFences(markdown);
  fences.forEach((f) => checkInvariants(markdown, f));
  for (let i = 1; i < fences.length; i++) assert.ok(fences[i - 1]!.end <= fences[i]!.start, 'fences are in order and disjoint');
  return fences;
}

// --- 1. The CommonMark spec examples -------------------------------------------------------------------------------

interface Example {
  readonly markdown: string;
  readonly html: string;
  readonly section: string;
  readonly number: number;
}
const spec = createRequire(import.meta.url)('commonmark-spec') as { tests: Example[] };
const unescapeHtml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

/**
 * The expected fences of a spec example, as (language, content) pairs.
 *
 * The expected HTML shows every code block as `<pre><code>`, and a fence with an empty info string renders exactly like an
 * indented code block, so the HTML alone cannot say which blocks are fences. The source can: we let markdown-it, an
 * independent CommonMark parser, classify each block as `fence` or `code_block`. markdown-it only classifies; languages
 * and contents come from the spec's HTML. To keep that sound, its code blocks must first match the spec's `<pre><code>`
 * blocks one for one (same count, same contents, a `language-` class only on a fence); otherwise the test fails rather
 * than trust a classification that disagrees with the spec.
 */
function expectedFences(markdown: string, html: string): [string, string][] {
  const blocks = [...html.matchAll(/<pre><code(?: class="language-([^"]*)")?>([\s\S]*?)<\/code><\/pre>/g)].map((m) => ({
    lang: m[1] === undefined ? undefined : unescapeHtml(m[1]),
    content: unescapeHtml(m[2]!),
  }));
  const tokens = md.parse(markdown, {}).filter((t) => t.type === 'fence' || t.type === 'code_block');
  assert.equal(tokens.length, blocks.length, 'markdown-it finds the code blocks the spec shows');
  blocks.forEach((block, i) => {
    assert.equal(tokens[i]!.content, block.content, 'markdown-it agrees with the spec on the content');
    if (block.lang !== undefined) assert.equal(tokens[i]!.type, 'fence', 'a block with a language is a fence');
  });
  return blocks.filter((_, i) => tokens[i]!.type === 'fence').map((b) => [b.lang ?? '', b.content]);
}

describe('CommonMark 0.31.2 spec examples', () => {
  // The spec writes tabs as → (its test runners substitute them).
  const examples = spec.tests.map((e) => ({ ...e, markdown: e.markdown.replace(/→/g, '\t'), html: e.html.replace(/→/g, '\t') }));
  const withCode = examples.filter((e) => e.html.includes('<pre><code'));
  test('the examples are all there', (t) => {
    assert.equal(examples.length, 652);
    assert.equal(withCode.length, 82); // the examples whose HTML has code blocks; the others must yield no fence
    t.diagnostic(`${examples.length} spec examples checked, ${withCode.length} of them with code blocks`);
  });
  for (const example of examples) {
    test(`example ${example.number} (${example.section})`, () => {
      const expected = example.html.includes('<pre><code') ? expectedFences(example.markdown, example.html) : [];
      const actual = checkAll(example.markdown).map((f): [string, string] => [decode(firstWord(f.info)), f.content]);
      assert.deepEqual(actual, expected);
    });
  }
});

// --- 2. Random documents against markdown-it -----------------------------------------------------------------------

describe('random documents', () => {
  // Fragments that build containers, fences and the blocks that hide or interrupt them. markdown-it differs from the
  // spec (and from cmark and commonmark.js) in two places, which the generator stays out of: tab stops inside
  // containers, and a `>` indented four or more spaces, which it still takes as a block-quote marker.
  const pieces = [
    '>', '> ', '>>', '> > ', '- ', '-', '* ', '+ ', '1. ', '2) ', '10. ', '0. ', ' ', '  ', '   ', '    ',
    '```', '````', '~~~', '~~~~', '```napkin', '  ```', '``` a`b', '```\\+x', 'x', 'foo', '# h', '---', '===', '***',
    '_ _ _', '<div>', '</div>', '<!--', '-->', '<a href="x">', '<pre>', '</pre>', '<?', '?>', '\n', '\n', '\n', '\r\n', '\r',
  ];
  test('find the fences markdown-it finds, with the same content', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        // A final line break: markdown-it leaves it off an unclosed fence's last line, CommonMark adds it.
        const markdown = parts.join('') + '\n';
        fc.pre(!/(^|[\r\n]) {4,}>/.test(markdown));
        const expected = md.parse(markdown, {}).filter((t) => t.type === 'fence').map((t) => [decode(firstWord(t.info.trim())), t.content]);
        const actual = checkAll(markdown).map((f) => [decode(firstWord(f.info)), f.content]);
        assert.deepEqual(actual, expected, JSON.stringify(markdown));
      }),
      { seed: 20240607, numRuns: 3000 },
    );
  });
});

// --- 3. The cases Napkin documents meet ----------------------------------------------------------------------------

/** The only fence of `markdown`, after checking the invariants. */
function only(markdown: string): Fence {
  const fences = checkAll(markdown);
  assert.equal(fences.length, 1, `one fence in ${JSON.stringify(markdown)}`);
  return fences[0]!;
}

describe('napkin fences', () => {
  test('a ```napkin fence, every field', () => {
    const markdown = '# Estimates\n\n```napkin\ndau = 100M users\nqps = dau / day\n```\n\nProse.\n';
    const open = markdown.indexOf('```');
    const close = markdown.lastIndexOf('```');
    assert.deepEqual(only(markdown), {
      lang: 'napkin', info: 'napkin', start: open, end: close + 3,
      contentStart: markdown.indexOf('dau'), contentEnd: close,
      text: 'dau = 100M users\nqps = dau / day\n', content: 'dau = 100M users\nqps = dau / day\n',
      closed: true, openLine: 2, closeLine: 5,
    });
  });

  test('~~~napkin', () => {
    const f = only('~~~napkin\na = 1\n~~~\n');
    assert.equal(f.lang, 'napkin');
    assert.equal(f.content, 'a = 1\n');
    assert.equal(f.end, 19);
  });

  test('an info string with more words, and upper case', () => {
    const f = only('```napkin title="Search" {.wide}  \na = 1\n```\n');
    assert.equal(f.lang, 'napkin');
    assert.equal(f.info, 'napkin title="Search" {.wide}');
    assert.equal(only('```NAPKIN\na\n```\n').lang, 'napkin');
    assert.equal(napkinFences('```NaPkIn\na\n```\n').length, 1);
    assert.equal(only('```\na\n```\n').lang, '');
  });

  test('a document that never says "napkin" is not scanned, and that never loses a fence', () => {
    assert.equal(mentionsNapkin('# Notes\n\n```text\na\n```\n'), false);
    // `lang` is the info word lower-cased, and the Kelvin sign lower-cases to `k`.
    for (const word of ['napkin', 'NAPKIN', 'NaPkIn', 'NAP\u212AIN', 'nap\u212Ain']) {
      const markdown = `\`\`\`${word}\na = 1\n\`\`\`\n`;
      assert.equal(findFences(markdown)[0]!.lang, 'napkin', word);
      assert.ok(mentionsNapkin(markdown), word);
      assert.equal(napkinFences(markdown).length, 1, word);
    }
    const pieces = ['```', '~~~', 'napkin', 'NAPKIN', 'nap\u212Ain', 'napkins', 'NAPK\u0130N', 'text', ' ', '\n', '> ', '- ', 'a = 1'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 20 }), (parts) => {
        const markdown = parts.join('');
        const expected = findFences(markdown).filter((f) => f.lang === 'napkin');
        assert.deepEqual(napkinFences(markdown), expected);
        if (!mentionsNapkin(markdown)) assert.deepEqual(expected, []);
      }),
      { seed: 20261206, numRuns: 2000 },
    );
  });

  test('three spaces of indentation are stripped from the content, four make indented code', () => {
    const markdown = '   ```napkin\n   a = 1\n     b = 2\n  c = 3\n   ```\n';
    const f = only(markdown);
    assert.equal(f.start, 3);
    assert.equal(f.content, 'a = 1\n  b = 2\nc = 3\n');
    assert.equal(f.text, '   a = 1\n     b = 2\n  c = 3\n');
    assert.deepEqual(findFences('    ```napkin\n    a = 1\n    ```\n'), []);
    assert.deepEqual(findFences('\t```napkin\n\ta = 1\n'), [], 'a tab is four columns');
  });

  test('the closing fence: longer is fine, shorter or with an info string is content, trailing spaces are not part of it', () => {
    const longer = only('```napkin\na\n`````   \n');
    assert.ok(longer.closed);
    assert.equal(longer.end, '```napkin\na\n`````'.length);
    assert.equal(only('````napkin\na\n```\n````\n').content, 'a\n```\n');
    assert.equal(only('```napkin\na\n``` x\n```\n').content, 'a\n``` x\n');
    assert.equal(only('~~~napkin\na\n```\n~~~\n').content, 'a\n```\n');
  });

  test('an unclosed fence runs to the end of the document', () => {
    const markdown = 'Intro\n```napkin\na = 1\nb = 2\n';
    const f = only(markdown);
    assert.equal(f.closed, false);
    assert.equal(f.end, markdown.length);
    assert.equal(f.contentEnd, markdown.length);
    assert.equal(f.content, 'a = 1\nb = 2\n');
    assert.deepEqual([f.openLine, f.closeLine], [1, 3]);
    const bare = only('```napkin\na = 1');
    assert.deepEqual([bare.text, bare.content, bare.closeLine], ['a = 1', 'a = 1\n', 1]);
    const empty = only('```napkin');
    assert.deepEqual([empty.contentStart, empty.contentEnd, empty.closeLine, empty.text], [9, 9, 0, '']);
  });

  test('in a block quote: document offsets, `>` masked', () => {
    const markdown = '> Design:\n> ```napkin\n> a = 1\n>   b = 2\n>\n> ```\nAfter\n';
    const f = only(markdown);
    assert.equal(f.start, markdown.indexOf('```'));
    assert.equal(f.contentStart, markdown.indexOf('> a'));
    assert.equal(f.text, '  a = 1\n    b = 2\n \n');
    assert.equal(f.content, 'a = 1\n  b = 2\n\n');
    assert.equal(f.text.indexOf('b'), markdown.indexOf('b = 2') - f.contentStart);
    assert.ok(f.closed);
  });

  test('in a block quote, a line without `>` ends the quote and the fence (no laziness)', () => {
    const markdown = '> ```napkin\n> a = 1\nb = 2\n```\n';
    const fences = checkAll(markdown);
    assert.equal(fences.length, 2);
    assert.deepEqual([fences[0]!.closed, fences[0]!.content, fences[0]!.contentEnd], [false, 'a = 1\n', markdown.indexOf('b = 2')]);
    assert.equal(fences[0]!.closeLine, 1);
    assert.equal(fences[1]!.closed, false, 'the last ``` opens a new fence at the top level');
  });

  test('in list items', () => {
    const bullet = only('- ```napkin\n  a = 1\n  ```\n');
    assert.deepEqual([bullet.start, bullet.content, bullet.text, bullet.closed], [2, 'a = 1\n', '  a = 1\n', true]);
    const ordered = only('1. ```napkin\n   a = 1\n    b\n   ```\n');
    assert.deepEqual([ordered.start, ordered.content, ordered.closed], [3, 'a = 1\n b\n', true]);
    const second = only('- Estimates:\n\n  ```napkin\n  a = 1\n\n  b = 2\n  ```\n- next\n');
    assert.equal(second.content, 'a = 1\n\nb = 2\n');
    const nested = only('> - ```napkin\n>   a = 1\n>   ```\n');
    assert.deepEqual([nested.content, nested.text, nested.closed], ['a = 1\n', '    a = 1\n', true]);
  });

  test('a line less indented than the item ends the item and its fence', () => {
    const markdown = '- ```napkin\n  a = 1\nb = 2\n';
    const f = only(markdown);
    assert.deepEqual([f.closed, f.content, f.contentEnd, f.end], [false, 'a = 1\n', markdown.indexOf('b'), markdown.indexOf('b')]);
  });

  test('tabs count to the next multiple of four columns', () => {
    // `>` takes one column of the tab as its optional space; the two left are the fence's indentation.
    const f = only('>\t```napkin\n>\t  a\n>\t```\n');
    assert.deepEqual([f.content, f.text], ['  a\n', '    a\n']);
    // Here the fence has no indentation, so two columns of the tab belong to the content.
    const partial = only('> ```napkin\n>\ta\n> ```\n');
    assert.equal(partial.content, '  a\n');
    assert.equal(partial.text, ' \ta\n', 'a partly consumed tab stays in the text');
    assert.equal(only('-\t```napkin\n\ta\n\t```\n').content, 'a\n');
  });

  test('CRLF and CR line breaks', () => {
    const markdown = 'x\r\n```napkin\r\na = 1\r\nb = 2\r\n```\r\n';
    const f = only(markdown);
    assert.equal(f.text, 'a = 1\r\nb = 2\r\n');
    assert.equal(f.content, 'a = 1\nb = 2\n');
    assert.deepEqual([f.contentStart, f.contentEnd, f.openLine, f.closeLine], [markdown.indexOf('a = 1'), markdown.lastIndexOf('```'), 1, 4]);
    const cr = only('```napkin\ra\r```\r');
    assert.deepEqual([cr.text, cr.content, cr.closeLine], ['a\r', 'a\n', 2]);
  });

  test('a byte order mark before the first fence', () => {
    const f = only('\uFEFF```napkin\na = 1\n```\n');
    assert.deepEqual([f.start, f.contentStart, f.content, f.openLine], [1, 11, 'a = 1\n', 0]);
  });

  test('an empty fence', () => {
    const f = only('```napkin\n```\n');
    assert.deepEqual([f.contentStart, f.contentEnd, f.text, f.content, f.closed, f.closeLine], [10, 10, '', '', true, 1]);
  });

  test('napkinFences keeps only napkin fences', () => {
    const markdown = '```mermaid\ngraph TD\n```\n\n```napkin\na = 1\n```\n\n~~~ napkin\nb = 2\n~~~\n';
    assert.deepEqual(checkAll(markdown).map((f) => f.lang), ['mermaid', 'napkin', 'napkin']);
    assert.deepEqual(napkinFences(markdown).map((f) => f.content), ['a = 1\n', 'b = 2\n']);
  });

  test('what is not a fence', () => {
    assert.deepEqual(findFences('Use `napkin` and ``` inline ``` code.\n'), []);
    assert.equal(findFences('``` a`b\nx\n```\n').length, 1, 'only the last line opens a fence: the first is text');
    assert.deepEqual(findFences('``\nx\n``\n'), []);
    assert.deepEqual(findFences('<div>\n```napkin\na = 1\n```\n</div>\n'), [], 'inside an HTML block');
    assert.deepEqual(findFences('<!-- draft\n```napkin\na = 1\n```\n-->\n'), [], 'inside an HTML comment');
    const outer = only('````markdown\n```napkin\na = 1\n```\n````\n');
    assert.deepEqual([outer.lang, outer.content], ['markdown', '```napkin\na = 1\n```\n']);
    assert.deepEqual(napkinFences('````markdown\n```napkin\na = 1\n```\n````\n'), []);
  });

  test('an item begins with at most one blank line, however indented', () => {
    const f = only('-\n  \n  ```napkin\na = 1\n```\n');
    assert.deepEqual([f.start, f.content, f.closed], [7, 'a = 1\n', true], 'the fence is not in the item');
  });

  test('what may not interrupt a paragraph cannot hide a fence', () => {
    // An empty item or a list not starting at 1 is paragraph text, so the fence is not inside an item.
    assert.deepEqual(findFences('Text\n*\n  ```napkin\na = 1\n```\n').map((f) => f.content), ['a = 1\n']);
    assert.deepEqual(findFences('Text\n2. ```napkin\na = 1\n```\n').map((f) => [f.lang, f.content]), [['', '']]);
    // A lone tag (HTML block type 7) cannot interrupt a paragraph, not even a lazy one, so it opens no HTML block.
    assert.deepEqual(findFences('> Text\n<custom-tag>\n```napkin\na = 1\n```\n').map((f) => f.content), ['a = 1\n']);
    assert.deepEqual(findFences('<custom-tag>\n```napkin\na = 1\n```\n'), [], 'but it does start one after a blank line');
  });

  test('the blocks around a fence are told apart as CommonMark does', () => {
    // Each of these first lines leaves a paragraph open (not a heading, not indented code), which the tag continues.
    for (const first of ['####### seven hashes', 'Text\n= =', '> Text\n    lazy']) {
      const markdown = `${first}\n<custom-tag>\n\`\`\`napkin\na = 1\n\`\`\`\n`;
      assert.deepEqual(checkAll(markdown).map((f) => f.content), ['a = 1\n'], JSON.stringify(markdown));
    }
    assert.equal(checkAll('123456789. ```napkin\n').length, 1, 'a list item with nine digits');
    assert.equal(checkAll('1234567890. ```napkin\n').length, 0, 'ten digits are text');
    assert.equal(checkAll('<![CDATA[\nx ]]>\n```napkin\na = 1\n```\n').length, 1, 'an HTML block ends at its end condition');
    assert.equal(checkAll('<div>\n\n```napkin\na = 1\n```\n').length, 1, 'or, for <div>, at a blank line');
    // A setext underline or a thematic break closes the paragraph, so the tag starts an HTML block that hides the fence.
    for (const rule of ['===', '***', '- - -']) assert.deepEqual(checkAll(`Text\n${rule}\n<custom-tag>\n\`\`\`napkin\na\n\`\`\`\n`), [], rule);
  });

  test('a fence interrupts a paragraph, indented code does not', () => {
    assert.equal(only('Prose\n```napkin\na\n```\n').content, 'a\n');
    assert.deepEqual(findFences('Prose\n    ```napkin\n'), []);
  });

  test('wholeFileFence', () => {
    const source = 'dau = 100M users\r\nqps = dau / day\n';
    assert.deepEqual(wholeFileFence(source), {
      lang: 'napkin', info: 'napkin', start: 0, end: source.length, contentStart: 0, contentEnd: source.length,
      text: source, content: source, closed: true, openLine: 0, closeLine: 1,
    });
    assert.equal(wholeFileFence('a\nb').closeLine, 1);
    assert.deepEqual([wholeFileFence('').end, wholeFileFence('').closeLine], [0, 0]);
  });
});
