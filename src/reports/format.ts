/**
 * Number formatting shared by the reports and `compare`: every figure a person reads carries
 * its unit. Each function returns `n/a` for null, undefined or non-finite input.
 */

const NA = 'n/a';

function isNum(v: number | null | undefined): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

/** Rounds to `digits` significant digits without exponent notation (1234.5 → "1235", 0.01234 → "0.0123"). */
export function sig(v: number, digits = 3): string {
  if (v === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(v)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return Number(v.toFixed(Math.min(decimals, 6))).toString();
}

/** A latency given in milliseconds: `850 µs`, `12.3 ms`, `4.20 s`. */
export function formatMs(ms: number | null | undefined): string {
  if (!isNum(ms)) return NA;
  if (Math.abs(ms) < 1) return `${sig(ms * 1000)} µs`;
  if (Math.abs(ms) < 1000) return `${sig(ms)} ms`;
  return `${sig(ms / 1000)} s`;
}

/** A duration in seconds: `45 s`, `2 min 5 s`, `1 h 3 min`. */
export function formatSeconds(sec: number | null | undefined): string {
  if (!isNum(sec)) return NA;
  if (Math.abs(sec) < 60) return `${sig(sec)} s`;
  const total = Math.round(sec);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${m} min`;
  return s > 0 ? `${m} min ${s} s` : `${m} min`;
}

/** A message rate, msg/s: `12,345 msg/s`, `0.5 msg/s`. */
export function formatRate(perSec: number | null | undefined): string {
  if (!isNum(perSec)) return NA;
  return `${formatNumber(perSec)} msg/s`;
}

/** A plain number with thousands separators; values under 100 keep 3 significant digits. */
export function formatNumber(v: number | null | undefined): string {
  if (!isNum(v)) return NA;
  if (Math.abs(v) >= 100) return Math.round(v).toLocaleString('en-US');
  return sig(v);
}

/** A count of messages or events: `1,234,567`. */
export function formatCount(v: number | null | undefined): string {
  if (!isNum(v)) return NA;
  return Math.round(v).toLocaleString('en-US');
}

/** Bytes in binary units: `512 B`, `1.50 KiB`, `2.00 GiB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (!isNum(bytes)) return NA;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i += 1;
  }
  return i === 0 ? `${Math.round(v)} B` : `${sig(v)} ${units[i]}`;
}

/** A rate in bytes per second: `1.20 MiB/s`. */
export function formatBytesPerSec(bps: number | null | undefined): string {
  if (!isNum(bps)) return NA;
  return `${formatBytes(bps)}/s`;
}

/** A percentage given as 0–100: `42.5 %`. */
export function formatPercent(pct: number | null | undefined): string {
  if (!isNum(pct)) return NA;
  return `${sig(pct)} %`;
}

/** A ratio given as 0–1, shown as a percentage. */
export function formatRatio(ratio: number | null | undefined): string {
  if (!isNum(ratio)) return NA;
  return formatPercent(ratio * 100);
}

/** A signed relative change given as a fraction (0.123 → `+12.3 %`); infinite → `new`. */
export function formatChange(fraction: number | null | undefined): string {
  if (fraction === Number.POSITIVE_INFINITY) return 'new (was 0)';
  if (fraction === Number.NEGATIVE_INFINITY) return 'gone';
  if (!isNum(fraction)) return NA;
  const pct = fraction * 100;
  const sign = pct > 0 ? '+' : pct < 0 ? '−' : '±';
  return `${sign}${sig(Math.abs(pct))} %`;
}

/**
 * Formats a value by the unit name used in evidence and sample names (`ms`, `s`, `bytes`,
 * `bytes/s`, `%`, `ratio`, `msg/s`, `count`, …). Unknown units print as `<number> <unit>`.
 */
export function formatWithUnit(value: number | null | undefined, unit: string): string {
  switch (unit) {
    case 'ms':
      return formatMs(value);
    case 's':
    case 'seconds':
    case 'sec':
      return formatSeconds(value);
    case 'bytes':
    case 'B':
      return formatBytes(value);
    case 'bytes/s':
    case 'B/s':
      return formatBytesPerSec(value);
    case '%':
    case 'percent':
      return formatPercent(value);
    case 'ratio':
      return formatRatio(value);
    case 'msg/s':
      return formatRate(value);
    case 'count':
    case 'messages':
    case 'msgs':
      return isNum(value) ? `${formatCount(value)}${unit === 'count' ? '' : ` ${unit}`}` : NA;
    default:
      return isNum(value) ? `${formatNumber(value)}${unit ? ` ${unit}` : ''}` : NA;
  }
}

/** A time window in seconds since run start: `t=10–70 s`. */
export function formatWindow(w: { from: number; to: number } | null | undefined): string {
  if (!w || !isNum(w.from) || !isNum(w.to)) return NA;
  return `t=${sig(w.from, 4)}–${sig(w.to, 4)} s`;
}

/**
 * Best-effort unit of a threshold metric name (e.g. `publish_latency` → `ms`, `error_rate` →
 * `ratio`); '' when the name says nothing about its unit.
 */
export function unitForMetric(metric: string): string {
  if (/(latency|delay)(_ms)?$/.test(metric) || metric.endsWith('_ms')) return 'ms';
  if (/_(seconds|sec)$/.test(metric)) return 's';
  if (/_(percent|pct)$/.test(metric)) return '%';
  if (/_(ratio|rate_ratio)$/.test(metric)) return 'ratio';
  if (/_bytes$/.test(metric)) return 'bytes';
  if (/(throughput|_per_sec)$/.test(metric)) return 'msg/s';
  return '';
}
