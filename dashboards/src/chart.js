// Reading history charts with uPlot: per sensor the bucket mean as a line and the min..max of each
// bucket as a shaded band (peaks kept, so downsampling hides no breach), the storage profile's band
// behind, and excursions shaded.
import uPlot from "uplot";
import { formatLocal } from "./time.js";

const COLORS = ["#1f6feb", "#d1242f", "#1a7f37", "#8250df", "#bf8700", "#0a7ea4"];

function rgba(hex, alpha) {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** Align the series' buckets on one time axis (seconds): [times, ...[mean, min, max] per sensor]. */
export function alignSeries(seriesList, quantity) {
  const index = new Map();
  for (const series of seriesList) {
    for (const b of series.buckets) index.set(Date.parse(b.time) / 1000, 0);
  }
  const times = Float64Array.from([...index.keys()].sort((a, b) => a - b));
  times.forEach((t, i) => index.set(t, i));
  const columns = [times];
  for (const series of seriesList) {
    const mean = new Array(times.length).fill(null);
    const min = new Array(times.length).fill(null);
    const max = new Array(times.length).fill(null);
    for (const b of series.buckets) {
      const i = index.get(Date.parse(b.time) / 1000);
      mean[i] = b[quantity].mean;
      min[i] = b[quantity].min;
      max[i] = b[quantity].max;
    }
    columns.push(mean, min, max);
  }
  return columns;
}

function drawBackground(u, band, shades) {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  if (band && (band.min !== null || band.max !== null)) {
    const yTop = band.max === null ? top : u.valToPos(band.max, "y", true);
    const yBottom = band.min === null ? top + height : u.valToPos(band.min, "y", true);
    ctx.fillStyle = "rgba(26,127,55,0.10)";
    ctx.fillRect(left, Math.max(top, yTop), width, Math.min(top + height, yBottom) - Math.max(top, yTop));
  }
  ctx.fillStyle = "rgba(209,36,47,0.16)";
  for (const shade of shades) {
    const x0 = Math.max(left, u.valToPos(Date.parse(shade.start) / 1000, "x", true));
    const endS = shade.end ? Date.parse(shade.end) / 1000 : u.scales.x.max;
    const x1 = Math.min(left + width, u.valToPos(endS, "x", true));
    if (x1 > x0) ctx.fillRect(x0, top, x1 - x0, height);
  }
  ctx.restore();
}

/**
 * Draw a history chart into ``el``; returns the uPlot instance. ``options``: quantity
 * ("temperature_c" | "humidity_pct"), unit, timeZone, band {min,max}, shades [{start,end}].
 */
export function historyChart(el, history, options) {
  const { quantity, unit, timeZone, band = null, shades = [], title } = options;
  const data = alignSeries(history.series, quantity);
  const series = [{ label: "Time", value: (u, v) => (v === null ? "—" : formatLocal(v * 1000, timeZone)) }];
  const bands = [];
  history.series.forEach((s, i) => {
    const color = COLORS[i % COLORS.length];
    const fmt = (u, v) => (v === null || v === undefined ? "—" : `${v.toFixed(1)} ${unit}`);
    series.push({ label: `${s.sensor} mean`, stroke: color, width: 1.5, value: fmt, spanGaps: false });
    series.push({ label: `${s.sensor} min`, stroke: rgba(color, 0.35), width: 0.5, value: fmt });
    series.push({ label: `${s.sensor} max`, stroke: rgba(color, 0.35), width: 0.5, value: fmt });
    const base = 1 + i * 3;
    bands.push({ series: [base + 2, base + 1], fill: rgba(color, 0.15) });
  });
  const width = Math.max(320, (el.clientWidth || 800) - 20);
  const opts = {
    title,
    width,
    height: Math.round(Math.min(420, Math.max(240, width * 0.4))),
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), timeZone || "UTC"),
    series,
    bands,
    scales: {
      x: { time: true },
      y: {
        range: (u, lo, hi) => {
          const low = Math.min(lo ?? 0, band?.min ?? Infinity);
          const high = Math.max(hi ?? 0, band?.max ?? -Infinity);
          const pad = Math.max(0.5, (high - low) * 0.08);
          return [low - pad, high + pad];
        },
      },
    },
    axes: [{}, { label: unit, size: 56 }],
    legend: { live: true },
    cursor: { drag: { x: true, y: false } },
    hooks: { drawClear: [(u) => drawBackground(u, band, shades)] },
  };
  const plot = new uPlot(opts, data, el);
  const resize = new ResizeObserver(() => {
    const w = Math.max(320, el.clientWidth - 20);
    if (Math.abs(w - plot.width) > 4) plot.setSize({ width: w, height: opts.height });
  });
  resize.observe(el);
  el.dataset.points = String(data[0].length * history.series.length);
  el.dataset.shades = String(shades.length); // excursions shaded (the tests read it)
  el.dataset.ready = "true";
  // bench/ui.py reads this mark: milliseconds from navigation start to a drawn chart.
  performance.mark("coldtrace:chart-ready");
  return plot;
}
