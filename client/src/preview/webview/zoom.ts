/**
 * Zoom and pan for one diagram: the SVG sits at its natural size on a `stage` that is translated
 * and scaled inside a clipping `viewport`. Buttons call `zoomBy`/`fit`/`actualSize`; ctrl/cmd +
 * wheel (and trackpad pinch, which arrives as ctrl + wheel) zooms around the pointer; dragging
 * pans. A press that does not move is left alone, so a click still reaches the node under it.
 */

export interface ZoomState {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
  /** True once the user zoomed or panned: a re-render then keeps the view instead of re-fitting. */
  readonly manual: boolean;
}

const MIN_SCALE = 0.1;
const MAX_SCALE = 8;
const PADDING = 12;
const DRAG_THRESHOLD = 4;
const MIN_HEIGHT = 96;

export class ZoomPan {
  private width = 0;
  private height = 0;
  private state: ZoomState = { scale: 1, x: PADDING, y: PADDING, manual: false };
  private drag: { pointerId: number; startX: number; startY: number; x: number; y: number; moved: boolean } | undefined;
  /** Set when the last press became a drag, so the click that ends it is swallowed. */
  private suppressClick = false;
  /**
   * The viewport's width, kept by a ResizeObserver: reading `clientWidth` right after a new SVG
   * went in would force a layout of the whole page for every diagram drawn.
   */
  private viewportWidth: number | undefined;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly stage: HTMLElement,
    private readonly onChange: (state: ZoomState) => void = () => undefined,
  ) {
    viewport.addEventListener('wheel', (event) => this.onWheel(event), { passive: false });
    viewport.addEventListener('pointerdown', (event) => this.onPointerDown(event));
    viewport.addEventListener('pointermove', (event) => this.onPointerMove(event));
    viewport.addEventListener('pointerup', (event) => this.onPointerUp(event));
    viewport.addEventListener('pointercancel', (event) => this.onPointerUp(event));
    viewport.addEventListener('click', (event) => {
      if (this.suppressClick) {
        event.stopPropagation();
        event.preventDefault();
        this.suppressClick = false;
      }
    }, true);
    viewport.addEventListener('keydown', (event) => this.onKey(event));
    new ResizeObserver(() => {
      const width = viewport.clientWidth;
      if (width === this.viewportWidth) return;
      this.viewportWidth = width;
      // A fitted diagram stays fitted when the panel (or its scroll bar) changes its width; a zoomed
      // one stays as the user left it.
      if (!this.state.manual && this.width > 0) this.fit();
    }).observe(viewport);
  }

  /** Measured only until the observer reports (or while the viewport is not laid out). */
  private get availableWidth(): number {
    if (!this.viewportWidth) this.viewportWidth = this.viewport.clientWidth;
    return this.viewportWidth;
  }

  get current(): ZoomState {
    return this.state;
  }

  /** The natural size of the new content; re-fits unless the user has zoomed or panned. */
  setContentSize(width: number, height: number, restore?: ZoomState): void {
    this.width = width;
    this.height = height;
    if (restore) {
      this.state = restore;
      this.sizeViewport(this.fitScale());
      this.apply(false);
    } else if (!this.state.manual) this.fit();
    else this.apply(false);
  }

  /** Whole diagram in view, at most at natural size. */
  fit(): void {
    const scale = this.fitScale();
    this.sizeViewport(scale);
    const x = Math.max(PADDING, (this.availableWidth - this.width * scale) / 2);
    this.state = { scale, x, y: PADDING, manual: false };
    this.apply(true);
  }

  actualSize(): void {
    this.state = { scale: 1, x: PADDING, y: PADDING, manual: true };
    this.apply(true);
  }

  /** Zooms by `factor` around a point of the viewport (its centre by default). */
  zoomBy(factor: number, atX = this.viewport.clientWidth / 2, atY = this.viewport.clientHeight / 2): void {
    const { scale, x, y } = this.state;
    const next = clamp(scale * factor, MIN_SCALE, MAX_SCALE);
    const ratio = next / scale;
    this.state = { scale: next, x: atX - (atX - x) * ratio, y: atY - (atY - y) * ratio, manual: true };
    this.apply(true);
  }

  private fitScale(): number {
    if (this.width <= 0 || this.height <= 0) return 1;
    const available = Math.max(40, this.availableWidth - 2 * PADDING);
    return clamp(Math.min(1, available / this.width), MIN_SCALE, 1);
  }

  /** The viewport is as tall as the fitted diagram, within limits, so the page scrolls, not the box. */
  private sizeViewport(scale: number): void {
    const maxHeight = Math.max(240, Math.round(window.innerHeight * 0.8));
    const height = clamp(Math.ceil(this.height * scale + 2 * PADDING), MIN_HEIGHT, maxHeight);
    this.viewport.style.height = `${height}px`;
  }

  private apply(notify: boolean): void {
    const { scale, x, y } = this.state;
    this.stage.style.transform = `translate(${x}px, ${y}px) scale(${scale})`;
    this.viewport.dataset.scale = scale.toFixed(3);
    if (notify) this.onChange(this.state);
  }

  private onWheel(event: WheelEvent): void {
    if (!event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    const box = this.viewport.getBoundingClientRect();
    const delta = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
    this.zoomBy(Math.exp(-delta * 0.002), event.clientX - box.left, event.clientY - box.top);
  }

  private onPointerDown(event: PointerEvent): void {
    if (event.button !== 0) return;
    this.suppressClick = false;
    this.drag = { pointerId: event.pointerId, startX: event.clientX, startY: event.clientY, x: this.state.x, y: this.state.y, moved: false };
  }

  private onPointerMove(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    const dx = event.clientX - drag.startX;
    const dy = event.clientY - drag.startY;
    if (!drag.moved) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      drag.moved = true;
      this.viewport.setPointerCapture(event.pointerId);
      this.viewport.classList.add('dragging');
    }
    this.state = { ...this.state, x: drag.x + dx, y: drag.y + dy, manual: true };
    this.apply(false);
  }

  private onPointerUp(event: PointerEvent): void {
    const drag = this.drag;
    if (!drag || drag.pointerId !== event.pointerId) return;
    this.drag = undefined;
    if (drag.moved) {
      this.suppressClick = true;
      this.viewport.classList.remove('dragging');
      if (this.viewport.hasPointerCapture(event.pointerId)) this.viewport.releasePointerCapture(event.pointerId);
      this.onChange(this.state);
    }
  }

  private onKey(event: KeyboardEvent): void {
    if (event.target !== this.viewport) return;
    const step = 40;
    const moves: Record<string, () => void> = {
      '+': () => this.zoomBy(1.25),
      '=': () => this.zoomBy(1.25),
      '-': () => this.zoomBy(0.8),
      '0': () => this.fit(),
      ArrowLeft: () => this.panBy(step, 0),
      ArrowRight: () => this.panBy(-step, 0),
      ArrowUp: () => this.panBy(0, step),
      ArrowDown: () => this.panBy(0, -step),
    };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    move();
  }

  private panBy(dx: number, dy: number): void {
    this.state = { ...this.state, x: this.state.x + dx, y: this.state.y + dy, manual: true };
    this.apply(true);
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
