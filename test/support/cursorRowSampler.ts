// Samples the cursor row of a page's active tab every animation frame, as the host drew it and as a person sees it, so a test can tell when a key first showed.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

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

/**
 * Types `command` (it starts with `e`) at a bash prompt as a person does, and expects its first key on screen within
 * two frames of the key, before the host echoed it. Frames can be slower than keys on a busy machine: the first frame
 * showing the line begun is the one judged.
 */
export async function expectFirstKeyBeforeEcho(page: Page, command: string): Promise<void> {
  const sampler = cursorRowSampler(page);
  await sampler.start();
  const frame = await sampler.frame();
  await page.keyboard.type(command[0]!);
  await page.keyboard.type(command.slice(1), { delay: 40 });
  await expect.poll(() => cursorRow(page), { timeout: 5_000 }).toContain(command);
  const samples = await sampler.stop();
  const begun = samples.find((s) => s.frame >= frame && /\$ e/.test(s.seen));
  expect(begun, 'the first key shown').toBeDefined();
  expect(begun!.frame - frame, 'frames until the first key showed').toBeLessThanOrEqual(2);
  expect(begun!.row, 'the first key shown before the host echoed it').not.toMatch(/\$ e/);
}
