/**
 * Hardening, part 1: property tests of the whole core pipeline (the short run; `npm run fuzz` is
 * the long one). Four families of input (test/fuzz/arbitraries.ts: random text, random edits of
 * every example and fixture, token soup, grammar-aware designs), each case checked by
 * test/fuzz/check.ts: nothing throws, every range is inside the document and on code point
 * boundaries, the same input gives the same output, formatting is idempotent and keeps every value
 * and diagnostic code, and no displayed value is NaN or ∞.
 *
 * The cases run in worker threads with a watchdog: a case that never finishes is reported with its
 * input as a hang (and node:test's timeout bounds the whole file). Time is never asserted.
 *
 *   NAPKIN_FUZZ_SEED=123 NAPKIN_FUZZ_SCALE=10 node --import tsx --test test/hardening-fuzz.test.ts
 */

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { analyze, createParseCache, type Analysis } from '../server/src/core/analysis';
import fc from 'fast-check';
import { analyseEdit, assertSameAsFresh } from './carried-edit';
import { corpus, editedCorpus, tokenSoup, type Family } from './fuzz/arbitraries';
import { checkDisplays, checkDocument, checkRanges, pipelineOutput } from './fuzz/check';
import { describeProblems, runJobs, type Job } from './fuzz/runner';

const seed = Number(process.env.NAPKIN_FUZZ_SEED ?? 20260601);
const scale = Number(process.env.NAPKIN_FUZZ_SCALE ?? 1);
const runs: Record<Family, number> = { randomText: 600, tokenSoup: 600, design: 300, editedCorpus: 200 };

describe('core pipeline properties (short run)', { timeout: 600_000 }, () => {
  test('every example and fixture passes the properties as it is', { timeout: 120_000 }, () => {
    assert.ok(corpus.length >= 50, `the corpus has ${corpus.length} documents`);
    for (const { name, doc } of corpus) {
      try {
        checkDocument(doc.text, doc.language);
      } catch (error) {
        assert.fail(`${name}: ${(error as Error).message}`);
      }
    }
  });

  test(`random text, edits of the corpus, token soup and random designs (seed ${seed})`, { timeout: 540_000 }, async (t) => {
    const jobs: Job[] = (Object.keys(runs) as Family[]).map((family, i) => ({ family, runs: Math.round(runs[family] * scale), seed: seed + i }));
    const results = await runJobs(jobs, { parallel: 2 });
    for (const r of results) t.diagnostic(`${r.family}: ${r.cases} cases in ${r.ms} ms${Object.keys(r.known).length ? `, known core bugs hit: ${JSON.stringify(r.known)}` : ''}`);
    const problems = describeProblems(results);
    assert.deepEqual(problems, [], problems.join('\n\n'));
    const cases = results.reduce((sum, r) => sum + r.cases, 0);
    assert.ok(cases >= jobs.reduce((sum, j) => sum + j.runs, 0), `${cases} cases ran`);
  });

  test('an edit analysed with the parse cache of the version before gives what a fresh analysis gives', { timeout: 120_000 }, () => {
    // The cache also carries literal values, components and connections over (its memo): the graph
    // and the load must be what a fresh analysis builds, and so after going back to the first text.
    const same = (cached: Analysis, fresh: Analysis) => {
      assert.deepEqual(cached.diagnostics, fresh.diagnostics);
      assert.deepEqual(
        cached.quantities.map((q) => [q.name, q.display]),
        fresh.quantities.map((q) => [q.name, q.display]),
      );
      assert.deepEqual(cached.graph, fresh.graph);
      assert.deepEqual(cached.load, fresh.load);
      assert.deepEqual(cached.asserts, fresh.asserts);
    };
    fc.assert(
      fc.property(fc.integer({ min: 0, max: corpus.length - 1 }), editedCorpus, (index, edited) => {
        const cache = createParseCache();
        const before = corpus[index]!.doc;
        analyze(before.text, { language: edited.language, cache });
        same(analyze(edited.text, { language: edited.language, cache }), analyze(edited.text, { language: edited.language }));
        same(analyze(before.text, { language: edited.language, cache }), analyze(before.text, { language: edited.language }));
      }),
      { numRuns: Math.round(150 * scale), seed },
    );
  });

  test('keystrokes in the editor (one cache, fences carried over) give what fresh analyses give', { timeout: 120_000 }, () => {
    // Mostly same-length edits inside fences: they move no fence, so everything unchanged is carried
    // over, the hardest case for what the cache keeps (a name that stops or starts being a
    // duplicate, a literal that becomes a name or a typo, a connection that becomes a flow step...).
    const markdown = corpus.filter(({ doc }) => doc.language === 'markdown');
    const keystroke = fc.record({ at: fc.nat(), char: fc.constantFrom('a', 'x', 'y', '1', '9', ' ', '_', '-', '>', '{', '}', ':', '.', 'K', 's', '#', '\n', '', 'xy') });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: markdown.length - 1 }), fc.array(keystroke, { minLength: 1, maxLength: 6 }), (index, keystrokes) => {
        const cache = createParseCache();
        let previous = analyze(markdown[index]!.doc.text, { cache });
        for (const { at, char } of keystrokes) {
          const contents = previous.fences.map(({ fence }) => fence).filter((f) => f.contentEnd > f.contentStart);
          if (contents.length === 0) return;
          const fence = contents[at % contents.length]!;
          const start = fence.contentStart + (at % (fence.contentEnd - fence.contentStart));
          previous = analyseEdit(previous, cache, { start, end: start + 1, text: char }).analysis;
          assertSameAsFresh(previous);
        }
      }),
      { numRuns: Math.round(150 * scale), seed },
    );
  });

  test('the watchdog reports a case that never finishes, with its input', { timeout: 60_000 }, async () => {
    const [result] = await runJobs([{ family: 'tokenSoup', runs: 10, seed, hangAt: 3 }], { caseTimeoutMs: 1500 });
    assert.ok(result?.hang, `a hang is reported: ${JSON.stringify(result)}`);
    assert.equal(result.cases, 3);
    assert.deepEqual(result.hang.input, fc.sample(tokenSoup, { seed, numRuns: 3 })[2], 'the input of the hanging case is reported');
  });

  test('the checker catches what it claims to: a range outside the document, a split surrogate pair, a shown NaN', () => {
    const text = '```napkin\nx = 1 😀\n```\n';
    const { output } = pipelineOutput(text, 'markdown');
    const broken = (change: (o: typeof output) => unknown) => () => change(structuredClone(output));
    const diagnostic = { code: 'N001', alias: 'syntax-error', severity: 'error' as const, message: 'x' };
    assert.throws(broken((o) => checkRanges(text, { ...o, diagnostics: [{ ...diagnostic, start: 3, end: text.length + 1 }] })), /range inside the document/);
    const emoji = text.indexOf('😀');
    assert.throws(broken((o) => checkRanges(text, { ...o, diagnostics: [{ ...diagnostic, start: emoji + 1, end: emoji + 2 }] })), /splits a surrogate pair/);
    assert.throws(broken((o) => checkDisplays(text, { ...o, quantities: [{ name: 'x', display: 'NaN /s', exact: undefined, value: NaN }] })), /no non-finite value/);
    assert.doesNotThrow(() => checkDocument(text, 'markdown'));
  });
});
