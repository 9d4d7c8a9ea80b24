// The last N bytes of a command's output stream, for the run's final line and its record in the store.

export class KeptOutput {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private dropped = false;

  constructor(private readonly limit: number) {}

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.bytes += chunk.byteLength;
    // The end of the output is what tells how a command went; the start goes first.
    while (this.bytes > this.limit && this.chunks.length > 0) {
      const first = this.chunks[0]!;
      const excess = this.bytes - this.limit;
      this.dropped = true;
      if (first.byteLength <= excess) {
        this.chunks.shift();
        this.bytes -= first.byteLength;
      } else {
        this.chunks[0] = first.subarray(excess);
        this.bytes -= excess;
      }
    }
  }

  get truncated(): boolean {
    return this.dropped;
  }

  /** As UTF-8; a character cut in two by dropping the start is left out rather than shown as garbage. */
  text(limit = this.limit): string {
    let all = Buffer.concat(this.chunks);
    if (all.byteLength > limit) all = all.subarray(all.byteLength - limit);
    let start = 0;
    if (this.dropped || limit < this.bytes) while (start < all.byteLength && start < 4 && (all[start]! & 0xc0) === 0x80) start++;
    return all.subarray(start).toString('utf8');
  }
}
