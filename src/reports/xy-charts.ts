/**
 * Small x–y charts for the one-page reports of multi-run commands (`sweep.html`, `tune.html`):
 * the chart specs travel as JSON in the page, and one inlined client script draws each with
 * uPlot (x not a time axis), marking the page `data-render-status` ok or error and
 * `data-charts-drawn` with the count, as the run report does.
 */
import { escapeInlineScript, jsonForScript } from './html-assets.js';

/** One chart: its element id, labels, uPlot series options (one per y column) and columns (x first). */
export interface XyChart {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: Array<Record<string, unknown>>;
  data: Array<Array<number | null>>;
}

const CLIENT = `
const charts = JSON.parse(document.getElementById('xy-charts').textContent);
let drawn = 0;
try {
  for (const c of charts) {
    const el = document.getElementById(c.id);
    if (!c.data[0].length) { el.textContent = 'No data'; continue; }
    new uPlot({ title: c.title, width: Math.min(900, el.clientWidth || 900), height: 320, scales: { x: { time: false } },
      axes: [{ label: c.xLabel }, { label: c.yLabel }], series: [{ label: c.xLabel }].concat(c.series) }, c.data, el);
    drawn++;
  }
  document.body.dataset.renderStatus = 'ok';
} catch (e) { document.body.dataset.renderStatus = 'error:' + e.message; }
document.body.dataset.chartsDrawn = String(drawn);
`;

/** The chart containers, in order. */
export function xyChartDivs(charts: readonly XyChart[]): string {
  return charts.map((c) => `<div class="chart" id="${c.id}"></div>`).join('');
}

/** The data and the scripts that draw the charts: uPlot itself (`uplotJs`), then the client. Place at the end of the body. */
export function xyChartScripts(charts: readonly XyChart[], uplotJs: string): string {
  return `<script type="application/json" id="xy-charts">${jsonForScript(charts)}</script>
<script>${escapeInlineScript(uplotJs)}</script>
<script>${escapeInlineScript(CLIENT)}</script>`;
}
