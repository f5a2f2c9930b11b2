// The ViT patches page: the image cut into a patch grid, the token sequence (patches in position order over
// their D-value tokens), and one patch flattened and projected. Every number comes from the server; this file
// draws, and maps a hovered patch or token to its position in the sequence.
import { liveDemo } from "./demo-live.js";
import { bytesFromBase64, divergingColour, float32FromBase64, formParams } from "./plot.js";

const HIGHLIGHT = "#ff2d95";
const form = document.getElementById("vit-form");
const status = document.getElementById("vit-status");
const imageCanvas = document.getElementById("vit-image");
const sequenceCanvas = document.getElementById("vit-sequence");
const flattenCanvas = document.getElementById("vit-flatten");
const text = (id) => document.getElementById(id);

let latest = null, pixels = null, patches = null, tokens = null;
let selected = 15;  // the position in the sequence whose patch and token are highlighted: on the disk

const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
const fill = (template, values) => template.replace(/\{(\w+)\}/g, (_, key) => String(values[key]));
const small = (v) => (v === 0 ? "0" : Math.abs(v) < 1e-3 ? v.toExponential(1) : v.toPrecision(2));
const tokenColour = (v) => divergingColour(Math.min(1, Math.max(0, 0.5 + v / (2 * (latest.token_limit || 1)))));

for (const figure of document.querySelectorAll(".demo-panels figure")) {
  figure.style.maxWidth = `${Math.max(...[...figure.querySelectorAll("canvas")].map((c) => c.width)) + 2}px`;
}
for (const notes of document.querySelectorAll(".demo-panels > div")) notes.style.maxWidth = "24rem";

// The checkbox is sent as a boolean (formParams would send its value, "on", whether checked or not).
const params = (target) => ({ ...formParams(target), class_token: target.elements.class_token.checked });

// ---------------------------------------------------------------------------------------------
// Drawing helpers
// ---------------------------------------------------------------------------------------------

function blit(context, cols, rows, colourAt, [x, y, w, h]) {
  const image = new ImageData(cols, rows);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) image.data.set([...colourAt(r, c), 255], (r * cols + c) * 4);
  const buffer = new OffscreenCanvas(cols, rows);
  buffer.getContext("2d").putImageData(image, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(buffer, x, y, w, h);
}

// The image's own pixels of the patch at grid (row, col), drawn into the box.
function drawPatchPixels(context, row, col, box) {
  const { patch: p, width: w } = latest;
  blit(context, p, p, (y, x) => {
    const i = ((row * p + y) * w + col * p + x) * 3;
    return [pixels[i], pixels[i + 1], pixels[i + 2]];
  }, box);
}

function drawClassBox(context, [x, y, w, h]) {
  context.fillStyle = cssVar("--surface"); context.strokeStyle = cssVar("--muted"); context.lineWidth = 1;
  context.fillRect(x, y, w, h); context.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  context.fillStyle = cssVar("--text"); context.textAlign = "center"; context.textBaseline = "middle";
  context.font = `${Math.max(8, Math.min(13, w / 3.2))}px system-ui, sans-serif`;
  context.fillText(w >= 26 ? "CLS" : "C", x + w / 2, y + h / 2);
}

// ---------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------

function imageLayout() {
  const { height: h, width: w } = latest;
  const scale = Math.floor(Math.min(imageCanvas.width / w, imageCanvas.height / h));
  return { scale, x0: Math.floor((imageCanvas.width - w * scale) / 2), y0: Math.floor((imageCanvas.height - h * scale) / 2) };
}

