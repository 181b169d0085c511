/**
 * The outline: quantities with their values, components with kind and load, groups with what they
 * hold, flows with their steps, assumptions and asserts (holds or fails). Connections are left out:
 * they are the edges between the outline's entries, not entries.
 */

import type { Analysis } from '../analysis';
import type { ParsedFence } from '../model/bind';
import { isMessaging, isStore } from '../model/catalogue';
import { allExprs, type Stmt } from '../syntax/tree';
import { display, showRate } from './derivation';
import { printExpr } from './derivation';

export type SymbolKind = 'variable' | 'constant' | 'class' | 'object' | 'namespace' | 'event' | 'function' | 'boolean';

export interface DocumentSymbol {
  readonly name: string;
  readonly detail: string;
  readonly kind: SymbolKind;
  /** The whole statement, in document offsets. */
  readonly start: number;
  readonly end: number;
  /** The name within it. */
  readonly selectionStart: number;
  readonly selectionEnd: number;
  readonly children: readonly DocumentSymbol[];
}

export function documentSymbols(analysis: Analysis): DocumentSymbol[] {
  return analysis.fences.flatMap((parsed, fence) => parsed.parse.statements.flatMap((statement) => symbolsOf(analysis, parsed, fence, statement)));
}

function symbolsOf(analysis: Analysis, parsed: ParsedFence, fence: number, statement: Stmt): DocumentSymbol[] {
  const base = parsed.fence.contentStart;
  const text = parsed.fence.text;
  const symbol = (name: string, detail: string, kind: SymbolKind, selection: { start: number; end: number }, children: DocumentSymbol[] = []): DocumentSymbol[] => [
    { name, detail, kind, start: base + statement.start, end: base + statement.end, selectionStart: base + selection.start, selectionEnd: base + selection.end, children },
  ];
  switch (statement.kind) {
    case 'quantity': {
      const value = analysis.scope.quantity(statement.name.text);
      const computed = allExprs(statement.value).some((node) => node.kind === 'name' || node.kind === 'member');
      return symbol(statement.name.text, value ? display(analysis, value) : 'no value', computed ? 'variable' : 'constant', statement.name);
    }
    case 'component': {
      const component = analysis.graph.components.get(statement.id.text);
      const kind = component?.kindDef?.kind;
      const load = analysis.load.components.get(statement.id.text)?.load;
      const detail = [kind ?? statement.kindWord.text, load === undefined ? '' : `← ${showRate(analysis, load)}`].filter(Boolean).join(' ');
      const dataKind = kind !== undefined && (isStore(kind) || isMessaging(kind) || kind === 'cache');
      return symbol(statement.id.text, detail, dataKind ? 'object' : 'class', statement.id);
    }
    case 'group': {
      const children = statement.body.flatMap((inner) => symbolsOf(analysis, parsed, fence, inner));
      return symbol(statement.id.text, statement.label?.value ?? 'group', 'namespace', statement.id, children);
    }
    case 'flow': {
      const steps = statement.body.flatMap((step): DocumentSymbol[] => {
        if (step.kind !== 'connection') return [];
        const arrows = step.arrows.map((a) => (a.op === '-->' ? '⇠' : a.op === '~>' ? '⇢' : '→'));
        const name = step.nodes.map((n, i) => `${n.text}${arrows[i] ? ` ${arrows[i]} ` : ''}`).join('');
        return [{ name, detail: step.label?.value ?? '', kind: 'function', start: base + step.start, end: base + step.end, selectionStart: base + step.start, selectionEnd: base + step.end, children: [] }];
      });
      return symbol(statement.id.text, statement.label?.value ?? 'flow', 'event', statement.id, steps);
    }
    case 'assume': {
      const key = statement.key.map((w) => w.text).join('.');
      const last = statement.key[statement.key.length - 1] ?? statement;
      return symbol(`assume ${key}`, printExpr(statement.value, text), 'constant', { start: statement.key[0]?.start ?? statement.start, end: last.end });
    }
    case 'assert': {
      const result = analysis.asserts.find((a) => a.start === base + statement.start);
      const detail = result ? (result.holds ? 'holds' : 'failed') : 'not checked';
      return symbol(`assert ${printExpr(statement.condition, text)}`, detail, 'boolean', statement);
    }
    case 'connection':
    case 'error':
      return [];
  }
}
