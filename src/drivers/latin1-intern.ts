/**
 * Latin-1 text of byte ranges that repeat on every message (header names, a run's id, its few
 * producer ids), decoded once and then returned by reference: a lookup hashes and compares the
 * bytes (no allocation), where `Buffer.toString` builds a new string per message.
 *
 * Broker-neutral: no client imports. Not thread-safe; one instance per thread (module state is
 * per worker thread). Nothing here throws.
 */

/** Most distinct strings kept; past it the table starts over (text of a hash collision is decoded every time). */
const MAX_ENTRIES = 1024;
/** Longer ranges are decoded every time (ids and header names are short). */
const MAX_LENGTH = 64;

interface Entry {
  bytes: Buffer;
  text: string;
}

export class Latin1Intern {
  private readonly table = new Map<number, Entry>();

  /** `raw.toString('latin1', start, end)`, the same string object for the same bytes. */
  get(raw: Buffer, start = 0, end = raw.length): string {
    const len = end - start;
    if (len <= 0) return '';
    if (len > MAX_LENGTH) return raw.toString('latin1', start, end);
    // FNV-1a over the bytes and the length.
    let h = 0x811c9dc5 ^ len;
    for (let i = start; i < end; i++) h = Math.imul(h ^ raw[i]!, 0x01000193);
    const hit = this.table.get(h);
    if (hit !== undefined && hit.bytes.length === len) {
      const b = hit.bytes;
      let i = 0;
      while (i < len && b[i] === raw[start + i]) i++;
      if (i === len) return hit.text;
    }
    const text = raw.toString('latin1', start, end);
    if (this.table.size >= MAX_ENTRIES) this.table.clear();
    this.table.set(h, { bytes: Buffer.from(text, 'latin1'), text });
    return text;
  }
}
