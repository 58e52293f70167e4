const LF = 0x0a;
const CR = 0x0d;

/**
 * Turns byte offsets of a stream into 1-based line numbers, for offsets that only move forward.
 * Lines are LF-counted (like `wc -l`, `grep -n`): csv-parse's own count moves on CRLF and on a
 * bare CR inside a quoted field (the TMDB 5000 file has three), so its `info.lines` drifts.
 */
export class CsvLineCounter {
  private readonly chunks: Buffer[] = [];
  private headStart = 0;
  private cursor = 0;
  private lineFeeds = 0;

  append(chunk: Buffer): void {
    if (chunk.length > 0) this.chunks.push(chunk);
  }

  /** The line of the next byte that is not a line break: where the next record starts once blank lines are passed. */
  nextContentLine(): number {
    while (this.chunks.length > 0) {
      const head = this.chunks[0]!;
      let i = this.cursor - this.headStart;
      while (i < head.length && (head[i] === LF || head[i] === CR)) {
        if (head[i] === LF) this.lineFeeds++;
        i++;
      }
      this.cursor = this.headStart + i;
      if (i < head.length) break;
      this.dropHead();
    }
    return this.lineFeeds + 1;
  }

  advanceTo(offset: number): void {
    while (this.cursor < offset && this.chunks.length > 0) {
      const head = this.chunks[0]!;
      const end = Math.min(head.length, offset - this.headStart);
      for (let i = head.indexOf(LF, this.cursor - this.headStart); i !== -1 && i < end; i = head.indexOf(LF, i + 1)) this.lineFeeds++;
      this.cursor = this.headStart + end;
      if (end === head.length) this.dropHead();
    }
  }

  private dropHead(): void {
    this.headStart += this.chunks.shift()!.length;
  }
}
