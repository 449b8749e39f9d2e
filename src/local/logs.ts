/**
 * The end of a local broker's log files, for the error that says why it did not start: note a
 * file's size before the start ({@link fileSize}), then show what was written after it ({@link logTail}).
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** A log file to show the end of, optionally only what was written after byte offset `from`. */
export interface LogSource {
  file: string;
  from?: number;
}

/** Current size of a file in bytes (0 when missing): pass as `from` to {@link logTail} later. */
export function fileSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

/**
 * Last `lines` lines of each existing file (after its `from` offset), each under a
 * `==> file <==` heading; '' when there is nothing to show.
 */
export function logTail(sources: LogSource[], lines = 25): string {
  const parts: string[] = [];
  for (const { file, from = 0 } of sources) {
    if (!existsSync(file)) continue;
    const text = readEnd(file, 64 * 1024, from).trimEnd();
    if (text.length === 0) continue;
    parts.push(`==> ${file} <==\n${text.split('\n').slice(-lines).join('\n')}`);
  }
  return parts.join('\n');
}

/** The last `bytes` bytes of a file after offset `from`, as UTF-8 (a partial first line dropped when cut). */
function readEnd(file: string, bytes: number, from: number): string {
  const size = statSync(file).size;
  const floor = from <= size ? from : 0; // the file was rotated or truncated since
  const start = Math.max(floor, size - bytes);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  const text = buf.toString('utf8');
  return start > floor ? text.slice(text.indexOf('\n') + 1) : text;
}