function drawImage() {
  const context = imageCanvas.getContext("2d"), { height: h, width: w, patch: p } = latest, [rows, cols] = latest.grid;
  const { scale, x0, y0 } = imageLayout(), side = p * scale;
  context.clearRect(0, 0, imageCanvas.width, imageCanvas.height);
  blit(context, w, h, (y, x) => { const i = (y * w + x) * 3; return [pixels[i], pixels[i + 1], pixels[i + 2]]; }, [x0, y0, w * scale, h * scale]);
  // patch borders: a dark line under a light one, visible on any pixel
  for (const [colour, width] of [["rgba(0, 0, 0, 0.7)", 3], ["rgba(255, 255, 255, 0.9)", 1]]) {
    context.strokeStyle = colour; context.lineWidth = width;
    context.beginPath();
    for (let c = 0; c <= cols; c++) { context.moveTo(x0 + c * side, y0); context.lineTo(x0 + c * side, y0 + h * scale); }
    for (let r = 0; r <= rows; r++) { context.moveTo(x0, y0 + r * side); context.lineTo(x0 + w * scale, y0 + r * side); }
    context.stroke();
  }
  if (side >= 18) {  // each patch's position in the sequence
    const offset = latest.class_token ? 1 : 0;
    context.font = `${Math.min(14, Math.round(side / 3))}px system-ui, sans-serif`; context.textAlign = "left"; context.textBaseline = "top";
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const label = String(r * cols + c + offset), pad = 2, tw = context.measureText(label).width;
        context.fillStyle = "rgba(0, 0, 0, 0.65)"; context.fillRect(x0 + c * side + 2, y0 + r * side + 2, tw + 2 * pad, Math.min(14, side / 3) + 2 * pad);
        context.fillStyle = "#fff"; context.fillText(label, x0 + c * side + 2 + pad, y0 + r * side + 2 + pad);
      }
    }
  }
  const position = latest.positions[selected];
  if (position) {
    context.strokeStyle = HIGHLIGHT; context.lineWidth = 3;
    context.strokeRect(x0 + position[1] * side + 1.5, y0 + position[0] * side + 1.5, side - 3, side - 3);
  }
}

const SEQUENCE = { left: 86, right: 6, top: 6, labels: 18, gap: 8, bottom: 6 };

function sequenceLayout() {
  const count = latest.positions.length, box = SEQUENCE;
  const slot = Math.min(64, (sequenceCanvas.width - box.left - box.right) / count);
  const thumb = Math.max(1, slot - (slot >= 8 ? 3 : 0));
  const cell = Math.max(3, Math.min(12, Math.floor(200 / latest.dim)));
  const tokensTop = box.top + thumb + box.labels + box.gap;
  return { count, slot, thumb, cell, tokensTop, height: tokensTop + latest.dim * cell + box.bottom };
}

function drawSequence() {
  const layout = sequenceLayout(), { slot, thumb, cell, tokensTop, count } = layout, box = SEQUENCE, d = latest.dim;
  sequenceCanvas.height = layout.height;  // as tall as D needs
  const context = sequenceCanvas.getContext("2d");
  context.clearRect(0, 0, sequenceCanvas.width, sequenceCanvas.height);
  const labelEvery = slot >= 20 ? 1 : slot >= 8 ? 5 : 10;
  for (let s = 0; s < count; s++) {
    const x = box.left + s * slot, position = latest.positions[s];
    if (position) drawPatchPixels(context, position[0], position[1], [x, box.top, thumb, thumb]);
    else drawClassBox(context, [x, box.top, thumb, thumb]);
    if (s % labelEvery === 0) {
      context.fillStyle = cssVar("--muted"); context.font = "11px system-ui, sans-serif"; context.textAlign = "center"; context.textBaseline = "top";
      context.fillText(String(s), x + thumb / 2, box.top + thumb + 3);
    }
  }
  blit(context, count, d, (j, s) => tokenColour(tokens[s * d + j]), [box.left, tokensTop, count * slot, d * cell]);
  if (slot >= 6) {  // gaps between tokens, like the gaps between patches above
    context.fillStyle = cssVar("--background");
    for (let s = 1; s < count; s++) context.fillRect(box.left + s * slot - (slot >= 8 ? 3 : 1), tokensTop, slot >= 8 ? 3 : 1, d * cell);
  }
  context.fillStyle = cssVar("--text"); context.font = "12px system-ui, sans-serif"; context.textAlign = "right"; context.textBaseline = "middle";
  context.fillText(sequenceCanvas.dataset.patches, box.left - 8, box.top + thumb / 2);
  context.fillText(sequenceCanvas.dataset.position, box.left - 8, box.top + thumb + 9);
  context.fillText("z₀", box.left - 8, tokensTop + (d * cell) / 2 - 8);
  context.fillStyle = cssVar("--muted");
  context.fillText(`D = ${d}`, box.left - 8, tokensTop + (d * cell) / 2 + 8);
  context.strokeStyle = HIGHLIGHT; context.lineWidth = 2;
  const x = box.left + selected * slot;
  context.strokeRect(x - 1.5, box.top - 1.5, thumb + 3, thumb + 3);
  context.strokeRect(x - 1.5, tokensTop - 1.5, thumb + 3, d * cell + 3);
}

