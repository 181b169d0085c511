/** The package's name and version, from package.json (inlined by esbuild). */

import { version as packageVersion } from '../../../package.json';

export const version: string = packageVersion;
export const homepage = 'https://github.com/napkin-dev/napkin';

/** The documentation page of a rule. */
export function ruleHelpUri(code: string): string {
  return `${homepage}/blob/main/docs/rules/${code}.md`;
}
