// The batch-norm page: training curves of the two nets, then every layer's activation-input percentiles over training.
// Every number comes from the kernel; this file only lays out axes, lines and bands.
import { liveDemo } from "./demo-live.js";

const text = JSON.parse(document.getElementById("bn-text").textContent);
const config = JSON.parse(document.getElementById("bn-config").textContent);
const form = document.getElementById("bn-form");
const status = document.getElementById("bn-status");
const curvesCanvas = document.getElementById("bn-curves");
const statsCanvas = document.getElementById("bn-stats");
const NETS = ["plain", "batch_norm"];
const COLOURS = { plain: "#d95f02", batch_norm: "#1b9e77" };  // ColorBrewer Dark2: fine on light and dark
const FONT = "12px system-ui, sans-serif";
let latest = null;

function palette() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: get("--text", "#222"), muted: get("--muted", "#666"), border: get("--border", "#ddd") };
}

// Round numbers for axis ticks: about `count` steps of 1, 2 or 5 × 10^k between low and high.
function ticks(low, high, count = 4) {
  const raw = (high - low) / count, unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * unit).find((s) => s >= raw);
  const values = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) values.push(Number(v.toPrecision(6)));
  return values;
}

// A frame with gridlines and tick labels; returns the data → pixel maps. `box` is in canvas pixels.
function frame(context, box, [x0, x1], [y0, y1], colours, { yLabels = true, xLabels = true, yFormat = String } = {}) {
  const x = (v) => box.left + ((v - x0) / (x1 - x0)) * box.width;
  const y = (v) => box.top + (1 - (v - y0) / (y1 - y0)) * box.height;
  context.lineWidth = 1; context.font = "11px system-ui, sans-serif"; context.fillStyle = colours.muted;
  context.strokeStyle = colours.border;
  context.textAlign = "right"; context.textBaseline = "middle";
  for (const v of ticks(y0, y1)) {
    context.beginPath(); context.moveTo(box.left, y(v) + 0.5); context.lineTo(box.left + box.width, y(v) + 0.5); context.stroke();
    if (yLabels) context.fillText(yFormat(v), box.left - 5, y(v));
  }
  context.textBaseline = "top";
  if (xLabels === "ends") {  // narrow cells: the first and last value only, kept inside the cell
    context.textAlign = "left"; context.fillText(String(x0), box.left, box.top + box.height + 4);
    context.textAlign = "right"; context.fillText(String(x1), box.left + box.width, box.top + box.height + 4);
  } else if (xLabels) {
    context.textAlign = "center";
    for (const v of ticks(x0, x1, 4)) context.fillText(String(v), x(v), box.top + box.height + 4);
  }
  context.strokeStyle = colours.muted;
  context.strokeRect(box.left + 0.5, box.top + 0.5, box.width, box.height);
  return { x, y };
}

function polyline(context, xs, ys, { x, y }, box) {
  context.save();
  context.beginPath(); context.rect(box.left, box.top, box.width, box.height); context.clip();
  context.beginPath();
  let drawing = false;
  ys.forEach((v, i) => {  // a diverged value (null) leaves a gap
    if (v === null || !Number.isFinite(v)) { drawing = false; return; }
    if (drawing) context.lineTo(x(xs[i]), y(v)); else { context.moveTo(x(xs[i]), y(v)); drawing = true; }
  });
  context.stroke();
  context.restore();
}

