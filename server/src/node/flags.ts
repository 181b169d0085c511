/**
 * Node's flags for the language server, given by the VS Code client (`client/src/server.ts`) and
 * by the benchmarks, and with which the build writes the server's code cache (V8 takes a cache
 * only under the flags it was written with: `code-cache.ts`).
 *
 * A larger young generation: analysis allocates many short-lived objects per keystroke, and the
 * default 16 MB semi-space makes the collector run several times per edit. 32 MB is the measured
 * best since an analysis allocates about 10 MB at 10K lines: edit → diagnostics median 16 ms and
 * p95 28–34 ms, against 18 / 47 ms with 64 MB (whose rarer collections each copy more) and
 * 25 / 35 ms with 16 MB (docs/benchmarks.md, bench/history.md). Other editors can pass the same
 * flag: `node --max-semi-space-size=32 dist/server.js --stdio`.
 */
export const serverNodeFlags: readonly string[] = ['--max-semi-space-size=32'];
