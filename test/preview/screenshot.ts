/**
 * docs/preview.png: the preview of examples/proximity-service.md as VS Code's dark theme shows
 * it, taken in headless Chromium from the same page the browser tests use (test/preview/page.ts).
 *
 *   npm run screenshot        (builds first; needs /usr/bin/chromium or NAPKIN_CHROMIUM)
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, modelOf, openPreview, startPreviewServer } from './page';

const root = join(__dirname, '..', '..');
const output = join(root, 'docs', 'preview.png');

async function main(): Promise<void> {
  const server = await startPreviewServer();
  const browser = await launchChromium({ deviceScaleFactor: 1.5 });
  try {
    const preview = await openPreview(browser.context, server, { theme: 'dark', width: 1320, height: 900 });
    const text = readFileSync(join(root, 'examples', 'proximity-service.md'), 'utf8');
    await preview.show(modelOf(text, { name: 'proximity-service.md' }));
    // Point at the over-capacity node, as a reviewer would before clicking it.
    await preview.page.locator('g.node.over').first().hover();
    await preview.page.screenshot({ path: output, fullPage: true });
    console.log(`wrote ${output}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
