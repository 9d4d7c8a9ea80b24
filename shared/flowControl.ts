// The output flow-control limits both ends of the wire work to: the bridge pauses on them, the page acknowledges by them.

/**
 * Above HIGH unacknowledged bytes the bridge pauses the SSH channel (ssh2 then stops widening the SSH window, so the
 * host stops sending); below LOW it resumes. Small enough that Ctrl-C during `yes` takes effect within a second,
 * large enough that the pipe never runs dry while the page draws.
 */
export const OUTPUT_HIGH_WATERMARK = 512 * 1024;
export const OUTPUT_LOW_WATERMARK = 128 * 1024;

/**
 * The page acknowledges at least every this many bytes drawn. Well under the gap between the watermarks, so
 * acknowledging in these steps keeps the pipe full while xterm.js is busy, at one small message per step.
 */
export const ACK_BATCH_BYTES = 64 * 1024;

/**
 * The bridge sends output gathered up to this as one chunk; at this size it goes at once (the socket splits it into
 * frames). Kept beside the watermarks it is measured against: a chunk is a small part of what may go unacknowledged.
 */
export const OUTPUT_BATCH_MAX_BYTES = 64 * 1024;

/**
 * A tab in the background acknowledges at most this much output a second. The bridge stops reading from the host
 * once OUTPUT_HIGH_WATERMARK is unacknowledged, so this is also how fast a background tab's shell may print: a `yes`
 * or a `cat` of a big file behind the tab you are typing in gets a few percent of the page's time instead of all of
 * it (xterm.js parses a hidden terminal's output too). Nothing is lost; brought to the front, the tab catches up.
 */
export const BACKGROUND_ACK_BYTES_PER_SECOND = 1024 * 1024;
