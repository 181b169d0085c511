/**
 * Hover: what the word under the cursor is and, for numbers, how they came about. Quantities show
 * the exact value, the display value and the derivation; components their load and capacity; unit
 * terms the reading taken (`30B` is billions, `30 B` bytes); kinds, props and functions their docs.
 */

import { markdownText } from './text';
import type { Analysis } from '../analysis';
import type { Component } from '../graph/build';
import { componentMembers } from '../graph/members';
import { connectionProps, findKind, findProp, type KindDef, type PropDef } from '../model/catalogue';
import { functions } from '../model/expr';
import { formatExact } from '../units/format';
import { unitQuantity } from '../units/phrase';
import { findUnit, unitFactor } from '../units/table';
import { keywordDocs } from './keywords';
import { readingsIn } from './readings';
import { componentLines, display, edgeLine, quantityDerivation } from './derivation';
import { wordAt, type LocatedWord, type PropOwner } from './words';

export interface HoverResult {
  /** The hovered word, in document offsets. */
  readonly start: number;
  readonly end: number;
  readonly markdown: string;
}

/** The hover for `offset`; undefined when there is nothing to say. */
export function hover(analysis: Analysis, offset: number): HoverResult | undefined {
  const word = wordAt(analysis, offset);
  if (!word) return undefined;
  const markdown = describe(analysis, word);
  return markdown === undefined ? undefined : { start: word.start, end: word.end, markdown };
}

function describe(analysis: Analysis, word: LocatedWord): string | undefined {
  const role = word.role;
  switch (role.role) {
    case 'definition':
    case 'reference':
      return nameHover(analysis, word);
    case 'unit':
      return unitHover(analysis, word);
    case 'kind': {
      const kindDef = findKind(word.text);
      return kindDef && kindHover(kindDef);
    }
    case 'prop':
      return role.def && propHover(role.def, role.owner);
    case 'value': {
      const defs = role.owner.type === 'connection' ? connectionProps : (findKind(role.owner.kind)?.props ?? []);
      const def = findProp(defs, role.key);
      return def && propHover(def, role.owner);
    }
    case 'member': {
      const doc = componentMembers[word.text];
      if (!doc) return undefined;
      const value = analysis.scope.evaluate({ kind: 'member', start: 0, end: 0, object: { text: role.object, start: 0, end: 0 }, property: { text: word.text, start: 0, end: 0 } }, 0, true);
      return `\`${role.object}.${word.text}\`${value ? ` = **${display(analysis, value)}**` : ''}\n\n${doc}`;
    }
    case 'function': {
      const fn = functions[word.text];
      return fn && `\`${word.text}(…)\` — function\n\n${fn.doc}`;
    }
    case 'keyword':
      return keywordHover(analysis, word);
    case 'operator':
    case 'label':
      return connectionHover(analysis, word);
    case 'number':
    case 'string':
      return undefined;
  }
}

function nameHover(analysis: Analysis, word: LocatedWord): string | undefined {
  const definition = analysis.binding.definitions.get(word.text);
  if (!definition) return findUnit(word.text) ? unitHover(analysis, word) : undefined;
  switch (definition.kind) {
    case 'quantity':
      return quantityHover(analysis, word.text);
    case 'component': {
      const component = analysis.graph.components.get(word.text);
      return component && componentHover(analysis, component);
    }
    case 'group': {
      const group = analysis.graph.groups.get(word.text);
      const members = [...analysis.graph.components.values()].filter((c) => c.group === word.text).map((c) => `\`${c.id}\``);
      return `\`${word.text}\` — group${group?.label ? ` "${markdownText(group.label)}"` : ''}\n\n${members.length ? `Holds ${members.join(', ')}.` : 'Holds no components.'}`;
    }
    case 'flow': {
      const flow = analysis.graph.flows.find((f) => f.id === word.text);
      const steps = flow?.steps.length ?? 0;
      return `\`${word.text}\` — flow${flow?.label ? ` "${markdownText(flow.label)}"` : ''}\n\n${steps} step${steps === 1 ? '' : 's'}, drawn as a sequence diagram.`;
    }
  }
}

function quantityHover(analysis: Analysis, name: string): string {
  const value = analysis.scope.quantity(name);
  const derivation = quantityDerivation(analysis, name);
  const head = value ? `\`${name}\` = **${display(analysis, value)}**\n\nexact: \`${formatExact(value)}\`` : `\`${name}\` has no value: see the error on its definition.`;
  if (!derivation) return head;
  const lines = [derivation.source, derivation.substituted && `= ${derivation.substituted}`, derivation.result].filter((line): line is string => !!line);
  return `${head}\n\n\`\`\`text\n${lines.join('\n')}\n\`\`\``;
}

