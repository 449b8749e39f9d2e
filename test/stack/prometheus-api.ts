/**
 * A small client for the Prometheus HTTP API (`/api/v1/...`) as Grafana uses it: range queries
 * for time-series panels and annotations, label values for template variables.
 */

/** One series of a range query: labels and `[unix seconds, "value"]` pairs. */
export interface RangeSeries {
  metric: Record<string, string>;
  values: Array<[number, string]>;
}

interface ApiResponse<T> {
  status: 'success' | 'error';
  data?: T;
  errorType?: string;
  error?: string;
}

/** Talks to one Prometheus server. All calls time out after 10 s. */
export class PrometheusApi {
  constructor(readonly baseUrl: string) {}

  private async get<T>(path: string, params: Record<string, string | string[]>): Promise<T> {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
    const res = await fetch(`${this.baseUrl}${path}?${qs}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json()) as ApiResponse<T>;
    if (body.status !== 'success' || body.data === undefined) throw new Error(`${path} ${res.status}: ${body.errorType ?? ''} ${body.error ?? 'no data field'}`);
    return body.data;
  }

  /** True once `/-/ready` answers 200. Throws while the server is not listening yet. */
  async ready(): Promise<boolean> {
    const res = await fetch(`${this.baseUrl}/-/ready`, { signal: AbortSignal.timeout(2000) });
    await res.arrayBuffer();
    return res.ok;
  }

  /** `/api/v1/query_range` (seconds since the epoch, step in seconds); rejects on a PromQL error. */
  async queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
    const data = await this.get<{ resultType: string; result: RangeSeries[] }>('/api/v1/query_range', {
      query: expr,
      start: start.toFixed(3),
      end: end.toFixed(3),
      step: String(step),
    });
    if (data.resultType !== 'matrix') throw new Error(`expected a matrix, got ${data.resultType}`);
    return data.result;
  }

  /** `/api/v1/query` at `time` (seconds since the epoch): the instant vector's samples. */
  async query(expr: string, time: number): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
    const data = await this.get<{ resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }>('/api/v1/query', {
      query: expr,
      time: time.toFixed(3),
    });
    if (data.resultType !== 'vector') throw new Error(`expected a vector, got ${data.resultType}`);
    return data.result;
  }

  /** `/api/v1/label/<label>/values`, restricted to series matching `match` when given. */
  labelValues(label: string, match: string | null, start: number, end: number): Promise<string[]> {
    const params: Record<string, string | string[]> = { start: start.toFixed(3), end: end.toFixed(3) };
    if (match !== null) params['match[]'] = match;
    return this.get<string[]>(`/api/v1/label/${encodeURIComponent(label)}/values`, params);
  }
}

/** True when some series has a sample whose value is a finite number (not NaN, not ±Inf). */
export function hasFiniteValue(series: RangeSeries[]): boolean {
  return series.some((s) => s.values.some(([, v]) => Number.isFinite(Number(v))));
}
