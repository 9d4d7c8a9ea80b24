// Samples the cursor row of a page's active tab every animation frame, as the host drew it and as a person sees it, so a test can tell when a key first showed.
import type { Page } from 'playwright-core';

export interface CursorRowSample {
  /** The host's cursor row, and the same row as a person sees it (predictions drawn in). */
  row: string;
  seen: string;
  /** Predicted text drawn over the screen. */
  shown: string;
  frame: number;
}

/** The row the cursor is on, as the host drew it (predictions left out). */
export function cursorRow(page: Page): Promise<string> {
  return page.evaluate(() => {
    const screen = window.longhaul.screen(undefined, { predictions: false });
    return screen.lines[screen.cursor.y] ?? '';
  });
}

/** `start` records every frame until `stop`; `frame` is the number of the frame being drawn now (from 0 at start). */
export function cursorRowSampler(page: Page) {
  return {
    start: () =>
      page.evaluate(() => {
        const w = window as unknown as { samples: CursorRowSample[]; sampling: boolean; frame: number };
        w.samples = [];
        w.sampling = true;
        w.frame = 0;
        const tick = () => {
          if (!w.sampling) return;
          const host = window.longhaul.screen(undefined, { predictions: false });
          const seen = window.longhaul.screen();
          w.samples.push({
            row: host.lines[host.cursor.y] ?? '',
            seen: seen.lines[host.cursor.y] ?? '',
            shown: window.longhaul.predictiveEcho()?.shown ?? '',
            frame: w.frame,
          });
          w.frame++;
          requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    frame: (): Promise<number> => page.evaluate(() => (window as unknown as { frame: number }).frame),
    stop: (): Promise<CursorRowSample[]> =>
      page.evaluate(() => {
        const w = window as unknown as { samples: CursorRowSample[]; sampling: boolean };
        w.sampling = false;
        return w.samples;
      }),
  };
}
