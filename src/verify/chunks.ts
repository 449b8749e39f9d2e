/**
 * The chunks a {@link import('./seq-set.js').SeqSet} is made of: {@link CHUNK_BITS} consecutive
 * sequence numbers stored as a bitmap (8 KiB), as a short list of runs (a cold chunk with few
 * gaps), or as `FULL` (no storage). Pure helpers, no state.
 */

/** Sequence numbers per chunk (2^16: a bitmap chunk is 2048 32-bit words, 8 KiB). */
export const CHUNK_BITS = 65536;
/** 32-bit words per bitmap chunk. */
export const WORDS = CHUNK_BITS / 32;
/** A cold bitmap chunk is stored as runs when it has at most this many runs of present numbers. */
export const MAX_RUNS = 128;

/** A chunk with every sequence number present. */
export const FULL = 'full' as const;

/** Bitmap chunk: bit `off` set when `chunk * CHUNK_BITS + off` is present. */
export interface BitsChunk {
  bits: Uint32Array;
  count: number;
  /** `count` when compaction last looked and found too many runs (skip until it changes). */
  checkedAt: number;
}

/** Runs chunk: present numbers as sorted, disjoint [start, end) offset pairs. */
export interface RunsChunk {
  runs: Uint32Array;
  count: number;
}

export type Chunk = BitsChunk | RunsChunk | typeof FULL;

/** Number of set bits in a 32-bit word. */
export function popcount32(v: number): number {
  v = v - ((v >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** An empty bitmap chunk. */
export function newBits(): BitsChunk {
  return { bits: new Uint32Array(WORDS), count: 0, checkedAt: -1 };
}

/** True for a bitmap chunk. */
export function isBits(c: Chunk): c is BitsChunk {
  return c !== FULL && 'bits' in c;
}

/** Sequence numbers present in a chunk. */
export function countOf(c: Chunk): number {
  return c === FULL ? CHUNK_BITS : c.count;
}

/** A bitmap copy of any chunk (FULL → all ones). */
export function toBits(c: Chunk): BitsChunk {
  if (c === FULL) {
    const b = newBits();
    b.bits.fill(0xffffffff);
    b.count = CHUNK_BITS;
    return b;
  }
  if (isBits(c)) return { bits: c.bits.slice(), count: c.count, checkedAt: -1 };
  const b = newBits();
  for (let i = 0; i < c.runs.length; i += 2) setRange(b.bits, c.runs[i]!, c.runs[i + 1]!);
  b.count = c.count;
  return b;
}

/** Sets bits [from, to) of a chunk bitmap. */
export function setRange(bits: Uint32Array, from: number, to: number): void {
  for (let off = from; off < to; ) {
    const w = off >>> 5;
    const bit = off & 31;
    const n = Math.min(32 - bit, to - off);
    const mask = n === 32 ? 0xffffffff : ((1 << n) - 1) << bit;
    bits[w] = (bits[w]! | mask) >>> 0;
    off += n;
  }
}

/** Runs of present bits of a bitmap, or null when there are more than `max`. */
export function runsOf(bits: Uint32Array, max: number): Uint32Array | null {
  const out: number[] = [];
  let start = -1;
  for (let w = 0; w < WORDS; w++) {
    const word = bits[w]!;
    if ((word === 0 && start < 0) || (word === 0xffffffff && start >= 0)) continue;
    for (let b = 0; b < 32; b++) {
      const on = (word >>> b) & 1;
      const off = w * 32 + b;
      if (on && start < 0) start = off;
      else if (!on && start >= 0) {
        out.push(start, off);
        start = -1;
        if (out.length > max * 2) return null;
      }
    }
  }
  if (start >= 0) out.push(start, CHUNK_BITS);
  return out.length > max * 2 ? null : Uint32Array.from(out);
}

/** True when offset `off` lies in one of the runs (binary search). */
export function runsHas(runs: Uint32Array, off: number): boolean {
  let lo = 0;
  let hi = runs.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (off < runs[mid * 2]!) hi = mid - 1;
    else if (off >= runs[mid * 2 + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}
