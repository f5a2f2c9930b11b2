// The convolution page: the padded input with the receptive field of the selected output cell, the kernel, the
// input values under it, the output feature map, and the output-size formula. Every number comes from the server;
// this file only draws, reads the controls, and keeps the user's drawing until it is sent.
import { liveDemo } from "./demo-live.js";
import { bytesFromBase64, divergingColour, float32FromBase64 } from "./plot.js";

const config = JSON.parse(document.getElementById("conv-config").textContent);
const SIZE = config.image_size;
const HIGHLIGHT = "#ff2d95";  // reads on black pixels, white pixels and the blue/orange output alike
const form = document.getElementById("conv-form");
const status = document.getElementById("conv-status");
const weightsBox = document.getElementById("conv-weights");
const canvases = {
  input: document.getElementById("conv-input"),
  kernel: document.getElementById("conv-kernel"),
  patch: document.getElementById("conv-patch"),
  output: document.getElementById("conv-output"),
  colourbar: document.getElementById("conv-colourbar"),
};
const text = {
  cell: document.getElementById("conv-cell"),
  field: document.getElementById("conv-field"),
  general: document.getElementById("conv-formula-general"),
  numbers: document.getElementById("conv-formula-numbers"),
  unused: document.getElementById("conv-unused"),
  check: document.getElementById("conv-check"),
};

let latest = null;  // the last result drawn
let drawing = null;  // the user's picture, SIZE×SIZE grey levels, once they start drawing
let selected = [7, 3];  // the output cell whose receptive field is shown: on the square's left edge by default

const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
const small = (v) => (v === 0 ? "0" : Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toPrecision(2));
const formatWeight = (w) => String(Number(w.toFixed(3)));
const signedColour = (value, limit) => divergingColour(Math.min(1, Math.max(0, 0.5 + value / (2 * (limit || 1)))));

// Figures are as wide as their widest canvas, so a long caption wraps instead of widening the row.
for (const figure of document.querySelectorAll(".demo-panels figure")) {
  const widest = Math.max(...[...figure.querySelectorAll("canvas")].map((c) => c.width));
  figure.style.maxWidth = `${widest + 2}px`;
}
// The weight editor takes a row of its own under the other controls.
document.getElementById("conv-weights-box").style.flexBasis = "100%";
canvases.input.style.touchAction = "none";
canvases.input.style.cursor = "crosshair";

// ---------------------------------------------------------------------------------------------
// Controls: the k×k weight inputs, and the request
// ---------------------------------------------------------------------------------------------

function weightInputs() {
  return [...weightsBox.querySelectorAll("input")];
}

function buildWeightInputs(k, values) {
  weightInputs().forEach((input) => input.remove());
  weightsBox.style.display = "grid";
  weightsBox.style.gridTemplateColumns = `repeat(${k}, 5.5rem)`;
  weightsBox.style.gap = "0.3rem";
  weightsBox.style.marginTop = "0.5rem";
  values.forEach((value, i) => {
    const input = document.createElement("input");
    Object.assign(input, { type: "number", step: "any", min: -config.max_weight, max: config.max_weight, value });
    input.style.minWidth = "0";
    input.setAttribute("aria-label", fill(weightsBox.dataset.label, { row: Math.floor(i / k) + 1, col: (i % k) + 1 }));
    weightsBox.append(input);
  });
}

// Keep the custom kernel when k changes: the old weights stay centred, new rims are zero, a shrink crops.
function resizeCustomKernel(k) {
  const old = weightInputs().map((input) => Number(input.value));
  const oldK = Math.round(Math.sqrt(old.length)), shift = (k - oldK) / 2;
  const values = Array.from({ length: k * k }, (_, i) => {
    const u = Math.floor(i / k) - shift, v = (i % k) - shift;
    return u >= 0 && v >= 0 && u < oldK && v < oldK ? old[u * oldK + v] : 0;
  });
  buildWeightInputs(k, values);
}

function imageBytes() {
  if (form.elements.image.value === "drawn" && drawing) return drawing;
  return latest ? bytesFromBase64(latest.image) : new Uint8Array(SIZE * SIZE);
}

