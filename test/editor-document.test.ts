import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EditorDocument } from '../server/src/lsp/editor-document';

/** Text rich in what positions get wrong: every kind of line break, surrogate pairs, empty lines. */
const text = fc.array(fc.constantFrom('a', 'b', ' ', '\n', '\r', '\r\n', '😀', '`', 'é'), { maxLength: 40 }).map((parts) => parts.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 12 }), character: fc.integer({ min: -1, max: 14 }) });
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

/** Every position answer of `document` equals that of the library's document for the same text. */
function sameAsLibrary(document: EditorDocument, expected: TextDocument): void {
  const content = expected.getText();
  assert.equal(document.getText(), content);
  assert.equal(document.length, content.length);
  assert.equal(document.lineCount, expected.lineCount);
  for (let offset = -1; offset <= content.length + 1; offset++) {
    assert.deepEqual(document.positionAt(offset), expected.positionAt(offset), `positionAt(${offset}) of ${JSON.stringify(content)}`);
    assert.equal(document.charCodeAt(offset), content.charCodeAt(offset));
  }
  for (let line = -1; line <= expected.lineCount; line++) {
    assert.deepEqual(document.getLineRange(line), expected.getLineRange(line), `getLineRange(${line}) of ${JSON.stringify(content)}`);
    assert.equal(document.getEOLCharacters(line), expected.getEOLCharacters(line), `getEOLCharacters(${line}) of ${JSON.stringify(content)}`);
    for (let character = -1; character <= 12; character++) {
      const p = { line, character };
      assert.equal(document.offsetAt(p), expected.offsetAt(p), `offsetAt(${JSON.stringify(p)}) of ${JSON.stringify(content)}`);
    }
  }
  const range = { start: expected.positionAt(1), end: expected.positionAt(content.length - 1) };
  assert.equal(document.getText(range), expected.getText(range));
}

describe('the editor document', () => {
  test('answers every position like TextDocument, over random edits', () => {
    fc.assert(
      fc.property(text, fc.array(fc.array(change, { minLength: 1, maxLength: 3 }), { maxLength: 30 }), (initial, edits) => {
        const document = EditorDocument.create('file:///a.md', 'markdown', 1, initial);
        let content = initial;
        sameAsLibrary(document, TextDocument.create('file:///a.md', 'markdown', 1, content));
        let version = 1;
        for (const changes of edits) {
          version++;
          EditorDocument.update(document, changes, version);
          // Each change applied to a fresh library document: its line offsets, updated over edits,
          // go wrong after a change whose range lies past the last line (it inserts then at the
          // wrong place); ours are counted from the text.
          for (const change of changes) content = TextDocument.update(TextDocument.create('file:///a.md', 'markdown', 1, content), [change], 2).getText();
          assert.equal(document.version, version);
          sameAsLibrary(document, TextDocument.create('file:///a.md', 'markdown', version, content));
        }
      }),
      { numRuns: 400 },
    );
  });

  test('typing keeps the pieces few and never loses a character', () => {
    const document = EditorDocument.create('file:///a.md', 'markdown', 1, 'x'.repeat(100_000) + '\n' + 'y'.repeat(100_000));
    let expected = document.getText();
    for (let i = 0; i < 1000; i++) {
      const at = 50_000 + i;
      EditorDocument.update(document, [{ range: { start: document.positionAt(at), end: document.positionAt(at) }, text: String(i % 10) }], i + 2);
      expected = expected.slice(0, at) + String(i % 10) + expected.slice(at);
    }
    assert.equal(document.getText(), expected);
    assert.deepEqual(document.positionAt(expected.length), { line: 1, character: 100_000 });
  });

  test('a paste of many lines, then deleting it', () => {
    const pasted = 'line\n'.repeat(20_000);
    const document = EditorDocument.create('file:///a.md', 'markdown', 1, 'start\nend\n');
    EditorDocument.update(document, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: pasted }], 2);
    assert.equal(document.lineCount, 20_003);
    assert.deepEqual(document.positionAt(document.getText().indexOf('end')), { line: 20_001, character: 0 });
    EditorDocument.update(document, [{ range: { start: { line: 1, character: 0 }, end: { line: 20_001, character: 0 } }, text: '' }], 3);
    assert.equal(document.getText(), 'start\nend\n');
    assert.equal(document.lineCount, 3);
  });

  test('junk from a client (numbers that are not whole, not numbers, not text) neither throws nor hangs', () => {
    const junk = fc.oneof(fc.integer({ min: -5, max: 50 }), fc.constantFrom(NaN, Infinity, -Infinity, 1.5, -0.5, 1e12, '2', null, undefined, {}));
    const junkPosition = fc.record({ line: junk, character: junk });
    const junkChange = fc.record({ range: fc.record({ start: junkPosition, end: junkPosition }), text: fc.oneof(text, fc.constantFrom(undefined, 5, null, {}) as fc.Arbitrary<unknown>) });
    fc.assert(
      fc.property(text, fc.array(junkChange, { maxLength: 8 }), (initial, changes) => {
        const document = EditorDocument.create('file:///a.md', 'markdown', 1, initial);
        for (const change of changes) EditorDocument.update(document, [change as never], 2);
        const content = document.getText();
        assert.equal(typeof content, 'string');
        assert.equal(document.length, content.length);
        for (let offset = 0; offset <= content.length; offset++) assert.equal(document.offsetAt(document.positionAt(offset)) <= content.length, true);
        sameAsLibrary(document, TextDocument.create('file:///a.md', 'markdown', 2, content));
      }),
      { numRuns: 300 },
    );
  });
});
