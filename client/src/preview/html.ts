/**
 * The preview webview's HTML, as a pure function: the extension fills in webview URIs, the
 * browser test page fills in its own origin, and both get the same page and the same policy.
 */

export interface PreviewHtmlOptions {
  /** `webview.cspSource` (or the test server's origin). */
  readonly cspSource: string;
  /** A fresh random value per page load. */
  readonly nonce: string;
  /** dist/preview.js and media/preview.css as webview URIs. */
  readonly scriptUri: string;
  readonly styleUri: string;
}

/**
 * The Content-Security-Policy of the preview.
 *
 * - Scripts: only our bundle, by nonce. Mermaid needs neither `eval` nor `new Function`.
 * - Styles: our stylesheet, plus `'unsafe-inline'` because Mermaid (a) inserts a `<style>` element
 *   into every SVG it lays out, while it measures text in the live document, and (b) writes
 *   `style="…"` attributes (node colours, `max-width`). A nonce cannot cover either (Mermaid creates
 *   the element itself, and nonces never apply to attributes), and listing a nonce would make the
 *   browser ignore `'unsafe-inline'`, so `style-src` has none. CSS cannot run script, and with
 *   `default-src 'none'` it cannot fetch anything except images and fonts from the extension.
 * - Images: the extension and `data:` (the PNG export draws the SVG through a data: URL).
 * - Nothing else: no connections, frames, workers, forms or `<base>`.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function previewHtml({ cspSource, nonce, scriptUri, styleUri }: PreviewHtmlOptions): string {
  const attr = escapeAttribute;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(cspSource, nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(styleUri)}">
<title>Napkin Preview</title>
</head>
<body>
<header class="toolbar">
  <span class="document-name" id="document-name">Napkin</span>
  <a class="summary" id="summary" href="#problems"></a>
  <span class="spacer"></span>
  <label class="toggle" title="Also draw every fence together as one flowchart"><input type="checkbox" id="toggle-whole"> Whole design</label>
</header>
<main>
  <p class="placeholder" id="placeholder">Loading the design…</p>
  <section id="diagrams" aria-label="Diagrams"></section>
  <section id="estimates" aria-labelledby="estimates-heading" hidden>
    <h2 id="estimates-heading">Estimates</h2>
    <div id="quantities"></div>
    <div id="components"></div>
  </section>
  <section id="problems" aria-labelledby="problems-heading" hidden>
    <h2 id="problems-heading">Problems</h2>
    <ul id="problem-list"></ul>
  </section>
</main>
<script nonce="${attr(nonce)}" src="${attr(scriptUri)}"></script>
</body>
</html>
`;
}

/** A nonce: 32 characters from [A-Za-z0-9], from the platform's cryptographic random source. */
export function createNonce(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(32));
  return Array.from(bytes, (byte) => alphabet[byte % alphabet.length]).join('');
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
