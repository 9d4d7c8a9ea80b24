// Which changed thumbnails to redraw now: the one being typed into at once, the others at most ten times a second, longest-waiting first.

/** A thumbnail other than the one being typed into redraws at most this often. */
export const REDRAW_EVERY_MS = 100;

export interface ChangedThumbnail {
  readonly id: string;
  /** When it was last drawn (0: never). */
  readonly lastDrawn: number;
}

export interface RedrawPlan {
  /** In the order to draw them, as far as the frame's budget allows. */
  readonly now: string[];
  /** Changed, but drawn too recently: ask again in a later frame. */
  readonly later: string[];
}

export function redrawOrder(changed: readonly ChangedThumbnail[], typingId: string | null, now: number): RedrawPlan {
  const due: ChangedThumbnail[] = [];
  const later: string[] = [];
  for (const thumbnail of changed) {
    if (thumbnail.id === typingId || now - thumbnail.lastDrawn >= REDRAW_EVERY_MS) due.push(thumbnail);
    else later.push(thumbnail.id);
  }
  due.sort((a, b) => (a.id === typingId ? -1 : b.id === typingId ? 1 : a.lastDrawn - b.lastDrawn));
  return { now: due.map((thumbnail) => thumbnail.id), later };
}
