// The pooling/im2col page: the image unrolled into patch columns, the weight row times that matrix, the folded
// output; then the same unrolling for pooling windows, reduced by max or mean. Every number comes from the
// server; this file draws, and maps a hovered column to its patch and output cell.
import { liveDemo } from "./demo-live.js";
import { bytesFromBase64, divergingColour, float32FromBase64, formParams } from "./plot.js";

const HIGHLIGHT = "#ff2d95";  // reads on black and white pixels and on the blue/orange output alike
const form = document.getElementById("pi-form");
const status = document.getElementById("pi-status");
const canvas = (id) => document.getElementById(id);
const text = (id) => document.getElementById(id);

let latest = null;
let convColumn = 0, poolColumn = 0;  // the selected column of each matrix = one output position

const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
const grey = (v) => [v, v, v];
const signedColour = (value, limit) => divergingColour(Math.min(1, Math.max(0, 0.5 + value / (2 * (limit || 1)))));
const small = (v) => (v === 0 ? "0" : Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toPrecision(2));
const inkOn = ([r, g, b]) => (0.299 * r + 0.587 * g + 0.114 * b > 140 ? "#111" : "#fff");

// Figures are as wide as their widest canvas, and the notes beside them stay narrow, so captions wrap.
for (const figure of document.querySelectorAll(".demo-panels figure")) {
  figure.style.maxWidth = `${Math.max(...[...figure.querySelectorAll("canvas")].map((c) => c.width)) + 2}px`;
}
for (const notes of document.querySelectorAll(".demo-panels > div")) notes.style.maxWidth = "19rem";

// ---------------------------------------------------------------------------------------------
// Drawing helpers
// ---------------------------------------------------------------------------------------------

// Paint a rows×cols grid of colours into the box (x, y, w, h) of the canvas, one crisp rectangle per cell.
function paintCells(context, rows, cols, colourAt, [x, y, w, h]) {
  const image = new ImageData(cols, rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) image.data.set([...colourAt(r, c), 255], (r * cols + c) * 4);
  }
  const buffer = new OffscreenCanvas(cols, rows);
  buffer.getContext("2d").putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(buffer, x, y, w, h);
}

function gridLines(context, rows, cols, [x, y, w, h], colour) {
  context.strokeStyle = colour; context.lineWidth = 1;
  context.beginPath();
  for (let i = 1; i < cols; i++) { const at = Math.round(x + (i * w) / cols) + 0.5; context.moveTo(at, y); context.lineTo(at, y + h); }
  for (let i = 1; i < rows; i++) { const at = Math.round(y + (i * h) / rows) + 0.5; context.moveTo(x, at); context.lineTo(x + w, at); }
  context.stroke();
}

function hatch(context, x, y, w, h) {
  context.save();
  context.beginPath(); context.rect(x, y, w, h); context.clip();
  context.strokeStyle = "rgba(255, 255, 255, 0.35)"; context.lineWidth = 1;
  context.beginPath();
  for (let t = -h; t < w; t += 6) { context.moveTo(x + t, y + h); context.lineTo(x + t + h, y); }
  context.stroke();
  context.restore();
}

// The image, with `padding` hatched zeros around it, and the pixels at rows × cols highlighted.
function drawImage(target, bytes, size, padding, rows, cols, dot = null) {
  const context = target.getContext("2d"), n = size + 2 * padding, cell = target.width / n;
  const inside = (i) => i >= 0 && i < size;
  context.clearRect(0, 0, target.width, target.height);
  paintCells(context, n, n, (r, c) => (inside(r - padding) && inside(c - padding) ? grey(bytes[(r - padding) * size + c - padding]) : [0, 0, 0]),
    [0, 0, target.width, target.height]);
  gridLines(context, n, n, [0, 0, target.width, target.height], "rgba(128, 128, 128, 0.35)");
  if (padding) {
    const inner = padding * cell, outer = n * cell;
    for (const [x, y, w, h] of [[0, 0, outer, inner], [0, outer - inner, outer, inner], [0, inner, inner, outer - 2 * inner], [outer - inner, inner, inner, outer - 2 * inner]]) hatch(context, x, y, w, h);
  }
  const at = (i) => (i + padding) * cell;
  context.fillStyle = "rgba(255, 45, 149, 0.45)"; context.strokeStyle = HIGHLIGHT; context.lineWidth = 2;
  for (const r of rows) for (const c of cols) { context.fillRect(at(c), at(r), cell, cell); context.strokeRect(at(c) + 1, at(r) + 1, cell - 2, cell - 2); }
  if (dot) {
    context.fillStyle = HIGHLIGHT; context.strokeStyle = "#fff"; context.lineWidth = 2;
    context.beginPath(); context.arc(at(dot[1]) + cell / 2, at(dot[0]) + cell / 2, cell * 0.28, 0, 2 * Math.PI); context.fill(); context.stroke();
  }
}