// Words of `label` in lines no wider than `width` pixels.
function wrap(context, label, width) {
  const lines = [];
  for (const word of label.split(" ")) {
    const last = lines.at(-1);
    if (last !== undefined && context.measureText(`${last} ${word}`).width <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

// Index runs where both series are finite numbers (a diverged record is null).
function finiteRuns(a, b) {
  const runs = [];
  let current = [];
  a.forEach((v, i) => {
    if (Number.isFinite(v) && Number.isFinite(b[i])) current.push(i);
    else if (current.length) { runs.push(current); current = []; }
  });
  if (current.length) runs.push(current);
  return runs;
}

function drawLegend(context, centre, top, colours) {
  context.font = "13px system-ui, sans-serif"; context.textAlign = "left"; context.textBaseline = "middle";
  const widths = NETS.map((n) => 34 + context.measureText(text[n]).width);
  let px = centre - (widths.reduce((a, b) => a + b, 0) + 24) / 2;
  NETS.forEach((name, i) => {
    context.strokeStyle = COLOURS[name]; context.lineWidth = 3;
    context.beginPath(); context.moveTo(px, top); context.lineTo(px + 26, top); context.stroke();
    context.fillStyle = colours.text; context.fillText(text[name], px + 32, top);
    px += widths[i] + 24;
  });
}

function title(context, label, x, top, colours) {
  context.fillStyle = colours.text; context.font = "600 13px system-ui, sans-serif";
  context.textAlign = "center"; context.textBaseline = "bottom";
  context.fillText(label, x, top - 6);
}

function drawCurves(result, colours) {
  const context = curvesCanvas.getContext("2d");
  context.clearRect(0, 0, curvesCanvas.width, curvesCanvas.height);
  drawLegend(context, curvesCanvas.width / 2, 14, colours);
  const top = 56, height = curvesCanvas.height - top - 34, gap = 70, left = 52;
  const width = (curvesCanvas.width - left - gap - 16) / 2;
  const steps = [0, result.steps], recorded = result.record_steps;
  const everyStep = Array.from({ length: result.steps }, (_, i) => i + 1);
  // loss: cap the axis a little above the starting loss, so a diverging net leaves the top of the box
  const finite = NETS.flatMap((n) => result.nets[n].loss).filter((v) => v !== null);
  const lossTop = Math.min(Math.max(...finite), 2.5 * result.nets.plain.loss[0]) * 1.05;
  const lossBox = { left, top, width, height };
  title(context, text.loss, left + width / 2, top, colours);
  const loss = frame(context, lossBox, steps, [0, lossTop], colours);
  for (const name of NETS) {
    context.strokeStyle = COLOURS[name]; context.globalAlpha = 0.35; context.lineWidth = 1;
    polyline(context, everyStep, result.nets[name].batch_loss, loss, lossBox);
    context.globalAlpha = 1; context.lineWidth = 2.25;
    polyline(context, recorded, result.nets[name].loss, loss, lossBox);
  }
  context.fillStyle = colours.muted; context.font = FONT; context.textAlign = "right"; context.textBaseline = "top";
  context.fillText(text.batch_loss, left + width - 6, top + 6);
  // accuracy, with the chance level of three classes
  const accuracyBox = { left: left + width + gap, top, width, height };
  title(context, text.accuracy, accuracyBox.left + width / 2, top, colours);
  const accuracy = frame(context, accuracyBox, steps, [0, 1], colours, { yFormat: (v) => `${Math.round(v * 100)}%` });
  context.setLineDash([4, 4]); context.strokeStyle = colours.muted; context.lineWidth = 1;
  polyline(context, steps, [1 / 3, 1 / 3], accuracy, accuracyBox);
  context.setLineDash([]);
  context.fillStyle = colours.muted; context.textAlign = "right"; context.textBaseline = "bottom";
  context.fillText(text.chance, accuracyBox.left + width - 6, accuracy.y(1 / 3) - 3);
  context.lineWidth = 2.25;
  for (const name of NETS) {
    context.strokeStyle = COLOURS[name];
    polyline(context, recorded, result.nets[name].accuracy, accuracy, accuracyBox);
  }
  context.fillStyle = colours.muted; context.textAlign = "center"; context.textBaseline = "bottom";
  for (const box of [lossBox, accuracyBox]) context.fillText(text.step, box.left + box.width / 2, curvesCanvas.height - 2);
}

function drawStats(result, colours) {
  const depth = result.depth, labelWidth = 150, header = 62, rowGap = 18, bottom = 36, right = 12, gap = 10;
  const context = statsCanvas.getContext("2d");
  context.clearRect(0, 0, statsCanvas.width, statsCanvas.height);
  context.fillStyle = colours.text; context.font = "600 13px system-ui, sans-serif";
  context.textAlign = "left"; context.textBaseline = "top";
  context.fillText(text.stats_title, 10, 8);
  context.fillStyle = colours.muted; context.font = FONT;
  context.fillText(text.normal_band, 10, 26);
  const cellWidth = (statsCanvas.width - labelWidth - right - gap * (depth - 1)) / depth;
  const cellHeight = (statsCanvas.height - header - rowGap - bottom) / 2;
  const xs = result.percentile_steps;
  // one y range for every cell, so layers and nets compare directly; always include N(0, 1)'s band
  const values = NETS.flatMap((n) => result.nets[n].percentiles.flat(2)).filter((v) => v !== null && Number.isFinite(v));
  let low = Math.min(...values, ...config.normal_percentiles), high = Math.max(...values, ...config.normal_percentiles);
  const pad = (high - low) * 0.08;
  low = Math.max(low - pad, -8); high = Math.min(high + pad, 8);  // a diverging net runs off the cells, clipped
  NETS.forEach((name, row) => {
    const top = header + row * (cellHeight + rowGap);
    context.fillStyle = COLOURS[name]; context.fillRect(10, top + cellHeight / 2 - 12, 10, 10);
    context.fillStyle = colours.text; context.font = "600 13px system-ui, sans-serif";
    context.textAlign = "left"; context.textBaseline = "middle";
    wrap(context, text[name], labelWidth - 60).forEach((line, i) => context.fillText(line, 26, top + cellHeight / 2 - 7 + i * 17));
    for (let layer = 0; layer < depth; layer++) {
      const box = { left: labelWidth + layer * (cellWidth + gap), top, width: cellWidth, height: cellHeight };
      if (row === 0) title(context, `${text.layer} ${layer + 1}`, box.left + cellWidth / 2, top, colours);
      const map = frame(context, box, [0, result.steps], [low, high], colours,
        { yLabels: layer === 0, xLabels: row === 1 && "ends", yFormat: (v) => String(v) });
      const [p15, p50, p85] = result.nets[name].percentiles[layer];
      context.save();
      context.beginPath(); context.rect(box.left, box.top, box.width, box.height); context.clip();
      context.setLineDash([2, 3]); context.strokeStyle = colours.muted; context.lineWidth = 1;
      for (const v of config.normal_percentiles) {
        if (v === 0) continue;
        context.beginPath(); context.moveTo(box.left, map.y(v)); context.lineTo(box.left + box.width, map.y(v)); context.stroke();
      }
      context.setLineDash([]);
      // the 15–85 band, in runs of finite records, then the median on top
      context.fillStyle = COLOURS[name]; context.globalAlpha = 0.3;
      for (const run of finiteRuns(p15, p85)) {
        context.beginPath();
        run.forEach((i, k) => (k ? context.lineTo(map.x(xs[i]), map.y(p85[i])) : context.moveTo(map.x(xs[i]), map.y(p85[i]))));
        for (const i of [...run].reverse()) context.lineTo(map.x(xs[i]), map.y(p15[i]));
        context.closePath(); context.fill();
      }
      context.globalAlpha = 1; context.restore();
      context.strokeStyle = COLOURS[name]; context.lineWidth = 2;
      polyline(context, xs, p50, map, box);
    }
  });
  context.fillStyle = colours.muted; context.font = FONT; context.textAlign = "center"; context.textBaseline = "bottom";
  context.fillText(text.step, labelWidth + (statsCanvas.width - labelWidth) / 2, statsCanvas.height - 2);
}

function draw(result) {
  latest = result;
  const colours = palette();
  drawCurves(result, colours);
  drawStats(result, colours);
}

document.addEventListener("themechange", () => { if (latest) draw(latest); });  // colours come from the theme
liveDemo({ id: "batch-norm", form, status, draw });
