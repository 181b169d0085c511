/** The editing part: edit → diagnostics and edit → inlay hints over stdio LSP, Napkin's server beside LikeC4's, on the same model. */

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverNodeFlags } from '../server/src/node/flags';
import { designDoc, editTarget, likec4EditTarget, likec4ForLines } from './corpus';
import { load, log } from './machine';
import { initialize, measureEdits, startServer, type EditResult } from './lsp';
import type { Plan } from './plan';
import { ms } from './stats';

export interface LspRow {
  readonly lines: number;
  readonly napkin: EditResult;
  /** The same document, typed into: a digit typed and deleted, turn by turn, so every later fence moves. */
  readonly typing?: EditResult;
  readonly likec4?: EditResult;
  readonly likec4Init?: number;
  readonly load: string;
}

export async function lspPart(p: Plan, serverJs: string, work: string): Promise<LspRow[]> {
  const rows: LspRow[] = [];
  for (const lines of p.lspSizes) {
    const text = designDoc(lines);
    const napkinServer = startServer(process.execPath, [...serverNodeFlags, serverJs, '--stdio']);
    let napkin: EditResult;
    let typing: EditResult;
    try {
      await initialize(napkinServer, null);
      const edits = { uri: pathToFileURL(join(work, `design-${lines}.md`)).href, languageId: 'markdown', text, target: editTarget(text), timeoutMs: 60_000 };
      napkin = await measureEdits(napkinServer, {
        ...edits,
        edits: lines >= 50_000 ? Math.max(5, Math.round(p.lspEdits * 0.66)) : p.lspEdits,
        warmup: lines >= 50_000 ? Math.min(5, p.lspWarmup) : p.lspWarmup,
        hints: true,
      });
      // Typing runs code the same-length edits never ran (moving what the fences after it made):
      // it too is measured warm, after a few uncounted keystrokes.
      typing = await measureEdits(napkinServer, { ...edits, edits: Math.max(4, Math.round(p.lspEdits / 2)), warmup: Math.min(10, p.lspWarmup), hints: false, typing: true, opened: napkin.version });
    } finally {
      await napkinServer.stop();
    }
    let likec4: EditResult | undefined;
    let likec4Init: number | undefined;
    if (p.likec4Sizes.includes(lines)) {
      const dir = join(work, `likec4-${lines}`);
      mkdirSync(dir, { recursive: true });
      const source = likec4ForLines(lines);
      writeFileSync(join(dir, 'model.c4'), source);
      const started = performance.now();
      const server = startServer(process.execPath, [join(__dirname, 'likec4-server.mjs'), dir, '--stdio']);
      try {
        await initialize(server, pathToFileURL(dir).href);
        likec4Init = performance.now() - started;
        likec4 = await measureEdits(server, {
          uri: pathToFileURL(join(dir, 'model.c4')).href,
          languageId: 'likec4',
          text: source,
          target: likec4EditTarget(source),
          edits: p.likec4Edits,
          warmup: 1,
          hints: false,
          timeoutMs: 300_000,
        });
      } finally {
        await server.stop();
      }
    }
    rows.push({ lines, napkin, typing, likec4, likec4Init, load: load() });
    log(`lsp ${lines} lines: napkin ${ms(napkin.diagnostics.median)} ms${likec4 ? `, LikeC4 ${ms(likec4.diagnostics.median)} ms` : ''} (load ${load()})`);
  }
  return rows;
}
