/**
 * Validation against the official SARIF 2.1.0 JSON schema (shipped in @microsoft/jest-sarif). The
 * file declares draft-04 but uses nothing draft-07 reads differently apart from `id`, so it is
 * compiled by Ajv's draft-07 validator with `id` renamed `$id` (and `unicodeRegExp: false`: one of
 * its patterns, for language tags, is not valid with the `u` flag).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const schemaPath = join(__dirname, '../../node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

let validate: ((data: unknown) => boolean) & { errors?: unknown } | undefined;

/** Throws with Ajv's errors when `sarif` is not valid SARIF 2.1.0. */
export function assertValidSarif(sarif: unknown): void {
  if (!validate) {
    const { $schema: _draft, id, ...schema } = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile({ ...schema, $id: String(id) });
  }
  if (!validate(sarif)) throw new Error(`invalid SARIF 2.1.0: ${JSON.stringify(validate.errors, null, 2)}`);
}
