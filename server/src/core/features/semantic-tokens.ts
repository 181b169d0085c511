/**
 * Semantic tokens: the meaning of each word, which a TextMate grammar cannot know (is `lb` a
 * component or a quantity? is `B` billion or bytes? is `day` a unit or a name?). Only standard
 * token types are used so every theme colours them: units are `typeParameter`, kinds `type`.
 * Tokens are in document order, one line each, never overlapping.
 */

import type { Analysis } from '../analysis';
import { allStatements } from '../syntax/tree';
import { findUnit } from '../units/table';
import { statementWords, type ClassifiedWord, type WordRole } from './words';

export const tokenTypes = [
  'keyword',
  'type',
  'variable',
  'class',
  'namespace',
  'event',
  'property',
  'enumMember',
  'typeParameter',
  'function',
  'number',
  'string',
  'comment',
  'operator',
] as const;
export const tokenModifiers = ['declaration', 'readonly', 'defaultLibrary'] as const;

export type TokenType = (typeof tokenTypes)[number];
export type TokenModifier = (typeof tokenModifiers)[number];

export interface SemanticToken {
  readonly start: number;
  readonly length: number;
  readonly type: TokenType;
  readonly modifiers: readonly TokenModifier[];
}

const operators = new Set(['=', '+', '-', '*', '/', '^', '<', '<=', '>', '>=', '==', '!=', '->', '~>', '-->']);

/** The tokens of every fence, or only those inside `range` (document offsets). */
export function semanticTokens(analysis: Analysis, range?: { start: number; end: number }): SemanticToken[] {
  const tokens: SemanticToken[] = [];
  const inRange = (start: number, end: number) => !range || (end > range.start && start < range.end);
  for (const parsed of analysis.fences) {
    const base = parsed.fence.contentStart;
    if (!inRange(base, parsed.fence.contentEnd)) continue;
    const words: ClassifiedWord[] = [];
    for (const statement of allStatements(parsed.parse.statements)) {
      if (inRange(base + statement.start, base + statement.end)) for (const word of statementWords(parsed, statement)) words.push(word);
    }
    words.sort((a, b) => a.start - b.start);
    let next = 0;
    let covered = -1;
    for (const token of parsed.parse.tokens) {
      const start = base + token.start;
      const end = base + token.end;
      // A word may span several tokens (`round-robin`): the tokens inside it are part of it.
      if (start < covered) continue;
      while (next < words.length && words[next]!.start < start) next++;
      const word = words[next];
      if (word && word.start === start) {
        if (inRange(start, word.end)) tokens.push(...tokenOf(analysis, word));
        covered = word.end;
        next++;
        continue;
      }
      if (!inRange(start, end)) continue;
      const type = fallbackType(token.kind, token.text);
      if (type) tokens.push({ start, length: end - start, type, modifiers: [] });
    }
  }
  return tokens;
}

function tokenOf(analysis: Analysis, word: ClassifiedWord): SemanticToken[] {
  const classified = classify(analysis, word.role, word.text);
  return classified ? [{ start: word.start, length: word.end - word.start, ...classified }] : [];
}

function classify(analysis: Analysis, role: WordRole, text: string): { type: TokenType; modifiers: TokenModifier[] } | undefined {
  const plain = (type: TokenType, ...modifiers: TokenModifier[]) => ({ type, modifiers });
  switch (role.role) {
    case 'keyword':
      return plain('keyword');
    case 'kind':
      return plain('type', 'defaultLibrary');
    case 'definition':
      return role.of === 'quantity'
        ? plain('variable', 'declaration', 'readonly')
        : plain(role.of === 'component' ? 'class' : role.of === 'group' ? 'namespace' : 'event', 'declaration');
    case 'reference': {
      const definition = analysis.binding.definitions.get(text);
      if (definition?.kind === 'quantity') return plain('variable', 'readonly');
      if (definition?.kind === 'component' || role.component) return plain('class');
      if (definition) return plain(definition.kind === 'group' ? 'namespace' : 'event');
      return findUnit(text) ? plain('typeParameter', 'defaultLibrary') : plain('variable');
    }
    case 'prop':
    case 'member':
      return plain('property');
    case 'value':
      return plain('enumMember');
    case 'unit':
      // A magnitude is part of the number: `30B` (billion) then looks unlike `30 B` (bytes).
      return role.magnitude ? plain('number') : plain('typeParameter', 'defaultLibrary');
    case 'function':
      return plain('function', 'defaultLibrary');
    case 'number':
      return plain('number');
    case 'string':
    case 'label':
      return plain('string');
    case 'operator':
      return plain('operator');
  }
}

function fallbackType(kind: string, text: string): TokenType | undefined {
  switch (kind) {
    case 'comment':
      return 'comment';
    case 'number':
      return 'number';
    case 'string':
    case 'label':
      return 'string';
    case 'punct':
      return operators.has(text) ? 'operator' : undefined;
    case 'ident':
      // `per` inside a unit phrase (`5 req per user`) belongs to no expression node.
      return text === 'per' ? 'keyword' : undefined;
    default:
      return undefined;
  }
}
