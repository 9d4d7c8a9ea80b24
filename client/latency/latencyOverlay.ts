// The latency box in a corner of a terminal: three figures with sparklines, and on a click their statistics and the connection waterfall.
import type { Terminal } from '@xterm/xterm';
import { DisposableStore, listen, toDisposable, type Disposable } from '../util/disposable.js';
import { el, uniqueId } from '../util/dom.js';
import { SPARKLINE_WINDOW_MS } from './estimator.js';
import { FIGURES, GRADE_THRESHOLDS, type Figure } from './figures.js';
import { formatMs, formatTick } from './format.js';
import type { FigureView, LatencyModel, LatencySnapshot } from './latencyModel.js';
import type { OverlayPreference } from './overlayPreference.js';
import { BOTTOM_RESERVED_ROWS, cornerFor, type Corner } from './placement.js';
import { sparklineOf } from './sparkline.js';
import { waterfallOf } from './waterfall.js';
import { titleFor } from '../commands/commandTable.js';

const SVG = 'http://www.w3.org/2000/svg';
const SPARK_WIDTH = 60;
const SPARK_HEIGHT = 14;
/** The overlay keeps this far from the terminal's edge (px), as in the CSS. */
const MARGIN_PX = 8;
/** A working mouse this close to the box's left edge (px) counts as near it. */
const POINTER_NEAR_PX = 24;

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string> = {}): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

interface FigureRow {
  row: HTMLElement;
  value: HTMLElement;
  grade: HTMLElement;
  line: SVGPolylineElement;
  lost: SVGGElement;
}

export interface LatencyOverlayOptions {
  model: LatencyModel;
  preference: OverlayPreference;
  /** The terminal it floats over: it reads the cursor row to keep out of its way. */
  terminal: Terminal;
  /** What the user typed, for the waterfall's caption. */
  target: string;
}

export class LatencyOverlay implements Disposable {
  private readonly root: HTMLElement;
  private readonly showButton: HTMLButtonElement;
  private readonly hideButton: HTMLButtonElement;
  private readonly detailsButton: HTMLButtonElement;
  private readonly details: HTMLElement;
  private readonly rows = new Map<Figure, FigureRow>();
  private readonly disposables = new DisposableStore();
  private expanded = false;
  private corner: Corner = 'top';
  private frame = 0;
  private placeFrame = 0;
  /**
   * The terminal screen's and the box's heights (px), kept by a ResizeObserver: reading them on each cursor
   * move would force a layout every frame while output floods. 0 until first measured (or while hidden).
   */
  private screenHeight = 0;
  private boxHeight = 0;
  /** The row of a mouse selecting text or driving a program near the box's columns, else null (see placement.ts). */
  private pointerRow: number | null = null;
  /** The frame's space below the terminal's last row (px), measured with the sizes above. */
  private bottomGap = 0;
  private aboveLastRow = '';
  private observedScreen: Element | null = null;
  private readonly resizeObserver: ResizeObserver;

