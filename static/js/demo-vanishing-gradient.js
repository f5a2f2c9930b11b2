// The vanishing-gradient page: per-layer gradient norms of six nets on one log axis, plain beside residual.
// Every number comes from the kernel; this file only lays out axes, lines and the summary.
import { liveDemo } from "./demo-live.js";

const text = JSON.parse(document.getElementById("vg-text").textContent);
const form = document.getElementById("vg-form");
const status = document.getElementById("vg-status");
const canvas = document.getElementById("vg-chart");
const summary = document.getElementById("vg-summary");
const view = document.getElementById("vg-view");
const depthValue = document.getElementById("vg-depth-value");
const ACTIVATIONS = ["sigmoid", "tanh", "relu"];
const COLOURS = { sigmoid: "#d95f02", tanh: "#7570b3", relu: "#1b9e77" };  // ColorBrewer Dark2: fine on light and dark
const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
let latest = null;

const power = (exponent) => `10${String(exponent).replace(/./g, (c) => SUPERSCRIPT[c])}`;
function short(v) {  // 0.34, 12, 3.0×10⁻¹⁹
  if (v >= 0.01 && v < 1000) return v.toPrecision(2);
  const e = Math.floor(Math.log10(v));
  return `${(v / 10 ** e).toFixed(1)}×${power(e)}`;
}

function colours() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: get("--text", "#222"), muted: get("--muted", "#666"), border: get("--border", "#ddd") };
}

// Decade ticks between lo and hi (log10 values, integers), thinned so at most ~8 are labelled.
function decadeTicks(lo, hi) {
  const step = [1, 2, 3, 5, 10, 20].find((s) => (hi - lo) / s <= 8) ?? 50;
  const ticks = [];
  for (let e = Math.ceil(lo / step) * step; e <= hi; e += step) ticks.push(e);
  return ticks;
}

function layerTicks(depth) {
  const step = depth <= 10 ? 1 : depth <= 25 ? 5 : 10;
  const ticks = [1];
  for (let l = step; l <= depth; l += step) if (l > 1) ticks.push(l);
  if (ticks.at(-1) !== depth) ticks.push(depth);
  return ticks;
}

function drawPanel(context, box, title, curves, depth, [lo, hi], palette) {
  const { left, top, width, height } = box;
  const x = (layer) => left + ((layer - 1) / Math.max(depth - 1, 1)) * width;
  const y = (v) => top + (1 - (Math.log10(v) - lo) / (hi - lo)) * height;
  context.font = "12px system-ui, sans-serif";
  // grid and tick labels
  context.strokeStyle = palette.border;
  context.fillStyle = palette.muted;
  context.lineWidth = 1;
  context.textAlign = "right";
  context.textBaseline = "middle";
  for (const e of decadeTicks(lo, hi)) {
    const py = top + (1 - (e - lo) / (hi - lo)) * height;
    context.beginPath(); context.moveTo(left, py); context.lineTo(left + width, py); context.stroke();
    context.fillText(power(e), left - 6, py);
  }
  context.textAlign = "center";
  context.textBaseline = "top";
  for (const layer of layerTicks(depth)) {
    context.beginPath(); context.moveTo(x(layer), top + height); context.lineTo(x(layer), top + height + 4); context.stroke();
    context.fillText(String(layer), x(layer), top + height + 7);
  }
  context.strokeStyle = palette.muted;
  context.strokeRect(left, top, width, height);
  // title above, axis title below
  context.fillStyle = palette.text;
  context.font = "600 14px system-ui, sans-serif";
  context.textBaseline = "bottom";
  context.fillText(title, left + width / 2, top - 8);
  context.font = "12px system-ui, sans-serif";
  context.fillStyle = palette.muted;
  context.textBaseline = "top";
  context.fillText(text.x_axis, left + width / 2, top + height + 24);
  // one line per activation; a zero norm (a layer whose ReLUs are all off) leaves a gap
  context.save();
  context.beginPath(); context.rect(left, top, width, height); context.clip();
  for (const activation of ACTIVATIONS) {
    const values = curves[activation];
    context.strokeStyle = context.fillStyle = COLOURS[activation];
    context.lineWidth = 2.25;
    context.beginPath();
    let drawing = false;
    values.forEach((v, i) => {
      if (!(v > 0)) { drawing = false; return; }
      if (drawing) context.lineTo(x(i + 1), y(v)); else { context.moveTo(x(i + 1), y(v)); drawing = true; }
    });
    context.stroke();
    if (depth <= 30) {
      values.forEach((v, i) => { if (v > 0) { context.beginPath(); context.arc(x(i + 1), y(v), 2.5, 0, 2 * Math.PI); context.fill(); } });
    }
  }
  context.restore();
}

