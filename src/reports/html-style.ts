/** The stylesheet of report.html (inlined; system fonts only, so nothing is fetched). */
export const REPORT_CSS = `
:root { --fg: #0f172a; --muted: #64748b; --line: #e2e8f0; --bg: #f8fafc; --crit: #dc2626; --warn: #d97706; --info: #2563eb; --ok: #16a34a; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 15px; margin: 0 0 6px; }
code { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #eef2f7; padding: 1px 4px; border-radius: 3px; }
.meta, .muted { color: var(--muted); }
.meta { margin: 0; font-size: 13px; }
.verdict { margin-top: 18px; padding: 14px 18px; border-radius: 8px; border: 1px solid var(--line); border-left: 6px solid var(--info); background: #fff; }
.verdict h2 { border: 0; margin: 0 0 6px; padding: 0; }
.verdict p { margin: 4px 0; }
.verdict .headline { font-size: 16px; }
.verdict-healthy { border-left-color: var(--ok); }
.verdict-bottleneck { border-left-color: var(--crit); }
.verdict-generator-limited { border-left-color: var(--warn); }
.verdict-insufficient-data, .verdict-none { border-left-color: var(--muted); }
.finding { background: #fff; border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 8px; padding: 12px 16px; margin: 10px 0; }
.finding.sev-critical { border-left-color: var(--crit); }
.finding.sev-warning { border-left-color: var(--warn); }
.finding .evidence { margin: 6px 0; padding-left: 20px; }
.finding .recommendation { margin: 6px 0 0; }
.badge { display: inline-block; font-size: 11px; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; color: #fff; background: var(--info); border-radius: 4px; padding: 1px 6px; vertical-align: 2px; }
.badge.sev-critical { background: var(--crit); }
.badge.sev-warning { background: var(--warn); }
.badge.primary { background: var(--fg); }
.tiles { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin-top: 20px; }
.tile { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
.tile-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.tile-value { font-size: 22px; font-weight: 600; }
.tile-sub { color: var(--muted); font-size: 12px; }
.chart-box { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; margin: 12px 0; }
.chart { min-height: 40px; }
.nodata { color: var(--muted); font-style: italic; padding: 18px; text-align: center; background: #f1f5f9; border-radius: 6px; }
figcaption { color: var(--muted); font-size: 12px; margin-top: 6px; }
.legend-note { color: var(--muted); font-size: 12px; }
.swatch { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin: 0 4px 0 10px; vertical-align: 0; }
.swatch.fault { background: rgba(220, 38, 38, 0.3); }
.swatch.excluded { background: rgba(100, 116, 139, 0.25); }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; background: #fff; border: 1px solid var(--line); margin: 8px 0; min-width: 50%; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
th { background: #f1f5f9; font-weight: 600; font-size: 13px; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td[data-status="fail"] { color: var(--crit); font-weight: 700; }
td[data-status="pass"] { color: var(--ok); font-weight: 700; }
footer { margin-top: 36px; color: var(--muted); font-size: 12px; }
.u-legend { font-size: 12px; }
`;
