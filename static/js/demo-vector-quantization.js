// The vector-quantization page: plays the iterations of one fit. The plane shows Voronoi cells, points coloured by
// their code and each code's path; beside it, codebook usage and the distortion curve. Drawing only.
import { liveDemo } from "./demo-live.js";
import { bytesFromBase64, formParams } from "./plot.js";

const form = document.getElementById("vq-form");
const status = document.getElementById("vq-status");
const plane = document.getElementById("vq-plane");
const usage = document.getElementById("vq-usage");
const distortion = document.getElementById("vq-distortion");
const playButton = document.getElementById("vq-play");
const slider = document.getElementById("vq-frame");
const sliderValue = document.getElementById("vq-frame-value");
const emaOutput = document.getElementById("vq-ema_decay");
const FONT = "system-ui, sans-serif";
const FRAME_MS = 320;
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

let result = null, indices = [], shown = 0, timer = null;

function theme() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: read("--text", "#1a1d21"), muted: read("--muted", "#525b65"), border: read("--border", "#d3d9e0"),
    background: read("--background", "#ffffff"),
  };
}

// Is a CSS colour dark? A canvas context normalises any colour to #rrggbb.
const probe = document.createElement("canvas").getContext("2d");
function isDark(colour) {
  probe.fillStyle = "#fff"; probe.fillStyle = colour;
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(probe.fillStyle.slice(i, i + 2), 16));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b < 100;
}

// Code k's colour: twelve well-separated colours first, then hues a golden angle apart at alternating lightness.
const PALETTE = [
  [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189], [140, 86, 75],
  [227, 119, 194], [188, 189, 34], [23, 190, 207], [57, 59, 121], [230, 171, 2], [0, 128, 128],
];
function codeColour(k, alpha = 1) {
  if (k < PALETTE.length) return `rgb(${PALETTE[k].join(" ")} / ${alpha})`;
  return `hsl(${(20 + k * 137.508) % 360} 70% ${k % 2 ? 38 : 55}% / ${alpha})`;
}
// The number on code k's disc: dark on the light colours, white on the rest.
function numberColour(k) {
  if (k >= PALETTE.length) return k % 2 ? "#ffffff" : "#1a1d21";
  const [r, g, b] = PALETTE[k];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 140 ? "#1a1d21" : "#ffffff";
}

function planeMapping(extent) {
  const [x0, x1, y0, y1] = extent, pad = 10, size = plane.width - 2 * pad;
  return ([x, y]) => [pad + ((x - x0) / (x1 - x0)) * size, pad + (1 - (y - y0) / (y1 - y0)) * size];
}

