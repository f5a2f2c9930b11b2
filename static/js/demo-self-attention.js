// The self-attention page: scores and softmax weights of one head as labelled heatmaps, the matrices that make
// them (X, Q, K, V, AV, output) and every head's weights side by side. Drawing only; the numbers come from the kernel.
import { liveDemo } from "./demo-live.js";
import { formParams } from "./plot.js";

const form = document.getElementById("sa-form");
const status = document.getElementById("sa-status");
const picker = document.getElementById("sa-head-picker");
const pickerButtons = document.getElementById("sa-head-buttons");
const scoresCanvas = document.getElementById("sa-scores");
const weightsCanvas = document.getElementById("sa-weights");
const matricesCanvas = document.getElementById("sa-matrices");
const headsCanvas = document.getElementById("sa-heads");
const scoresCaption = document.getElementById("sa-scores-caption");
const NEGATIVE = [33, 102, 172], POSITIVE = [230, 97, 1];  // blue / orange, as on the other demo pages
const FONT = "system-ui, sans-serif";

let latest = null, shownHead = 0, headBoxes = [];

function theme() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--text", "#1a1d21"), muted: read("--muted", "#525b65"), border: read("--border", "#d3d9e0"),
    accent: read("--accent", "#0a58b0"), background: read("--background", "#ffffff"), surface: read("--surface", "#f3f5f8"),
  };
}

// Any CSS colour → [r, g, b], through a canvas (it normalises what it is given).
const probe = document.createElement("canvas").getContext("2d");
function rgb(colour) {
  probe.fillStyle = "#000"; probe.fillStyle = colour;
  const hex = probe.fillStyle;
  return hex.startsWith("#") ? [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) : [128, 128, 128];
}
const mix = (a, b, t) => a.map((c, i) => Math.round(c + (b[i] - c) * t));
const css = ([r, g, b]) => `rgb(${r} ${g} ${b})`;
const light = ([r, g, b]) => 0.2126 * r + 0.7152 * g + 0.0722 * b > 140;

// Diverging: value / limit in [-1, 1] → blue … page background … orange.
function diverging(value, limit, base) {
  const t = Math.max(-1, Math.min(1, value / (limit || 1)));
  return t < 0 ? mix(base, NEGATIVE, -t) : mix(base, POSITIVE, t);
}

const maxAbs = (rows) => Math.max(1e-12, ...rows.flat().filter((v) => v !== null).map(Math.abs));
const shorten = (token, room) => (token.length > room ? `${token.slice(0, room - 1)}…` : token);
function format(v) {
  if (v === null) return "−∞";
  if (v === 0) return "0";  // exactly zero: a masked weight
  const text = Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  return (Number(text) === 0 ? text.replace("-", "") : text).replace("-", "−");  // no "−0.00"
}

function hatch(context, x, y, size, colour) {
  context.save();
  context.beginPath(); context.rect(x, y, size, size); context.clip();
  context.strokeStyle = colour; context.lineWidth = 1;
  for (let d = -size; d < size; d += 6) { context.beginPath(); context.moveTo(x + d, y + size); context.lineTo(x + d + size, y); context.stroke(); }
  context.restore();
}

