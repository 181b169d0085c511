/**
 * IndexedMap: the read-only map the analysis keeps definitions, components and loads in (a shared
 * index of names, values by slot). It must answer as the `Map` it replaced: an empty slot is absent.
 */

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IndexedMap, indexOf } from '../server/src/core/util/indexed-map';

test('answers as a Map of its filled slots, in slot order', () => {
  const index = indexOf(['a', 'b', 'c', 'd']);
  const map = new IndexedMap(index, [1, undefined, 3, 0]);
  const expected = new Map([['a', 1], ['c', 3], ['d', 0]]);
  assert.equal(map.size, expected.size);
  assert.deepEqual([...map], [...expected]);
  assert.deepEqual([...map.keys()], [...expected.keys()]);
  assert.deepEqual([...map.values()], [...expected.values()]);
  assert.deepEqual([...map.entries()], [...expected.entries()]);
  for (const name of ['a', 'b', 'c', 'd', 'e']) {
    assert.equal(map.get(name), expected.get(name), name);
    assert.equal(map.has(name), expected.has(name), name);
  }
  const seen: [string, number][] = [];
  map.forEach((value, name, self) => {
    assert.equal(self, map);
    seen.push([name, value]);
  });
  assert.deepEqual(seen, [...expected]);
});

test('two maps share an index; each keeps its own values', () => {
  const index = indexOf(['x', 'y']);
  const before = new IndexedMap(index, ['old x', 'y']);
  const after = new IndexedMap(index, ['new x', 'y']);
  assert.equal(before.get('x'), 'old x');
  assert.equal(after.get('x'), 'new x');
  assert.equal(after.index, before.index);
});
