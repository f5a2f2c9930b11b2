// The XOR demo page: stream a training run, play its snapshots, draw boundary, curves and network.
import { bytesFromBase64, divergingColour, drawLineChart, formParams, paintGrid, postJSON, toCanvas } from "./plot.js";
import { streamEvents } from "./sse.js";

const KO = document.documentElement.lang === "ko";
const text = {
  step: KO ? "단계" : "step", loss: KO ? "손실" : "loss", accuracy: KO ? "정확도" : "accuracy",
  converged: KO ? "네 점을 모두 맞힌 단계" : "all four right at step", never: KO ? "끝까지 XOR을 풀지 못함" : "never solved XOR",
  running: KO ? "학습 중…" : "training…", nets: KO ? "개 신경망" : " nets", unsolved: KO ? "수렴 실패 비율" : "never converged",
};
const form = document.getElementById("xor-form");
const status = document.getElementById("xor-status");
const boundary = document.getElementById("xor-boundary");
const lossChart = document.getElementById("xor-loss");
const network = document.getElementById("xor-network");
const pauseButton = document.getElementById("xor-pause");

let frames = [], shown = -1, playing = true, final = null, controller = null, steps = 0;

function drawPoints(extent) {
  const context = boundary.getContext("2d");
  [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]].forEach(([x, y, target]) => {
    const [px, py] = toCanvas(boundary, extent, [x, y]);
    context.beginPath();
    context.arc(px, py, 9, 0, 2 * Math.PI);
    context.fillStyle = target ? "#e66101" : "#2166ac";
    context.fill();
    context.lineWidth = 2;
    context.strokeStyle = "#fff";
    context.stroke();
  });
}

function show(index) {
  if (index < 0 || index >= frames.length) return;
  shown = index;
  const frame = frames[index];
  const grid = bytesFromBase64(frame.boundary);
  const size = Math.round(Math.sqrt(grid.length));
  paintGrid(boundary, size, (i) => grid[i], (v) => divergingColour(v / 255));
  drawPoints([-0.5, 1.5, -0.5, 1.5]);
  const losses = [], accuracies = [];
  frames.slice(0, index + 1).forEach((f) => { losses[f.step] = f.loss; accuracies[f.step] = f.accuracy; });
  const series = final && index === frames.length - 1
    ? [{ values: final.result.loss, colour: "#d7301f" }, { values: final.result.accuracy, colour: "#1a9850" }]
    : [{ values: losses, colour: "#d7301f" }, { values: accuracies, colour: "#1a9850" }];
  drawLineChart(lossChart, series, { steps, yMin: 0, yMax: Math.max(1, ...series[0].values.filter(Number.isFinite)) });
  status.dataset.step = frame.step;
  status.textContent = `${text.step} ${frame.step}/${steps} · ${text.loss} ${frame.loss.toFixed(4)} · ${text.accuracy} ${(frame.accuracy * 100).toFixed(0)}%`
    + (final && index === frames.length - 1 ? ` · ${finalSummary()}` : "");
}

function finalSummary() {
  const r = final.result;
  const outcome = r.converged_step ? `${text.converged} ${r.converged_step}` : text.never;
  return `${outcome} · ${final.device}, ${final.elapsed_ms.toFixed(0)} ms`;
}