  constructor(
    private readonly host: HTMLElement,
    private readonly options: LatencyOverlayOptions,
  ) {
    const detailsId = uniqueId('latency-details');
    this.detailsButton = el(
      'button',
      { type: 'button', class: 'latency-button', 'aria-label': 'Latency details', 'aria-expanded': 'false', 'aria-controls': detailsId, title: 'Median, p95, maximum and how connecting went' },
      el('span', { class: 'latency-chevron', 'aria-hidden': 'true' }),
    );
    this.hideButton = el(
      'button',
      { type: 'button', class: 'latency-button', 'aria-label': 'Hide latency', title: titleFor('latency.toggle', 'Hide latency') },
      el('span', { 'aria-hidden': 'true' }, '×'),
    );
    const figures = el('div', { class: 'latency-figures' });
    for (const figure of FIGURES) {
      const row = this.figureRow(figure);
      this.rows.set(figure, row);
      figures.append(row.row);
    }
    this.details = el('div', { class: 'latency-details', id: detailsId, hidden: true });
    // The figures change every 2 s: announcing each would drown a screen reader, so the status is read on request.
    this.root = el(
      'section',
      { class: 'latency', role: 'status', 'aria-label': 'Latency', 'aria-live': 'off', 'data-corner': this.corner },
      el('div', { class: 'latency-head' }, el('span', { class: 'latency-title', 'aria-hidden': 'true' }, 'Latency'), this.detailsButton, this.hideButton),
      figures,
      this.details,
    );
    this.showButton = el(
      'button',
      { type: 'button', class: 'latency-show', 'aria-label': 'Show latency', title: titleFor('latency.toggle', 'Show latency'), 'data-corner': this.corner },
      LatencyOverlay.gaugeIcon(),
    );
    host.append(this.root, this.showButton);

    // A click must not take the keyboard away from the shell: mouse presses on the overlay keep focus where it is.
    for (const target of [figures, this.detailsButton, this.hideButton, this.showButton]) {
      this.disposables.add(listen(target, 'mousedown', (event) => event.preventDefault()));
    }
    this.disposables.add(listen(figures, 'click', () => this.setExpanded(!this.expanded)));
    this.disposables.add(listen(this.detailsButton, 'click', () => this.setExpanded(!this.expanded)));
    this.disposables.add(listen(this.hideButton, 'click', () => options.preference.setVisible(false)));
    this.disposables.add(listen(this.showButton, 'click', () => options.preference.setVisible(true)));
    this.disposables.add(options.preference.onChange((visible) => this.applyVisibility(visible, true)));
    this.disposables.add(options.model.onChange(() => this.scheduleRender()));
    // At most once a frame: a flood of output moves the cursor far more often than the screen is drawn.
    this.disposables.add(options.terminal.onCursorMove(() => this.schedulePlace()));
    this.disposables.add(options.terminal.onResize(() => this.schedulePlace()));
    // A mouse selecting text (or driving vim, htop…) towards the box's corner moves it away, as the cursor does.
    this.disposables.add(listen(host, 'mousemove', (event) => this.onPointer(event)));
    this.disposables.add(listen(host, 'mousedown', (event) => this.onPointer(event)));
    this.disposables.add(
      listen(window, 'mouseup', () => {
        this.pointerRow = null;
      }),
    );
    // Observers run after layout, so reading the sizes there costs no extra layout.
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this.root);
    this.observeScreen();
    this.disposables.add(toDisposable(() => this.resizeObserver.disconnect()));
    this.disposables.add(
      toDisposable(() => {
        cancelAnimationFrame(this.frame);
        cancelAnimationFrame(this.placeFrame);
      }),
    );
    this.applyVisibility(options.preference.visible, false);
    this.render();
  }

  private figureRow(figure: Figure): FigureRow {
    const line = svg('polyline', { class: 'latency-spark-line', fill: 'none' });
    const lost = svg('g', { class: 'latency-spark-lost' });
    const spark = svg('svg', { class: 'latency-spark', width: String(SPARK_WIDTH), height: String(SPARK_HEIGHT), viewBox: `0 0 ${SPARK_WIDTH} ${SPARK_HEIGHT}`, 'aria-hidden': 'true' });
    spark.append(line, lost);
    const value = el('span', { class: 'latency-value' });
    // The grade is said in words too, not only in colour.
    const grade = el('span', { class: 'visually-hidden' });
    const row = el(
      'div',
      { class: 'latency-figure', 'data-figure': figure, 'data-grade': 'none' },
      el('span', { class: 'latency-label' }),
      spark,
      value,
      grade,
    );
    return { row, value, grade, line, lost };
  }

  /** A little gauge, for the button that brings the overlay back. */
  private static gaugeIcon(): SVGSVGElement {
    const icon = svg('svg', { width: '14', height: '14', viewBox: '0 0 14 14', 'aria-hidden': 'true' });
    icon.append(
      svg('path', { d: 'M2 10.5a5 5 0 1 1 10 0', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.4', 'stroke-linecap': 'round' }),
      svg('path', { d: 'M7 10.5 9.6 6.4', fill: 'none', stroke: 'currentColor', 'stroke-width': '1.4', 'stroke-linecap': 'round' }),
    );
    return icon;
  }

  private applyVisibility(visible: boolean, moveFocus: boolean): void {
    const hadFocus = this.root.contains(document.activeElement) || this.showButton === document.activeElement;
    this.root.hidden = !visible;
    this.showButton.hidden = visible;
    // Keyboard focus on a control that just vanished goes to its counterpart; otherwise the terminal keeps it.
    if (moveFocus && hadFocus) (visible ? this.hideButton : this.showButton).focus();
    if (visible) this.scheduleRender();
  }

  private setExpanded(expanded: boolean): void {
    this.expanded = expanded;
    this.root.classList.toggle('latency-expanded', expanded);
    this.detailsButton.setAttribute('aria-expanded', String(expanded));
    this.details.hidden = !expanded;
    this.render();
  }

  get isExpanded(): boolean {
    return this.expanded;
  }

  private scheduleRender(): void {
    if (this.frame !== 0) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  private render(): void {
    if (this.root.hidden) return;
    const snapshot = this.options.model.snapshot();
    // Figures from a connection that is gone are greyed: they are history, not the link's state now.
    this.root.toggleAttribute('data-stale', snapshot.stale);
    this.root.title = snapshot.stale ? 'Measured before the connection to longhaul was lost' : '';
    for (const view of snapshot.figures) this.renderFigure(view, snapshot.atMs);
    if (this.expanded) this.renderDetails(snapshot);
    this.place();
  }

  private renderFigure(view: FigureView, nowMs: number): void {
    const row = this.rows.get(view.figure)!;
    row.row.dataset['grade'] = view.grade;
    row.row.firstElementChild!.textContent = view.label;
    row.value.textContent = view.valueText;
    row.grade.textContent = view.grade === 'none' ? '' : `, ${view.grade}`;
    const spark = sparklineOf(view.samples, nowMs, {
      width: SPARK_WIDTH,
      height: SPARK_HEIGHT,
      windowMs: SPARKLINE_WINDOW_MS,
      minScaleMs: GRADE_THRESHOLDS[view.figure].goodBelowMs,
    });
    row.line.setAttribute('points', spark.points);
    row.lost.replaceChildren(...spark.lost.map((x) => svg('line', { x1: String(x), x2: String(x), y1: '0', y2: '4' })));
  }

  private renderDetails(snapshot: LatencySnapshot): void {
    const cell = (ms: number | null | undefined) => el('td', {}, formatMs(ms ?? null));
    const table = el(
      'table',
      { class: 'latency-stats' },
      el('caption', { class: 'visually-hidden' }, 'Over this session'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, el('span', { class: 'visually-hidden' }, 'figure')), el('th', { scope: 'col' }, 'median'), el('th', { scope: 'col' }, 'p95'), el('th', { scope: 'col' }, 'max'))),
      el(
        'tbody',
        {},
        ...snapshot.figures.map((f) => el('tr', {}, el('th', { scope: 'row' }, f.label), cell(f.stats?.medianMs), cell(f.stats?.p95Ms), cell(f.stats?.maxMs))),
      ),
    );
    const lost = snapshot.figures.find((f) => f.figure === 'browser')?.lost ?? 0;
    const note = lost > 0 ? el('p', { class: 'latency-note' }, `${lost} ${lost === 1 ? 'ping' : 'pings'} to longhaul lost`) : null;
    this.details.replaceChildren(...[table, note, this.waterfall(snapshot)].filter((part) => part !== null));
  }

  private waterfall(snapshot: LatencySnapshot): HTMLElement {
    const heading = el('p', { class: 'latency-section' });
    if (snapshot.timeline.length === 0) {
      heading.textContent = 'Connection timeline: not yet (it comes with the first output)';
      return el('div', { class: 'latency-waterfall' }, heading);
    }
    const chart = waterfallOf(snapshot.timeline);
    heading.textContent = `Connecting to ${this.options.target} took ${formatMs(chart.totalMs)}`;
    const pct = (ms: number) => `${((ms / chart.axisMs) * 100).toFixed(2)}%`;
    const list = el('ol', { class: 'latency-steps' });
    for (const bar of chart.bars) {
      const fill = el('span', { class: 'latency-bar', 'data-kind': bar.kind });
      fill.style.left = pct(bar.startMs);
      fill.style.width = pct(bar.durationMs);
      list.append(
        el(
          'li',
          { class: 'latency-step', title: `${bar.detail ? `${bar.detail} — ` : ''}${bar.step} at ${formatMs(bar.endMs)}` },
          el('span', { class: 'latency-step-label' }, bar.label),
          el('span', { class: 'latency-track', 'aria-hidden': 'true' }, fill),
          el('span', { class: 'latency-step-ms' }, formatMs(bar.durationMs)),
        ),
      );
    }
    const axis = el('div', { class: 'latency-axis', 'aria-hidden': 'true' });
    for (const tick of chart.ticks) {
      const mark = el('span', { class: 'latency-tick' }, formatTick(tick));
      mark.style.left = pct(tick);
      axis.append(mark);
    }
    return el('figure', { class: 'latency-waterfall' }, el('figcaption', {}, heading), list, el('div', { class: 'latency-axis-row' }, el('span'), axis, el('span')));
  }

  private schedulePlace(): void {
    if (this.placeFrame !== 0) return;
    this.placeFrame = requestAnimationFrame(() => {
      this.placeFrame = 0;
      this.place();
    });
  }

  /** The terminal's screen element, watched for size; the terminal may be opened after the overlay is made. */
  private observeScreen(): void {
    if (this.observedScreen) return;
    const screen = this.options.terminal.element?.querySelector('.xterm-screen') ?? null;
    if (!screen) return;
    this.observedScreen = screen;
    this.resizeObserver.observe(screen);
  }

  private measure(): void {
    this.observeScreen();
    this.screenHeight = this.observedScreen?.clientHeight ?? 0;
    this.boxHeight = this.root.offsetHeight;
    const frame = this.root.parentElement;
    if (this.observedScreen && frame) {
      // The space under the terminal's last row inside the frame (what fitting rows leaves over).
      this.bottomGap = Math.max(0, frame.getBoundingClientRect().bottom - this.observedScreen.getBoundingClientRect().bottom);
    }
    this.place();
  }

  /**
   * Where a working mouse is: only while it selects (a button held) or the program reads the mouse, so a pointer
   * that merely passes, or comes to click the box, leaves it where it is.
   */
  private onPointer(event: MouseEvent): void {
    const { terminal } = this.options;
    if (this.root.hidden || this.root.contains(event.target as Node)) return;
    const working = event.buttons !== 0 || terminal.modes.mouseTrackingMode !== 'none';
    const screen = this.observedScreen?.getBoundingClientRect();
    const box = this.root.getBoundingClientRect();
    if (!working || !screen || screen.height <= 0 || terminal.rows <= 0) return;
    const near = event.clientX >= box.left - POINTER_NEAR_PX;
    const row = Math.floor(((event.clientY - screen.top) / screen.height) * terminal.rows);
    const pointerRow = near && row >= 0 && row < terminal.rows ? row : null;
    if (pointerRow === this.pointerRow) return;
    this.pointerRow = pointerRow;
    this.schedulePlace();
  }

  /** Keep the box off the cursor's row and a working mouse: top-right, or bottom-right (above the last row). */
  private place(): void {
    if (this.root.hidden) return;
    const { terminal } = this.options;
    this.observeScreen(); // measured once the observer reports it
    const cellHeight = terminal.rows > 0 ? this.screenHeight / terminal.rows : 0;
    if (cellHeight <= 0) return;
    // Down there it sits above the last row (placement.ts), measured from the frame's bottom edge; the frame's
    // toasts keep above that row too.
    const aboveLastRow = `${Math.round(this.bottomGap + cellHeight * BOTTOM_RESERVED_ROWS + MARGIN_PX / 2)}px`;
    if (aboveLastRow !== this.aboveLastRow) {
      this.aboveLastRow = aboveLastRow;
      this.host.style.setProperty('--above-last-row', aboveLastRow);
    }
    const coveredRows = Math.ceil((this.boxHeight + MARGIN_PX) / cellHeight);
    const next = cornerFor(this.corner, { cursorRow: terminal.buffer.active.cursorY, pointerRow: this.pointerRow }, terminal.rows, coveredRows);
    if (next === this.corner) return;
    this.corner = next;
    this.root.dataset['corner'] = next;
    this.showButton.dataset['corner'] = next;
  }

  dispose(): void {
    this.disposables.dispose();
    this.root.remove();
    this.showButton.remove();
  }
}