function drawPlane(t, colours) {
  const context = plane.getContext("2d");
  context.clearRect(0, 0, plane.width, plane.height);
  const frame = result.frames[t], map = planeMapping(result.extent);
  const dark = isDark(colours.background);

  // Voronoi cells: a tint of each code's colour, thin borders
  frame.cells.forEach((cell, k) => {
    if (!cell.length) return;
    context.beginPath();
    cell.forEach((p, i) => (i ? context.lineTo(...map(p)) : context.moveTo(...map(p))));
    context.closePath();
    context.fillStyle = codeColour(k, dark ? 0.24 : 0.14);
    context.fill();
    context.strokeStyle = colours.muted; context.lineWidth = 1;
    context.stroke();
  });

  // points, in the colour of the code they are assigned to
  const index = indices[t];
  result.xs.forEach((x, i) => {
    const [px, py] = map([x, result.ys[i]]);
    context.fillStyle = codeColour(index[i], 0.9);
    context.beginPath(); context.arc(px, py, 2.6, 0, 2 * Math.PI); context.fill();
  });

  // each code's path so far
  frame.codes.forEach((_, k) => {
    context.strokeStyle = colours.text; context.lineWidth = 1.4; context.setLineDash([3, 3]);
    context.beginPath();
    for (let s = 0; s <= t; s++) {
      const [px, py] = map(result.frames[s].codes[k]);
      if (s) context.lineTo(px, py); else context.moveTo(px, py);
    }
    context.stroke(); context.setLineDash([]);
  });

  // the codes: numbered discs; a dead one is hollow and crossed, and labelled where the label has room
  context.font = `bold 10px ${FONT}`; context.textAlign = "center";
  const labels = [];
  frame.codes.forEach((code, k) => {
    const [px, py] = map(code);
    const dead = frame.counts[k] === 0;
    context.beginPath(); context.arc(px, py, 9, 0, 2 * Math.PI);
    context.fillStyle = dead ? colours.background : codeColour(k);
    context.fill();
    context.lineWidth = 2; context.strokeStyle = dead ? codeColour(k) : colours.text; context.stroke();
    if (dead) {
      context.strokeStyle = colours.text; context.lineWidth = 2;
      context.beginPath(); context.moveTo(px - 5, py - 5); context.lineTo(px + 5, py + 5); context.moveTo(px + 5, py - 5); context.lineTo(px - 5, py + 5); context.stroke();
      if (labels.every(([lx, ly]) => Math.abs(lx - px) > 56 || Math.abs(ly - py) > 16)) {
        labels.push([px, py]);
        context.fillStyle = colours.text; context.font = `12px ${FONT}`;
        context.fillText(`${k + 1} ${plane.dataset.dead}`, px, py - 14);
        context.font = `bold 10px ${FONT}`;
      }
    } else {
      context.fillStyle = numberColour(k);
      context.fillText(String(k + 1), px, py + 3.5);
    }
  });
}

function drawUsage(t, colours) {
  const canvas = usage, context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  const frame = result.frames[t], K = frame.counts.length, n = result.xs.length;
  const left = 44, right = 34, top = 40, bottom = 28;
  const width = canvas.width - left - right, height = canvas.height - top - bottom;
  const peak = Math.max(1, ...frame.counts), slot = width / K, bar = Math.max(2, Math.min(36, slot * 0.7));
  // headline: usage summary of this iteration
  context.font = `600 13px ${FONT}`; context.textAlign = "left"; context.fillStyle = colours.text;
  context.fillText(`${canvas.dataset.perplexity} ${frame.perplexity.toFixed(2)} / K = ${K}   ·   ${canvas.dataset.deadCodes} ${frame.dead}`, left, 18);
  // axis
  context.font = `11px ${FONT}`; context.fillStyle = colours.muted; context.textAlign = "right";
  context.fillText(String(peak), left - 6, top + 4); context.fillText("0", left - 6, top + height + 4);
  context.strokeStyle = colours.muted; context.lineWidth = 1;
  context.beginPath(); context.moveTo(left, top); context.lineTo(left, top + height); context.lineTo(left + width, top + height); context.stroke();
  context.strokeStyle = colours.border;  // dashed: the level of a perfectly even codebook, n/K points per code
  const even = top + height * (1 - n / K / peak);
  context.setLineDash([]);
  if (n / K <= peak) {
    context.setLineDash([3, 3]);
    context.beginPath(); context.moveTo(left, even); context.lineTo(left + width, even); context.stroke();
    context.setLineDash([]);
    context.textAlign = "left"; context.fillStyle = colours.muted;
    context.fillText("n/K", left + width + 4, even + 4);
  }
  // bars
  context.textAlign = "center";
  frame.counts.forEach((count, k) => {
    const cx = left + slot * (k + 0.5), h = (count / peak) * height;
    context.fillStyle = codeColour(k);
    context.fillRect(cx - bar / 2, top + height - h, bar, h);
    context.fillStyle = colours.muted;
    if (K <= 16 || k % 2 === 0) context.fillText(String(k + 1), cx, top + height + 14);
    if (count === 0) {
      context.fillStyle = colours.text;
      context.fillText("✕", cx, top + height - 4);
    } else if (slot >= 24) {
      context.fillStyle = colours.text;
      context.fillText(String(count), cx, top + height - h - 4);
    }
  });
}

