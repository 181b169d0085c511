/**
 * Finding each file's configuration: the nearest `.napkin.json`, or `package.json` with a
 * `"napkin"` key, walking up from the file's directory to the filesystem root (nearest wins; no
 * merging). `--config PATH` replaces the search for every file. Results are cached per directory.
 */

import { dirname, join, resolve } from 'node:path';
import { emptyConfig, formatConfigError, parseConfig, type NapkinConfig } from '../core/config';
import type { Env } from './env';
import { displayPath } from './files';
import { readSideFile } from './side-files';

export type ConfigResult = { readonly ok: true; readonly config: NapkinConfig; readonly source?: string } | { readonly ok: false; readonly errors: readonly string[] };

export interface ConfigResolver {
  /** The configuration that applies to a file (absolute path). */
  configFor(absoluteFile: string): ConfigResult;
}

export function createConfigResolver(env: Env, explicit: string | undefined): ConfigResolver {
  if (explicit !== undefined) {
    const path = resolve(env.cwd, explicit);
    const isPackage = /(^|[\\/])package\.json$/.test(path);
    const result = loadConfigFile(env, path, isPackage ? 'package' : 'explicit');
    const missing = isPackage ? 'has no "napkin" key' : 'no such file';
    const fixed: ConfigResult = result ?? { ok: false, errors: [`${explicit}: ${missing} (given with --config)`] };
    return { configFor: () => fixed };
  }
  const byDirectory = new Map<string, ConfigResult>();
  const lookup = (dir: string): ConfigResult => {
    const cached = byDirectory.get(dir);
    if (cached) return cached;
    const here = loadConfigFile(env, join(dir, '.napkin.json'), 'napkin') ?? loadConfigFile(env, join(dir, 'package.json'), 'package');
    const parent = dirname(dir);
    const result = here ?? (parent === dir ? { ok: true as const, config: emptyConfig } : lookup(parent));
    byDirectory.set(dir, result);
    return result;
  };
  return { configFor: (file) => lookup(dirname(file)) };
}

/** undefined when the file does not exist (or is a package.json without a "napkin" key). */
function loadConfigFile(env: Env, path: string, kind: 'explicit' | 'napkin' | 'package'): ConfigResult | undefined {
  const shown = displayPath(env.cwd, path);
  let text: string;
  try {
    text = readSideFile(env, path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT' || (code === 'EISDIR' && kind !== 'explicit')) return undefined;
    return { ok: false, errors: [`${shown}: cannot read the configuration: ${(error as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    return { ok: false, errors: [`${shown}: not valid JSON: ${(error as Error).message}`] };
  }
  let source = shown;
  if (kind === 'package') {
    if (typeof json !== 'object' || json === null || !('napkin' in json)) return undefined;
    json = (json as { napkin: unknown }).napkin;
    source = `${shown} ("napkin" key)`;
  }
  const { config, errors } = parseConfig(json, source);
  if (errors.length > 0) return { ok: false, errors: errors.map(formatConfigError) };
  return { ok: true, config, source };
}
