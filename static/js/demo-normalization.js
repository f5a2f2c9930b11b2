// The normalization page: the same points raw, min–max normalized, standardized and whitened, each with its
// 2σ covariance ellipse, principal axes, mean and covariance matrix. Drawing only; every number comes from the kernel.
import { liveDemo } from "./demo-live.js";
import { formParams } from "./plot.js";

const PANELS = ["original", "min_max", "standardized", "whitened"];
const UNIT_SCALE = new Set(["standardized", "whitened"]);  // share one box, so their shapes compare directly
const form = document.getElementById("normalization-form");
const status = document.getElementById("normalization-status");
const canvases = Object.fromEntries(PANELS.map((name) => [name, document.getElementById(`normalization-${name}`)]));
const PLOT = { left: 34, top: 8, size: 206 };  // the square plot area; the band below holds μ and Σ
const FONT = "12px system-ui, sans-serif";

function theme() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--text", "#1d2125"), muted: read("--muted", "#5b636b"), border: read("--border", "#d9dee3"),
    accent: read("--accent", "#0b5cad"), background: read("--background", "#fff"),
  };
}

// Blue → violet → red-orange, by hue: a point's tone (its rank along the raw long axis) picks its colour.
function toneColour(t) {
  const hue = 220 + 155 * t;  // 220° blue … 375° = 15° orange-red, through violet and magenta
  return `hsl(${hue % 360} 72% 50%)`;
}

function niceStep(span, ticks = 4) {
  const raw = span / ticks, power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 2.5, 5, 10].map((m) => m * power).find((step) => step >= raw);
}

// A square box [x0, x1] × [y0, y1] around everything drawn, so circles look like circles.
function squareBox(panels) {
  let xLow = Infinity, xHigh = -Infinity, yLow = Infinity, yHigh = -Infinity;
  for (const panel of panels) {
    const xs = [...panel.xs, ...panel.ellipse.map((p) => p[0])];
    const ys = [...panel.ys, ...panel.ellipse.map((p) => p[1])];
    xLow = Math.min(xLow, ...xs); xHigh = Math.max(xHigh, ...xs);
    yLow = Math.min(yLow, ...ys); yHigh = Math.max(yHigh, ...ys);
  }
  const half = (Math.max(xHigh - xLow, yHigh - yLow) / 2) * 1.08;
  const cx = (xLow + xHigh) / 2, cy = (yLow + yHigh) / 2;
  return [cx - half, cx + half, cy - half, cy + half];
}

function symmetricBox(panels, atLeast) {
  let reach = atLeast;
  for (const panel of panels) {
    for (const v of [...panel.xs, ...panel.ys, ...panel.ellipse.flat()]) reach = Math.max(reach, Math.abs(v) * 1.05);
  }
  return [-reach, reach, -reach, reach];
}

const number = (v) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(3)).replace("-", "−");

function drawMatrix(context, x, y, name, rows, colour) {
  const cells = rows.map((row) => row.map(number));
  const cellWidth = Math.max(...cells.flat().map((s) => context.measureText(s).width)) + 6;
  context.textAlign = "left";
  context.fillText(`${name} =`, x, y + 21);
  const left = x + context.measureText(`${name} =`).width + 5, top = y, height = 34;
  context.strokeStyle = colour; context.lineWidth = 1;
  for (const [edge, dir] of [[left, 1], [left + cellWidth * 2 + 4, -1]]) {
    context.beginPath();
    context.moveTo(edge + 4 * dir, top); context.lineTo(edge, top); context.lineTo(edge, top + height); context.lineTo(edge + 4 * dir, top + height);
    context.stroke();
  }
  context.textAlign = "right";
  cells.forEach((row, i) => row.forEach((s, j) => context.fillText(s, left + 2 + cellWidth * (j + 1) - 4, top + 13 + i * 16)));
  context.textAlign = "left";
  return left + cellWidth * 2 + 6 - x;
}

