/**
 * A compact set of non-negative integer sequence numbers (one producer's messages), built for
 * delivery verification over runs of any length:
 *
 * - the number line is cut into chunks of {@link CHUNK_BITS} sequence numbers;
 * - a chunk is absent (nothing seen), a bitmap (8 KiB), `FULL` (every number seen, no storage) or,
 *   once {@link SeqSet.compact} found it cold, a short list of runs (a few bytes);
 * - chunks below the contiguous low-water mark (`fullBelow`) are not stored at all.
 *
 * `add` and `has` are O(1). Memory is O(chunks that are neither empty nor full): for a clean
 * stream that is the last chunk or two (constant whatever the run length); each gap that never
 * fills costs one compacted chunk (a few bytes per run of missing numbers). Merging two sets
 * counts the numbers both hold (duplicates across workers) in O(chunks).
 */
import { CHUNK_BITS, FULL, MAX_RUNS, WORDS, countOf, isBits, newBits, popcount32, runsHas, runsOf, toBits, type BitsChunk, type Chunk, type RunsChunk } from './chunks.js';

export { CHUNK_BITS, popcount32 } from './chunks.js';

/** The transferable form of a set (structured-clone friendly: numbers and typed arrays). */
export interface SeqSetWire {
  /** Every number below `fullBelow * CHUNK_BITS` is present. */
  fullBelow: number;
  full: number[];
  bits: Array<{ index: number; words: Uint32Array }>;
  runs: Array<{ index: number; runs: Uint32Array }>;
}

/** A compact set of sequence numbers (see the file comment). Not thread-safe; ship it with {@link SeqSet.toWire}. */
export class SeqSet {
  private readonly chunks = new Map<number, Chunk>();
  /** Chunks below this index are all full and not stored. */
  private fullBelow = 0;
  private highestChunk = -1;
  /** One-entry cache of the last bitmap chunk touched (hot path of `add`). */
  private lastIndex = -1;
  private last: BitsChunk | null = null;
  /** Number of distinct sequence numbers present. */
  size = 0;

  /** Adds `seq`; true when it was not present before (false: a duplicate). O(1). */
  add(seq: number): boolean {
    const index = Math.floor(seq / CHUNK_BITS);
    let c: Chunk | undefined;
    if (index === this.lastIndex && this.last) c = this.last;
    else {
      if (index < this.fullBelow) return false;
      c = this.chunks.get(index);
      if (c === FULL) return false;
      if (c === undefined) {
        c = newBits();
        this.chunks.set(index, c);
        if (index > this.highestChunk) this.highestChunk = index;
      } else if (!isBits(c)) {
        const off = seq - index * CHUNK_BITS;
        if (runsHas(c.runs, off)) return false;
        c = toBits(c);
        this.chunks.set(index, c);
      }
      this.lastIndex = index;
      this.last = c;
    }
    const bc = c as BitsChunk;
    const off = seq - index * CHUNK_BITS;
    const w = off >>> 5;
    const mask = 1 << (off & 31);
    const word = bc.bits[w]!;
    if ((word & mask) !== 0) return false;
    bc.bits[w] = word | mask;
    bc.count++;
    this.size++;
    if (bc.count === CHUNK_BITS) this.markFull(index);
    return true;
  }

  /** True when `seq` is present. O(1) (O(log runs) for a compacted chunk). */
  has(seq: number): boolean {
    const index = Math.floor(seq / CHUNK_BITS);
    if (index < this.fullBelow) return true;
    const c = this.chunks.get(index);
    if (c === undefined) return false;
    if (c === FULL) return true;
    const off = seq - index * CHUNK_BITS;
    if (isBits(c)) return (c.bits[off >>> 5]! & (1 << (off & 31))) !== 0;
    return runsHas(c.runs, off);
  }

  private markFull(index: number): void {
    this.chunks.set(index, FULL);
    if (index > this.highestChunk) this.highestChunk = index;
    if (this.lastIndex === index) {
      this.lastIndex = -1;
      this.last = null;
    }
    while (this.chunks.get(this.fullBelow) === FULL) {
      this.chunks.delete(this.fullBelow);
      this.fullBelow++;
    }
  }