function drawDistortion(t, colours) {
  const canvas = distortion, context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  const values = result.frames.map((f) => f.distortion), T = values.length - 1;
  const left = 52, right = 16, top = 14, bottom = 30;
  const width = canvas.width - left - right, height = canvas.height - top - bottom;
  const high = Math.max(...values) * 1.05 || 1;
  const x = (i) => left + (T ? (i / T) * width : width / 2), y = (v) => top + (1 - v / high) * height;
  context.font = `11px ${FONT}`; context.fillStyle = colours.muted;
  context.textAlign = "right";
  context.fillText(high.toPrecision(3), left - 6, top + 4); context.fillText("0", left - 6, top + height + 4);
  context.textAlign = "center";
  context.fillText("0", x(0), top + height + 14); if (T) context.fillText(String(T), x(T), top + height + 14);
  context.fillText(canvas.dataset.iteration, left + width / 2, top + height + 26);
  context.strokeStyle = colours.muted; context.lineWidth = 1;
  context.beginPath(); context.moveTo(left, top); context.lineTo(left, top + height); context.lineTo(left + width, top + height); context.stroke();
  // where we are
  context.strokeStyle = colours.border; context.setLineDash([4, 3]);
  context.beginPath(); context.moveTo(x(t), top); context.lineTo(x(t), top + height); context.stroke(); context.setLineDash([]);
  // the curve
  context.strokeStyle = colours.text; context.lineWidth = 2;
  context.beginPath(); values.forEach((v, i) => (i ? context.lineTo(x(i), y(v)) : context.moveTo(x(i), y(v)))); context.stroke();
  values.forEach((v, i) => {
    context.fillStyle = i === t ? colours.text : colours.background;
    context.beginPath(); context.arc(x(i), y(v), i === t ? 5 : 3, 0, 2 * Math.PI); context.fill();
    context.strokeStyle = colours.text; context.lineWidth = 1.5; context.stroke();
  });
  context.fillStyle = colours.text; context.textAlign = x(t) > left + width - 80 ? "right" : "left";
  const labelY = y(values[t]) - 8 < top + 14 ? y(values[t]) + 16 : y(values[t]) - 8;  // below the point near the top
  context.fillText(values[t].toPrecision(3), x(t) + (context.textAlign === "right" ? -8 : 8), labelY);
}

function show(t) {
  shown = t;
  const colours = theme();
  drawPlane(t, colours);
  drawUsage(t, colours);
  drawDistortion(t, colours);
  slider.value = String(t);
  sliderValue.textContent = `${t} / ${result.frames.length - 1}`;
}

function setPlaying(playing) {
  clearInterval(timer); timer = null;
  playButton.textContent = playing ? playButton.dataset.pause : playButton.dataset.play;
  if (!playing) return;
  if (shown >= result.frames.length - 1) show(0);
  timer = setInterval(() => {
    if (shown >= result.frames.length - 1) { setPlaying(false); return; }
    show(shown + 1);
  }, FRAME_MS);
}

function draw(data) {
  result = data;
  indices = data.frames.map((frame) => bytesFromBase64(frame.index));
  slider.max = String(data.frames.length - 1);
  if (reducedMotion) { show(data.frames.length - 1); setPlaying(false); return; }
  show(0);
  setPlaying(true);
}

playButton.addEventListener("click", () => { if (result) setPlaying(timer === null); });
slider.addEventListener("input", () => { if (!result) return; setPlaying(false); show(Number(slider.value)); });
form.addEventListener("input", () => { emaOutput.textContent = Number(form.elements.ema_decay.value).toFixed(2); });

liveDemo({
  id: "vector-quantization",
  form,
  status,
  draw,
  params: (f) => ({ ...formParams(f), reset_dead: f.elements.reset_dead.checked }),
});
