import { describe, expect, it } from 'vitest';
import { REDRAW_EVERY_MS, redrawOrder } from './redrawOrder.js';

describe('the order thumbnails redraw in', () => {
  it('draws the one being typed into first and at once, even if it was just drawn', () => {
    const plan = redrawOrder([{ id: 'a', lastDrawn: 0 }, { id: 'typed', lastDrawn: 995 }], 'typed', 1000);
    expect(plan).toEqual({ now: ['typed', 'a'], later: [] });
  });

  it('holds back a thumbnail drawn less than a tenth of a second ago: a flooding tab redraws ten times a second, no more', () => {
    const plan = redrawOrder([{ id: 'flood', lastDrawn: 1000 - REDRAW_EVERY_MS + 1 }, { id: 'quiet', lastDrawn: 200 }], null, 1000);
    expect(plan).toEqual({ now: ['quiet'], later: ['flood'] });
    expect(redrawOrder([{ id: 'flood', lastDrawn: 1000 - REDRAW_EVERY_MS }], null, 1000).now).toEqual(['flood']);
  });

  it('draws those waiting longest first, so a frame cut short by its budget starves none', () => {
    const plan = redrawOrder([{ id: 'b', lastDrawn: 500 }, { id: 'never', lastDrawn: 0 }, { id: 'a', lastDrawn: 300 }], 'gone', 1000);
    expect(plan.now).toEqual(['never', 'a', 'b']);
  });
});