function params() {
  const e = form.elements;
  const request = {
    image: e.image.value, kernel: e.kernel.value, kernel_size: Number(e.kernel_size.value),
    padding: Number(e.padding.value), stride: Number(e.stride.value), dilation: Number(e.dilation.value),
  };
  if (request.image === "drawn") {
    drawing ??= imageBytes().slice();
    request.pixels = Array.from(drawing);
  }
  if (request.kernel === "custom") request.weights = weightInputs().map((input) => Number(input.value));
  return request;
}

form.addEventListener("input", (event) => {
  if (weightInputs().includes(event.target)) form.elements.kernel.value = "custom";
  if (event.target.name === "kernel_size" && form.elements.kernel.value === "custom") {
    resizeCustomKernel(Number(event.target.value));
  }
});

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

function paintCells(canvas, rows, cols, colourAt) {
  const image = new ImageData(cols, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) image.data.set([...colourAt(r, c), 255], (r * cols + c) * 4);
  }
  const buffer = new OffscreenCanvas(cols, rows);
  buffer.getContext("2d").putImageData(image, 0, 0);
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = false;  // one crisp square per pixel
  context.clearRect(0, 0, canvas.width, canvas.height);
  context.drawImage(buffer, 0, 0, canvas.width, canvas.height);
  return context;
}

function gridLines(context, n, cell, colour) {
  context.strokeStyle = colour;
  context.lineWidth = 1;
  context.beginPath();
  for (let i = 1; i < n; i++) {
    const at = Math.round(i * cell) + 0.5;
    context.moveTo(at, 0); context.lineTo(at, n * cell);
    context.moveTo(0, at); context.lineTo(n * cell, at);
  }
  context.stroke();
}

function hatch(context, x, y, w, h, colour) {
  context.save();
  context.beginPath(); context.rect(x, y, w, h); context.clip();
  context.strokeStyle = colour; context.lineWidth = 1;
  context.beginPath();
  for (let t = -h; t < w; t += 6) { context.moveTo(x + t, y + h); context.lineTo(x + t + h, y); }
  context.stroke();
  context.restore();
}

function drawInput() {
  const { padding } = latest.formula;
  const n = SIZE + 2 * padding, cell = canvases.input.width / n;
  const pixels = imageBytes();
  const inside = (r, c) => r >= padding && c >= padding && r < padding + SIZE && c < padding + SIZE;
  const context = paintCells(canvases.input, n, n, (r, c) => {
    const v = inside(r, c) ? pixels[(r - padding) * SIZE + (c - padding)] : 0;
    return [v, v, v];
  });
  gridLines(context, n, cell, "rgba(128, 128, 128, 0.35)");
  if (padding) {  // the padding ring, hatched: these zeros are not part of the image
    const inner = padding * cell, outer = n * cell;
    for (const [x, y, w, h] of [[0, 0, outer, inner], [0, outer - inner, outer, inner], [0, inner, inner, outer - 2 * inner], [outer - inner, inner, inner, outer - 2 * inner]]) {
      hatch(context, x, y, w, h, "rgba(255, 255, 255, 0.35)");
    }
    context.setLineDash([5, 4]); context.strokeStyle = "rgba(255, 255, 255, 0.85)"; context.lineWidth = 1.5;
    context.strokeRect(padding * cell, padding * cell, SIZE * cell, SIZE * cell);
    context.setLineDash([]);
  }
  // the receptive field of the selected output cell: its k×k taps and, dashed, the span they cover
  const rows = latest.taps[selected[0]], cols = latest.taps[selected[1]];
  const at = (i) => (i + padding) * cell;
  context.fillStyle = "rgba(255, 45, 149, 0.45)"; context.strokeStyle = HIGHLIGHT; context.lineWidth = 2;
  for (const r of rows) for (const c of cols) { context.fillRect(at(c), at(r), cell, cell); context.strokeRect(at(c) + 1, at(r) + 1, cell - 2, cell - 2); }
  context.setLineDash([4, 3]); context.lineWidth = 1.5;
  context.strokeRect(at(cols[0]) - 2, at(rows[0]) - 2, at(cols.at(-1)) - at(cols[0]) + cell + 4, at(rows.at(-1)) - at(rows[0]) + cell + 4);
  context.setLineDash([]);
}

