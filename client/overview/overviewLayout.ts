// How the overview's thumbnails fill the window: how many columns, and how big each thumbnail is, for any number of tabs.

export interface OverviewSpace {
  /** The space the thumbnails may fill, in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Between thumbnails, and room each host's heading takes. */
  readonly gap: number;
}

export interface OverviewLayout {
  readonly columns: number;
  readonly rows: number;
  readonly thumbnailWidth: number;
  readonly thumbnailHeight: number;
  /** Too many tabs to fit at a readable size: the overview scrolls rather than shrinking them further. */
  readonly scrolls: boolean;
}

/** Width over height of a thumbnail: a terminal screen's shape, plus the line naming the tab. */
export const THUMBNAIL_ASPECT = 16 / 10;
/** Below this a thumbnail's text is only a texture; more tabs than fit at this size scroll. */
export const MIN_THUMBNAIL_WIDTH = 180;
/** One tab alone is not stretched across a wide window: it would be a second full-size terminal. */
export const MAX_THUMBNAIL_WIDTH = 720;

/**
 * The column count that makes thumbnails largest while all fit, trying every count from one to one per tab. Pure:
 * the view passes the space it measured.
 */
export function overviewLayout(count: number, space: OverviewSpace): OverviewLayout {
  const tabs = Math.max(1, Math.floor(count));
  const width = Math.max(1, space.width);
  const height = Math.max(1, space.height);
  let best: OverviewLayout | null = null;
  for (let columns = 1; columns <= tabs; columns++) {
    const rows = Math.ceil(tabs / columns);
    const byWidth = (width - space.gap * (columns - 1)) / columns;
    const byHeight = ((height - space.gap * (rows - 1)) / rows) * THUMBNAIL_ASPECT;
    const thumbnailWidth = Math.floor(Math.min(byWidth, byHeight, MAX_THUMBNAIL_WIDTH));
    if (thumbnailWidth <= 0) continue;
    if (!best || thumbnailWidth > best.thumbnailWidth) {
      best = { columns, rows, thumbnailWidth, thumbnailHeight: Math.floor(thumbnailWidth / THUMBNAIL_ASPECT), scrolls: false };
    }
  }
  if (best && best.thumbnailWidth >= MIN_THUMBNAIL_WIDTH) return best;
  // Too small to read: as many readable thumbnails per row as the width takes, and scroll down for the rest.
  const columns = Math.max(1, Math.min(tabs, Math.floor((width + space.gap) / (MIN_THUMBNAIL_WIDTH + space.gap))));
  const thumbnailWidth = Math.max(Math.min(MIN_THUMBNAIL_WIDTH, width), Math.floor((width - space.gap * (columns - 1)) / columns));
  return {
    columns,
    rows: Math.ceil(tabs / columns),
    thumbnailWidth,
    thumbnailHeight: Math.floor(thumbnailWidth / THUMBNAIL_ASPECT),
    scrolls: true,
  };
}
