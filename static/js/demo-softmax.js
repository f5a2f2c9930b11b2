// The softmax page: probability bars, the gradient p − y, probabilities against temperature, and the textbook
// formula beside the overflow-safe one. Every number comes from the kernel; this file only draws and formats it.
import { liveDemo } from "./demo-live.js";

const KO = document.documentElement.lang === "ko";
const CLASS_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#999999"];
const text = KO ? {
  probability: "확률 p", gradient: "p − y", temperature: "온도 T (로그 눈금)", cls: "클래스", target: "정답",
  loss: (l, p) => `L = −log p_정답 = ${l}  (p_정답 = ${p})`,
  entropy: (h, hmax) => `엔트로피 H(p) = ${h} nats (최대 log K = ${hmax})`,
  now: (t) => `T = ${t}`, overflow: "∞", nan: "NaN", zero: "0",
  naiveOverflow: (limit) => `교과서 식: u가 ${limit}을 넘는 항이 있어 e^u = ∞, 따라서 ∞/∞ = NaN.`,
  naiveUnderflow: "교과서 식: 모든 e^u가 0으로 아래넘침해 0/0 = NaN.",
  naiveFine: (limit) => `교과서 식도 지금은 문제없다 (모든 u ≤ ${limit}). c를 1000이나 −1000으로 바꿔 보라.`,
  stable: (m, lse) => `최댓값을 뺀 식: m = ${m}, log Σ e^u = m + log Σ e^(u−m) = ${lse}.`,
  gradZ: (t) => `z에 대한 기울기 = (p − y)/T, T = ${t}`,
} : {
  probability: "probability p", gradient: "p − y", temperature: "temperature T (log scale)", cls: "class", target: "target",
  loss: (l, p) => `L = −log p_target = ${l}  (p_target = ${p})`,
  entropy: (h, hmax) => `entropy H(p) = ${h} nats (at most log K = ${hmax})`,
  now: (t) => `T = ${t}`, overflow: "∞", nan: "NaN", zero: "0",
  naiveOverflow: (limit) => `Textbook form: some u exceeds ${limit}, so e^u = ∞ and ∞/∞ = NaN.`,
  naiveUnderflow: "Textbook form: every e^u underflows to 0, and 0/0 = NaN.",
  naiveFine: (limit) => `The textbook form is fine here (every u ≤ ${limit}); set c to 1000 or −1000.`,
  stable: (m, lse) => `Max subtracted: m = ${m}, log Σ e^u = m + log Σ e^(u−m) = ${lse}.`,
  gradZ: (t) => `gradient with respect to z = (p − y)/T, T = ${t}`,
};

const form = document.getElementById("softmax-form");
const status = document.getElementById("softmax-status");
const probabilitiesCanvas = document.getElementById("softmax-probabilities");
const gradientCanvas = document.getElementById("softmax-gradient");
const sweepCanvas = document.getElementById("softmax-sweep");
const table = document.getElementById("softmax-table");
const summary = document.getElementById("softmax-summary");
let latest = null;

// Captions no wider than their canvas; the overflow section as wide as one panel.
document.querySelectorAll('.demo[data-demo="softmax"] .demo-panels figure').forEach((figure) => {
  figure.style.maxWidth = `${figure.querySelector("canvas").width}px`;
});
document.querySelector(".softmax-overflow").style.maxWidth = "34rem";  // beside the temperature plot
document.querySelector(".softmax-overflow h2").style.marginTop = "0";

function colours() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: get("--text", "#222"), muted: get("--muted", "#666"), surface: get("--surface", "#f4f4f4"), accent: get("--accent", "#0b5cad") };
}

function fmt(v, digits = 4) {
  if (v === null) return text.nan;
  if (v === 0) return "0";
  const a = Math.abs(v);
  return a >= 1e5 || a < 1e-3 ? v.toExponential(digits - 1) : String(Number(v.toPrecision(digits)));
}