/** Kind and doc, label, then the numbers (load, capacity, utilisation, replicas, storage). */
export function componentHover(analysis: Analysis, component: Component): string {
  const kind = component.kindDef?.kind ?? 'component';
  const head = `\`${component.id}\` — ${kind}${component.label ? ` "${markdownText(component.label)}"` : ''}${component.group ? ` in group \`${component.group}\`` : ''}`;
  const doc = component.kindDef ? `\n\n${component.kindDef.doc}` : '';
  const lines = componentLines(analysis, component);
  return `${head}${doc}${lines.length ? `\n\n${markdownList(lines)}` : ''}`;
}

/** Lines indented by two spaces become nested items. */
export function markdownList(lines: readonly string[]): string {
  return lines.map((line) => (line.startsWith('  ') ? `  - ${line.trimStart()}` : `- ${line}`)).join('\n');
}

function unitHover(analysis: Analysis, word: LocatedWord): string | undefined {
  const reading = readingsIn(analysis).find((r) => r.start === word.start && r.end === word.end);
  const unit = findUnit(word.text);
  const parts: string[] = [];
  if (reading) parts.push(reading.text);
  else if (unit) parts.push(`\`${word.text}\` = ${unit.description}`);
  if (unit && unit.kind !== 'scalar' && (!reading || !reading.text.includes('billion'))) {
    const one = unitQuantity(unit, analysis.scope.overrides);
    const assumed = analysis.scope.overrides.get(unit.names[0]!) !== undefined;
    const standard = unitFactor(unit, new Map());
    const note = assumed ? ` (assumed in this document; normally ${formatExact({ ...one, value: standard })})` : '';
    parts.push(`1 ${unit.names[0]} = ${formatExact(one)}${note}`);
  }
  return parts.length ? parts.join('\n\n') : undefined;
}

export function kindHover(kindDef: KindDef): string {
  const aliases = kindDef.aliases.length ? ` (alias ${kindDef.aliases.map((a) => `\`${a}\``).join(', ')})` : '';
  const props = kindDef.props.map((p) => `\`${p.name}\``).join(', ');
  return `\`${kindDef.kind}\` — component kind${aliases}\n\n${kindDef.doc}\n\nProperties: ${props}.`;
}

export function propHover(def: PropDef, owner: PropOwner): string {
  const of = owner.type === 'connection' ? 'connection property' : `property of \`${owner.kind}\``;
  const type = def.type.type === 'word' && def.type.values ? `one of ${def.type.values.map((v) => `\`${v}\``).join(', ')}` : typeNames[def.type.type];
  return `\`${def.name}\` — ${of}, ${type}\n\n${def.doc}`;
}

const typeNames: Readonly<Record<string, string>> = {
  count: 'a count',
  fraction: 'a fraction (e.g. 95%)',
  rate: 'a rate (e.g. 5K/s)',
  duration: 'a duration (e.g. 20 ms)',
  data: 'an amount of data (e.g. 64 GB)',
  word: 'a word',
  tags: 'a list of tags',
  flag: 'a flag (written alone)',
};

function keywordHover(analysis: Analysis, word: LocatedWord): string | undefined {
  const doc = keywordDocs[word.text];
  if (!doc) return undefined;
  if (word.text !== 'assert') return `\`${word.text}\` — keyword\n\n${doc}`;
  const statementStart = word.at.base + word.at.statement.start;
  const result = analysis.asserts.find((a) => a.start === statementStart);
  const verdict = result ? `\n\n${result.holds ? 'Holds' : '**Fails**'}: ${display(analysis, result.left)} ${result.op} ${display(analysis, result.right)}.` : '';
  return `\`assert\` — keyword${verdict}\n\n${doc}`;
}

/** On an arrow or a label: the load of each hop of the connection. */
function connectionHover(analysis: Analysis, word: LocatedWord): string | undefined {
  const start = word.at.base + word.at.statement.start;
  const end = word.at.base + word.at.statement.end;
  const lines: string[] = [];
  analysis.graph.edges.forEach((edge, index) => {
    if (edge.statementSpan.start !== start || edge.statementSpan.end !== end) return;
    const load = analysis.load.edges[index];
    lines.push(edgeLine(analysis, edge, load));
    if (load?.bandwidth !== undefined) lines.push(`  bandwidth: ${display(analysis, { value: load.bandwidth, bytes: 1, seconds: -1, nouns: {} })}`);
  });
  return lines.length ? `connection${edgeLabel(analysis, start)}\n\n${markdownList(lines)}` : undefined;
}

function edgeLabel(analysis: Analysis, statementStart: number): string {
  const label = analysis.graph.edges.find((e) => e.statementSpan.start === statementStart)?.label;
  return label ? ` "${markdownText(label)}"` : '';
}