function drawPanel(canvas, name, panel, box, result, colours) {
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.font = FONT;
  const [x0, x1, y0, y1] = box;
  const px = (x) => PLOT.left + ((x - x0) / (x1 - x0)) * PLOT.size;
  const py = (y) => PLOT.top + (1 - (y - y0) / (y1 - y0)) * PLOT.size;

  // grid, zero lines and tick labels
  const step = niceStep(x1 - x0);
  context.lineWidth = 1;
  context.fillStyle = colours.muted;
  for (let v = Math.ceil(x0 / step) * step; v <= x1 + 1e-9; v += step) {
    const value = Math.abs(v) < step / 1e6 ? 0 : v;
    context.strokeStyle = value === 0 ? colours.muted : colours.border;
    context.beginPath(); context.moveTo(px(value), PLOT.top); context.lineTo(px(value), PLOT.top + PLOT.size); context.stroke();
    const tick = String(+value.toPrecision(4)).replace("-", "−");
    if (px(value) + context.measureText(tick).width / 2 > canvas.width - 10) continue;  // the corner holds "x"
    context.textAlign = "center";
    context.fillText(tick, px(value), PLOT.top + PLOT.size + 14);
  }
  for (let v = Math.ceil(y0 / step) * step; v <= y1 + 1e-9; v += step) {
    const value = Math.abs(v) < step / 1e6 ? 0 : v;
    context.strokeStyle = value === 0 ? colours.muted : colours.border;
    context.beginPath(); context.moveTo(PLOT.left, py(value)); context.lineTo(PLOT.left + PLOT.size, py(value)); context.stroke();
    if (py(value) < PLOT.top + 12) continue;
    context.textAlign = "right";
    context.fillText(String(+value.toPrecision(4)).replace("-", "−"), PLOT.left - 4, py(value) + 4);
  }
  context.textAlign = "left";
  context.fillText("x", canvas.width - 8, PLOT.top + PLOT.size + 14);
  context.fillText("y", 4, PLOT.top + 10);

  context.save();
  context.beginPath(); context.rect(PLOT.left, PLOT.top, PLOT.size, PLOT.size); context.clip();
  if (name === "min_max") {  // the target box [0, 1]²
    context.strokeStyle = colours.muted; context.setLineDash([4, 3]);
    context.strokeRect(px(0), py(1), px(1) - px(0), py(0) - py(1));
    context.setLineDash([]);
  }
  if (UNIT_SCALE.has(name)) {  // radius 2: the 2σ ellipse of identity covariance
    context.strokeStyle = colours.muted; context.lineWidth = 1.5; context.setLineDash([5, 3]);
    context.beginPath(); context.arc(px(0), py(0), px(2) - px(0), 0, 2 * Math.PI); context.stroke();
    context.setLineDash([]);
  }

  // points, coloured by tone
  const radius = panel.xs.length > 500 ? 1.8 : 2.6;
  context.globalAlpha = 0.85;
  panel.xs.forEach((x, i) => {
    context.fillStyle = toneColour(result.tone[i]);
    context.beginPath(); context.arc(px(x), py(panel.ys[i]), radius, 0, 2 * Math.PI); context.fill();
  });
  context.globalAlpha = 1;

  // covariance ellipse, principal semi-axes, mean
  context.strokeStyle = colours.text; context.lineWidth = 2;
  context.beginPath();
  panel.ellipse.forEach(([x, y], i) => (i ? context.lineTo(px(x), py(y)) : context.moveTo(px(x), py(y))));
  context.stroke();
  context.lineWidth = 1.5;
  for (const [[ax, ay], [bx, by]] of panel.axes) {
    context.beginPath(); context.moveTo(px(ax), py(ay)); context.lineTo(px(bx), py(by)); context.stroke();
  }
  const [mx, my] = panel.mean;
  context.fillStyle = colours.background; context.lineWidth = 2;
  context.beginPath(); context.arc(px(mx), py(my), 4, 0, 2 * Math.PI); context.fill(); context.stroke();

  if (result.outlier_index !== null) {
    const i = result.outlier_index, [ox, oy] = [px(panel.xs[i]), py(panel.ys[i])];
    context.strokeStyle = colours.text; context.lineWidth = 1.5;
    context.beginPath(); context.arc(ox, oy, 7, 0, 2 * Math.PI); context.stroke();
    context.fillStyle = colours.text;
    context.textAlign = ox > PLOT.left + PLOT.size / 2 ? "right" : "left";
    context.fillText(canvas.dataset.outlier, ox + (context.textAlign === "right" ? -10 : 10), oy - 8);
    context.textAlign = "left";
  }
  context.restore();
  context.strokeStyle = colours.muted; context.lineWidth = 1;
  context.strokeRect(PLOT.left, PLOT.top, PLOT.size, PLOT.size);

  // the band: mean and covariance (and W for the whitened panel)
  context.fillStyle = colours.text;
  context.font = "11px system-ui, sans-serif";
  const band = PLOT.top + PLOT.size + 30;
  context.fillText(`μ = (${panel.mean.map(number).join(", ")})`, 8, band + 10);
  const width = drawMatrix(context, 8, band + 20, "Σ", panel.covariance, colours.text);
  if (name === "whitened") drawMatrix(context, 8 + width + 4, band + 20, "W", result.whitening_matrix, colours.text);
}

function draw(result) {
  const colours = theme();
  const panels = result.panels;
  const boxes = {
    original: squareBox([panels.original]),
    min_max: squareBox([panels.min_max, { xs: [0, 1], ys: [0, 1], ellipse: [] }]),
  };
  boxes.standardized = boxes.whitened = symmetricBox([panels.standardized, panels.whitened], 2.6);
  for (const name of PANELS) drawPanel(canvases[name], name, panels[name], boxes[name], result, colours);
}

// Show each slider's value next to its label as it moves.
function showValues() {
  for (const output of form.querySelectorAll("output")) {
    const input = form.elements[output.id.replace("normalization-", "")];
    const decimals = (input.step.split(".")[1] || "").length;
    output.textContent = Number(input.value).toFixed(decimals).replace("-", "−");
  }
}
form.addEventListener("input", showValues);
showValues();

liveDemo({
  id: "normalization",
  form,
  status,
  draw,
  params: (f) => ({ ...formParams(f), outlier: f.elements.outlier.checked }),
});
