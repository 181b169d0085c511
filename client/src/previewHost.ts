/**
 * The part of the extension that runs the core on the extension host: the preview panel and the
 * markdown-it plugin. It is bundled on its own (dist/preview-host.js, with the core) and loaded on
 * first use by lazyPreview.ts, so that activation loads only the language client.
 */

export { registerPreview } from './preview/panel';
export { extendMarkdownIt } from './markdownIt';
