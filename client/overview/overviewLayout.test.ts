import { describe, expect, it } from 'vitest';
import { MAX_THUMBNAIL_WIDTH, MIN_THUMBNAIL_WIDTH, overviewLayout, type OverviewLayout, type OverviewSpace } from './overviewLayout.js';

const laptop: OverviewSpace = { width: 1400, height: 820, gap: 12 };

function fits(layout: OverviewLayout, space: OverviewSpace): boolean {
  const width = layout.columns * layout.thumbnailWidth + (layout.columns - 1) * space.gap;
  const height = layout.rows * layout.thumbnailHeight + (layout.rows - 1) * space.gap;
  return width <= space.width && (layout.scrolls || height <= space.height);
}

describe('the overview layout', () => {
  it('shows one tab large but not as a second full-size terminal', () => {
    const layout = overviewLayout(1, laptop);
    expect(layout).toMatchObject({ columns: 1, rows: 1, scrolls: false });
    expect(layout.thumbnailWidth).toBe(MAX_THUMBNAIL_WIDTH);
    expect(fits(layout, laptop)).toBe(true);
  });

  it('puts four tabs in a square', () => {
    const layout = overviewLayout(4, laptop);
    expect(layout).toMatchObject({ columns: 2, rows: 2, scrolls: false });
    expect(fits(layout, laptop)).toBe(true);
  });

  it('puts twelve tabs in rows of four on a wide window', () => {
    const layout = overviewLayout(12, laptop);
    expect(layout).toMatchObject({ columns: 4, rows: 3, scrolls: false });
    expect(layout.thumbnailWidth).toBeGreaterThan(300);
    expect(fits(layout, laptop)).toBe(true);
  });

  it('fits thirty tabs on a laptop screen without scrolling, each still readable', () => {
    const layout = overviewLayout(30, laptop);
    expect(layout.columns * layout.rows).toBeGreaterThanOrEqual(30);
    expect(layout.columns).toBeGreaterThan(layout.rows - 1); // wider than tall, like the window
    expect(layout.scrolls).toBe(false);
    expect(layout.thumbnailWidth).toBeGreaterThanOrEqual(MIN_THUMBNAIL_WIDTH);
    expect(fits(layout, laptop)).toBe(true);
  });

  it('scrolls thirty tabs in a small window rather than shrinking them past reading', () => {
    const small: OverviewSpace = { width: 800, height: 500, gap: 12 };
    const layout = overviewLayout(30, small);
    expect(layout.scrolls).toBe(true);
    expect(layout.columns).toBe(4);
    expect(layout.thumbnailWidth).toBeGreaterThanOrEqual(MIN_THUMBNAIL_WIDTH);
    expect(fits(layout, small)).toBe(true);
  });

  it('uses more rows than columns in a tall narrow window', () => {
    const layout = overviewLayout(4, { width: 500, height: 1200, gap: 10 });
    expect(layout).toMatchObject({ columns: 1, rows: 4 });
  });

  it('copes with no tabs and with no space', () => {
    expect(overviewLayout(0, laptop).columns).toBe(1);
    const none = overviewLayout(5, { width: 0, height: 0, gap: 12 });
    expect(none.columns).toBeGreaterThanOrEqual(1);
    expect(none.thumbnailWidth).toBeGreaterThan(0);
  });

  it('grows thumbnails as tabs go away, never shrinks them', () => {
    let previous = Infinity;
    for (const count of [1, 2, 4, 8, 12, 20, 30]) {
      const width = overviewLayout(count, laptop).thumbnailWidth;
      expect(width, `${count} tabs`).toBeLessThanOrEqual(previous);
      previous = width;
    }
  });
});
