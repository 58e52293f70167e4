const LF = 0x0a;

/** Stands for a line longer than the limit; its bytes were dropped as they came. */
export const LINE_TOO_LONG = Symbol('line too long');

/**
 * Splits a byte stream at LF into lines (without the LF; a CR before it stays, JSON ignores it).
 * Each line is held only until it is handed on, so memory is bounded by the longest line.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, maxLineBytes: number): AsyncGenerator<Buffer | typeof LINE_TOO_LONG> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  const take = (last: Buffer): Buffer | typeof LINE_TOO_LONG => {
    const line = tooLong || length + last.length > maxLineBytes ? LINE_TOO_LONG : parts.length === 0 ? last : Buffer.concat([...parts, last]);
    parts = [];
    length = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of chunks) {
    let start = 0;
    for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, start)) {
      yield take(chunk.subarray(start, lf));
      start = lf + 1;
    }
    if (start === chunk.length || tooLong) continue;
    length += chunk.length - start;
    if (length > maxLineBytes) {
      tooLong = true;
      parts = [];
    } else {
      parts.push(chunk.subarray(start));
    }
  }
  if (length > 0 || tooLong) yield take(Buffer.alloc(0));
}
