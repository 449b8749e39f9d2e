/** Types for `parse-prometheus-text-format` (the package ships none). Only what mqload uses. */
declare module 'parse-prometheus-text-format' {
  /** One sample line of a family; `value` is the raw text (`"1.5e3"`, `"NaN"`, `"+Inf"`). */
  export interface ParsedSample {
    value?: string;
    labels?: Record<string, string>;
    timestamp_ms?: string;
    count?: string;
    sum?: string;
    buckets?: Record<string, string>;
    quantiles?: Record<string, string>;
  }
  /** One metric family as the parser groups it (prom2json-compatible). */
  export interface ParsedFamily {
    name: string;
    help: string;
    type: 'COUNTER' | 'GAUGE' | 'SUMMARY' | 'HISTOGRAM' | 'UNTYPED';
    metrics: ParsedSample[];
  }
  export default function parsePrometheusTextFormat(text: string): ParsedFamily[];
}
