/**
 * The scripts report.html runs in the browser, as text. Kept apart from the page layout so the
 * browser-side code reads as one unit. Both are plain ES2017 and use only the DOM and the global
 * `uPlot` from the inlined library.
 *
 * Contract with the page (tested in headless Chromium):
 * - the page holds `<script type="application/json" id="mqload-data">{"charts": ChartSpec[]}</script>`
 *   and one `<div class="chart" id="chart-<id>">` per chart;
 * - after drawing, `<body>` carries `data-render-status` = `ok` or `error:<messages>` (uncaught
 *   errors, unhandled rejections and console.error calls), `data-charts-with-data` (charts whose
 *   spec has data) and `data-charts-drawn` (charts uPlot actually drew).
 */

/** Runs first, in `<head>`: records errors for the render status. */
export const ERROR_CAPTURE_SCRIPT = `
window.__mqloadErrors = [];
window.addEventListener('error', function (e) { window.__mqloadErrors.push(String(e.message || e.error || 'error')); });
window.addEventListener('unhandledrejection', function (e) { window.__mqloadErrors.push('unhandled rejection: ' + String(e.reason)); });
(function () {
  var original = console.error;
  console.error = function () {
    window.__mqloadErrors.push(Array.prototype.map.call(arguments, String).join(' '));
    return original.apply(console, arguments);
  };
})();
`;

/** Runs last, at the end of `<body>`: draws every chart from the embedded data. */
export const CHART_SCRIPT = `
(function () {
  var drawn = {};
  var charts = [];
  var withData = 0;
  var pctLabels = { 0: 'p0', 1: 'p90', 2: 'p99', 3: 'p99.9', 4: 'p99.99' };

  function bandFill(kind) { return kind === 'fault' ? 'rgba(220, 38, 38, 0.16)' : 'rgba(100, 116, 139, 0.12)'; }

  function drawBands(spec) {
    return function (u) {
      if (!spec.bands.length) return;
      var ctx = u.ctx;
      ctx.save();
      spec.bands.forEach(function (b) {
        var left = u.bbox.left, right = u.bbox.left + u.bbox.width;
        var x0 = Math.max(left, Math.min(right, u.valToPos(b.from, 'x', true)));
        var x1 = Math.max(left, Math.min(right, u.valToPos(b.to, 'x', true)));
        if (x1 - x0 < 3) { x0 = Math.max(left, x0 - 1.5); x1 = x0 + 3; }
        ctx.fillStyle = bandFill(b.kind);
        ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
      });
      ctx.restore();
    };
  }

  function chartWidth(el) { return Math.max(320, (el.clientWidth || 960) - 8); }

  function render(spec) {
    var el = document.getElementById('chart-' + spec.id);
    if (!el) throw new Error('no element for chart ' + spec.id);
    if (!spec.hasData) {
      var note = document.createElement('div');
      note.className = 'nodata';
      note.textContent = 'No data: nothing was recorded for this chart in this run.';
      el.appendChild(note);
      return;
    }
    withData += 1;
    var hasY2 = spec.lines.some(function (l) { return l.scale === 'y2'; });
    var series = [{ label: spec.xKind === 'time' ? 't (s)' : 'percentile',
      value: spec.xKind === 'time'
        ? function (u, v) { return v == null ? '—' : v.toFixed(1) + ' s'; }
        : function (u, v) { return v == null ? '—' : 'p' + (100 * (1 - Math.pow(10, -v))).toFixed(v > 2 ? 3 : 1); } }];
    spec.lines.forEach(function (l) {
      var s = { label: l.label, stroke: l.color, width: 1.6, scale: l.scale, spanGaps: true, points: { show: false } };
      if (l.dash) s.dash = l.dash;
      series.push(s);
    });
    var scales = { x: { time: false } };
    scales.y = spec.yLog ? { distr: 3, log: 10 } : { auto: true, range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.08 : 1]; } };
    if (hasY2) scales.y2 = { auto: true, range: function (u, min, max) { return [Math.min(0, min), max > 0 ? max * 1.08 : 1]; } };
    var xAxis = { label: spec.xKind === 'time' ? 'seconds since start' : 'percentile', stroke: '#475569', grid: { stroke: '#e2e8f0' } };
    if (spec.xKind === 'percentile') {
      scales.x.range = function () { return [0, 4]; };
      xAxis.splits = function () { return [0, 1, 2, 3, 4]; };
      xAxis.values = function (u, splits) { return splits.map(function (s) { return pctLabels[s] || ''; }); };
    }
    var axes = [xAxis, { label: spec.yLabel, scale: 'y', size: 64, stroke: '#475569', grid: { stroke: '#e2e8f0' } }];
    if (hasY2) axes.push({ label: spec.y2Label || '', scale: 'y2', side: 1, size: 56, stroke: '#475569', grid: { show: false } });
    var data = [spec.x].concat(spec.lines.map(function (l) { return l.values; }));
    var opts = {
      width: chartWidth(el), height: 260, series: series, scales: scales, axes: axes,
      legend: { live: true },
      hooks: { drawClear: [drawBands(spec)], draw: [function () { drawn[spec.id] = true; }] }
    };
    charts.push({ el: el, plot: new uPlot(opts, data, el) });
  }

  function finish() {
    var errors = window.__mqloadErrors || [];
    document.body.setAttribute('data-charts-with-data', String(withData));
    document.body.setAttribute('data-charts-drawn', String(Object.keys(drawn).length));
    document.body.setAttribute('data-render-status', errors.length ? 'error:' + errors.join(' | ').slice(0, 500) : 'ok');
  }

  try {
    var payload = JSON.parse(document.getElementById('mqload-data').textContent);
    payload.charts.forEach(function (spec) {
      try { render(spec); } catch (e) { window.__mqloadErrors.push('chart ' + spec.id + ': ' + (e && e.message ? e.message : String(e))); }
    });
  } catch (e) {
    window.__mqloadErrors.push('report data: ' + (e && e.message ? e.message : String(e)));
  }
  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.plot.setSize({ width: chartWidth(c.el), height: 260 }); });
  });
  setTimeout(finish, 0);
})();
`;
