// The perceptron page: each gate's boundary at step t, updates against Novikoff's bound, XOR's weights over time.
// Every number comes from the kernel; this file only places it on the canvases.
import { liveDemo } from "./demo-live.js";

const KO = document.documentElement.lang === "ko";
const GATES = ["and", "or", "xor"];
const GATE_COLOURS = { and: "#1b9e77", or: "#7570b3", xor: "#e7298a" };
const WEIGHT_COLOURS = ["#1f78b4", "#ff7f00", "#33a02c"]; // w₁, w₂, b
const POSITIVE = "#e66101", NEGATIVE = "#2166ac", MISTAKE = "#d7301f";
const text = KO ? {
  step: "단계", updates: "갱신 횟수", weight: "가중치", errors: "틀린 예제", notSeparable: "선형 분리 불가",
  summary: (g, n) => `${g}: 갱신 ${n.updates}번` + (n.converged_step !== null ? `, 단계 ${n.converged_step}부터 네 점 모두 맞힘` : ", 끝까지 네 점을 다 맞히지 못함"),
  geometry: (n, r) => `γ = ${n.margin.toFixed(4)}, R = ${r.toFixed(3)}, (R/γ)² = ${fmt(n.bound)}`,
  revisit: (v) => `단계 ${v.again}의 w가 단계 ${v.first}의 w = (${v.weights.join(", ")})로 되돌아옴`,
  period: (p) => `${p.start + 1}번째 바퀴부터 ${p.length}바퀴마다 똑같이 반복 (한 주기에 갱신 ${p.updates}번)`,
  zeroW: "w = 0: 모든 점수가 0", bound: "상한", reaches: (n, t) => `단계 ${t}까지 ${n}번`,
} : {
  step: "step", updates: "updates", weight: "weight", errors: "wrong", notSeparable: "not linearly separable",
  summary: (g, n) => `${g}: ${n.updates} updates` + (n.converged_step !== null ? `, all four right from step ${n.converged_step}` : ", never all four right"),
  geometry: (n, r) => `γ = ${n.margin.toFixed(4)}, R = ${r.toFixed(3)}, (R/γ)² = ${fmt(n.bound)}`,
  revisit: (v) => `w at step ${v.again} is back to its step-${v.first} value (${v.weights.join(", ")})`,
  period: (p) => `from pass ${p.start + 1} on, the same ${p.length}-pass cycle forever (${p.updates} updates per cycle)`,
  zeroW: "w = 0: every score is 0", bound: "bound", reaches: (n, t) => `${n} by step ${t}`,
};

const form = document.getElementById("perceptron-form");
const status = document.getElementById("perceptron-status");
const slider = document.getElementById("perceptron-step");
const sliderValue = document.getElementById("perceptron-step-value");
const playButton = document.getElementById("perceptron-play");
const gateCanvases = Object.fromEntries(GATES.map((g) => [g, document.getElementById(`perceptron-${g}`)]));
const updatesCanvas = document.getElementById("perceptron-updates");
const weightsCanvas = document.getElementById("perceptron-weights");

// Keep each caption as wide as its canvas (the shared stylesheet lets a figure grow with its caption).
document.querySelectorAll('.demo[data-demo="perceptron"] .demo-panels figure').forEach((figure) => {
  figure.style.maxWidth = `${figure.querySelector("canvas").width}px`;
});

let result = null, animation = null;

function fmt(v) { return Number.isInteger(v) ? String(v) : v.toPrecision(4); }
function colours() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: get("--text", "#222"), muted: get("--muted", "#666"), border: get("--border", "#ccc"),
           surface: get("--surface", "#f4f4f4"), background: get("--background", "#fff"), accent: get("--accent", "#0b5cad") };
}
function withAlpha(hex, alpha) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