  private setChunk(index: number, c: BitsChunk | RunsChunk): void {
    if (c.count === CHUNK_BITS) return this.markFull(index);
    this.chunks.set(index, c);
    if (index > this.highestChunk) this.highestChunk = index;
    if (this.lastIndex === index) {
      this.lastIndex = -1;
      this.last = null;
    }
  }

  /** Every chunk that is stored or implied by `fullBelow`, in no particular order. */
  private *allChunks(): Generator<[number, Chunk]> {
    for (let i = 0; i < this.fullBelow; i++) yield [i, FULL];
    yield* this.chunks;
  }

  private chunkAt(index: number): Chunk | undefined {
    return index < this.fullBelow ? FULL : this.chunks.get(index);
  }

  /**
   * Adds every number of `other` to this set and returns how many of them were present
   * already (the overlap: duplicates when the two sets are deliveries of one group).
   */
  mergeFrom(other: SeqSet): number {
    let overlap = 0;
    for (const [index, src] of other.allChunks()) {
      const mine = this.chunkAt(index);
      if (mine === undefined) {
        if (src === FULL) this.markFull(index);
        else this.setChunk(index, isBits(src) ? { bits: src.bits.slice(), count: src.count, checkedAt: -1 } : { runs: src.runs.slice(), count: src.count });
        this.size += countOf(src);
        continue;
      }
      if (mine === FULL) {
        overlap += countOf(src);
        continue;
      }
      if (src === FULL) {
        overlap += mine.count;
        this.size += CHUNK_BITS - mine.count;
        this.markFull(index);
        continue;
      }
      const a = isBits(mine) ? mine : toBits(mine);
      const b = isBits(src) ? src.bits : toBits(src).bits;
      let both = 0;
      let added = 0;
      for (let w = 0; w < WORDS; w++) {
        const x = a.bits[w]!;
        const y = b[w]!;
        if (y === 0) continue;
        both += popcount32(x & y);
        added += popcount32(y & ~x);
        a.bits[w] = (x | y) >>> 0;
      }
      a.count += added;
      a.checkedAt = -1;
      this.size += added;
      overlap += both;
      this.setChunk(index, a);
    }
    return overlap;
  }

  /** Number of sequence numbers present in both sets. O(chunks). */
  intersectionSize(other: SeqSet): number {
    let n = 0;
    const [small, large] = this.storedChunkCount() <= other.storedChunkCount() ? [this, other] : [other, this];
    for (const [index, c] of small.allChunks()) {
      const d = large.chunkAt(index);
      if (d === undefined) continue;
      if (c === FULL) n += countOf(d);
      else if (d === FULL) n += c.count;
      else {
        const a = isBits(c) ? c.bits : toBits(c).bits;
        const b = isBits(d) ? d.bits : toBits(d).bits;
        for (let w = 0; w < WORDS; w++) n += popcount32(a[w]! & b[w]!);
      }
    }
    return n;
  }

  /** The smallest number present, or undefined when the set is empty. O(chunks). */
  min(): number | undefined {
    if (this.size === 0) return undefined;
    if (this.fullBelow > 0) return 0;
    let index = Number.POSITIVE_INFINITY;
    for (const i of this.chunks.keys()) if (i < index) index = i;
    const c = this.chunks.get(index);
    if (c === undefined) return undefined;
    const base = index * CHUNK_BITS;
    if (c === FULL) return base;
    if (!isBits(c)) return c.runs.length > 0 ? base + c.runs[0]! : undefined;
    for (let w = 0; w < WORDS; w++) {
      const word = c.bits[w]!;
      if (word !== 0) return base + w * 32 + (31 - Math.clz32(word & -word));
    }
    return undefined;
  }

  /** How many numbers below `limit` are present. O(chunks). */
  countBelow(limit: number): number {
    if (limit <= 0) return 0;
    const last = Math.floor(limit / CHUNK_BITS);
    const off = limit - last * CHUNK_BITS;
    let n = 0;
    for (const [index, c] of this.allChunks()) {
      if (index < last) n += countOf(c);
      else if (index === last && off > 0) {
        if (c === FULL) n += off;
        else {
          const bits = isBits(c) ? c.bits : toBits(c).bits;
          const whole = off >>> 5;
          for (let w = 0; w < whole; w++) n += popcount32(bits[w]!);
          const rest = off & 31;
          if (rest > 0) n += popcount32(bits[whole]! & ((1 << rest) - 1));
        }
      }
    }
    return n;
  }