function drawValueGrid(canvas, values, colourAt, label, padded) {
  const k = values.length, cell = canvas.width / k;
  const context = paintCells(canvas, k, k, colourAt);
  gridLines(context, k, cell, cssVar("--border") || "#ccc");
  context.font = `${Math.min(20, Math.round(cell * 0.3))}px system-ui, sans-serif`;
  context.textAlign = "center"; context.textBaseline = "middle";
  values.forEach((row, u) => row.forEach((value, v) => {
    if (padded?.[u][v]) hatch(context, v * cell, u * cell, cell, cell, "rgba(255, 255, 255, 0.4)");
    const [r, g, b] = colourAt(u, v);
    context.fillStyle = 0.299 * r + 0.587 * g + 0.114 * b > 140 ? "#111" : "#fff";
    context.fillText(label(value), (v + 0.5) * cell, (u + 0.5) * cell);
  }));
}

function drawKernel() {
  drawValueGrid(canvases.kernel, latest.weights, (u, v) => signedColour(latest.weights[u][v], latest.weight_limit), formatWeight);
}

function drawPatch() {
  const pixels = imageBytes();
  const rows = latest.taps[selected[0]], cols = latest.taps[selected[1]];
  const outside = (i) => i < 0 || i >= SIZE;
  const values = rows.map((r) => cols.map((c) => (outside(r) || outside(c) ? 0 : pixels[r * SIZE + c])));
  const padded = rows.map((r) => cols.map((c) => outside(r) || outside(c)));
  drawValueGrid(canvases.patch, values, (u, v) => [values[u][v], values[u][v], values[u][v]], (v) => (v / 255).toFixed(2), padded);
}

function drawOutput() {
  const n = latest.output_size, values = float32FromBase64(latest.output), cell = canvases.output.width / n;
  const context = paintCells(canvases.output, n, n, (r, c) => signedColour(values[r * n + c], latest.output_limit));
  gridLines(context, n, cell, "rgba(128, 128, 128, 0.25)");
  context.strokeStyle = HIGHLIGHT; context.lineWidth = 3;
  context.strokeRect(selected[1] * cell + 1.5, selected[0] * cell + 1.5, cell - 3, cell - 3);
  const value = values[selected[0] * n + selected[1]];
  text.cell.textContent = fill(text.cell.dataset.template, { row: selected[0], col: selected[1], value: value.toPrecision(4) });
  const rows = latest.taps[selected[0]], cols = latest.taps[selected[1]];
  text.field.textContent = fill(text.field.dataset.template, {
    k: rows.length, d: latest.formula.dilation, span: latest.formula.span,
    rows: `${rows[0]}…${rows.at(-1)}`, cols: `${cols[0]}…${cols.at(-1)}`, last: SIZE - 1,
  });
}

function drawColourbar() {
  const canvas = canvases.colourbar, context = canvas.getContext("2d");
  const { width, height } = canvas, barHeight = 12;
  context.clearRect(0, 0, width, height);
  for (let x = 0; x < width; x++) {
    const [r, g, b] = divergingColour(x / (width - 1));
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.fillRect(x, 0, 1, barHeight);
  }
  const limit = latest.output_limit;
  context.fillStyle = cssVar("--text"); context.font = "12px system-ui, sans-serif"; context.textBaseline = "top";
  context.textAlign = "left"; context.fillText(`−${limit}`, 0, barHeight + 4);
  context.textAlign = "center"; context.fillText("0", width / 2, barHeight + 4);
  context.textAlign = "right"; context.fillText(`+${limit}`, width, barHeight + 4);
}

