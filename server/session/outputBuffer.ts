// The recent output of a session, bounded in bytes, addressed by stream offset: what a reattaching tab replays.

/** Default bytes of recent output kept per session (--output-buffer). */
export const DEFAULT_OUTPUT_BUFFER_BYTES = 4 * 1024 * 1024;

export class OutputBuffer {
  private chunks: Buffer[] = [];
  private bytes = 0;
  /** Offset of the first byte still held. */
  private start = 0;

  constructor(private readonly capacity = DEFAULT_OUTPUT_BUFFER_BYTES) {}

  /** Offset one past the last byte appended. */
  get end(): number {
    return this.start + this.bytes;
  }

  /** Offset of the oldest byte still held. */
  get startOffset(): number {
    return this.start;
  }

  append(chunk: Buffer): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
    while (this.bytes > this.capacity && this.chunks.length > 0) {
      const oldest = this.chunks[0]!;
      const excess = this.bytes - this.capacity;
      if (oldest.byteLength <= excess) {
        this.chunks.shift();
        this.bytes -= oldest.byteLength;
        this.start += oldest.byteLength;
      } else {
        this.chunks[0] = oldest.subarray(excess);
        this.bytes -= excess;
        this.start += excess;
      }
    }
  }

  /** Everything from `offset` on, or undefined when `offset` is older than what is held (or beyond the end). */
  since(offset: number): Buffer[] | undefined {
    if (offset < this.start || offset > this.end) return undefined;
    let skip = offset - this.start;
    const out: Buffer[] = [];
    for (const chunk of this.chunks) {
      if (skip >= chunk.byteLength) {
        skip -= chunk.byteLength;
        continue;
      }
      out.push(skip > 0 ? chunk.subarray(skip) : chunk);
      skip = 0;
    }
    return out;
  }

  /**
   * Where a replay of what is held can safely begin: the start when it is the stream's start, else just after
   * the first newline, so a replay never begins inside a UTF-8 character or an escape sequence's line.
   */
  replayStart(): number {
    if (this.start === 0) return 0;
    let offset = this.start;
    for (const chunk of this.chunks) {
      const newline = chunk.indexOf(0x0a);
      if (newline >= 0) return offset + newline + 1;
      offset += chunk.byteLength;
    }
    return this.start;
  }

  /** All that is held, as text (for the closed-session history). */
  text(from = this.replayStart()): string {
    return Buffer.concat(this.since(from) ?? []).toString('utf8');
  }
}