function drawMap(target, n, colourAt, selected) {
  const context = target.getContext("2d"), cell = target.width / n;
  context.clearRect(0, 0, target.width, target.height);
  paintCells(context, n, n, colourAt, [0, 0, target.width, target.height]);
  gridLines(context, n, n, [0, 0, target.width, target.height], "rgba(128, 128, 128, 0.3)");
  context.strokeStyle = HIGHLIGHT; context.lineWidth = 3;
  context.strokeRect((selected % n) * cell + 1.5, Math.floor(selected / n) * cell + 1.5, cell - 3, cell - 3);
}

const MATRIX_BOX = { left: 120, right: 6, top: 24, gap: 10, strip: 24, bottom: 6 };

// A matrix of grey levels, one column per output position, with an optional coloured column of weights on the
// left (one per row), the reduction of each column as a strip below, and the selected column outlined.
function drawMatrix(target, { rows, cols, cells, title, rowName, left, stripTitle, strip, marks, selected }) {
  const box = MATRIX_BOX, rowHeight = Math.max(10, Math.min(24, Math.floor(300 / rows)));
  target.height = box.top + rows * rowHeight + box.gap + box.strip + box.bottom;  // as tall as the rows need
  const context = target.getContext("2d"), { width, height } = target;
  context.clearRect(0, 0, width, height);
  const columnWidth = (width - box.left - box.right) / cols, matrixHeight = rows * rowHeight;
  const stripTop = box.top + matrixHeight + box.gap;
  paintCells(context, rows, cols, (r, c) => grey(cells[r * cols + c]), [box.left, box.top, cols * columnWidth, matrixHeight]);
  if (columnWidth >= 5) gridLines(context, rows, cols, [box.left, box.top, cols * columnWidth, matrixHeight], "rgba(128, 128, 128, 0.3)");
  else gridLines(context, rows, 1, [box.left, box.top, cols * columnWidth, matrixHeight], "rgba(128, 128, 128, 0.3)");
  paintCells(context, 1, cols, (_, c) => strip.colour(strip.values[c]), [box.left, stripTop, cols * columnWidth, box.strip]);
  context.font = "12px system-ui, sans-serif"; context.textBaseline = "middle";
  context.fillStyle = cssVar("--text"); context.textAlign = "left";
  context.fillText(title, box.left, box.top / 2);
  context.textAlign = "right";
  context.fillText(stripTitle, box.left - 8, stripTop + box.strip / 2);
  const x = box.left - 48, w = 40, middle = (r) => box.top + (r + 0.5) * rowHeight;
  context.font = `${Math.min(12, rowHeight - 3)}px system-ui, sans-serif`;
  if (rowHeight >= 13) {  // each row is one kernel tap (u, v)
    context.fillStyle = cssVar("--muted"); context.textAlign = "right";
    for (let r = 0; r < rows; r++) context.fillText(rowName(r), left ? x - 6 : box.left - 6, middle(r));
  }
  if (left) {  // the weight of each row, beside the row it multiplies
    paintCells(context, rows, 1, (r) => left.colour(r), [x, box.top, w, matrixHeight]);
    gridLines(context, rows, 1, [x, box.top, w, matrixHeight], "rgba(128, 128, 128, 0.4)");
    context.textAlign = "center";
    for (let r = 0; r < rows && rowHeight >= 13; r++) {
      context.fillStyle = inkOn(left.colour(r));
      context.fillText(left.label(r), x + w / 2, middle(r));
    }
    context.font = "12px system-ui, sans-serif"; context.fillStyle = cssVar("--text");
    context.fillText(left.title, x + w / 2, box.top / 2);
  }
  if (marks) {  // the winning entry of each column
    context.strokeStyle = HIGHLIGHT; context.lineWidth = Math.min(2, columnWidth / 3);
    marks.forEach((r, c) => r >= 0 && context.strokeRect(box.left + c * columnWidth + 0.5, box.top + r * rowHeight + 0.5, columnWidth - 1, rowHeight - 1));
  }
  context.strokeStyle = HIGHLIGHT; context.lineWidth = 2;
  const at = box.left + selected * columnWidth;
  context.strokeRect(at - 1, box.top - 1, columnWidth + 2, matrixHeight + 2);
  context.strokeRect(at - 1, stripTop - 1, columnWidth + 2, box.strip + 2);
}