// An n×n map with token labels: rows are queries, columns are keys.
// `masked[i][j]` marks the cells the causal mask hid: hatched in both maps.
function drawTokenMap(canvas, tokens, rows, masked, cellColour, colours, note) {
  const n = tokens.length;
  const left = 92, top = 100, right = 56, most = 530;  // room for the labels (slanted ones run right)
  const cell = Math.floor(Math.min(60, (most - left - right) / n));
  canvas.width = Math.max(240, left + cell * n + right); canvas.height = top + cell * n + 16;  // fit the map
  const context = canvas.getContext("2d");
  const base = rgb(colours.background);
  context.font = `13px ${FONT}`;
  // axis names
  context.fillStyle = colours.muted;
  context.textAlign = "center";
  context.fillText(note.keys, left + (cell * n) / 2, 16);
  context.save(); context.translate(14, top + (cell * n) / 2); context.rotate(-Math.PI / 2);
  context.textAlign = "center"; context.fillText(note.queries, 0, 0); context.restore();
  // token labels
  context.fillStyle = colours.text;
  tokens.forEach((token, i) => {
    context.textAlign = "right";
    context.fillText(shorten(token, 9), left - 8, top + cell * i + cell / 2 + 4);
    context.save();
    context.translate(left + cell * i + cell / 2 + 4, top - 8);
    context.rotate(-Math.PI / 4);
    context.textAlign = "left";
    context.fillText(shorten(token, 9), 0, 0);
    context.restore();
  });
  // cells
  context.font = `${Math.min(13, Math.max(9, cell / 3.6))}px ${FONT}`;
  context.textAlign = "center";
  rows.forEach((row, i) => row.forEach((value, j) => {
    const x = left + cell * j, y = top + cell * i;
    if (masked[i][j]) {
      context.fillStyle = colours.surface; context.fillRect(x, y, cell, cell);
      hatch(context, x, y, cell, colours.border);
      context.fillStyle = colours.muted;
    } else {
      const colour = cellColour(value, base);
      context.fillStyle = css(colour); context.fillRect(x, y, cell, cell);
      context.fillStyle = light(colour) ? "#1a1d21" : "#ffffff";
    }
    if (cell >= 26) context.fillText(format(value), x + cell / 2, y + cell / 2 + 4);
  }));
  context.strokeStyle = colours.border; context.lineWidth = 1;
  for (let i = 0; i <= n; i++) {
    context.beginPath(); context.moveTo(left, top + cell * i); context.lineTo(left + cell * n, top + cell * i); context.stroke();
    context.beginPath(); context.moveTo(left + cell * i, top); context.lineTo(left + cell * i, top + cell * n); context.stroke();
  }
}

// One matrix as a heatmap block; returns its width.
function drawBlock(context, x, top, rows, cellWidth, rowHeight, title, colours, base) {
  const limit = maxAbs(rows);
  rows.forEach((row, i) => row.forEach((value, j) => {
    context.fillStyle = css(diverging(value, limit, base));
    context.fillRect(x + j * cellWidth, top + i * rowHeight, cellWidth, rowHeight);
  }));
  const width = cellWidth * rows[0].length, height = rowHeight * rows.length;
  context.strokeStyle = colours.muted; context.lineWidth = 1;
  context.strokeRect(x + 0.5, top + 0.5, width, height);
  context.fillStyle = colours.text; context.textAlign = "center";
  context.font = `600 13px ${FONT}`;
  context.fillText(title, x + width / 2, top - 10);
  context.font = `12px ${FONT}`;
  context.fillStyle = colours.muted;
  context.fillText(`${rows.length}×${rows[0].length}`, x + width / 2, top + height + 16);
  return width;
}

function drawMatrices(result, head, colours) {
  const canvas = matricesCanvas, context = canvas.getContext("2d");
  const tokens = result.tokens, n = tokens.length, h = result.heads[head];
  const base = rgb(colours.background);
  const top = 34, rowHeight = Math.max(10, Math.min(22, Math.floor(240 / n))), left = 84, gap = 30;
  canvas.height = top + rowHeight * n + 28;
  const wide = Math.max(1, Math.min(16, Math.floor(150 / result.d_model)));
  const narrow = Math.max(3, Math.min(20, Math.floor(120 / result.d_head)));
  context.font = `12px ${FONT}`;
  context.fillStyle = colours.text; context.textAlign = "right";
  tokens.forEach((token, i) => context.fillText(shorten(token, 9), left - 8, top + rowHeight * i + rowHeight / 2 + 4));
  const k = head + 1;
  const blocks = [
    [result.input, wide, canvas.dataset.input], [h.q, narrow, `Q${sub(k)}`], [h.k, narrow, `K${sub(k)}`],
    [h.v, narrow, `V${sub(k)}`], [h.outputs, narrow, `A${sub(k)}V${sub(k)}`], [result.output, wide, canvas.dataset.output],
  ];
  let x = left;
  blocks.forEach(([rows, cellWidth, title], i) => {
    const width = drawBlock(context, x, top, rows, cellWidth, rowHeight, title, colours, base);
    x += width;
    if (i < blocks.length - 1) {
      context.fillStyle = colours.muted; context.font = `16px ${FONT}`; context.textAlign = "center";
      context.fillText(i === 1 || i === 2 ? "" : "→", x + gap / 2, top + (rowHeight * n) / 2 + 5);
    }
    x += gap;
  });
}

