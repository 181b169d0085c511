/**
 * The pipeline, in one place: fences → parse (cached per fence text) → bind → evaluate → graph →
 * load → asserts → checks. Every stage is a function of the previous stages' values; the result is
 * a plain value that the server, the CLI, the markdown-it plugin and the preview all read.
 */

import { createCarried, type Carried } from './carry';
import { compareCodes, diagnostic, shiftDiagnostic, type Diagnostic } from './diagnostics';
import { runChecks } from './check/index';
import { buildGraph, type DesignGraph } from './graph/build';
import { propagateLoad, type Load } from './graph/load';
import { memberValue } from './graph/members';
import { checkAsserts, type AssertResult } from './model/asserts';
import { quantityResults, type QuantityResult } from './model/results';
import { bind, type Binding, type Located, type ParsedFence } from './model/bind';
import { createScope, type Scope } from './model/scope';
import { parse, type ParseResult } from './syntax/parser';
import type { Stmt } from './syntax/tree';
import { napkinFences, wholeFileFence, type Fence } from './text/fences';

export type Language = 'markdown' | 'napkin';
export type { QuantityResult };

export interface AnalyzeOptions {
  /** `napkin` for a .napkin file (one whole fence); `markdown` (default) finds the fences. */
  readonly language?: Language;
  /** Significant figures in displays (default 3). */
  readonly precision?: number;
  /** Reuses the parse of fences whose text did not change. */
  readonly cache?: ParseCache;
  /**
   * The napkin fences of `text` (Markdown only), when the caller already knows them: an editor
   * carries them over an edit with `fencesAfterEdit` instead of scanning the document again.
   */
  readonly fences?: readonly Fence[];
  /**
   * Assumptions from configuration (`.napkin.json` `"assume"`): key → napkin expression, e.g.
   * `{ day: '100K s', 'service.capacity': '20K/s' }`. They apply like `assume` lines of the
   * document, but the document's own `assume` for the same key wins. Validate them first
   * (`parseConfig` does): one that does not parse is skipped here, and none reports into the document.
   */
  readonly assume?: Readonly<Record<string, string>>;
}

export interface Analysis {
  readonly text: string;
  readonly language: Language;
  readonly precision: number;
  readonly fences: readonly ParsedFence[];
  readonly binding: Binding;
  readonly scope: Scope;
  /** Every quantity of the document, in document order. */
  readonly quantities: readonly QuantityResult[];
  readonly graph: DesignGraph;
  readonly load: Load;
  readonly asserts: readonly AssertResult[];
  /** All diagnostics in document offsets, sorted by position. */
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(text: string, options: AnalyzeOptions = {}): Analysis {
  const language = options.language ?? 'markdown';
  const precision = options.precision ?? 3;
  const found = language === 'napkin' ? [wholeFileFence(text)] : options.fences ?? napkinFences(text);
  const cache = options.cache;
  cache?.begin();
  const fences = found.map((fence) => ({ fence, parse: cache ? cache.parse(fence.text) : parse(fence.text) }));
  cache?.end();

  const binding = bind(fences, cache?.carried);
  const diagnostics: Diagnostic[] = [];
  const report = (d: Diagnostic) => diagnostics.push(d);

  // The graph is built on first use: a quantity may read `lbs.load`, and a component's props may
  // use quantities. Re-entering while it is being built is a cycle between the two.
  let design: { graph: DesignGraph; load: Load } | undefined;
  let building = false;
  const getDesign = () => {
    if (design || building) return design;
    building = true;
    const graph = buildGraph(binding, scope, report, cache?.carried);
    design = { graph, load: propagateLoad(graph, cache?.carried) };
    building = false;
    return design;
  };
  const scope = createScope(binding, {
    carried: cache?.carried,
    member: (object, property, reportMember) => {
      const current = getDesign();
      if (!current) {
        reportMember(diagnostic('definitionCycle', object.start, property.end, `\`${object.text}.${property.text}\` cannot be used here: component properties are the inputs of the load model, so they cannot depend on its results. Write the number itself, or move this into an \`assert\`.`));
        return undefined;
      }
      return memberValue(current.graph, current.load, object, property, reportMember);
    },
  }, configuredAssumptions(options.assume));

  scope.checkAssumptions();
  // Evaluating dependencies first keeps recursion shallow however long a chain of definitions is.
  for (const slot of binding.order) scope.quantityAt(slot);
  const quantities = quantityResults(binding, scope, precision, cache?.carried);
  const { graph, load } = getDesign()!;
  const asserts = checkAsserts(scope, cache?.carried);

  const syntax: Diagnostic[] = [];
  for (const { fence, parse: result } of fences) for (const d of result.errors) syntax.push(shiftDiagnostic(d, fence.contentStart));
  const partial = { text, language, precision, fences, binding, scope, quantities, graph, load, asserts };
  const checks = runChecks(partial, cache?.carried);
  const all = [...syntax, ...binding.diagnostics, ...scope.diagnostics, ...diagnostics, ...checks];
  all.sort((a, b) => a.start - b.start || a.end - b.end || compareCodes(a.code, b.code));
  return { ...partial, diagnostics: dedupe(all) };
}

/** The analysis without diagnostics: what checks read. */
export type CheckInput = Omit<Analysis, 'diagnostics'>;

export interface ParseCache {
  begin(): void;
  parse(text: string): ParseResult;
  /** Forgets fences not seen since `begin`, so the cache never outgrows one document version. */
  end(): void;
  /** What later stages built from the cached parses and may take again (`carry.ts`). */
  readonly carried: Carried;
}

export function createParseCache(): ParseCache {
  // An entry per fence text: its parses, one for each fence with that text (identical fences of one
  // document each get a parse of their own, because later stages tell statements apart by identity:
  // of two definitions of a name, the second is the duplicate), and how many this version took.
  // Entries are updated in place: a map and an array per fence built again for every version were
  // half a megabyte an edit at 3,000 fences (bench/history.md, "What an edit allocates").
  const entries = new Map<string, { parses: ParseResult[]; taken: number; version: number }>();
  let version = 0;
  return {
    begin() {
      version++;
    },
    parse(text) {
      let entry = entries.get(text);
      if (!entry) entries.set(text, (entry = { parses: [], taken: 0, version }));
      else if (entry.version !== version) {
        entry.version = version;
        entry.taken = 0;
      }
      const result = entry.parses[entry.taken] ?? parse(text);
      entry.parses[entry.taken++] = result;
      return result;
    },
    end() {
      entries.forEach((entry, text) => {
        if (entry.version !== version) entries.delete(text);
        else if (entry.parses.length > entry.taken) entry.parses.length = entry.taken;
      });
    },
    carried: createCarried(),
  };
}

/** `{ day: '100K s' }` → the statements of `assume day = 100K s`, located in no fence (-1). */
function configuredAssumptions(assume: Readonly<Record<string, string>> | undefined): Located<Extract<Stmt, { kind: 'assume' }>>[] {
  return Object.entries(assume ?? {}).flatMap(([key, value]) => {
    const result = parse(`assume ${key} = ${value}`);
    const statement = result.statements[0];
    if (result.errors.length > 0 || result.statements.length !== 1 || statement?.kind !== 'assume') return [];
    return [{ fence: -1, base: 0, statement }];
  });
}

/** One message per code and range, even if two stages noticed the same problem. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}:${d.start}:${d.end}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