// Axes with horizontal gridlines at `yTicks`; returns the y map and the plot box.
function frame(canvas, [y0, y1], yTicks, yTitle, tickLabel = String) {
  const ctx = canvas.getContext("2d"), c = colours();
  const box = { left: 54, right: canvas.width - 14, top: 40, bottom: canvas.height - 42 };
  const py = (y) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = c.surface; ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  ctx.font = "12px system-ui, sans-serif"; ctx.lineWidth = 1;
  for (const v of yTicks) {
    ctx.strokeStyle = v === 0 ? c.muted : "rgba(128, 128, 128, 0.25)";
    ctx.beginPath(); ctx.moveTo(box.left, py(v)); ctx.lineTo(box.right, py(v)); ctx.stroke();
    ctx.fillStyle = c.muted; ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.fillText(tickLabel(v), box.left - 6, py(v));
  }
  ctx.save(); ctx.translate(14, (box.top + box.bottom) / 2); ctx.rotate(-Math.PI / 2);
  ctx.fillStyle = c.text; ctx.textAlign = "center"; ctx.textBaseline = "middle"; ctx.fillText(yTitle, 0, 0); ctx.restore();
  return { ctx, c, box, py };
}

// One bar per class from the zero line, value printed beyond its end, the target outlined.
function bars(canvas, values, range, yTicks, yTitle, target, headline) {
  const { ctx, c, box, py } = frame(canvas, range, yTicks, yTitle);
  const slot = (box.right - box.left) / values.length, width = Math.min(56, slot * 0.6);
  values.forEach((v, k) => {
    const x = box.left + slot * (k + 0.5), top = py(Math.max(v ?? 0, 0)), bottom = py(Math.min(v ?? 0, 0));
    ctx.fillStyle = CLASS_COLOURS[k];
    ctx.fillRect(x - width / 2, top, width, Math.max(bottom - top, 1));
    if (k === target) { ctx.strokeStyle = c.text; ctx.lineWidth = 2.5; ctx.strokeRect(x - width / 2 - 2, top - 2, width + 4, Math.max(bottom - top, 1) + 4); }
    ctx.fillStyle = c.text; ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "center";
    ctx.textBaseline = (v ?? 0) >= 0 ? "bottom" : "top";
    ctx.fillText(fmt(v, 3), x, (v ?? 0) >= 0 ? top - 4 : bottom + 4);
    ctx.textBaseline = "top"; ctx.fillStyle = k === target ? c.text : c.muted;
    ctx.font = k === target ? "bold 12px system-ui, sans-serif" : "12px system-ui, sans-serif";
    ctx.fillText(k === target ? `${k} (${text.target})` : String(k), x, box.bottom + 6);
  });
  ctx.fillStyle = c.muted; ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText(text.cls, (box.left + box.right) / 2, canvas.height - 3);
  ctx.fillStyle = c.text; ctx.font = "13px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.textBaseline = "middle";
  headline.forEach((line, i) => ctx.fillText(line, box.left, 12 + i * 16));
}

