/**
 * Project configuration: the `.napkin.json` file (or the `"napkin"` key of `package.json`), shaped
 *
 *     { "rules": { "N403": "off", "cache-without-ttl": "warning" },
 *       "assume": { "day": "100K s", "service.capacity": "20K/s" },
 *       "precision": 3 }
 *
 * Pure: finding and reading the file is the caller's job (the CLI walks up from each file, the
 * language server reads the workspace's). `parseConfig` checks every key up front, so a config
 * that parses never produces a diagnostic that points into a document it is not part of.
 */

import { analyze } from './analysis';
import { findRule, allRules, type Diagnostic, type Severity } from './diagnostics';
import { didYouMean } from './util/suggest';

export type RuleSetting = Severity | 'off';

export interface NapkinConfig {
  /** Rule code (never the alias) → its severity, or `off`. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** Assumption key → napkin expression, for `analyze(text, { assume })`. */
  readonly assume: Readonly<Record<string, string>>;
  /** Significant figures in displays, 1–10; undefined when not set. */
  readonly precision: number | undefined;
}

/** One problem of a config file: where (`source`), which key (`rules.N999`), and what is wrong. */
export interface ConfigError {
  readonly source: string;
  readonly key: string;
  readonly message: string;
}

export const emptyConfig: NapkinConfig = Object.freeze({ rules: new Map(), assume: Object.freeze({}), precision: undefined });

const settings: readonly RuleSetting[] = ['error', 'warning', 'info', 'hint', 'off'];
const topKeys = ['rules', 'assume', 'precision', '$schema'];

/**
 * Checks a parsed JSON value against the config shape. Every problem is reported (not only the
 * first); the config returned keeps what was valid. `source` names the file in the errors.
 */
export function parseConfig(json: unknown, source: string): { config: NapkinConfig; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const error = (key: string, message: string) => errors.push({ source, key, message });
  if (!isObject(json)) {
    error('', `the configuration must be a JSON object, e.g. {"rules": {"N403": "off"}}`);
    return { config: emptyConfig, errors };
  }
  for (const key of Object.keys(json)) {
    if (!topKeys.includes(key)) error(key, `unknown key; the keys are "rules", "assume" and "precision".${didYouMean(key, topKeys)}`);
  }
  return {
    config: { rules: parseRules(json.rules, error), assume: parseAssume(json.assume, error), precision: parsePrecision(json.precision, error) },
    errors,
  };
}

/** A config error as one line: `.napkin.json: "rules.N999": unknown rule …`. */
export function formatConfigError(e: ConfigError): string {
  return e.key === '' ? `${e.source}: ${e.message}` : `${e.source}: "${e.key}": ${e.message}`;
}

/**
 * Applies the rule settings: a diagnostic of a rule set to `off` is removed, one with a severity
 * setting takes that severity. Diagnostics of rules the config does not name are unchanged.
 */
export function applyConfig(diagnostics: readonly Diagnostic[], config: NapkinConfig): Diagnostic[] {
  if (config.rules.size === 0) return [...diagnostics];
  const result: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = config.rules.get(d.code);
    if (setting === 'off') continue;
    result.push(setting === undefined || setting === d.severity ? d : { ...d, severity: setting });
  }
  return result;
}

function parseRules(value: unknown, error: (key: string, message: string) => void): Map<string, RuleSetting> {
  const rules = new Map<string, RuleSetting>();
  if (value === undefined) return rules;
  if (!isObject(value)) {
    error('rules', 'must be an object of rule code or alias → "error", "warning", "info", "hint" or "off"');
    return rules;
  }
  const namedBy = new Map<string, string>();
  for (const [name, setting] of Object.entries(value)) {
    const key = `rules.${name}`;
    const rule = findRule(name);
    if (!rule) {
      error(key, `unknown rule.${didYouMean(name, allRules.flatMap((r) => [r.code, r.alias]))} Rules are listed in docs/rules/.`);
      continue;
    }
    if (typeof setting !== 'string' || !settings.includes(setting as RuleSetting)) {
      error(key, `${JSON.stringify(setting)} is not a severity; use "error", "warning", "info", "hint" or "off".`);
      continue;
    }
    const earlier = namedBy.get(rule.code);
    if (earlier !== undefined && rules.get(rule.code) !== setting) {
      error(key, `"${earlier}" already sets ${rule.code} (${rule.alias}) to "${rules.get(rule.code)}"; keep one of them.`);
      continue;
    }
    namedBy.set(rule.code, name);
    rules.set(rule.code, setting as RuleSetting);
  }
  return rules;
}

function parseAssume(value: unknown, error: (key: string, message: string) => void): Record<string, string> {
  const assume: Record<string, string> = {};
  if (value === undefined) return assume;
  if (!isObject(value)) {
    error('assume', 'must be an object of unit or KIND.PROP → value, e.g. {"day": "100K s"}');
    return assume;
  }
  for (const [name, expression] of Object.entries(value)) {
    const key = `assume.${name}`;
    if (typeof expression !== 'string' || expression.trim() === '' || /[\r\n]/.test(expression)) {
      error(key, `must be a napkin expression on one line, as a string, e.g. "100K s"`);
      continue;
    }
    const problem = assumptionProblem(name, expression);
    if (problem) error(key, problem);
    else assume[name] = expression;
  }
  return assume;
}

/**
 * Checks `assume NAME = EXPRESSION` the way the document would, in a small document of its own
 * that also uses the assumption (assumptions are evaluated lazily, on first use).
 */
function assumptionProblem(name: string, expression: string): string | undefined {
  if (!/^[\p{L}_µ][\p{L}\p{N}_µ]*(\.[\p{L}_][\p{L}\p{N}_]*)?$/u.test(name)) {
    return 'is not a unit or KIND.PROP; write e.g. "day" or "service.capacity"';
  }
  const head = `assume ${name} = ${expression}\n`;
  const use = name.includes('.') ? `${name.split('.')[0]} napkin_config_probe\n` : `napkin_config_probe = 1 ${name}\n`;
  const found = analyze(head + use, { language: 'napkin' }).diagnostics.find((d) => d.severity === 'error');
  if (!found) return undefined;
  if (found.code === 'N101') return `${JSON.stringify(expression)} uses a name; a configured assumption must be a constant such as "100K s" or "20K/s"`;
  // Messages quote the assumption as `day` or `service.capacity`; they are about this key.
  return `${JSON.stringify(expression)} is not valid here: ${found.message}`;
}

function parsePrecision(value: unknown, error: (key: string, message: string) => void): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 10) {
    error('precision', `${JSON.stringify(value)} is not a whole number from 1 to 10 (significant figures in displayed values)`);
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