function drawFormula() {
  const f = latest.formula;
  const out = "H<sub>out</sub>";
  text.general.innerHTML = `${out} = ⌊(<var>H</var> + 2<var>p</var> − <var>d</var>(<var>k</var> − 1) − 1) / <var>s</var>⌋ + 1`;
  const result = document.createElement("strong");
  result.textContent = String(f.output);
  text.numbers.replaceChildren(
    `= ⌊(${f.size} + 2·${f.padding} − ${f.dilation}·(${f.kernel_size} − 1) − 1) / ${f.stride}⌋ + 1 ` +
    `= ⌊${f.numerator} / ${f.stride}⌋ + 1 = `, result);
  text.unused.textContent = f.unused ? fill(text.unused.dataset.template, { n: f.unused }) : "";
  text.check.textContent = `${text.check.dataset.template}: ${small(latest.max_abs_difference)}`;
}

function drawSelection() {
  drawInput();
  drawPatch();
  drawOutput();
}

function draw(result) {
  latest = result;
  const n = result.output_size;
  selected = selected.map((i) => Math.min(i, n - 1));
  if (form.elements.kernel.value !== "custom") buildWeightInputs(result.weights.length, result.weights.flat());
  drawKernel();
  drawSelection();
  drawColourbar();
  drawFormula();
}

const demo = liveDemo({ id: "convolution", form, status, draw, params });

// ---------------------------------------------------------------------------------------------
// Pointer and keys: pick an output cell; draw on the input
// ---------------------------------------------------------------------------------------------

function cellAt(canvas, event, n) {
  const box = canvas.getBoundingClientRect();
  return [Math.floor(((event.clientY - box.top) / box.height) * n), Math.floor(((event.clientX - box.left) / box.width) * n)];
}

function select(row, col) {
  if (!latest) return;
  const n = latest.output_size;
  const next = [Math.max(0, Math.min(n - 1, row)), Math.max(0, Math.min(n - 1, col))];
  if (next[0] === selected[0] && next[1] === selected[1]) return;
  selected = next;
  drawSelection();
}

canvases.output.addEventListener("pointermove", (event) => { if (latest) select(...cellAt(canvases.output, event, latest.output_size)); });
canvases.output.addEventListener("keydown", (event) => {
  const moves = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };
  if (!moves[event.key]) return;
  event.preventDefault();
  select(selected[0] + moves[event.key][0], selected[1] + moves[event.key][1]);
});

let last = null;  // the previous painted pixel of the current stroke

function paint(row, col) {
  const erase = document.getElementById("conv-brush").value === "erase";
  for (const [dr, dc, level] of [[0, 0, 255], [-1, 0, 255], [1, 0, 255], [0, -1, 255], [0, 1, 255], [-1, -1, 96], [-1, 1, 96], [1, -1, 96], [1, 1, 96]]) {
    const r = row + dr, c = col + dc;
    if (r < 0 || c < 0 || r >= SIZE || c >= SIZE) continue;
    const i = r * SIZE + c;
    drawing[i] = erase ? (level === 255 ? 0 : Math.min(drawing[i], 255 - level)) : Math.max(drawing[i], level);
  }
}

function stroke(event) {
  const padding = latest.formula.padding, n = SIZE + 2 * padding;
  const [row, col] = cellAt(canvases.input, event, n).map((i) => i - padding);
  const [fromRow, fromCol] = last ?? [row, col];
  const steps = Math.max(Math.abs(row - fromRow), Math.abs(col - fromCol), 1);
  for (let t = 1; t <= steps; t++) {  // fill the gaps of a fast stroke
    paint(Math.round(fromRow + ((row - fromRow) * t) / steps), Math.round(fromCol + ((col - fromCol) * t) / steps));
  }
  last = [row, col];
  form.elements.image.value = "drawn";
  drawInput();
  drawPatch();
  demo.run();
}

canvases.input.addEventListener("pointerdown", (event) => {
  if (!latest) return;
  if (form.elements.image.value !== "drawn" || !drawing) drawing = imageBytes().slice();
  canvases.input.setPointerCapture(event.pointerId);
  last = null;
  stroke(event);
});
canvases.input.addEventListener("pointermove", (event) => { if (last && event.buttons) stroke(event); });
canvases.input.addEventListener("pointerup", () => { last = null; });

document.getElementById("conv-clear").addEventListener("click", () => {
  drawing = new Uint8Array(SIZE * SIZE);
  form.elements.image.value = "drawn";
  if (latest) { drawInput(); drawPatch(); }
  demo.run();
});
