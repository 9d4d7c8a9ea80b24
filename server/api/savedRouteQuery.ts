// Work on a host asked for by a tab (a transfer, a listing) may name the saved session the tab came from, to log in the way that tab did.
import { Type } from '@sinclair/typebox';
import type { RouteOverrides } from '../session/connectTarget.js';

/** The query field: a saved session's id. */
export const SavedField = Type.Optional(Type.String({ minLength: 1, maxLength: 128 }));

/** How a saved session logs in (its key file, jump host), or undefined when there is no such saved session. */
export type SavedRouteLookup = (savedSessionId: string) => RouteOverrides | undefined;

/**
 * The way in for `saved` (none named: the target's plain way), or the sentence refusing it. A saved session that is
 * gone is refused, not replaced by the plain way, which might reach another host or account.
 */
export function routeForSaved(saved: string | undefined, lookup: SavedRouteLookup): { overrides?: RouteOverrides } | { refused: string } {
  if (saved === undefined) return {};
  const overrides = lookup(saved);
  if (overrides) return { overrides };
  return { refused: `saved: there is no saved session ${saved} (it may have been deleted); reopen the tab from a saved session that exists` };
}
