/** The targets of issue 7, each met or missed on a run's results: the report's first table and the run's summary lines. */

import { kb, ofFloor, percent, times, yes } from './format';
import { load } from './machine';
import type { Results } from './report';
import { linear, upper } from './scaling';
import { ms } from './stats';

export function targets(r: Results): string[][] {
  const rows: string[][] = [];
  const at10k = r.lsp?.find((row) => row.lines === 10_000);
  if (at10k) {
    rows.push(['LSP: edit → diagnostics median under 10 ms at 10K lines', `${ms(at10k.napkin.diagnostics.median)} ms`, yes(at10k.napkin.diagnostics.median < 10)]);
    rows.push(['LSP: edit → inlay hints median under 10 ms at 10K lines', `${ms(at10k.napkin.hints!.median)} ms`, yes(at10k.napkin.hints!.median < 10)]);
    if (at10k.likec4) {
      const ratio = at10k.likec4.diagnostics.median / at10k.napkin.diagnostics.median;
      rows.push(['LSP: at least 100× faster than LikeC4 at 10K lines', `${times(at10k.napkin.diagnostics.median, at10k.likec4.diagnostics.median)} (${ms(at10k.likec4.diagnostics.median)} vs ${ms(at10k.napkin.diagnostics.median)} ms)`, yes(ratio >= 100)]);
    }
  }
  if (r.lint) {
    const by = (prefix: string) => r.lint!.results.find((x) => x.tool.name.startsWith(prefix) && x.summary.n > 0);
    const floor = by('floor')!.summary.median;
    const mdl = by('markdownlint');
    const c4 = by('likec4');
    // The first lint of a folder, then one that runs again with its cache after one note changed.
    for (const [name, label] of [['napkin lint', 'lint'], ['napkin lint --cache, one note changed', 'lint --cache, one note changed'], ['napkin lint --cache-strategy metadata, one note changed', 'lint --cache-strategy metadata, one note changed']] as const) {
      const napkin = r.lint.results.find((x) => x.tool.name === name && x.summary.n > 0)?.summary.median;
      if (napkin === undefined) continue;
      rows.push([`${label}: within 2× of the floor`, `${ofFloor(napkin, floor)} (${ms(napkin)} vs ${ms(floor)} ms)`, yes(napkin <= 2 * floor)]);
      if (mdl) rows.push([`${label}: at least 10× faster than markdownlint-cli2`, `${times(napkin, mdl.summary.median)}`, yes(mdl.summary.median / napkin >= 10)]);
      if (c4) rows.push([`${label}: at least 30× faster than likec4 validate`, `${times(napkin, c4.summary.median)}`, yes(c4.summary.median / napkin >= 30)]);
    }
  }
  const preview = r.preview;
  if (preview && !('skipped' in preview)) {
    const over = preview.ratio.median - 1;
    rows.push(['preview: adds under 10% to Mermaid’s own time', `${percent(over)} (median of ${preview.ratio.n} paired edits; medians ${ms(preview.total.median)} vs ${ms(preview.mermaid.median)} ms)`, yes(over < 0.1)]);
    const onlyChanged = preview.renders.every((n, i) => n <= preview.changed[i]!) && preview.proseRenders === 0;
    rows.push(['preview: only diagrams whose text changed are re-rendered', `layouts per edit ${[...new Set(preview.renders)].join('/')} for ${[...new Set(preview.changed)].join('/')} changed of ${preview.diagrams}; prose edit: ${preview.proseRenders}`, yes(onlyChanged)]);
  }
  const client = r.bundles?.find((b) => b.file === 'client.js');
  const languageClient = r.bundles?.find((b) => b.file === 'language-client.js');
  const after = languageClient ? `; the language client (\`vscode-languageclient\`), loaded the turn after activation, is ${kb(languageClient.bytes)} more` : '';
  if (client) rows.push(['client bundle under 200 KB', `${kb(client.bytes)} raw, ${kb(client.gzip)} gzip (what activation loads)${after}`, `${yes(client.bytes < 200 * 1024)} raw, ${yes(client.gzip < 200 * 1024)} gzip`]);
  if (r.activation && !('skipped' in r.activation)) rows.push(['activation under 50 ms', `${ms(r.activation.total.median)} ms median (first run ${ms(r.activation.first.total)} ms); then ${ms(r.activation.deferred.median)} ms loading the language client, deferred to the next turn`, yes(r.activation.total.median < 50)]);
  for (const s of r.scaling ?? []) rows.push([`linear: ${s.what}`, `exponent ${s.slope.toFixed(2)} (log-log fit); ${Number.isFinite(s.marginal) ? `${s.marginal.toFixed(2)} beyond the 1× time` : `nothing measurable beyond the 1× time at 10× (within its spread); ${upper(s.points).toFixed(2)} from 10× to 100×`}`, yes(linear(s))]);
  return rows;
}

export function printTables(r: Results): void {
  const lines = ['', `Napkin benchmarks — ${r.machine.cpu} ×${r.machine.cores}, node ${r.machine.node}, load ${r.loadAtStart} → ${load()}`, ''];
  for (const [target, measured, verdict] of targets(r)) lines.push(`${verdict!.replace(/\*/g, '').padEnd(8)} ${target}: ${measured}`);
  process.stdout.write(lines.join('\n') + '\n');
}
