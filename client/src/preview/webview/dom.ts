/**
 * A tiny element builder. Text goes in through `textContent` and attributes through
 * `setAttribute`, never through `innerHTML`: design text cannot become markup in the preview's
 * own chrome (tables, captions, problems). Only Mermaid's sanitised SVG is parsed as markup.
 */

export interface Props {
  readonly className?: string;
  readonly text?: string;
  readonly title?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly dataset?: Readonly<Record<string, string>>;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, children: readonly (Node | string)[] = []): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (props.className) element.className = props.className;
  if (props.text !== undefined) element.textContent = props.text;
  if (props.title !== undefined) element.title = props.title;
  for (const [name, value] of Object.entries(props.attrs ?? {})) element.setAttribute(name, value);
  for (const [name, value] of Object.entries(props.dataset ?? {})) element.dataset[name] = value;
  element.append(...children);
  return element;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the preview page has no #${id}`);
  return element as T;
}

/** Calls `activate` on click and on Enter/Space, for rows and items that act as buttons. */
export function onActivate(element: HTMLElement, activate: () => void): void {
  element.addEventListener('click', activate);
  element.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    activate();
  });
}