function drawSweep(result, params) {
  const { ctx, c, box, py } = frame(sweepCanvas, [0, 1], [0, 0.25, 0.5, 0.75, 1], text.probability);
  const temps = result.sweep.temperatures, lo = Math.log10(temps[0]), hi = Math.log10(temps.at(-1));
  const px = (t) => box.left + ((Math.log10(t) - lo) / (hi - lo)) * (box.right - box.left);
  ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "top";
  for (const t of [0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20]) {
    ctx.strokeStyle = "rgba(128, 128, 128, 0.25)"; ctx.beginPath(); ctx.moveTo(px(t), box.top); ctx.lineTo(px(t), box.bottom); ctx.stroke();
    ctx.fillStyle = c.muted; ctx.fillText(String(t), px(t), box.bottom + 5);
  }
  ctx.fillStyle = c.muted; ctx.textBaseline = "bottom"; ctx.fillText(text.temperature, (box.left + box.right) / 2, sweepCanvas.height - 3);
  for (let k = 0; k < result.classes; k++) {
    ctx.strokeStyle = CLASS_COLOURS[k]; ctx.lineWidth = k === params.target ? 3.2 : 2;
    ctx.beginPath();
    result.sweep.probabilities.forEach((row, i) => (i ? ctx.lineTo(px(temps[i]), py(row[k])) : ctx.moveTo(px(temps[i]), py(row[k]))));
    ctx.stroke();
  }
  const t = Math.min(Math.max(params.temperature, temps[0]), temps.at(-1));
  ctx.strokeStyle = c.accent; ctx.lineWidth = 1.5; ctx.setLineDash([6, 4]);
  ctx.beginPath(); ctx.moveTo(px(t), box.top); ctx.lineTo(px(t), box.bottom); ctx.stroke(); ctx.setLineDash([]);
  result.probabilities.forEach((p, k) => {
    ctx.beginPath(); ctx.arc(px(t), py(p), 4, 0, 2 * Math.PI); ctx.fillStyle = CLASS_COLOURS[k]; ctx.fill();
  });
  ctx.fillStyle = c.text; ctx.font = "13px system-ui, sans-serif"; ctx.textAlign = "left"; ctx.textBaseline = "middle";
  ctx.fillText(`${text.now(params.temperature)} · ${text.entropy(fmt(result.entropy), fmt(result.max_entropy))}`, box.left, 18);
}

function fillTable(result, params) {
  const naive = result.naive;
  const rows = result.scaled_logits.map((u, k) => {
    const row = document.createElement("tr");
    const head = document.createElement("th");
    head.scope = "row";
    const swatch = document.createElement("span");
    swatch.className = "swatch"; swatch.style.background = CLASS_COLOURS[k];
    head.append(swatch, k === params.target ? `${k} (${text.target})` : String(k));
    const exp = naive.exp[k] === null ? text.overflow : naive.exp[k] === 0 ? text.zero : fmt(naive.exp[k]);
    const cells = [fmt(u, 6), exp, fmt(naive.probabilities[k]), fmt(result.shifted_exp[k]), fmt(result.probabilities[k])];
    row.append(head, ...cells.map((words) => { const cell = document.createElement("td"); cell.textContent = words; return cell; }));
    return row;
  });
  table.tBodies[0].replaceChildren(...rows);
  const first = naive.overflow ? text.naiveOverflow(naive.exp_limit) : naive.underflow ? text.naiveUnderflow : text.naiveFine(naive.exp_limit);
  summary.textContent = `${first} ${text.stable(fmt(result.max, 6), fmt(result.logsumexp, 6))}`;
}

function render() {
  if (!latest) return;
  const { result, params } = latest;
  const p = result.probabilities;
  bars(probabilitiesCanvas, p, [0, 1.1], [0, 0.25, 0.5, 0.75, 1], text.probability, params.target,
       [text.loss(fmt(result.cross_entropy), fmt(p[params.target]))]);
  bars(gradientCanvas, result.gradient, [-1.3, 1.15], [-1, -0.5, 0, 0.5, 1], text.gradient, params.target,
       [text.gradZ(params.temperature)]);
  drawSweep(result, params);
  fillTable(result, params);
}

function draw(result, body) {
  latest = { result, params: body.params };
  render();
}

// The request: the five sliders make the logits list; the other controls are named after their parameters.
function params() {
  return {
    logits: [...form.querySelectorAll('input[name="logit"]')].map((input) => Number(input.value)),
    temperature: Number(form.elements.temperature.value),
    shift: Number(form.elements.shift.value),
    target: Number(form.elements.target.value),
    precision: form.elements.precision.value,
  };
}

// Each slider's current value beside it.
form.addEventListener("input", (event) => {
  const output = form.querySelector(`output[data-for="${event.target.id}"]`);
  if (output) output.textContent = event.target.value;
});
document.addEventListener("themechange", render);

liveDemo({ id: "softmax", form, status, draw, params });