// ---------------------------------------------------------------------------------------------
// The two sections
// ---------------------------------------------------------------------------------------------

function drawConv() {
  const { image_size: size } = latest, conv = latest.conv, n = conv.output_size;
  const bytes = bytesFromBase64(latest.image), output = float32FromBase64(conv.output);
  const [i, j] = [Math.floor(convColumn / n), convColumn % n];
  drawImage(canvas("pi-input"), bytes, size, conv.padding, conv.taps[i], conv.taps[j]);
  drawMap(canvas("pi-output"), n, (r, c) => signedColour(output[r * n + c], conv.output_limit), convColumn);
  const k = conv.kernel_size, weights = conv.weights.flat();
  drawMatrix(canvas("pi-matrix"), {
    rows: conv.matrix_shape[0], cols: conv.matrix_shape[1], cells: bytesFromBase64(conv.matrix),
    title: `X_col  (${conv.matrix_shape[0]} × ${conv.matrix_shape[1]})`,
    left: {
      title: "w", colour: (r) => signedColour(weights[r], conv.weight_limit),
      label: (r) => String(Number(weights[r].toFixed(2))),
    },
    rowName: (r) => `(${Math.floor(r / k)}, ${r % k})`,
    stripTitle: "Y = w · X_col", strip: { values: output, colour: (v) => signedColour(v, conv.output_limit) },
    selected: convColumn,
  });
  text("pi-conv-cell").textContent = fill(text("pi-conv-cell").dataset.template, { l: convColumn, row: i, col: j, value: output[convColumn].toPrecision(4) });
}

function drawKernel() {
  const conv = latest.conv, target = canvas("pi-kernel"), context = target.getContext("2d");
  const k = conv.kernel_size, cell = target.width / k;
  const colour = (u, v) => signedColour(conv.weights[u][v], conv.weight_limit);
  context.clearRect(0, 0, target.width, target.height);
  paintCells(context, k, k, colour, [0, 0, target.width, target.height]);
  gridLines(context, k, k, [0, 0, target.width, target.height], cssVar("--border"));
  context.font = `${Math.round(cell * 0.32)}px system-ui, sans-serif`; context.textAlign = "center"; context.textBaseline = "middle";
  conv.weights.forEach((row, u) => row.forEach((w, v) => {
    context.fillStyle = inkOn(colour(u, v));
    context.fillText(String(Number(w.toFixed(3))), (v + 0.5) * cell, (u + 0.5) * cell);
  }));
}

function drawPool() {
  const { image_size: size } = latest, pool = latest.pool, n = pool.output_size;
  const bytes = bytesFromBase64(latest.image), output = float32FromBase64(pool.output);
  const [i, j] = [Math.floor(poolColumn / n), poolColumn % n];
  const rows = pool.taps[i], cols = pool.taps[j], q = pool.size;
  const winner = pool.winners[poolColumn];
  const dot = winner < 0 ? null : [rows[Math.floor(winner / q)], cols[winner % q]];
  drawImage(canvas("pi-pool-input"), bytes, size, 0, rows, cols, dot);
  drawMap(canvas("pi-pool-output"), n, (r, c) => grey(Math.round(output[r * n + c] * 255)), poolColumn);
  drawMatrix(canvas("pi-pool-matrix"), {
    rows: pool.matrix_shape[0], cols: pool.matrix_shape[1], cells: bytesFromBase64(pool.matrix),
    title: `(${pool.matrix_shape[0]} × ${pool.matrix_shape[1]})`, rowName: (r) => `(${Math.floor(r / q)}, ${r % q})`,
    stripTitle: pool.mode === "max" ? "max" : "mean", strip: { values: output, colour: (v) => grey(Math.round(v * 255)) },
    marks: pool.mode === "max" ? pool.winners : null, selected: poolColumn,
  });
  text("pi-pool-cell").textContent = fill(text("pi-pool-cell").dataset.template, { l: poolColumn, row: i, col: j, value: output[poolColumn].toPrecision(3) });
}

