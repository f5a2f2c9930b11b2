// The optimizer race page: contour of the surface, animated paths, draggable start, recomputed on every drag.
import { drawLineChart, float32FromBase64, fromCanvas, paintGrid, sequentialColour, toCanvas } from "./plot.js";

const KO = document.documentElement.lang === "ko";
const config = JSON.parse(document.getElementById("race-config").textContent);
const form = document.getElementById("race-form");
const status = document.getElementById("race-status");
const surfaceCanvas = document.getElementById("race-surface");
const lossCanvas = document.getElementById("race-loss");
const legend = document.getElementById("race-legend");
const COLOURS = {
  sgd: "#e41a1c", momentum: "#ff7f00", nesterov: "#a65628", adagrad: "#4daf4a",
  rmsprop: "#00bcd4", adadelta: "#984ea3", adam: "#f781bf", adamw: "#ffffff",
};
document.querySelectorAll(".swatch").forEach((swatch) => { swatch.style.background = COLOURS[swatch.dataset.racer]; });

let start = config.defaults.start;

// The start point, also typed in two number fields: keyboard users move it there, a drag writes into them.
function setStart(point) {
  start = point;
  form.elements["start-x"].value = point[0].toFixed(3);
  form.elements["start-y"].value = point[1].toFixed(3);
}
let latest = null, background = null, animation = null, controller = null, pending = null;

function params() {
  const elements = form.elements;
  const optimizers = config.optimizer_names
    .filter((name) => elements[`enabled-${name}`].checked)
    .map((name) => ({ name, lr: Number(elements[`lr-${name}`].value) }));
  return {
    surface: elements.surface.value, condition: Number(elements.condition.value), steps: Number(elements.steps.value),
    start, grid: 120, optimizers,
  };
}

function drawBackground(result) {
  const contour = result.contour;
  const values = float32FromBase64(contour.values);
  const low = contour.min, span = Math.log1p(contour.max - contour.min);
  paintGrid(surfaceCanvas, contour.grid_size, (i) => Math.log1p(values[i] - low) / span, sequentialColour);
  const context = surfaceCanvas.getContext("2d");
  context.strokeStyle = "#fff"; context.lineWidth = 2;
  for (const minimum of result.surface.minima) {
    const [x, y] = toCanvas(surfaceCanvas, contour.extent, minimum);
    context.beginPath(); context.moveTo(x - 6, y - 6); context.lineTo(x + 6, y + 6); context.moveTo(x + 6, y - 6); context.lineTo(x - 6, y + 6); context.stroke();
  }
  background = context.getImageData(0, 0, surfaceCanvas.width, surfaceCanvas.height);
}

function drawPaths(result, upTo) {
  const context = surfaceCanvas.getContext("2d");
  context.putImageData(background, 0, 0);
  const extent = result.contour.extent;
  for (const [label, points] of Object.entries(result.trajectories)) {
    context.strokeStyle = COLOURS[label] || "#fff";
    context.lineWidth = 2;
    context.beginPath();
    points.slice(0, upTo + 1).forEach((point, i) => {
      const [x, y] = toCanvas(surfaceCanvas, extent, point);
      if (i) context.lineTo(x, y); else context.moveTo(x, y);
    });
    context.stroke();
  }
  const [sx, sy] = toCanvas(surfaceCanvas, extent, start);
  context.fillStyle = "#fff"; context.strokeStyle = "#000"; context.lineWidth = 1.5;
  context.beginPath(); context.arc(sx, sy, 7, 0, 2 * Math.PI); context.fill(); context.stroke();
}

function animate(data, duration = 1200) {
  cancelAnimationFrame(animation);
  const steps = data.params.steps, began = performance.now();
  const frame = (now) => {
    const upTo = Math.min(steps, Math.round(((now - began) / duration) * steps));
    drawPaths(data.result, upTo);
    if (upTo < steps) animation = requestAnimationFrame(frame);
  };
  animation = requestAnimationFrame(frame);
}

function show(data) {
  latest = data;
  const result = data.result;
  drawBackground(result);
  animate(data);
  const series = Object.entries(result.loss).map(([label, values]) => ({
    values: values.map((v) => v - result.contour.min + 1e-9), colour: COLOURS[label] || "#888",
  }));
  drawLineChart(lossCanvas, series, { steps: data.params.steps, log: true });
  legend.replaceChildren(...Object.entries(result.loss).map(([label, values]) => {
    const item = document.createElement("li");
    const diverged = result.diverged_at?.[label];
    const swatch = document.createElement("span");
    swatch.className = "swatch"; swatch.style.background = COLOURS[label];
    item.append(swatch, `${label}: ${values.at(-1).toPrecision(3)}${diverged ? (KO ? ` (${diverged}단계에서 발산)` : ` (diverged at ${diverged})`) : ""}`);
    return item;
  }));
  status.textContent = `${data.params.surface} · (${start.map((v) => v.toFixed(2)).join(", ")}) · ${data.device}, ${data.elapsed_ms.toFixed(0)} ms`;
}

async function run() {
  controller?.abort();
  controller = new AbortController();
  try {
    const response = await fetch("/api/demos/optimizers/run", {
      method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(params()), signal: controller.signal,
    });
    const data = await response.json();
    if (!response.ok) throw new Error(data.message);
    show(data);
    status.dataset.runs = String(Number(status.dataset.runs || 0) + 1);
  } catch (error) {
    if (error.name !== "AbortError") status.textContent = error.message;
  }
}

// Coalesce drags: at most one request in flight, the latest position always wins.
function scheduleRun() {
  if (pending) return;
  pending = requestAnimationFrame(() => { pending = null; run(); });
}

function canvasPoint(event) {
  const box = surfaceCanvas.getBoundingClientRect();
  return [((event.clientX - box.left) / box.width) * surfaceCanvas.width, ((event.clientY - box.top) / box.height) * surfaceCanvas.height];
}

let dragging = false;
surfaceCanvas.addEventListener("pointerdown", (event) => {
  if (!latest) return;
  dragging = true; surfaceCanvas.setPointerCapture(event.pointerId);
  setStart(fromCanvas(surfaceCanvas, latest.result.contour.extent, canvasPoint(event))); scheduleRun();
});
surfaceCanvas.addEventListener("pointermove", (event) => {
  if (!dragging || !latest) return;
  setStart(fromCanvas(surfaceCanvas, latest.result.contour.extent, canvasPoint(event))); scheduleRun();
});
surfaceCanvas.addEventListener("pointerup", () => { dragging = false; });

form.elements.surface.addEventListener("change", () => {
  const surface = form.elements.surface.value;
  setStart(config.starts[surface]);
  for (const name of config.optimizer_names) form.elements[`lr-${name}`].value = config.demo_lr[surface][name];
  document.querySelectorAll(".surface-formula").forEach((el) => { el.hidden = el.dataset.surface !== surface; });
  run();
});
form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
form.addEventListener("change", (event) => {
  if (event.target.name === "start-x" || event.target.name === "start-y") {
    start = [Number(form.elements["start-x"].value), Number(form.elements["start-y"].value)];
  }
  if (event.target.name !== "surface") run();
});
document.addEventListener("themechange", () => { if (latest) show(latest); });  // colours come from the theme

run();