// Round tick values covering [low, high], about `count` of them.
function ticks(low, high, count = 5) {
  const raw = (high - low) / count, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

// Axes with ticks and titles in a padded box; returns the data → pixel maps.
function axes(ctx, canvas, [x0, x1], [y0, y1], { xTitle, yTitle, xTicks, yTicks, pad }) {
  const c = colours();
  const box = { left: pad.left, right: canvas.width - pad.right, top: pad.top, bottom: canvas.height - pad.bottom };
  const px = (x) => box.left + ((x - x0) / (x1 - x0)) * (box.right - box.left);
  const py = (y) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);
  ctx.font = "12px system-ui, sans-serif";
  ctx.lineWidth = 1;
  for (const v of yTicks ?? ticks(y0, y1)) {
    ctx.strokeStyle = withAlpha("#808080", 0.2);
    ctx.beginPath(); ctx.moveTo(box.left, py(v)); ctx.lineTo(box.right, py(v)); ctx.stroke();
    ctx.fillStyle = c.muted; ctx.textAlign = "right"; ctx.textBaseline = "middle";
    ctx.fillText(String(v), box.left - 6, py(v));
  }
  for (const v of xTicks ?? ticks(x0, x1)) {
    ctx.fillStyle = c.muted; ctx.textAlign = "center"; ctx.textBaseline = "top";
    ctx.fillText(String(v), px(v), box.bottom + 5);
  }
  ctx.strokeStyle = c.muted;
  ctx.beginPath(); ctx.moveTo(box.left, box.top); ctx.lineTo(box.left, box.bottom); ctx.lineTo(box.right, box.bottom); ctx.stroke();
  ctx.fillStyle = c.text; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText(xTitle, (box.left + box.right) / 2, canvas.height - 2);
  ctx.save(); ctx.translate(12, (box.top + box.bottom) / 2); ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle"; ctx.fillText(yTitle, 0, 0); ctx.restore();
  return { px, py, box };
}

// The part of a convex polygon where f ≥ 0 (one Sutherland–Hodgman pass).
function clipHalfPlane(polygon, f) {
  const out = [];
  polygon.forEach((a, i) => {
    const b = polygon[(i + 1) % polygon.length], fa = f(a), fb = f(b);
    if (fa >= 0) out.push(a);
    if ((fa >= 0) !== (fb >= 0)) { const s = fa / (fa - fb); out.push([a[0] + s * (b[0] - a[0]), a[1] + s * (b[1] - a[1])]); }
  });
  return out;
}

function fillPolygon(ctx, points, map, style) {
  if (points.length < 3) return;
  ctx.beginPath();
  points.forEach(([x, y], i) => (i ? ctx.lineTo(map.px(x), map.py(y)) : ctx.moveTo(map.px(x), map.py(y))));
  ctx.closePath(); ctx.fillStyle = style; ctx.fill();
}

// The line w₁x₁ + w₂x₂ + b = 0, clipped to the plot box by the caller.
function drawLine(ctx, [w1, w2, b], map, span) {
  const norm2 = w1 * w1 + w2 * w2;
  if (!norm2) return;
  const [cx, cy] = [(-b * w1) / norm2, (-b * w2) / norm2], length = Math.sqrt(norm2);
  const [dx, dy] = [(-w2 / length) * span, (w1 / length) * span];
  ctx.beginPath(); ctx.moveTo(map.px(cx - dx), map.py(cy - dy)); ctx.lineTo(map.px(cx + dx), map.py(cy + dy)); ctx.stroke();
}

function drawGate(name, t) {
  const canvas = gateCanvases[name], ctx = canvas.getContext("2d"), c = colours();
  const gate = result.gates[name], w = gate.weights[t];
  const [low, high] = result.encoding === "binary" ? [0, 1] : [-1, 1];
  const margin = result.encoding === "binary" ? 0.6 : 0.8, range = [low - margin, high + margin];
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const map = axes(ctx, canvas, range, range, { xTitle: "x₁", yTitle: "x₂", xTicks: [low, high], yTicks: [low, high], pad: { left: 40, right: 14, top: 34, bottom: 36 } });
  const { box } = map;
  ctx.save();
  ctx.beginPath(); ctx.rect(box.left, box.top, box.right - box.left, box.bottom - box.top); ctx.clip();
  ctx.fillStyle = c.surface; ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  // the two sides of the boundary: orange where the score w·x̃ is positive, blue where it is not
  const corners = [[range[0], range[0]], [range[1], range[0]], [range[1], range[1]], [range[0], range[1]]];
  const score = ([x1, x2]) => w[0] * x1 + w[1] * x2 + w[2];
  if (w[0] || w[1]) {
    fillPolygon(ctx, clipHalfPlane(corners, score), map, withAlpha(POSITIVE, 0.2));
    fillPolygon(ctx, clipHalfPlane(corners, (p) => -score(p)), map, withAlpha(NEGATIVE, 0.14));
  } else if (w[2]) {
    fillPolygon(ctx, corners, map, w[2] > 0 ? withAlpha(POSITIVE, 0.2) : withAlpha(NEGATIVE, 0.14));
  }
  const span = 4 * (range[1] - range[0]);
  if (gate.separator) {
    ctx.strokeStyle = c.muted; ctx.lineWidth = 1.5; ctx.setLineDash([6, 5]);
    drawLine(ctx, gate.separator, map, span);
    ctx.setLineDash([]);
  }
  ctx.strokeStyle = c.text; ctx.lineWidth = 2.5;
  drawLine(ctx, w, map, span);
  ctx.restore();
  // the four corners, and a ring on the example met at step t (red when that step was an update)
  result.points.forEach(([x1, x2], i) => {
    ctx.beginPath(); ctx.arc(map.px(x1), map.py(x2), 9, 0, 2 * Math.PI);
    ctx.fillStyle = gate.targets[i] > 0 ? POSITIVE : NEGATIVE; ctx.fill();
    ctx.lineWidth = 2; ctx.strokeStyle = "#fff"; ctx.stroke();
  });
  if (t > 0) {
    const [x1, x2] = result.points[result.order[t - 1]];
    ctx.beginPath(); ctx.arc(map.px(x1), map.py(x2), 15, 0, 2 * Math.PI);
    ctx.lineWidth = 2.5; ctx.strokeStyle = gate.updated[t - 1] ? MISTAKE : c.text; ctx.stroke();
  }
  ctx.font = "bold 15px system-ui, sans-serif"; ctx.fillStyle = GATE_COLOURS[name];
  ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
  ctx.fillText(name.toUpperCase(), box.left, 22);
  ctx.font = "13px system-ui, sans-serif"; ctx.fillStyle = c.text; ctx.textAlign = "right";
  ctx.fillText(w.some((v) => v) ? `w = (${w.join(", ")})` : text.zeroW, box.right, 22);
  ctx.textBaseline = "bottom";
  ctx.fillStyle = gate.errors[t] ? MISTAKE : c.text;
  ctx.fillText(`${text.errors} ${gate.errors[t]}/4`, box.right - 4, box.bottom - 4);
}