function drawLegend(context, centre, top, palette) {
  context.font = "13px system-ui, sans-serif";
  context.textBaseline = "middle";
  context.textAlign = "left";
  const items = ACTIVATIONS.map((a) => ({ a, w: 34 + context.measureText(text[a]).width }));
  let px = centre - items.reduce((sum, item) => sum + item.w + 18, -18) / 2;
  for (const { a, w } of items) {
    context.strokeStyle = COLOURS[a]; context.lineWidth = 3;
    context.beginPath(); context.moveTo(px, top); context.lineTo(px + 26, top); context.stroke();
    context.fillStyle = palette.text;
    context.fillText(text[a], px + 32, top);
    px += w + 18;
  }
}

function draw(result) {
  latest = result;
  const quantity = view.value === "signal" ? "signal_grad" : "weight_grad";
  const palette = colours();
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  const curves = Object.fromEntries(["plain", "residual"].map((mode) =>
    [mode, Object.fromEntries(ACTIVATIONS.map((a) => [a, result[mode][a][quantity]]))]));
  const positive = Object.values(curves).flatMap((byActivation) => Object.values(byActivation).flat()).filter((v) => v > 0);
  let lo = Math.floor(Math.log10(Math.min(...positive))), hi = Math.ceil(Math.log10(Math.max(...positive)));
  if (hi - lo < 2) { lo -= 1; hi += 1; }
  // shared log axis: a decade is the same height in both panels
  const gap = 70, left = 78, right = 16, top = 70, bottom = 58;
  const width = (canvas.width - left - right - gap) / 2, height = canvas.height - top - bottom;
  drawLegend(context, canvas.width / 2, 18, palette);
  drawPanel(context, { left, top, width, height }, text.plain, curves.plain, result.depth, [lo, hi], palette);
  drawPanel(context, { left: left + width + gap, top, width, height }, text.residual, curves.residual, result.depth, [lo, hi], palette);
  // y-axis title, rotated, left of the first panel
  context.save();
  context.translate(16, top + height / 2);
  context.rotate(-Math.PI / 2);
  context.fillStyle = palette.muted; context.font = "12px system-ui, sans-serif";
  context.textAlign = "center"; context.textBaseline = "middle";
  context.fillText(`${view.value === "signal" ? text.view_signal : text.view_weight} — ${text.y_axis}`, 0, 0);
  context.restore();
  drawSummary(curves);
}

function drawSummary(curves) {
  summary.replaceChildren(...ACTIVATIONS.map((a) => {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = COLOURS[a];
    const ratio = (values) => (values[0] > 0 && values.at(-1) > 0 ? short(values[0] / values.at(-1)) : text.zero);
    item.append(swatch, `${text[a]} — ${text.ratio}: ${text.plain_short} ${ratio(curves.plain[a])}, `
      + `${text.residual_short} ${ratio(curves.residual[a])}`);
    return item;
  }));
}

form.addEventListener("input", () => { depthValue.textContent = form.elements.depth.value; });
// Switching the view only redraws: keep its input event away from liveDemo's re-run.
view.addEventListener("input", (event) => { event.stopPropagation(); if (latest) draw(latest); });
document.addEventListener("themechange", () => { if (latest) draw(latest); });  // colours come from the theme
liveDemo({ id: "vanishing-gradient", form, status, draw });  // the view menu has no name: not a parameter