function arrow(context, x0, x1, y, label) {
  context.strokeStyle = cssVar("--muted"); context.fillStyle = cssVar("--muted"); context.lineWidth = 1.5;
  context.beginPath(); context.moveTo(x0, y); context.lineTo(x1 - 6, y); context.stroke();
  context.beginPath(); context.moveTo(x1, y); context.lineTo(x1 - 8, y - 4); context.lineTo(x1 - 8, y + 4); context.fill();
  context.fillStyle = cssVar("--text"); context.font = "12px system-ui, sans-serif"; context.textAlign = "center"; context.textBaseline = "bottom";
  context.fillText(label, (x0 + x1) / 2, y - 6);
}

function drawFlatten() {
  const context = flattenCanvas.getContext("2d"), { width, height } = flattenCanvas;
  const { patch: p, dim: d } = latest, length = 3 * p * p, position = latest.positions[selected];
  context.clearRect(0, 0, width, height);
  const size = 96, y0 = (height - size) / 2, mid = height / 2;
  if (position) drawPatchPixels(context, position[0], position[1], [8, y0, size, size]);
  else drawClassBox(context, [8, y0, size, size]);
  // the flattened patch: R values, then G, then B, each tinted by its channel
  const stripLeft = 210, stripWidth = 470, stripHeight = 34;
  if (position) {
    const start = (selected - (latest.class_token ? 1 : 0)) * length;
    blit(context, length, 1, (_, i) => {
      const v = patches[start + i], channel = Math.floor(i / (p * p));
      return [channel === 0 ? v : 0, channel === 1 ? v : 0, channel === 2 ? v : 0];
    }, [stripLeft, mid - stripHeight / 2, stripWidth, stripHeight]);
    context.fillStyle = cssVar("--muted"); context.font = "11px system-ui, sans-serif"; context.textAlign = "center"; context.textBaseline = "top";
    ["R", "G", "B"].forEach((name, c) => context.fillText(name, stripLeft + ((c + 0.5) * stripWidth) / 3, mid + stripHeight / 2 + 4));
    context.textBaseline = "bottom";
    context.fillText(`${length} = ${p}²·3`, stripLeft + stripWidth / 2, mid - stripHeight / 2 - 4);
    arrow(context, 8 + size + 8, stripLeft - 8, mid, flattenCanvas.dataset.flatten);
  } else {
    context.fillStyle = cssVar("--muted"); context.font = "12px system-ui, sans-serif"; context.textAlign = "left"; context.textBaseline = "middle";
    context.fillText(flattenCanvas.dataset.classNote, stripLeft, mid);
  }
  // the token: D values
  const tokenLeft = stripLeft + stripWidth + 150, cell = Math.min(22, (width - tokenLeft - 8) / d);
  blit(context, d, 1, (_, j) => tokenColour(tokens[selected * d + j]), [tokenLeft, mid - 11, d * cell, 22]);
  context.strokeStyle = cssVar("--border"); context.strokeRect(tokenLeft - 0.5, mid - 11.5, d * cell + 1, 23);
  context.fillStyle = cssVar("--muted"); context.font = "11px system-ui, sans-serif"; context.textAlign = "center"; context.textBaseline = "top";
  context.fillText(`z${subscript(selected)}  (D = ${d})`, tokenLeft + (d * cell) / 2, mid + 15);
  const sum = latest.position === "sinusoidal" ? ` + E_pos[${selected}]` : "";
  arrow(context, stripLeft + stripWidth + 8, tokenLeft - 8, mid, position ? `· Eᵀ + b${sum}` : `x_class${sum}`);
}