  private storedChunkCount(): number {
    return this.fullBelow + this.chunks.size;
  }

  /**
   * Shrinks cold bitmap chunks (all but the two highest) to runs when they have few runs, e.g.
   * a chunk with a handful of lost messages. Cheap to call often: a chunk whose count has not
   * changed since it was found incompressible is skipped.
   */
  compact(): void {
    for (const [index, c] of this.chunks) {
      if (c === FULL || !isBits(c) || index >= this.highestChunk - 1 || c.checkedAt === c.count) continue;
      const runs = runsOf(c.bits, MAX_RUNS);
      if (runs) this.setChunk(index, { runs, count: c.count });
      else c.checkedAt = c.count;
    }
  }

  /** Approximate bytes held (typed arrays plus per-chunk overhead). */
  byteSize(): number {
    let bytes = 64;
    for (const c of this.chunks.values()) {
      bytes += 48;
      if (c === FULL) continue;
      bytes += isBits(c) ? c.bits.byteLength : c.runs.byteLength;
    }
    return bytes;
  }

  /** A structured-clone friendly view (for postMessage between threads); shares the bitmaps, so stop using the set after sending it. */
  toWire(): SeqSetWire {
    const wire: SeqSetWire = { fullBelow: this.fullBelow, full: [], bits: [], runs: [] };
    for (const [index, c] of this.chunks) {
      if (c === FULL) wire.full.push(index);
      else if (isBits(c)) wire.bits.push({ index, words: c.bits });
      else wire.runs.push({ index, runs: c.runs });
    }
    return wire;
  }

  /** Rebuilds a set from {@link toWire}'s output (takes ownership of its arrays). */
  static fromWire(wire: SeqSetWire): SeqSet {
    const s = new SeqSet();
    s.fullBelow = wire.fullBelow;
    s.size = wire.fullBelow * CHUNK_BITS;
    for (const index of wire.full) {
      s.chunks.set(index, FULL);
      s.size += CHUNK_BITS;
    }
    for (const { index, words } of wire.bits) {
      let count = 0;
      for (let w = 0; w < WORDS; w++) count += popcount32(words[w]!);
      s.chunks.set(index, { bits: words, count, checkedAt: -1 });
      s.size += count;
    }
    for (const { index, runs } of wire.runs) {
      let count = 0;
      for (let i = 0; i < runs.length; i += 2) count += runs[i + 1]! - runs[i]!;
      s.chunks.set(index, { runs, count });
      s.size += count;
    }
    for (const index of s.chunks.keys()) if (index > s.highestChunk) s.highestChunk = index;
    while (s.chunks.get(s.fullBelow) === FULL) {
      s.chunks.delete(s.fullBelow);
      s.fullBelow++;
    }
    return s;
  }
}

/** {@link SeqSetWire} as plain JSON (for files): the words and runs as base64 of their little-endian bytes. */
export interface SeqSetJson {
  fullBelow: number;
  full: number[];
  bits: Array<{ index: number; words: string }>;
  runs: Array<{ index: number; runs: string }>;
}

const toBase64 = (a: Uint32Array): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
function fromBase64(text: string): Uint32Array {
  const b = Buffer.from(text, 'base64');
  const out = new Uint32Array(Math.floor(b.byteLength / 4));
  new Uint8Array(out.buffer).set(b.subarray(0, out.byteLength));
  return out;
}

/** A set as JSON ({@link SeqSetJson}); the set stays usable. */
export function seqSetToJson(set: SeqSet): SeqSetJson {
  const w = set.toWire();
  return { fullBelow: w.fullBelow, full: [...w.full], bits: w.bits.map((b) => ({ index: b.index, words: toBase64(b.words) })), runs: w.runs.map((r) => ({ index: r.index, runs: toBase64(r.runs) })) };
}

/** Rebuilds a set from {@link seqSetToJson}'s output. */
export function seqSetFromJson(json: SeqSetJson): SeqSet {
  return SeqSet.fromWire({ fullBelow: json.fullBelow, full: [...json.full], bits: json.bits.map((b) => ({ index: b.index, words: fromBase64(b.words) })), runs: json.runs.map((r) => ({ index: r.index, runs: fromBase64(r.runs) })) });
}
