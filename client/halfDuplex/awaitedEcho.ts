// Which part of what half-duplex just sent the host will echo back, so it can stay drawn (dimmed) until the echo arrives.

/**
 * The text the host's line editor is about to echo after one step of the line editor: the line sent with
 * Enter, or the part before the cursor sent with Tab. Drawing it until output arrives keeps the line from
 * vanishing for a round trip after Enter; taking it away as soon as output arrives keeps it from showing
 * twice once the echo is drawn.
 *
 * Nothing is awaited for a line that is not drawn (a secret, or a line the host has not shown it echoes),
 * for several lines at once (a multi-line paste: the echoes come back interleaved with output), or for
 * anything holding other control characters (Ctrl-C, a pasted Tab), whose echo is not the text.
 */
export function awaitedEcho(send: readonly string[], hidden: boolean): string {
  if (hidden || send.length !== 1) return '';
  const match = /^([^\x00-\x1f\x7f]*)[\r\t]$/.exec(send[0] ?? '');
  return match?.[1] ?? '';
}