function drawText() {
  const conv = latest.conv, pool = latest.pool, f = conv.formula, g = pool.formula;
  const [rows, cols] = conv.matrix_shape;
  text("pi-product").textContent = `(1 × ${rows}) · (${rows} × ${cols}) = (1 × ${cols}) → ${f.output} × ${f.output}`;
  text("pi-conv-size").textContent = `H_out = ⌊(H + 2p − k) / s⌋ + 1 = ⌊(${f.size} + 2·${f.padding} − ${f.kernel_size}) / ${f.stride}⌋ + 1 = ${f.output}`;
  text("pi-memory").textContent = fill(text("pi-memory").dataset.template, conv.memory);
  text("pi-check-unfold").textContent = `${text("pi-check-unfold").dataset.template}: ${small(conv.unfold_difference)}`;
  text("pi-check-conv").textContent = `${text("pi-check-conv").dataset.template}: ${small(conv.conv2d_difference)}`;
  text("pi-pool-size").textContent = `⌊(H − q) / s⌋ + 1 = ⌊(${g.size} − ${g.window}) / ${g.stride}⌋ + 1 = ${g.output}`;
  text("pi-check-pool").textContent = `${fill(text("pi-check-pool").dataset.template, { name: pool.reference })}: ${small(pool.difference)}`;
}

function draw(result) {
  if (!latest) {  // start on the square's top-left corner, where both reductions have something to show
    convColumn = result.conv.output_size + 1;
    poolColumn = 0;
  }
  latest = result;
  convColumn = Math.min(convColumn, result.conv.matrix_shape[1] - 1);
  poolColumn = Math.min(poolColumn, result.pool.matrix_shape[1] - 1);
  drawKernel();
  drawConv();
  drawPool();
  drawText();
}

// The kernel size is a <select>, whose value formParams leaves a string; the parameter is a number.
const params = (target) => ({ ...formParams(target), kernel_size: Number(target.elements.kernel_size.value) });
liveDemo({ id: "pooling-im2col", form, status, draw, params });

// ---------------------------------------------------------------------------------------------
// Pointer and keys: a hovered output cell or matrix column selects that output position
// ---------------------------------------------------------------------------------------------

function position(event, target) {
  const box = target.getBoundingClientRect();
  return [((event.clientX - box.left) / box.width) * target.width, ((event.clientY - box.top) / box.height) * target.height];
}

function wire({ map, matrix, count, side, get, set, redraw }) {
  const choose = (column) => {
    if (!latest) return;
    const next = Math.max(0, Math.min(count() - 1, column));
    if (next !== get()) { set(next); redraw(); }
  };
  map.addEventListener("pointermove", (event) => {
    if (!latest) return;
    const [x, y] = position(event, map), n = side();
    choose(Math.min(n - 1, Math.floor((y / map.height) * n)) * n + Math.min(n - 1, Math.floor((x / map.width) * n)));
  });
  matrix.addEventListener("pointermove", (event) => {
    if (!latest) return;
    const [x] = position(event, matrix), box = MATRIX_BOX;
    if (x >= box.left) choose(Math.floor(((x - box.left) / (matrix.width - box.left - box.right)) * count()));
  });
  const keys = (event, moves) => {
    if (!(event.key in moves)) return;
    event.preventDefault();
    choose(get() + moves[event.key]);
  };
  map.addEventListener("keydown", (event) => keys(event, { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -side(), ArrowDown: side() }));
  matrix.addEventListener("keydown", (event) => keys(event, { ArrowLeft: -1, ArrowRight: 1 }));
}

wire({
  map: canvas("pi-output"), matrix: canvas("pi-matrix"), count: () => latest.conv.matrix_shape[1], side: () => latest.conv.output_size,
  get: () => convColumn, set: (c) => { convColumn = c; }, redraw: drawConv,
});
wire({
  map: canvas("pi-pool-output"), matrix: canvas("pi-pool-matrix"), count: () => latest.pool.matrix_shape[1], side: () => latest.pool.output_size,
  get: () => poolColumn, set: (c) => { poolColumn = c; }, redraw: drawPool,
});
