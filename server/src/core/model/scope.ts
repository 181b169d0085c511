/**
 * The document scope: evaluates quantities and assumptions lazily, in whatever order they are
 * used, memoising each and reporting cycles. Assumptions are evaluated the same way, so
 * `assume year = 400 days` sees `assume day = 100K s` wherever the two are written.
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import { someExpr, type Expr, type Stmt, type Word } from '../syntax/tree';
import { allUnitNames, findUnit, unitBase, type UnitOverrides } from '../units/table';
import { sameDimension, quantity, type Quantity } from '../units/quantity';
import { unitQuantity } from '../units/phrase';
import { didYouMean } from '../util/suggest';
import { didYouMeanFixes } from '../util/replace-fixes';
import { readsOf, sameReads, type Carried } from '../carry';
import type { Binding, Located } from './bind';
import { findKind, findProp, kindNames, quantityProblem } from './catalogue';
import { describeDimension, evaluate, type ExprContext } from './expr';
import { startEvaluation } from './evaluation';

type AssumeStmt = Extract<Stmt, { kind: 'assume' }>;

export interface Scope {
  readonly binding: Binding;
  readonly overrides: UnitOverrides;
  /** The value of a quantity by name; undefined when it is not a quantity or failed. */
  quantity(name: string): Quantity | undefined;
  /** The same by slot in `binding.definitions`, which answers a value taken again without looking its name up. */
  quantityAt(slot: number): Quantity | undefined;
  /** The assumed default for `kind.prop` (e.g. `service.capacity`), checked against the prop's type. */
  kindDefault(kind: string, prop: string): Quantity | undefined;
  /** Whether any `assume KIND.PROP = …` applies, so components without props can skip asking. */
  readonly hasKindDefaults: boolean;
  /** Evaluates every assumption once, so a wrong one is reported even when nothing uses it. */
  checkAssumptions(): void;
  /** Evaluates an expression of the document (a prop value); reports into the scope unless quiet. */
  evaluate(expr: Expr, base: number, quiet?: boolean): Quantity | undefined;
  readonly diagnostics: Diagnostic[];
}

export interface ScopeHooks {
  /** Resolves `component.property`; installed by the design graph. */
  member(object: Word, property: Word, report: (d: Diagnostic) => void): Quantity | undefined;
  /** What the document's previous analysis computed, taken again where unchanged (`carry.ts`). */
  readonly carried?: Carried;
}

type State = { readonly state: 'evaluating' } | { readonly state: 'done'; readonly value: Quantity | undefined };

const evaluating: State = { state: 'evaluating' };

/**
 * `defaults` are assumptions from outside the document (configuration). They apply like the
 * document's own `assume` lines, except that the document's `assume` for the same key wins. They
 * are validated before they get here, so they report nothing: a diagnostic of theirs would point
 * into a document that does not contain them. Their `fence` is -1.
 */
