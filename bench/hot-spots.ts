/**
 * Where the time goes, for the report: the LSP server over edits of a 10K-line document and one
 * `napkin lint` of the docs folder, under `node --cpu-prof`, summarised by `profile.ts`.
 */

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverNodeFlags } from '../server/src/node/flags';
import { designDoc, editTarget } from './corpus';
import { root, timeProcess, type WrittenDocs } from './lint';
import { initialize, measureEdits, startServer } from './lsp';
import { summarizeProfile, type ProfileRow } from './profile';

export interface ProfileResult {
  readonly what: string;
  /** Wall time of the profiled work, and the garbage collector's share of it. */
  readonly totalMs: number;
  readonly gcMs: number;
  readonly inside: string;
  readonly insideMs: number;
  readonly self: ProfileRow[];
  readonly total: ProfileRow[];
}

function readProfile(dir: string, what: string, inside: RegExp): ProfileResult {
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir}`);
  const all = summarizeProfile(join(dir, file));
  const named = all.rows.filter((r) => !/^\((root|program|idle|garbage collector)\)/.test(r.name));
  const root = named.filter((r) => inside.test(r.name)).sort((a, b) => b.total - a.total)[0];
  return {
    what,
    totalMs: all.totalMs,
    gcMs: all.rows.find((r) => r.name.startsWith('(garbage collector)'))?.self ?? 0,
    inside: root?.name ?? '',
    insideMs: root?.total ?? 0,
    self: [...named].sort((a, b) => b.self - a.self).slice(0, 12),
    total: named.filter((r) => /server\/src\/core\//.test(r.name)).sort((a, b) => b.total - a.total).slice(0, 14),
  };
}

/** Both profiles, taken from the development build: its source maps name the source lines. */
export async function profilePart(work: string, docs: WrittenDocs | undefined): Promise<ProfileResult[]> {
  const dist = join(root, 'dist');
  const results: ProfileResult[] = [];
  const lspDir = join(work, 'profile-lsp');
  const text = designDoc(10_000);
  const server = startServer(process.execPath, [...serverNodeFlags, '--cpu-prof', `--cpu-prof-dir=${lspDir}`, join(dist, 'server.js'), '--stdio']);
  try {
    await initialize(server, null);
    await measureEdits(server, { uri: pathToFileURL(join(work, 'profile.md')).href, languageId: 'markdown', text, target: editTarget(text), edits: 20, warmup: 0, hints: true, timeoutMs: 60_000 });
  } finally {
    await server.stop();
  }
  results.push(readProfile(lspDir, 'LSP server: open + 20 edits (diagnostics and hints) of a 10K-line document', /^analyze server\/src\/core\/analysis\.ts/));
  if (docs) {
    const lintDir = join(work, 'profile-lint');
    await timeProcess([process.execPath, '--cpu-prof', `--cpu-prof-dir=${lintDir}`, join(dist, 'cli.js'), 'lint', '--exit-zero'], docs.markdownDir);
    results.push(readProfile(lintDir, `napkin lint of the docs folder (${docs.files} notes)`, /^analyze server\/src\/core\/analysis\.ts/));
  }
  return results;
}
