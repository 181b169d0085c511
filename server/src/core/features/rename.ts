/**
 * Rename a quantity, component, group or flow in every fence of the document. Units, keywords,
 * kinds and properties are refused with a message that says why, and so is a new name that is not
 * an identifier, is reserved, or is already taken (a rename must never merge two names).
 */

import type { Analysis } from '../analysis';
import { findUnit } from '../units/table';
import { nameAt, occurrences } from './navigation';
import { identifierPattern } from './text';
import { wordAt } from './words';
import { keywordDocs } from './keywords';

export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export type PrepareRenameResult = { readonly start: number; readonly end: number; readonly placeholder: string } | { readonly error: string };
export type RenameResult = { readonly edits: readonly TextEdit[] } | { readonly error: string };

/** The range and current name to rename at `offset`, or why it cannot be renamed. */
export function prepareRename(analysis: Analysis, offset: number): PrepareRenameResult {
  const name = nameAt(analysis, offset);
  if (name) return { start: name.start, end: name.end, placeholder: name.text };
  const word = wordAt(analysis, offset);
  if (!word) return { error: 'Place the cursor on the name of a quantity, component, group or flow to rename it.' };
  const what = ((): string => {
    switch (word.role.role) {
      case 'unit':
      case 'reference':
        return 'a unit, and unit names are fixed (change its size with `assume`)';
      case 'keyword':
        return 'a keyword';
      case 'kind':
        return 'a component kind';
      case 'prop':
        return 'a property name';
      case 'member':
        return 'a component member';
      case 'function':
        return 'a function';
      default:
        return 'not a name';
    }
  })();
  return { error: `\`${word.text}\` is ${what}; only quantities, components, groups and flows can be renamed.` };
}

/** The edits renaming the name at `offset` to `newName` everywhere, or why not. */
export function rename(analysis: Analysis, offset: number, newName: string): RenameResult {
  const prepared = prepareRename(analysis, offset);
  if ('error' in prepared) return prepared;
  const oldName = prepared.placeholder;
  if (newName === oldName) return { edits: [] };
  const problem = newNameProblem(analysis, newName);
  if (problem) return { error: problem };
  return { edits: occurrences(analysis, oldName).map(({ start, end }) => ({ start, end, text: newName })) };
}

function newNameProblem(analysis: Analysis, newName: string): string | undefined {
  if (!identifierPattern.test(newName)) return `\`${newName}\` is not a name: a name starts with a letter or \`_\` and goes on with letters, digits or \`_\`.`;
  if (findUnit(newName)) return `\`${newName}\` is a unit name, and unit names are reserved.`;
  if (keywordDocs[newName]) return `\`${newName}\` is a keyword.`;
  const existing = analysis.binding.definitions.get(newName);
  if (existing) return `\`${newName}\` is already defined (a ${existing.kind}); choose another name.`;
  return undefined;
}
