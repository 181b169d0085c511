/**
 * Export of a rendered diagram: the SVG serialised from the DOM (so it is exactly what the user
 * sees, with Mermaid's embedded styles), at its natural size and on the theme's background; the
 * PNG drawn from that SVG onto a canvas. Both stay inside the webview: nothing is fetched.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface ExportedSvg {
  readonly markup: string;
  readonly width: number;
  readonly height: number;
}

/** A standalone SVG document of `svg`, with explicit size and an opaque background. */
export function exportSvg(svg: SVGSVGElement, background: string): ExportedSvg {
  const { width, height } = naturalSize(svg);
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', SVG_NS);
  clone.setAttribute('xmlns:xlink', 'http://www.w3.org/1999/xlink');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  clone.style.removeProperty('max-width');
  clone.style.backgroundColor = background;
  for (const element of clone.querySelectorAll('[tabindex], [role="button"]')) {
    element.removeAttribute('tabindex');
    element.removeAttribute('role');
  }
  const markup = `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(clone)}\n`;
  return { markup, width, height };
}

/** A PNG (base64, without the data: prefix) of an exported SVG, at `scale` × its size. */
export async function pngOf(svg: ExportedSvg, background: string, scale = 2): Promise<string> {
  const image = new Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('the SVG could not be drawn as an image'));
  });
  image.src = `data:image/svg+xml;base64,${base64OfText(svg.markup)}`;
  await loaded;
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(svg.width * scale));
  canvas.height = Math.max(1, Math.round(svg.height * scale));
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2D canvas in this webview');
  context.fillStyle = background;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return canvas.toDataURL('image/png').replace(/^data:image\/png;base64,/, '');
}

/** The size Mermaid laid the diagram out at: its viewBox (falling back to its bounding box). */
export function naturalSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: Math.ceil(box.width), height: Math.ceil(box.height) };
  const bounds = svg.getBBox();
  return { width: Math.max(1, Math.ceil(bounds.width)), height: Math.max(1, Math.ceil(bounds.height)) };
}

/** The page's background colour, for exports to look like the preview. */
export function backgroundColor(): string {
  const color = getComputedStyle(document.body).backgroundColor;
  return !color || color === 'transparent' || color === 'rgba(0, 0, 0, 0)' ? '#ffffff' : color;
}

function base64OfText(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