function drawUpdates(t) {
  const canvas = updatesCanvas, ctx = canvas.getContext("2d"), c = colours(), steps = result.steps;
  // Scale to the separable gates and their bounds; a gate that never stops (XOR) runs off the top, labelled there.
  const separable = GATES.filter((g) => result.gates[g].separable);
  const top = Math.max(4, ...separable.flatMap((g) => [result.gates[g].bound, result.gates[g].updates])) * 1.35;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const map = axes(ctx, canvas, [0, steps], [0, top], { xTitle: text.step, yTitle: text.updates, pad: { left: 48, right: 16, top: 34, bottom: 40 } });
  // Novikoff's bound of each separable gate, one dashed line per distinct value
  const byBound = new Map();
  for (const g of separable) byBound.set(result.gates[g].bound, [...(byBound.get(result.gates[g].bound) ?? []), g]);
  ctx.setLineDash([6, 5]); ctx.lineWidth = 1.5; ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "right"; ctx.textBaseline = "bottom";
  for (const [bound, gates] of byBound) {
    ctx.strokeStyle = gates.length === 1 ? GATE_COLOURS[gates[0]] : c.muted;
    ctx.beginPath(); ctx.moveTo(map.box.left, map.py(bound)); ctx.lineTo(map.box.right, map.py(bound)); ctx.stroke();
    ctx.fillStyle = c.text;
    ctx.fillText(`${gates.map((g) => g.toUpperCase()).join(", ")} ${text.bound} (R/γ)² = ${fmt(bound)}`, map.box.right - 4, map.py(bound) - 3);
  }
  ctx.setLineDash([]);
  ctx.save(); ctx.beginPath(); ctx.rect(map.box.left, map.box.top, map.box.right - map.box.left, map.box.bottom - map.box.top); ctx.clip();
  for (const g of GATES) {
    const counts = result.gates[g].updates_so_far;
    ctx.strokeStyle = GATE_COLOURS[g]; ctx.lineWidth = 2.2;
    ctx.beginPath();
    counts.forEach((n, i) => (i ? ctx.lineTo(map.px(i), map.py(n)) : ctx.moveTo(map.px(i), map.py(n))));
    ctx.stroke();
  }
  ctx.restore();
  for (const g of GATES) {  // where a curve leaves the plot: its name and where it ends up
    const counts = result.gates[g].updates_so_far, exit = counts.findIndex((n) => n > top);
    if (exit < 0) continue;
    ctx.fillStyle = GATE_COLOURS[g]; ctx.font = "bold 12px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.textBaseline = "top";
    ctx.fillText(`${g.toUpperCase()} ↑ ${text.reaches(counts.at(-1), steps)}`, Math.min(map.px(exit) + 6, map.box.right - 150), map.box.top + 4);
  }
  stepMarker(ctx, map, t, c);
  legend(ctx, GATES.map((g) => [g.toUpperCase(), GATE_COLOURS[g]]), map.box.left + 10, 8, c);
}

