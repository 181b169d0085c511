// The Mermaid escaper (server/src/core/render/escape.ts): what it must keep out of Mermaid's
// syntax. test/preview.test.ts checks the same texts in a real Mermaid in Chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mermaidText } from '../server/src/core/render/escape';

/** What Mermaid shows: entity codes decoded (the word joiner is invisible). */
const shown = (escaped: string) => escaped.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));

test('structure characters become entity codes', () => {
  assert.equal(mermaidText('a "b" [c]; %%{init}%% <i>&'), 'a #34;b#34; #91;c#93;#59; #37;#37;#123;init#125;#37;#37; #60;i#62;#38;');
  assert.equal(mermaidText('GET /v1/search?x=1'), 'GET /v1/search?x=1');
  assert.equal(mermaidText('line\nbreak\ttab'), 'line break tab');
});

test('$$…$$ never reaches Mermaid as math: a word joiner splits every $$', () => {
  const escaped = mermaidText('cost $$x^2$$ and $$$');
  assert.doesNotMatch(shown(escaped), /\$\$/);
  assert.equal(shown(escaped).replace(/\u2060/g, ''), 'cost $$x^2$$ and $$$');
  assert.equal(mermaidText('$5 each'), '#36;5 each', 'a single $ is left alone');
});

test('fa:fa-icon never reaches Mermaid as an icon', () => {
  for (const label of ['fa:fa-car', 'fab:fa-github', 'use fas:fa-user-shield here']) {
    const escaped = mermaidText(label);
    assert.doesNotMatch(shown(escaped), /(fa[bklrs]?):fa-([\w-]+)/, label);
    assert.equal(shown(escaped).replace(/\u2060/g, ''), label);
  }
  assert.equal(mermaidText('ratio 2:1'), 'ratio 2#58;1');
});

test("Mermaid's own placeholders (ﬂ°°, ﬂ°, ¶ß) never appear in the decoded text", () => {
  for (const label of ['ﬂ°°38¶ß', 'a¶ßb', 'ﬂ°lt¶ß', '¶¶ßß', 'ﬂﬂ°°']) {
    const decoded = shown(mermaidText(label));
    assert.doesNotMatch(decoded, /ﬂ°|¶ß/, label);
    assert.equal(decoded.replace(/\u2060/g, ''), label);
  }
});

test('every character round-trips, and nothing but inert text is left unencoded', () => {
  const all = Array.from({ length: 0x250 }, (_, i) => String.fromCodePoint(i)).join('') + '😀 ﬂ°°¶ß';
  const escaped = mermaidText(all);
  assert.equal(shown(escaped).replace(/\u2060/g, ''), all.replace(/[\r\n\t]+/g, ' '));
  assert.doesNotMatch(escaped.replace(/#\d+;/g, ''), /["'`<>&;:#%{}[\]()|\\$*]/);
});
