// The pane's output kept on the host, byte for byte, in a bounded log (tmux pipe-pane), so a reattached tab gets exactly the bytes it missed.
//
// tmux's history holds lines as drawn, not the bytes a program wrote, and only so many: 5 MiB printed while the
// connection was down is mostly gone from it. tmux gives the pipe every byte it reads from the pane, from the moment
// the pipe starts, in order, before it gives them to any client. The log is that stream cut into numbered chunks
// (GNU split), the oldest removed as new ones start, so it never holds more than LOG_CHUNKS × LOG_CHUNK_BYTES. A tab
// counts the bytes it was given from the same start; a reattached control client's output starts where the log had
// got to when it attached, so if the pane printed nothing since, the tab is sent the log from its count to its end.
import { shellWord } from '../ssh/shellWord.js';

/** Bytes per chunk of the log: chunk i holds the pane's bytes from i × LOG_CHUNK_BYTES. */
export const LOG_CHUNK_BYTES = 4 * 1024 * 1024;
/** Chunks kept: at most this many × LOG_CHUNK_BYTES of a pane's output on the host (32 MiB). */
export const LOG_CHUNKS = 8;

/**
 * The host's folder of longhaul's pane logs, as a shell expression: under $TMPDIR (or /tmp), as tmux keeps its own
 * sockets. Not $XDG_RUNTIME_DIR nor /dev/shm: logind empties both when the user's last login ends, which is what a
 * cut connection is.
 */
const LOGS = '"${TMPDIR:-/tmp}/longhaul-$(id -u)"';

/** A session's logs (one folder per start of its pipe). */
function sessionLogs(sessionName: string): string {
  return `${LOGS}/${shellWord(sessionName)}`;
}

/**
 * The command tmux's pipe-pane runs (under sh -c) for a session's pane: writes the log's chunks into a folder of
 * this session's, only the user can read, and removes it when the pane ends. `generation` names this start of the
 * pipe (restarting it starts a new count). Without GNU split the pipe ends at once, and a reattached tab is caught up
 * from tmux's history instead.
 */
export function paneLogPipeCommand(sessionName: string, generation: string): string {
  const folder = `${sessionLogs(sessionName)}/${shellWord(generation)}`;
  const keep = LOG_CHUNKS - 1;
  // Each chunk's filter first removes all but the newest `keep` chunks, then writes its own.
  const filter = `ls | head -n -${keep} | xargs -r rm -f; cat > "$FILE"`;
  return [
    'umask 077',
    `mkdir -p ${LOGS} && [ -O ${LOGS} ] && [ ! -L ${LOGS} ] || exit 1`,
    `d=${folder}`,
    'mkdir -p "$d" && cd "$d" || exit 1',
    `split -b ${LOG_CHUNK_BYTES} -d -a 8 --filter=${shellWord(filter)} - c`,
    // (The session's folder goes with its last log.)
    'cd / && rm -rf "$d" && rmdir "${d%/*}" 2>/dev/null',
  ].join('; ');
}

/** The session's user option naming the current start of its pipe (its log's folder). */
export const LOG_OPTION = '@longhaul-log';

/**
 * The command (an exec) that waits until the pipe has written all tmux gave it, then prints a line `log FIRST END`
 * (the offsets of the log's oldest byte and of its end) and, if `from` is within the log, its bytes from `from` to
 * END; a line `log none` if there is no log. The pipe drains within microseconds of tmux giving it the bytes; it is
 * taken as drained once its size has stayed the same over two intervals of 50 ms (a new chunk's start included).
 */
export function paneLogReadCommand(sessionName: string, generation: string, from: number | undefined): string {
  const start = from ?? -1;
  return [
    `cd ${sessionLogs(sessionName)}/${shellWord(generation)} 2>/dev/null && [ -n "$(ls)" ] || { echo log none; exit 0; }`,
    `extent() { f=$(ls | head -n 1); l=$(ls | tail -n 1); i=$(echo "$f" | sed 's/^c0*//'); j=$(echo "$l" | sed 's/^c0*//'); echo "$(( \${i:-0} * ${LOG_CHUNK_BYTES} )) $(( \${j:-0} * ${LOG_CHUNK_BYTES} + $(wc -c < "$l") ))"; }`,
    'p=; a=$(extent)',
    'while sleep 0.05; n=$(extent); [ "$n" != "$a" ] || [ "$a" != "$p" ]; do p=$a; a=$n; done',
    'set -- $a; echo "log $1 $2"',
    `k=${start}; [ $k -ge $1 ] && [ $k -le $2 ] || exit 0`,
    `j=$((k / ${LOG_CHUNK_BYTES})); f=$(printf 'c%08d' $j)`,
    `{ tail -c +$((k - j * ${LOG_CHUNK_BYTES} + 1)) "$f"; while j=$((j + 1)); f=$(printf 'c%08d' $j); [ -f "$f" ]; do cat "$f"; done; } | head -c $(($2 - k))`,
  ].join('; ');
}

/** The first line paneLogReadCommand prints: the log's extent; null for no log; undefined for anything else. */
export function parsePaneLogExtent(line: string): { first: number; end: number } | null | undefined {
  if (line === 'log none') return null;
  const match = /^log (\d{1,15}) (\d{1,15})$/.exec(line);
  if (!match) return undefined;
  const first = Number(match[1]);
  const end = Number(match[2]);
  return first <= end ? { first, end } : undefined;
}

/** The command that removes a session's logs (its tab was closed for good). */
export function removePaneLogsCommand(sessionName: string): string {
  return `rm -rf ${sessionLogs(sessionName)}`;
}

/**
 * Text for an argument tmux expands as a format (run-shell's command; pipe-pane's also as strftime): `#` and, with
 * `time`, `%` doubled, so the shell gets it as written.
 */
export function literalForFormat(text: string, time: boolean): string {
  const hashes = text.replaceAll('#', '##');
  return time ? hashes.replaceAll('%', '%%') : hashes;
}

