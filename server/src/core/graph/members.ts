/**
 * Component numbers usable in expressions: `lbs.load`, `lbs.utilisation`, … so that budgets can be
 * written against the model (`assert lbs.utilisation < 80%`).
 */

import { diagnostic, type Diagnostic } from '../diagnostics';
import type { Word } from '../syntax/tree';
import { quantity, scalar, type Quantity } from '../units/quantity';
import { didYouMean } from '../util/suggest';
import { didYouMeanFixes } from '../util/replace-fixes';
import type { DesignGraph } from './build';
import { quantityOf, type Load } from './load';

export const componentMembers: Readonly<Record<string, string>> = {
  load: 'Requests per second arriving at the component.',
  capacity: 'Requests per second all replicas can serve (capacity × replicas).',
  utilisation: 'load ÷ capacity.',
  replicas: 'Number of replicas.',
  replicas_needed: 'Replicas needed for the load at the per-replica capacity.',
  storage: 'Data stored (`storage` prop).',
  bandwidth: 'Bytes per second arriving over connections with a `size`.',
};

export function memberValue(graph: DesignGraph, load: Load, object: Word, property: Word, report: (d: Diagnostic) => void): Quantity | undefined {
  const component = graph.components.get(object.text);
  if (!component) {
    report(diagnostic('undefinedName', object.start, object.end, `\`${object.text}\` is not a declared component.${didYouMean(object.text, graph.components.keys())}`, { fixes: didYouMeanFixes(object.text, object.start, object.end, graph.components.keys()) }));
    return undefined;
  }
  const numbers = load.components.get(object.text);
  const missing = (what: string) => {
    report(diagnostic('undefinedName', property.start, property.end, `\`${object.text}.${property.text}\` is unknown: ${what}.`));
    return undefined;
  };
  const perSecond = (value: number | undefined) => (value === undefined ? undefined : quantity(value, 0, -1));
  switch (property.text) {
    case 'load':
      return perSecond(numbers?.load ?? 0);
    case 'capacity':
      return perSecond(numbers?.capacity) ?? missing(`give \`${object.text}\` a \`capacity\``);
    case 'utilisation':
    case 'utilization':
      return numbers?.utilisation === undefined ? missing(`it needs a \`capacity\` and traffic`) : scalar(numbers.utilisation);
    case 'replicas':
      return scalar(numbers?.replicas ?? 1);
    case 'replicas_needed':
      return numbers?.replicasNeeded === undefined ? missing('it needs a `capacity` and traffic') : scalar(numbers.replicasNeeded);
    case 'storage': {
      const storage = quantityOf(component.props.get('storage'));
      return storage === undefined ? missing(`give \`${object.text}\` a \`storage\``) : quantity(storage, 1, 0);
    }
    case 'bandwidth':
      return numbers?.bandwidthIn === undefined ? missing('no connection into it has a `size`') : quantity(numbers.bandwidthIn, 1, -1);
  }
  const names = Object.keys(componentMembers);
  report(diagnostic('undefinedName', property.start, property.end, `Components have ${names.join(', ')}; not \`${property.text}\`.${didYouMean(property.text, names)}`, { fixes: didYouMeanFixes(property.text, property.start, property.end, names) }));
  return undefined;
}