function subscript(n) {
  return String(n).replace(/\d/g, (digit) => "₀₁₂₃₄₅₆₇₈₉"[digit]);
}

function drawText() {
  const f = latest.formula;
  text("vit-count").textContent = `N = (H/P)·(W/P) = (${f.height}/${f.patch})·(${f.width}/${f.patch}) = ${f.rows}·${f.cols} = ${f.tokens}`;
  text("vit-with-class").textContent = latest.class_token ? fill(text("vit-with-class").dataset.template, { n: f.sequence }) : "";
  text("vit-patch-length").textContent = fill(text("vit-patch-length").dataset.template, { p: f.patch, n: f.patch_length });
  text("vit-projection").textContent = fill(text("vit-projection").dataset.template, { n: f.patch_length, d: latest.dim, params: f.parameters });
  text("vit-check").textContent = `${text("vit-check").dataset.template}: ${small(latest.max_abs_difference)}`;
}

function drawSelection() {
  drawImage();
  drawSequence();
  drawFlatten();
  const position = latest.positions[selected], readout = text("vit-selected");
  readout.textContent = position ? fill(readout.dataset.template, { pos: selected, row: position[0], col: position[1] }) : readout.dataset.classText;
}

function draw(result) {
  latest = result;
  pixels = bytesFromBase64(result.image);
  patches = bytesFromBase64(result.patches);
  tokens = float32FromBase64(result.tokens);
  selected = Math.min(selected, result.positions.length - 1);
  drawSelection();
  drawText();
}

liveDemo({ id: "vit-patches", form, status, draw, params });

// ---------------------------------------------------------------------------------------------
// Pointer and keys: a hovered patch or token becomes the selected position
// ---------------------------------------------------------------------------------------------

function choose(position) {
  if (!latest) return;
  const next = Math.max(0, Math.min(latest.positions.length - 1, position));
  if (next !== selected) { selected = next; drawSelection(); }
}

function canvasPoint(canvas, event) {
  const box = canvas.getBoundingClientRect();
  return [((event.clientX - box.left) / box.width) * canvas.width, ((event.clientY - box.top) / box.height) * canvas.height];
}

imageCanvas.addEventListener("pointermove", (event) => {
  if (!latest) return;
  const [x, y] = canvasPoint(imageCanvas, event), { scale, x0, y0 } = imageLayout(), side = latest.patch * scale;
  const [row, col] = [Math.floor((y - y0) / side), Math.floor((x - x0) / side)];
  if (row < 0 || col < 0 || row >= latest.grid[0] || col >= latest.grid[1]) return;
  choose(latest.positions.findIndex((p) => p && p[0] === row && p[1] === col));
});
sequenceCanvas.addEventListener("pointermove", (event) => {
  if (!latest) return;
  const [x] = canvasPoint(sequenceCanvas, event), { slot } = sequenceLayout();
  if (x >= SEQUENCE.left) choose(Math.floor((x - SEQUENCE.left) / slot));
});
for (const canvas of [imageCanvas, sequenceCanvas]) {
  canvas.addEventListener("keydown", (event) => {
    const moves = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -latest?.grid[1], ArrowDown: latest?.grid[1] };
    if (!latest || !(event.key in moves)) return;
    event.preventDefault();
    choose(selected + moves[event.key]);
  });
}
