import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { fencesAfterEdit, type TextEdit } from '../server/src/core/text/fence-edits';
import { napkinFences } from '../server/src/core/text/fences';

const apply = (text: string, { start, end, text: insert }: TextEdit): string => text.slice(0, start) + insert + text.slice(end);

/** The fences carried over the edit, or undefined; when carried, exactly what a new scan finds. */
function carried(before: string, edit: TextEdit) {
  const after = apply(before, edit);
  const result = fencesAfterEdit(napkinFences(before), edit, before.length, (i) => before.charCodeAt(i));
  if (result) assert.deepEqual(result, napkinFences(after), JSON.stringify({ before, edit }));
  return result;
}

const doc = [
  '# Notes', '',
  '```napkin', 'dau = 1M users', 'qps = dau * 5 req/user/day', '```', '',
  'Prose between.', '',
  '```napkin', 'service api { capacity: 5K/s }', 'api -> db', '```', '',
  '```js', 'x = 1', '```', '',
  '~~~napkin', 'database db', '~~~', '',
].join('\n');
const at = (needle: string) => doc.indexOf(needle);

describe('fences carried over an edit', () => {
  test('a digit changed inside a fence: the other fences are the same objects', () => {
    const before = napkinFences(doc);
    const start = at('1M');
    const edit = { start, end: start + 1, text: '2' };
    const after = fencesAfterEdit(before, edit, doc.length, (i) => doc.charCodeAt(i))!;
    assert.ok(after);
    assert.notEqual(after[0], before[0]);
    assert.equal(after[0]!.text, 'dau = 2M users\nqps = dau * 5 req/user/day\n');
    assert.equal(after[1], before[1]);
    assert.equal(after[2], before[2]);
  });

  test('typing and deleting lines move the fences after the edit', () => {
    const start = at('api -> db');
    const typed = carried(doc, { start, end: start, text: 'lb -> api\n' })!;
    assert.equal(typed[1]!.closeLine, napkinFences(doc)[1]!.closeLine + 1);
    assert.equal(typed[2]!.openLine, napkinFences(doc)[2]!.openLine + 1);
    const line = at('qps =');
    assert.ok(carried(doc, { start: line, end: line + 'qps = dau * 5 req/user/day\n'.length, text: '' }));
  });

  test('edits that may change where fences are: scan again', () => {
    const inside = at('api -> db');
    for (const edit of [
      { start: inside, end: inside, text: '```\n' }, // closes the fence early
      { start: inside, end: inside, text: '  ~~~' }, // the fence's own character is not the question: backticks are
      { start: at('Prose'), end: at('Prose'), text: '```napkin\n' }, // prose
      { start: at('```napkin') + 3, end: at('```napkin') + 3, text: 'x' }, // the opening line
      { start: at('api -> db') + 9, end: at('api -> db') + 10, text: '' }, // the content's last line break
      { start: inside, end: inside, text: 'a\r\nb' }, // the scan rewrites \r
      { start: inside, end: inside, text: '\0' }, // and NUL
    ]) {
      const result = fencesAfterEdit(napkinFences(doc), edit, doc.length, (i) => doc.charCodeAt(i));
      if (edit.text === '  ~~~') assert.ok(result, 'tildes cannot close a backtick fence');
      else assert.equal(result, undefined, JSON.stringify(edit));
    }
  });

  test('a fence in a block quote or a list item, an indented or unclosed fence: scan again', () => {
    for (const markdown of ['> ```napkin\n> a = 1\n> ```\n', '- ```napkin\n  a = 1\n  ```\n', '  ```napkin\n  a = 1\n  ```\n', '```napkin\na = 1\n']) {
      const start = markdown.indexOf('1');
      const edit = { start, end: start + 1, text: ' ' };
      assert.equal(fencesAfterEdit(napkinFences(markdown), edit, markdown.length, (i) => markdown.charCodeAt(i)), undefined, markdown);
    }
  });

  test('an edit outside the document is refused', () => {
    const charCodeAt = (i: number) => doc.charCodeAt(i);
    assert.equal(fencesAfterEdit(napkinFences(doc), { start: doc.length, end: doc.length + 1, text: '2' }, doc.length, charCodeAt), undefined);
    assert.equal(fencesAfterEdit(napkinFences(doc), { start: -1, end: 0, text: '2' }, doc.length, charCodeAt), undefined);
    assert.equal(fencesAfterEdit(napkinFences(doc), { start: 5, end: 4, text: '2' }, doc.length, charCodeAt), undefined);
  });

  test('random documents and edits: carried fences are what a scan finds', () => {
    const fence = fc.tuple(fc.constantFrom('```napkin\n', '~~~napkin\n', '````napkin\n', '```js\n'), fc.array(fc.constantFrom('a = 1\n', 'x -> y\n', '  b = 2\n', '\n', '``\n', '~~~~~\n'), { maxLength: 6 }), fc.constantFrom('```\n', '~~~\n', '````\n', ''))
      .map(([open, lines, close]) => open + lines.join('') + close);
    const piece = fc.constantFrom('text\n', '\n', '> ', '- ', '  ', '    ', '\t', '<pre>\n', '</pre>\n', '\r\n', '```\n');
    const inserts = ['1', '', '\n', '`', '``', '```', '~~~', ' ```', 'ab\n', '\r', '\0', ' ', '> ', '- ', '\n```\n', 'x\ny\n'];
    let reused = 0;
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ arbitrary: fence, weight: 2 }, { arbitrary: piece, weight: 1 }), { maxLength: 12 }),
        fc.nat(), fc.nat({ max: 12 }), fc.constantFrom(...inserts),
        (parts, where, length, insert) => {
          const before = parts.join('');
          const start = where % (before.length + 1);
          if (carried(before, { start, end: Math.min(before.length, start + length), text: insert })) reused++;
        },
      ),
      { seed: 20261206, numRuns: 5000 },
    );
    // Not a vacuous property: many edits land inside a fence and are carried.
    assert.ok(reused > 300, `${reused} of 5000 edits carried`);
  });
});
