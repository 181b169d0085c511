/**
 * The `napkin.*` settings the server reads: inlay hints on/off and by kind, the display precision
 * and rule severities. Whatever the client sends is checked field by field; anything missing or of
 * the wrong type keeps its default, and bad rule entries are reported, not applied.
 */

import { parseConfig, type RuleSetting } from '../core/config';

export interface Settings {
  readonly inlayHints: { readonly enabled: boolean; readonly quantities: boolean; readonly loads: boolean; readonly bandwidth: boolean };
  /** Significant figures in displayed values. */
  readonly precision: number;
  /** `napkin.rules`: rule code → severity or `off`, applied over a project's `.napkin.json`. */
  readonly rules: ReadonlyMap<string, RuleSetting>;
  /** Problems in `napkin.rules`, one line each. */
  readonly errors: readonly string[];
}

export const defaultSettings: Settings = {
  inlayHints: { enabled: true, quantities: true, loads: true, bandwidth: true },
  precision: 3,
  rules: new Map(),
  errors: [],
};

/** Reads the `napkin` section as a client returns it (nested objects, or dotted keys). */
export function readSettings(section: unknown): Settings {
  const value = (path: string): unknown => {
    if (!isObject(section)) return undefined;
    if (path in section) return section[path];
    return path.split('.').reduce<unknown>((node, key) => (isObject(node) ? node[key] : undefined), section);
  };
  const flag = (path: string, fallback: boolean) => {
    const found = value(path);
    return typeof found === 'boolean' ? found : fallback;
  };
  const precision = value('precision');
  const hints = defaultSettings.inlayHints;
  const rules = value('rules');
  const parsed = rules === undefined || rules === null ? undefined : parseConfig({ rules }, 'the napkin.rules setting');
  return {
    inlayHints: {
      enabled: flag('inlayHints.enabled', hints.enabled),
      quantities: flag('inlayHints.quantities', hints.quantities),
      loads: flag('inlayHints.loads', hints.loads),
      bandwidth: flag('inlayHints.bandwidth', hints.bandwidth),
    },
    precision: typeof precision === 'number' && Number.isFinite(precision) ? Math.max(1, Math.min(10, Math.round(precision))) : defaultSettings.precision,
    rules: parsed?.config.rules ?? new Map(),
    errors: parsed?.errors.map((e) => `${e.source}: "${e.key}": ${e.message}`) ?? [],
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
