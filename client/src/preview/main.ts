/** The preview webview's script (dist/preview.js): see webview/app.ts. */
import { startPreview } from './webview/app';

startPreview();