function drawWeights(t) {
  const canvas = weightsCanvas, ctx = canvas.getContext("2d"), c = colours(), steps = result.steps;
  const gate = result.gates.xor, values = gate.weights.flat();
  const reach = Math.max(2, ...values.map(Math.abs)) + 0.5;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  const map = axes(ctx, canvas, [0, steps], [-reach, reach], { xTitle: text.step, yTitle: text.weight, pad: { left: 48, right: 16, top: 34, bottom: 40 } });
  const revisit = gate.revisit;
  if (revisit) {  // the span from a weight vector to its first return
    ctx.fillStyle = withAlpha(GATE_COLOURS.xor, 0.12);
    ctx.fillRect(map.px(revisit.first), map.box.top, map.px(revisit.again) - map.px(revisit.first), map.box.bottom - map.box.top);
  }
  [0, 1, 2].forEach((k) => {  // weights change only at steps, so draw them as steps
    ctx.strokeStyle = WEIGHT_COLOURS[k]; ctx.lineWidth = 2;
    ctx.beginPath();
    gate.weights.forEach((w, i) => {
      const y = map.py(w[k] + (k - 1) * 0.06);  // a hair apart so equal weights stay visible
      if (i) { ctx.lineTo(map.px(i), map.py(gate.weights[i - 1][k] + (k - 1) * 0.06)); ctx.lineTo(map.px(i), y); } else ctx.moveTo(map.px(0), y);
    });
    ctx.stroke();
  });
  stepMarker(ctx, map, t, c);
  legend(ctx, [["w₁", WEIGHT_COLOURS[0]], ["w₂", WEIGHT_COLOURS[1]], ["b", WEIGHT_COLOURS[2]]], map.box.left + 10, 8, c);
}

function stepMarker(ctx, map, t, c) {
  ctx.strokeStyle = c.accent; ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(map.px(t), map.box.top); ctx.lineTo(map.px(t), map.box.bottom); ctx.stroke();
}

function legend(ctx, items, x, y, c) {
  ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.textBaseline = "middle";
  for (const [name, colour] of items) {
    ctx.strokeStyle = colour; ctx.lineWidth = 3;
    ctx.beginPath(); ctx.moveTo(x, y + 8); ctx.lineTo(x + 18, y + 8); ctx.stroke();
    ctx.fillStyle = c.text; ctx.fillText(name, x + 23, y + 8);
    x += 32 + ctx.measureText(name).width;
  }
}

function summaries() {
  for (const g of GATES) {
    const gate = result.gates[g], parts = [text.summary(g.toUpperCase(), gate)];
    if (gate.separable) parts.push(text.geometry(gate, result.radius));
    else {
      parts.push(text.notSeparable);
      if (gate.period) parts.push(text.period(gate.period));
      else if (gate.revisit) parts.push(text.revisit(gate.revisit));
    }
    document.getElementById(`perceptron-${g}-summary`).textContent = parts.join(" · ");
  }
}

function render(t) {
  slider.value = String(t);
  sliderValue.textContent = `t = ${t}`;
  for (const g of GATES) drawGate(g, t);
  drawUpdates(t);
  drawWeights(t);
}

function stop() {
  cancelAnimationFrame(animation); animation = null;
  playButton.setAttribute("aria-pressed", "false");
}

function play() {
  if (animation) { stop(); return; }
  const steps = result.steps, duration = Math.min(6000, Math.max(2500, steps * 50)), began = performance.now();
  playButton.setAttribute("aria-pressed", "true");
  const frame = (now) => {
    const t = Math.min(steps, Math.round(((now - began) / duration) * steps));
    render(t);
    if (t < steps) animation = requestAnimationFrame(frame); else stop();
  };
  animation = requestAnimationFrame(frame);
}

function draw(body) {
  stop();
  result = body;
  slider.max = String(result.steps);
  summaries();
  render(result.steps);
}

// The seed only matters for shuffled passes; a disabled field is left out of the request.
const syncSeed = () => { form.elements.seed.disabled = form.elements.order.value !== "shuffled"; };
form.elements.order.addEventListener("change", syncSeed);
syncSeed();
document.getElementById("perceptron-view").addEventListener("submit", (event) => event.preventDefault());
slider.addEventListener("input", () => { if (result) { stop(); render(Number(slider.value)); } });
playButton.addEventListener("click", () => { if (result) play(); });

document.addEventListener("themechange", () => { if (result) render(Number(slider.value)); });

liveDemo({ id: "perceptron", form, status, draw });
