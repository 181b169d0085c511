/**
 * What the language server gets from Node: project configuration read from disk the way the CLI
 * reads it (the nearest `.napkin.json`, or a package.json with a `"napkin"` key, above the file),
 * so the editor and `napkin lint` always agree.
 */

import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createConfigResolver } from '../cli/config-files';
import type { ServerEnvironment } from '../lsp/server';

export function nodeEnvironment(): ServerEnvironment {
  // The resolver never writes; stdout belongs to the protocol, so its outputs go nowhere.
  const silent = { write: () => true };
  const create = () => createConfigResolver({ cwd: process.cwd(), stdout: silent, stderr: silent, fs, env: process.env }, undefined);
  let resolver = create();
  return {
    configFor(uri) {
      if (!uri.startsWith('file:')) return undefined;
      const result = resolver.configFor(fileURLToPath(uri));
      return result.ok ? { config: result.config, source: result.source } : { errors: result.errors };
    },
    reloadConfig() {
      resolver = create();
    },
  };
}