function drawNetwork(weights) {
  const context = network.getContext("2d");
  const { width, height } = network;
  context.clearRect(0, 0, width, height);
  const hidden = weights.hidden ? weights.hidden.weight.length : 0;
  const column = (n, x) => Array.from({ length: n }, (_, i) => [x, ((i + 1) * height) / (n + 1)]);
  const inputs = column(2, 30), outputs = column(1, width - 30);
  const middle = hidden ? column(hidden, width / 2) : [];
  const edge = (from, to, w) => {
    context.strokeStyle = w >= 0 ? "#e66101" : "#2166ac";
    context.lineWidth = Math.min(0.5 + Math.abs(w) * 1.2, 7);
    context.beginPath(); context.moveTo(...from); context.lineTo(...to); context.stroke();
  };
  if (hidden) {
    weights.hidden.weight.forEach((pair, j) => pair.forEach((w, i) => edge(inputs[i], middle[j], w)));
    weights.output.weight.forEach((w, j) => edge(middle[j], outputs[0], w));
  } else {
    weights.output.weight.forEach((w, i) => edge(inputs[i], outputs[0], w));
  }
  context.fillStyle = getComputedStyle(network).color;
  for (const [x, y] of [...inputs, ...middle, ...outputs]) { context.beginPath(); context.arc(x, y, 7, 0, 2 * Math.PI); context.fill(); }
}

function reset() {
  controller?.abort();
  frames = []; shown = -1; final = null;
  for (const canvas of [boundary, lossChart, network]) canvas.getContext("2d").clearRect(0, 0, canvas.width, canvas.height);
  status.textContent = ""; status.dataset.step = "0";
}

async function run() {
  reset();
  const params = formParams(form);
  steps = params.steps;
  params.snapshot_every = Math.max(1, Math.ceil(steps / 100));
  controller = new AbortController();
  status.textContent = text.running;
  const url = `/api/demos/xor/stream?params=${encodeURIComponent(JSON.stringify(params))}`;
  try {
    await streamEvents(url, (event, data) => {
      if (event === "progress") { frames.push(data); if (playing) show(frames.length - 1); }
      else if (event === "result") {
        final = data;
        drawNetwork(data.result.weights);
        if (playing) show(frames.length - 1);
        status.dataset.done = "true";
      } else if (event === "error") { status.textContent = data.message; }
    }, controller.signal);
  } catch (error) {
    if (error.name !== "AbortError") status.textContent = error.message;
  }
}

form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
pauseButton.addEventListener("click", () => {
  playing = !playing;
  pauseButton.setAttribute("aria-pressed", String(!playing));
  if (playing) show(frames.length - 1);
});
document.getElementById("xor-step").addEventListener("click", () => { playing = false; pauseButton.setAttribute("aria-pressed", "true"); show(Math.min(shown + 1, frames.length - 1)); });
document.getElementById("xor-reset").addEventListener("click", reset);
document.addEventListener("themechange", () => {  // colours come from the theme
  show(shown);
  if (final) drawNetwork(final.result.weights);
});

// Seed sweep: many nets at once, the share that never solves XOR.
const sweepForm = document.getElementById("sweep-form");
sweepForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const sweepStatus = document.getElementById("sweep-status");
  const params = { ...formParams(form), mode: "sweep", nets: Number(sweepForm.elements.nets.value) };
  params.snapshot_every = params.steps;
  sweepStatus.textContent = text.running;
  try {
    const data = await postJSON("/api/demos/xor/run", params);
    const r = data.result;
    const canvas = document.getElementById("sweep-histogram");
    const context = canvas.getContext("2d");
    context.clearRect(0, 0, canvas.width, canvas.height);
    const peak = Math.max(1, ...r.histogram.counts);
    const barWidth = canvas.width / r.histogram.counts.length;
    context.fillStyle = "#1a9850";
    r.histogram.counts.forEach((count, i) => {
      const h = (count / peak) * (canvas.height - 20);
      context.fillRect(i * barWidth + 1, canvas.height - 20 - h, barWidth - 2, h);
    });
    context.fillStyle = getComputedStyle(canvas).color;
    context.fillText(String(r.histogram.edges[0]), 2, canvas.height - 4);
    context.fillText(String(r.histogram.edges.at(-1)), canvas.width - 40, canvas.height - 4);
    sweepStatus.textContent = `${r.nets}${text.nets} · ${text.unsolved} ${(r.never_converged * 100).toFixed(1)}% · ${data.device}, ${data.elapsed_ms.toFixed(0)} ms`;
  } catch (error) {
    sweepStatus.textContent = error.message;
  }
});

run();
