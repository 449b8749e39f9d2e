/**
 * `report.json`: the machine-readable report. Totals (from summary.json or, lacking it, the
 * timeline), the findings, resource and lag statistics, and the key series. Units are in the
 * field names (`…Ms`, `…PerSec`, `…Sec`) or documented on {@link ReportJson}.
 */
import { driverAddresses } from '../drivers/addresses.js'; // rabbitmq: moves into the registry
import type { RunSummary, ThresholdResult } from '../record/summary.js';
import type { FindingsFile } from '../analyzer/finding-types.js';
import { analysisWindow, entriesInWindow, runTotals, type ReportInput, type RunTotals, type TimeWindow } from './input.js';
import { faultWindows, type FaultWindow } from './faults.js';
import { rankFindings } from './findings.js';
import { lagSeries, loadEndTime, summariseLag, type LagGroupSeries, type LagSummary } from './lag.js';
import { redactedClientConfig } from './config.js';
import { resourceRows, type ResourceRow } from './samples.js';
import { timelineSeries, type TimelineSeries } from './series.js';
import { latencySpectrum, type PercentileSpectrum } from './spectrum.js';

/** Version of the report.json layout (major.minor; readers accept the same major). */
export const REPORT_JSON_VERSION = '1.0';

/** The shape of `report.json`. Times are seconds since run start; latencies ms; rates msg/s. */
export interface ReportJson {
  reportVersion: string;
  runId: string | null;
  /** Null when profile.json is missing. Client properties have secrets redacted. */
  profile: { name: string; driver: string; brokers: string[]; clientConfig: Record<string, string | number | boolean> } | null;
  status: RunSummary['status'] | 'unknown';
  window: TimeWindow;
  totals: RunTotals;
  verdict: FindingsFile['verdict'] | null;
  headline: string | null;
  primary: string | null;
  /** Ranked: primary first, then by severity. */
  findings: FindingsFile['findings'];
  insufficient: FindingsFile['insufficient'];
  scaling: FindingsFile['scaling'] | null;
  thresholds: ThresholdResult[];
  delivery: NonNullable<RunSummary['delivery']>;
  resources: ResourceRow[];
  lag: LagSummary[];
  faults: FaultWindow[];
  summary: RunSummary | null;
  series: {
    timeline: TimelineSeries;
    lag: LagGroupSeries[];
    latencySpectrum: PercentileSpectrum;
  };
}

/** Builds the report.json object. */
export function buildReportJson(input: ReportInput): ReportJson {
  const window = analysisWindow(input);
  const totals = runTotals(input);
  const f = input.findings;
  const lag = lagSeries(input.samples);
  return {
    reportVersion: REPORT_JSON_VERSION,
    runId: input.summary?.runId ?? f?.runId ?? null,
    profile: input.profile
      ? {
          name: input.profile.name,
          driver: input.profile.driver.type,
          brokers: driverAddresses(input.profile.driver), // rabbitmq: moves into the registry
          clientConfig: redactedClientConfig(input.profile),
        }
      : null,
    status: input.summary?.status ?? 'unknown',
    window,
    totals,
    verdict: f?.verdict ?? null,
    headline: f?.headline ?? null,
    primary: f?.primary ?? null,
    findings: rankFindings(f),
    insufficient: f?.insufficient ?? [],
    scaling: f?.scaling ?? null,
    thresholds: input.summary?.thresholds ?? [],
    delivery: input.summary?.delivery ?? [],
    resources: resourceRows(input.samples, window),
    lag: summariseLag(lag, loadEndTime(input.timeline)),
    faults: faultWindows(input.events),
    summary: input.summary,
    series: {
      timeline: timelineSeries(input.timeline),
      lag,
      latencySpectrum: latencySpectrum(entriesInWindow(input.timeline, window), totals.latencyMs.publish, totals.latencyMs.e2e),
    },
  };
}

/** report.json text (2-space indented, trailing newline). */
export function renderJson(input: ReportInput): string {
  return `${JSON.stringify(buildReportJson(input), null, 2)}\n`;
}
