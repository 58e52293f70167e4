/**
 * Sorting numbers with the slots they belong to, for the group engine's money orders (money-orders.ts): a least
 * significant digit radix sort on the bits of the doubles, O(n), stable. A comparator sort of (value, slot) pairs
 * took about ten times as long at a million movies, and the orders are rebuilt whenever the model changed.
 */

/** Bits a pass sorts by: four passes over a double's 64 bits, each with a 65,536-bucket count (256 KiB, cached). */
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;

/** Which 32-bit word of a double holds its sign and exponent, on this machine. */
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Sorts `values` ascending in place and carries `slots` along (slots[i] stays the slot of values[i]); equal values
 * keep their order. Values must not be NaN.
 */
export function sortWithSlots(values: Float64Array, slots: Int32Array): void {
  const n = values.length;
  if (n < 2) return;
  // Each double as an unsigned 64-bit key (hi, lo) that orders as the numbers do: negative numbers have all bits
  // flipped, the others their sign bit set. The keys and the slots move together; the values are read back from
  // the keys at the end, so nothing is gathered from the unsorted arrays.
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let slot = Int32Array.from(slots);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + HIGH_WORD]!;
    const l = words[2 * i + 1 - HIGH_WORD]!;
    const negative = h >>> 31 === 1;
    hi[i] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
    lo[i] = negative ? ~l >>> 0 : l;
  }
  let hiOut = new Uint32Array(n);
  let loOut = new Uint32Array(n);
  let slotOut = new Int32Array(n);
  const counts = new Uint32Array(BUCKETS);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? lo : hi;
    const shift = (pass % 2) * DIGIT_BITS;
    if (!countDigits(word, shift, counts, n)) continue;
    scatter(word, shift, counts, hi, lo, slot, hiOut, loOut, slotOut);
    [hi, hiOut] = [hiOut, hi];
    [lo, loOut] = [loOut, lo];
    [slot, slotOut] = [slotOut, slot];
  }
  for (let i = 0; i < n; i++) {
    const h = hi[i]!;
    const positive = h >>> 31 === 1;
    words[2 * i + HIGH_WORD] = positive ? h & 0x7fffffff : ~h >>> 0;
    words[2 * i + 1 - HIGH_WORD] = positive ? lo[i]! : ~lo[i]! >>> 0;
  }
  slots.set(slot);
}

/** Counts each digit, then turns the counts into start offsets; false when every key has the same digit (the pass would change nothing). */
function countDigits(word: Uint32Array, shift: number, counts: Uint32Array, n: number): boolean {
  counts.fill(0);
  for (let i = 0; i < n; i++) counts[(word[i]! >>> shift) & (BUCKETS - 1)]!++;
  let start = 0;
  for (let d = 0; d < BUCKETS; d++) {
    const c = counts[d]!;
    if (c === n) return false;
    counts[d] = start;
    start += c;
  }
  return true;
}

function scatter(
  word: Uint32Array,
  shift: number,
  starts: Uint32Array,
  hi: Uint32Array,
  lo: Uint32Array,
  slot: Int32Array,
  hiOut: Uint32Array,
  loOut: Uint32Array,
  slotOut: Int32Array,
): void {
  for (let i = 0; i < hi.length; i++) {
    const at = starts[(word[i]! >>> shift) & (BUCKETS - 1)]!++;
    hiOut[at] = hi[i]!;
    loOut[at] = lo[i]!;
    slotOut[at] = slot[i]!;
  }
}
