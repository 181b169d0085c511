/** A digest of a text or a file, to tell whether it changed (a lint's cache). */

/** SHA-1, in base64: made to tell texts apart, not to withstand an attacker, whom a cache file on disk does not keep out anyway. */
export function contentHash(data: string | Uint8Array): string {
  return crypto().createHash('sha1').update(data).digest('base64');
}

/** Loaded on first use: a few ms of Node's start that runs without a cache never need. */
function crypto(): typeof import('node:crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof import('node:crypto');
}
