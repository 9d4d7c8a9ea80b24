// The shells on a host's longhaul tmux server, listed over one exec channel: their names, ages and last lines, for a new tab to offer.
import { lastLineOf } from '../store/lastLine.js';
import type { ControlChannel } from './tmuxControlClient.js';
import { shellWord } from '../ssh/shellWord.js';

/** A tmux session of longhaul's on a host. */
export interface HostShell {
  sessionName: string;
  /** When tmux started it, and last saw output or input in it (ms since 1970). */
  createdAt: number;
  activityAt: number;
  /** Its pane's last line worth reading, as plain text (a bare prompt skipped). */
  lastLine: string;
}

/** Only longhaul's own sessions (`lh-` and a UUID): anything else on the server is not longhaul's to offer. */
export const SESSION_NAME = /^lh-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Shells listed per host at most: a new tab lists them, it is not a process table. */
export const MAX_HOST_SHELLS = 50;
/** Bytes of listing read at most. */
const MAX_LISTING_BYTES = 64 * 1024;
/** The pane's last lines with text sent, from which the line worth reading is picked (a bare prompt is not). */
const TAIL_LINES = 20;
/** A host that does not answer within this long is left out of the list. */
export const LIST_HOST_SHELLS_MS = 5_000;

/**
 * The command that lists them, one line each: name, created, activity (seconds), the pane's last lines with text
 * (separated by the unit separator, 0x1f). Nothing when the host
 * has no tmux or no server of that name. Runs under `sh -c`, whatever the user's login shell is.
 */
export function listHostShellsCommand(socket: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(socket)) throw new Error(`not a tmux server name: ${socket}`);
  const tmux = `tmux -L ${socket}`;
  const script =
    `command -v tmux >/dev/null 2>&1 || exit 0; ` +
    `${tmux} ls -F '#{session_name}' 2>/dev/null | head -n ${MAX_HOST_SHELLS} | while read -r s; do ` +
    `case "$s" in lh-*) ;; *) continue;; esac; ` +
    `t=$(${tmux} display -p -t "=$s:" '#{session_created} #{session_activity}' 2>/dev/null) || continue; ` +
    `l=$(${tmux} capture-pane -p -t "=$s:" 2>/dev/null | grep -v '^[[:space:]]*$' | tail -n ${TAIL_LINES} | tr '\\n' '\\037'); ` +
    `printf '%s %s\\t%s\\n' "$s" "$t" "$l"; done`;
  return `sh -c ${shellWord(script)}`;
}

/** Reads the listing; lines that are not as written above are skipped, never trusted. */
export function parseHostShells(text: string): HostShell[] {
  const shells: HostShell[] = [];
  for (const line of text.split('\n')) {
    const match = /^(\S+) (\d{1,12}) (\d{1,12})\t(.*)$/.exec(line);
    if (!match || !SESSION_NAME.test(match[1]!)) continue;
    shells.push({
      sessionName: match[1]!,
      createdAt: Number(match[2]) * 1000,
      activityAt: Number(match[3]) * 1000,
      // As history tells sessions apart: the last line worth reading, a bare prompt skipped.
      lastLine: lastLineOf(match[4]!.split('\x1f').join('\n')) ?? '',
    });
    if (shells.length === MAX_HOST_SHELLS) break;
  }
  return shells;
}

/** Run the listing on an exec channel: its output, bounded, or what it had when `timeoutMs` passed. */
export function readListing(channel: ControlChannel, timeoutMs: number, clock: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(timer: unknown): void }): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      clock.clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const timer = clock.setTimeout(() => {
      channel.close();
      finish();
    }, timeoutMs);
    channel.on('data', (chunk) => {
      if (bytes >= MAX_LISTING_BYTES) return;
      chunks.push(chunk.subarray(0, MAX_LISTING_BYTES - bytes));
      bytes += chunk.byteLength;
    });
    channel.on('close', finish);
  });
}
