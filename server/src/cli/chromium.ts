/**
 * Mermaid → SVG in a local headless Chromium, driven by playwright-core, with the real `mermaid`
 * package: the same renderer GitHub and the preview use, so the SVG is what readers see.
 * Offline by construction: every request that is not `about:` or `data:` is aborted, and Mermaid
 * runs with `securityLevel: 'strict'`. One browser and one page render all the diagrams.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { CliError, type Env } from './env';

const launchArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export const noChromiumMessage = "--format svg needs Chromium: install the Debian package 'chromium' (apt-get install chromium) or set NAPKIN_CHROMIUM";

/** NAPKIN_CHROMIUM, else /usr/bin/chromium, else `chromium` on PATH; undefined when none exists. */
export function findChromium(env: Env): string | undefined {
  const configured = env.env.NAPKIN_CHROMIUM;
  if (configured) {
    if (!existsSync(configured)) throw new CliError(`NAPKIN_CHROMIUM is ${configured}, which does not exist`);
    return configured;
  }
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  for (const dir of (env.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'chromium'))) return join(dir, 'chromium');
  }
  return undefined;
}

/**
 * playwright-core, loaded on first use. With `require`, not `import()`: the executable runs the
 * CLI's bundle through V8's code cache (../node/code-cache.ts), and Node 20 has no `import()` for a
 * script whose code came from a cache.
 */
function playwright(): typeof import('playwright-core') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('playwright-core') as typeof import('playwright-core');
}

/** Renders each Mermaid text to an SVG document, in order. */
export async function renderSvgs(env: Env, diagrams: readonly string[]): Promise<string[]> {
  const executablePath = findChromium(env);
  if (!executablePath) throw new CliError(noChromiumMessage);
  const mermaidScript = mermaidScriptPath();
  const { chromium } = playwright();
  const userDataDir = mkdtempSync(join(tmpdir(), 'napkin-chromium-'));
  try {
    const context = await chromium.launchPersistentContext(userDataDir, { executablePath, headless: true, args: launchArgs, offline: true });
    try {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        return url.startsWith('about:') || url.startsWith('data:') ? route.continue() : route.abort('blockedbyclient');
      });
      const page = context.pages()[0] ?? (await context.newPage());
      await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
      await page.addScriptTag({ path: mermaidScript });
      await page.evaluate(() => {
        const mermaid = (globalThis as unknown as { mermaid: { initialize(config: object): void } }).mermaid;
        mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'default' });
      });
      const svgs: string[] = [];
      for (const [index, text] of diagrams.entries()) {
        const svg = await page.evaluate(async ({ text, id }) => {
          const page = globalThis as unknown as {
            mermaid: { render(id: string, text: string): Promise<{ svg: string }> };
            document: { createElement(tag: string): { innerHTML: string; firstElementChild: unknown } };
            XMLSerializer: new () => { serializeToString(node: unknown): string };
          };
          const { svg } = await page.mermaid.render(id, text);
          // Mermaid returns HTML serialisation (`<br>` in labels); a .svg file must be XML.
          const holder = page.document.createElement('div');
          holder.innerHTML = svg;
          return new page.XMLSerializer().serializeToString(holder.firstElementChild);
        }, { text, id: `napkin-diagram-${index + 1}` });
        svgs.push(svg);
      }
      return svgs;
    } finally {
      await context.close();
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`rendering SVG in Chromium (${executablePath}) failed: ${firstLine(error)}`);
  } finally {
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

/**
 * mermaid.min.js from the installed `mermaid` package. The CLI bundle keeps `mermaid` external,
 * so this resolves from dist/ (or from the source file under tsx) to node_modules at run time.
 */
function mermaidScriptPath(): string {
  try {
    return require.resolve('mermaid/dist/mermaid.min.js');
  } catch {
    throw new CliError("--format svg needs the 'mermaid' package: npm install mermaid");
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}