const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";
const sub = (k) => String(k).split("").map((d) => SUBSCRIPTS[d]).join("");

function drawHeads(result, colours) {
  const canvas = headsCanvas, context = canvas.getContext("2d");
  const n = result.tokens.length;
  const slot = canvas.width / 4, cell = Math.floor(Math.min(28, (slot - 40) / n));
  canvas.height = 32 + cell * n + 14;  // resizing also clears the canvas
  const accent = rgb(colours.accent), base = rgb(colours.background);
  headBoxes = [];
  result.heads.forEach((h, index) => {
    const x0 = index * slot + (slot - cell * n) / 2, y0 = 32;
    h.weights.forEach((row, i) => row.forEach((w, j) => {
      context.fillStyle = css(mix(base, accent, w));
      context.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
    }));
    const selected = index === shownHead;
    context.strokeStyle = selected ? colours.accent : colours.border;
    context.lineWidth = selected ? 3 : 1;
    context.strokeRect(x0 - 2, y0 - 2, cell * n + 4, cell * n + 4);
    context.fillStyle = selected ? colours.text : colours.muted;
    context.font = `${selected ? "600 " : ""}13px ${FONT}`; context.textAlign = "center";
    context.fillText(`${picker.dataset.word} ${index + 1}`, x0 + (cell * n) / 2, 20);
    headBoxes.push([x0 - 4, 0, cell * n + 8, y0 + cell * n + 4]);
  });
}

function drawDetail() {
  const result = latest, colours = theme(), h = result.heads[shownHead];
  const note = { keys: `${scoresCanvas.dataset.keys} →`, queries: `← ${scoresCanvas.dataset.queries}` };
  const limit = maxAbs(h.scores), masked = h.scores.map((row) => row.map((v) => v === null));
  drawTokenMap(scoresCanvas, result.tokens, h.scores, masked, (v, base) => diverging(v, limit, base), colours, note);
  const accent = rgb(colours.accent);
  drawTokenMap(weightsCanvas, result.tokens, h.weights, masked, (w, base) => mix(base, accent, w), colours, note);
  drawMatrices(result, shownHead, colours);
  drawHeads(result, colours);
  pickerButtons.querySelectorAll("button").forEach((button, i) => button.setAttribute("aria-pressed", String(i === shownHead)));
}

function showHead(index) {
  shownHead = index;
  drawDetail();
}

function buildPicker(count) {
  if (pickerButtons.children.length === count) return;
  pickerButtons.replaceChildren(...Array.from({ length: count }, (_, i) => {
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = `${picker.dataset.word} ${i + 1}`;
    button.addEventListener("click", () => showHead(i));
    return button;
  }));
}

function draw(result) {
  latest = result;
  if (shownHead >= result.heads.length) shownHead = 0;
  buildPicker(result.heads.length);
  scoresCaption.textContent = result.scale === 1 ? scoresCaption.dataset.unscaled : scoresCaption.dataset.scaled;
  drawDetail();
}

headsCanvas.addEventListener("click", (event) => {
  if (!latest) return;
  const box = headsCanvas.getBoundingClientRect();
  const x = ((event.clientX - box.left) / box.width) * headsCanvas.width;
  const y = ((event.clientY - box.top) / box.height) * headsCanvas.height;
  const index = headBoxes.findIndex(([bx, by, bw, bh]) => x >= bx && x <= bx + bw && y >= by && y <= by + bh);
  if (index >= 0) showHead(index);
});
headsCanvas.style.cursor = "pointer";  // CSSOM, not an inline style attribute: allowed by the page's CSP

liveDemo({
  id: "self-attention",
  form,
  status,
  draw,
  params: (f) => ({
    ...formParams(f),
    causal: f.elements.causal.checked, scaled: f.elements.scaled.checked, positional: f.elements.positional.checked,
  }),
});
