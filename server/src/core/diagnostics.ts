/**
 * The diagnostics catalogue: every code Napkin can report, with its alias, default severity and a
 * one-line summary (the rule page in docs/rules/ says more). Codes are stable: never renumber one.
 * Call sites build diagnostics only through `diagnostic()`, so `grep "diagnostic('"` finds them all.
 */

export type Severity = 'error' | 'warning' | 'info' | 'hint';

export interface Rule {
  readonly code: string;
  readonly alias: string;
  readonly severity: Severity;
  readonly summary: string;
}

export const rules = {
  syntax: { code: 'N001', alias: 'syntax-error', severity: 'error', summary: 'The line does not parse.' },
  unterminatedString: { code: 'N002', alias: 'unterminated-string', severity: 'error', summary: 'A string has no closing quote.' },
  unclosedBlock: { code: 'N003', alias: 'unclosed-block', severity: 'error', summary: 'A `{` has no matching `}`.' },
  unknownSuppression: { code: 'N005', alias: 'unknown-suppression', severity: 'warning', summary: 'A `napkin-disable` comment names a rule that does not exist.' },
  undefinedName: { code: 'N101', alias: 'undefined-name', severity: 'error', summary: 'A name is used but never defined.' },
  duplicateName: { code: 'N102', alias: 'duplicate-name', severity: 'error', summary: 'A name is defined twice.' },
  reservedUnitName: { code: 'N103', alias: 'reserved-unit-name', severity: 'error', summary: 'A quantity or component is named like a unit.' },
  definitionCycle: { code: 'N104', alias: 'definition-cycle', severity: 'error', summary: 'Definitions depend on each other in a cycle.' },
  unknownUnit: { code: 'N105', alias: 'unknown-unit', severity: 'error', summary: 'A unit or magnitude suffix is not known.' },
  badCall: { code: 'N106', alias: 'bad-call', severity: 'error', summary: 'An unknown function, or a call with the wrong arguments.' },
  unknownAssumption: { code: 'N107', alias: 'unknown-assumption', severity: 'error', summary: '`assume` names something that cannot be assumed.' },
  dimensionMismatch: { code: 'N201', alias: 'dimension-mismatch', severity: 'error', summary: 'Quantities of different dimensions are combined.' },
  nounMismatch: { code: 'N202', alias: 'noun-mismatch', severity: 'warning', summary: 'Two different count nouns are added or compared.' },
  invalidValue: { code: 'N203', alias: 'invalid-value', severity: 'error', summary: 'A value is not a finite number (division by zero, overflow).' },
  assertFailed: { code: 'N204', alias: 'assert-failed', severity: 'error', summary: 'A budget in `assert` does not hold.' },
  assertNotComparison: { code: 'N205', alias: 'assert-not-comparison', severity: 'error', summary: '`assert` needs a comparison.' },
  unknownKind: { code: 'N301', alias: 'unknown-kind', severity: 'error', summary: 'A component kind is not known.' },
  unknownProp: { code: 'N302', alias: 'unknown-prop', severity: 'error', summary: 'A property is not known for the component kind.' },
  propType: { code: 'N303', alias: 'prop-type', severity: 'error', summary: 'A property value has the wrong dimension or form.' },
  undeclaredComponent: { code: 'N304', alias: 'undeclared-component', severity: 'error', summary: 'A connection names a component that is not declared.' },
  overCapacity: { code: 'N401', alias: 'over-capacity', severity: 'error', summary: 'A component receives more load than its replicas can serve.' },
  storageOverCapacity: { code: 'N402', alias: 'storage-over-capacity', severity: 'error', summary: 'Stored data exceeds node_storage × shards.' },
  singlePointOfFailure: { code: 'N403', alias: 'single-point-of-failure', severity: 'warning', summary: 'Every user path crosses one single-replica database, cache or load balancer.' },
  readHeavyNoCache: { code: 'N404', alias: 'read-heavy-no-cache', severity: 'warning', summary: 'A read-heavy database has neither a cache in front nor read replicas.' },
  statefulRoundRobin: { code: 'N405', alias: 'stateful-round-robin', severity: 'warning', summary: 'A stateful or WebSocket service sits behind a round-robin load balancer.' },
  unconnected: { code: 'N406', alias: 'unconnected-component', severity: 'warning', summary: 'A component has no connections.' },
  unusedQuantity: { code: 'N407', alias: 'unused-quantity', severity: 'hint', summary: 'A quantity is never used.' },
  trafficCycle: { code: 'N408', alias: 'traffic-cycle', severity: 'warning', summary: 'Traffic flows in a cycle; the connection closing it carries no load.' },
  noConsumer: { code: 'N409', alias: 'queue-without-consumer', severity: 'warning', summary: 'A queue or topic receives messages but nothing consumes them.' },
  cacheNoTtl: { code: 'N410', alias: 'cache-without-ttl', severity: 'info', summary: 'A cache has no `ttl`.' },
  replicasWithoutBalancer: { code: 'N411', alias: 'replicas-without-balancer', severity: 'warning', summary: 'Clients call a multi-replica service directly, with no load balancer or gateway.' },
  sharedDatabase: { code: 'N412', alias: 'shared-database', severity: 'info', summary: 'Several services write to one database.' },
  cacheOverMemory: { code: 'N413', alias: 'cache-over-memory', severity: 'warning', summary: 'The data a cache is asked to hold does not fit its memory.' },
  shareOver100: { code: 'N414', alias: 'share-over-100', severity: 'warning', summary: 'The shares leaving a component add up to more than 100%.' },
  underusedShards: { code: 'N415', alias: 'underused-shards', severity: 'info', summary: 'A database is sharded although its data fits one node.' },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof rules;

/**
 * Orders codes (`N101` < `N402`). Codes are ASCII of one shape, so comparing code units is the
 * order; localeCompare would load the ICU collator on start-up (7 ms of a CLI's launch).
 */
export function compareCodes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Every rule, in code order. */
export const allRules: readonly Rule[] = Object.values(rules).sort((a, b) => compareCodes(a.code, b.code));

/** A code or alias → its rule; undefined if neither. */
export function findRule(codeOrAlias: string): Rule | undefined {
  const key = codeOrAlias.toLowerCase();
  return allRules.find((rule) => rule.code.toLowerCase() === key || rule.alias === key);
}

/** Related information: another place in the document that explains the diagnostic. */
export interface Related {
  readonly start: number;
  readonly end: number;
  readonly message: string;
}

/** A fix the editor can apply: replace [start, end) of the document with `text`. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly { readonly start: number; readonly end: number; readonly text: string }[];
  readonly preferred?: boolean;
}

/** A diagnostic in document offsets (UTF-16 code units of the whole Markdown or .napkin text). */
export interface Diagnostic {
  readonly code: string;
  readonly alias: string;
  readonly severity: Severity;
  readonly start: number;
  readonly end: number;
  readonly message: string;
  readonly related?: readonly Related[];
  readonly fixes?: readonly Fix[];
}

export function diagnostic(
  id: RuleId,
  start: number,
  end: number,
  message: string,
  extra: { related?: readonly Related[]; fixes?: readonly Fix[] } = {},
): Diagnostic {
  const rule = rules[id];
  return { code: rule.code, alias: rule.alias, severity: rule.severity, start, end, message, ...extra };
}

/** Moves a diagnostic by `by` characters (a fence-relative one to document offsets, or one with its fence); it keeps the same fields. */
export function shiftDiagnostic(d: Diagnostic, by: number): Diagnostic {
  if (by === 0) return d;
  return {
    ...d,
    start: d.start + by,
    end: d.end + by,
    ...(d.related && { related: d.related.map((r) => ({ ...r, start: r.start + by, end: r.end + by })) }),
    ...(d.fixes && { fixes: d.fixes.map((f) => ({ ...f, edits: f.edits.map((e) => ({ ...e, start: e.start + by, end: e.end + by })) })) }),
  };
}