export function createScope(binding: Binding, hooks: ScopeHooks, defaults: readonly Located<AssumeStmt>[] = []): Scope {
  const diagnostics: Diagnostic[] = [];
  const states = new Map<string, State>();
  const stack: string[] = [];
  const unitAssumptions = new Map<string, Located<AssumeStmt>>();
  const kindAssumptions = new Map<string, Located<AssumeStmt>>();
  const cycleReported = new Set<string>();

  const report = (d: Diagnostic) => diagnostics.push(d);
  const reportFrom = (located: Located<AssumeStmt>) => (located.fence < 0 ? () => {} : report);

  for (const located of binding.assumptions) registerAssumption(located);
  for (const located of defaults) registerAssumption(located);

  /** Runs `compute` for `key` once, detecting re-entry (a cycle) through the evaluation stack. */
  const memo = (key: string, where: { start: number; end: number }, compute: () => Quantity | undefined): Quantity | undefined => {
    const state = states.get(key);
    if (state?.state === 'done') return state.value;
    if (state?.state === 'evaluating') {
      reportCycle(key, where);
      return undefined;
    }
    states.set(key, evaluating);
    stack.push(key);
    const computed = compute();
    stack.pop();
    // A member of a cycle has no value, even if its computation finished with a fallback inside.
    const value = cycleReported.has(key) ? undefined : computed;
    states.set(key, { state: 'done', value });
    return value;
  };

  // Values taken again by slot (`evaluation.ts`); none while a unit is overridden.
  const carry = hooks.carried && unitAssumptions.size === 0 ? startEvaluation(binding.definitions, hooks.carried.evaluation) : undefined;
  if (hooks.carried) hooks.carried.evaluation = carry?.evaluation;
  const record = carry?.evaluation;
  const again = carry?.again;

  const overrides: UnitOverrides = {
    size: unitAssumptions.size,
    get(canonical) {
      const located = unitAssumptions.get(canonical);
      if (!located) return undefined;
      const key = `assume ${canonical}`;
      return memo(key, spanOf(located, located.statement.key[0]!), () => evaluateAssumedUnit(located))?.value;
    },
  };

  const context = (quiet: boolean): ExprContext => ({
    overrides,
    literals: hooks.carried?.literals,
    report: quiet ? () => {} : report,
    name: (name, start, end) => resolveName(name, start, end, quiet),
    member: (object, property) => hooks.member(object, property, quiet ? () => {} : report),
  });
  // Built once: evaluation asks for a context for every quantity on every keystroke.
  const loud = context(false);
  const silent = context(true);

  /** The value of the quantity in `slot`: taken again, or evaluated once (`memo` answers a value already computed). */
  function valueAt(slot: number): Quantity | undefined {
    if (again && again[slot] === 0) return record!.values[slot];
    const definition = binding.definitions.slots[slot];
    if (definition?.kind !== 'quantity' || definition.statement.kind !== 'quantity') return undefined;
    const statement = definition.statement;
    const base = binding.fences[definition.fence]!.fence.contentStart;
    return memo(definition.name, definition, () => carriedValue(statement, definition.uses ?? [], base, slot));
  }

  const scope: Scope = {
    binding,
    overrides,
    quantity: (name) => {
      // Most calls ask again for a value already computed (each quantity is read by the quantities,
      // props and asserts that use it): answer those before looking anything up.
      const known = states.get(name);
      if (known?.state === 'done') return known.value;
      const slot = binding.definitions.index.get(name);
      return slot === undefined ? undefined : valueAt(slot);
    },
    quantityAt: valueAt,
    hasKindDefaults: kindAssumptions.size > 0,
    kindDefault: (kindName, prop) => {
      if (kindAssumptions.size === 0) return undefined;
      const canonical = `${findKind(kindName)?.kind ?? kindName}.${prop}`;
      const located = kindAssumptions.get(canonical);
      if (!located) return undefined;
      return memo(`assume ${canonical}`, spanOf(located, located.statement.key[0]!), () => evaluateKindDefault(located, canonical));
    },
    checkAssumptions: () => {
      for (const canonical of unitAssumptions.keys()) overrides.get(canonical);
      for (const canonical of kindAssumptions.keys()) {
        const [kindName, propName] = canonical.split('.') as [string, string];
        scope.kindDefault(kindName, propName);
      }
    },
    evaluate: (expr, base, quiet = false) => evaluate(expr, base, (quiet ? silent : loud)),
    diagnostics,
  };
  return scope;

  /**
   * A quantity's value, taken from the previous analysis when its statement is unchanged and every
   * quantity it uses has the very value it had then (values are carried, so unchanged inputs keep
   * their identity and whole chains are taken again). Only a value that reported nothing and reads
   * no component member (the graph) is kept, and none while a unit is overridden. The value and
   * whether it is clean go into this analysis's record by slot too (`evaluation.ts`).
   */
  function carriedValue(statement: Extract<Stmt, { kind: 'quantity' }>, uses: readonly string[], base: number, slot: number): Quantity | undefined {
    const values = overrides.size === 0 ? hooks.carried?.values : undefined;
    const kept = values?.get(statement);
    const before = diagnostics.length;
    const value = (kept && sameReads(kept.reads, scope) ? kept.value : undefined) ?? evaluate(statement.value, base, loud);
    // Worth knowing only while carrying: a lint has neither a memo nor a record.
    const clean = (values !== undefined || record !== undefined) && value !== undefined && diagnostics.length === before && !someExpr(statement.value, (node) => node.kind === 'member');
    if (values && clean && value !== kept?.value) values.set(statement, { reads: readsOf(uses, scope), value });
    if (record) {
      record.values[slot] = value;
      record.clean[slot] = clean ? 1 : 0;
    }
    return value;
  }

  function resolveName(name: string, start: number, end: number, quiet: boolean): Quantity | undefined {
    const definition = binding.definitions.get(name);
    if (definition?.kind === 'quantity') return scope.quantity(name);
    if (quiet) return undefined;
    if (definition) {
      const hint = definition.kind === 'component' ? ` Use one of its numbers, e.g. \`${name}.load\` or \`${name}.capacity\`.` : '';
      report(diagnostic('undefinedName', start, end, `\`${name}\` is a ${definition.kind}, not a quantity.${hint}`));
      return undefined;
    }
    const unit = findUnit(name);
    if (unit) {
      // A unit used as a value: `tweets / day` divides by one day.
      return unitQuantity(unit, overrides);
    }
    const candidates = [...binding.definitions.values()].filter((d) => d.kind === 'quantity').map((d) => d.name);
    report(diagnostic('undefinedName', start, end, `\`${name}\` is not defined: define it with \`${name} = …\` in any napkin fence of this document.${didYouMean(name, [...candidates, ...allUnitNames])}`, { fixes: didYouMeanFixes(name, start, end, [...candidates, ...allUnitNames]) }));
    return undefined;
  }

  function registerAssumption(located: Located<AssumeStmt>): void {
    const fromConfig = located.fence < 0;
    const report = reportFrom(located);
    const { key } = located.statement;
    const keyText = key.map((w) => w.text).join('.');
    const first = key[0]!;
    const span = { start: located.base + first.start, end: located.base + key[key.length - 1]!.end };
    let target: Map<string, Located<AssumeStmt>>;
    let canonical: string;
    if (key.length === 1) {
      const unit = findUnit(first.text);
      if (!unit || unit.of === undefined) {
        const why = unit ? `\`${first.text}\` is a base unit and cannot change` : `\`${first.text}\` is not a unit`;
        report(diagnostic('unknownAssumption', span.start, span.end, `${why}; \`assume\` takes a unit (\`assume day = 100K s\`, \`assume year = 400 days\`, \`assume KB = 1024 B\`) or a kind default (\`assume service.capacity = 20K/s\`).${unit ? '' : didYouMean(first.text, allUnitNames)}`));
        return;
      }
      target = unitAssumptions;
      canonical = unit.names[0]!;
    } else {
      const kindDef = key.length === 2 ? findKind(first.text) : undefined;
      const propDef = kindDef ? findProp(kindDef.props, key[1]!.text) : undefined;
      if (!kindDef || !propDef) {
        const hint = !kindDef ? didYouMean(first.text, kindNames) : didYouMean(key[1]!.text, kindDef.props.map((p) => p.name));
        report(diagnostic('unknownAssumption', span.start, span.end, `\`${keyText}\` is not a kind default; write \`assume KIND.PROP = value\`, e.g. \`assume service.capacity = 20K/s\`.${hint}`));
        return;
      }
      target = kindAssumptions;
      canonical = `${kindDef.kind}.${propDef.name}`;
    }
    const existing = target.get(canonical);
    if (existing && fromConfig) return; // the document's own assumption wins
    if (existing) {
      report(diagnostic('duplicateName', span.start, span.end, `\`${keyText}\` is already assumed; keep one \`assume ${keyText}\`.`, {
        related: [{ ...spanOf(existing, existing.statement.key[0]!), message: 'first assumption' }],
      }));
      return;
    }
    target.set(canonical, located);
  }

  function evaluateAssumedUnit(located: Located<AssumeStmt>): Quantity | undefined {
    const unit = findUnit(located.statement.key[0]!.text)!;
    const report = reportFrom(located);
    const value = evaluate(located.statement.value, located.base, located.fence < 0 ? silent : loud);
    if (!value) return undefined;
    const base = unitBase(unit);
    const expected = quantity(1, base.bytes, base.seconds);
    if (!sameDimension(value, expected)) {
      const { start, end } = located.statement.value;
      report(diagnostic('dimensionMismatch', located.base + start, located.base + end, `\`${unit.names[0]}\` is ${describeDimension(expected)}, but this is ${describeDimension(value)}; e.g. \`assume day = 100K s\`.`));
      return undefined;
    }
    if (!(value.value > 0)) {
      const { start, end } = located.statement.value;
      report(diagnostic('invalidValue', located.base + start, located.base + end, `A unit must be positive.`));
      return undefined;
    }
    return value;
  }

  function evaluateKindDefault(located: Located<AssumeStmt>, canonical: string): Quantity | undefined {
    const report = reportFrom(located);
    const value = evaluate(located.statement.value, located.base, located.fence < 0 ? silent : loud);
    const [kindName, propName] = canonical.split('.') as [string, string];
    const def = findProp(findKind(kindName)!.props, propName)!;
    if (!value) return undefined;
    const problem = def.type.type === 'word' || def.type.type === 'tags' || def.type.type === 'flag' ? 'takes a word, which has no default' : quantityProblem(value, def.type.type);
    if (problem) {
      const { start, end } = located.statement.value;
      report(diagnostic('propType', located.base + start, located.base + end, `\`${canonical}\` ${problem}, but this is ${describeDimension(value)}.`));
      return undefined;
    }
    return value;
  }

  function reportCycle(key: string, where: { start: number; end: number }): void {
    const from = stack.indexOf(key);
    const members = stack.slice(from);
    for (const [index, member] of members.entries()) {
      // Each message starts the path at the definition it is on: `a` → `b` → `a`.
      const rotated = [...members.slice(index), ...members.slice(0, index), member];
      const path = rotated.map((k) => `\`${k.replace(/^assume /, '')}\``).join(' → ');
      if (cycleReported.has(member)) continue;
      cycleReported.add(member);
      const definition = binding.definitions.get(member);
      const located = member.startsWith('assume ') ? unitAssumptions.get(member.slice(7)) : undefined;
      if (located && located.fence < 0) continue; // a configured assumption has no place in the document
      const span = definition ?? (located ? spanOf(located, located.statement.key[0]!) : where);
      report(diagnostic('definitionCycle', span.start, span.end, `\`${member.replace(/^assume /, '')}\` depends on itself: ${path}. Break the cycle by giving one of them a value of its own.`));
    }
  }
}

function spanOf(located: Located, word: Word): { start: number; end: number } {
  return { start: located.base + word.start, end: located.base + word.end };
}
