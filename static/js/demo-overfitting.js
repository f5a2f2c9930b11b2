// The overfitting page: the data and two fits, training and validation loss with the early-stopping point,
// and the weight norm. Every number comes from the kernel; this file only lays it out.
import { float32FromBase64 } from "./plot.js";
import { liveDemo } from "./demo-live.js";

const KO = document.documentElement.lang === "ko";
const form = document.getElementById("of-form");
const FONT = "12px system-ui, sans-serif";
const C = { train: "#2b6cb0", val: "#e6550d", final: "#8e44ad", best: "#2e9e5b" };
const text = KO
  ? { train: "훈련", val: "검증", final: "마지막 모델", best: "조기 종료 모델", step: "단계",
      loss: "평균 제곱 오차", norm: "‖θ‖₂", stop: (t) => `조기 종료: ${t}단계`, floor: "참 함수의 검증 손실" }
  : { train: "training", val: "validation", final: "final fit", best: "early-stop fit",
      step: "step", loss: "mean squared error", norm: "‖θ‖₂", stop: (t) => `early stop: step ${t}`, floor: "validation loss of the true function" };

function palette() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: read("--text", "#222"), muted: read("--muted", "#666"), border: read("--border", "#ccc"), background: read("--background", "#fff") };
}

// ---- small plotting kit: a crisp canvas, round ticks, labelled axes --------------------------------------

function prepare(canvas) {
  const ratio = window.devicePixelRatio || 1;
  if (!canvas.dataset.width) {  // first use: remember the CSS size, then back it with device pixels
    canvas.dataset.width = canvas.width; canvas.dataset.height = canvas.height;
    canvas.style.width = `${canvas.width}px`;
    canvas.closest("figure").style.maxWidth = `${canvas.width}px`;  // a long caption wraps under its figure, not beside
    canvas.width = Math.round(canvas.width * ratio); canvas.height = Math.round(canvas.height * ratio);
  }
  const context = canvas.getContext("2d");
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  const width = Number(canvas.dataset.width), height = Number(canvas.dataset.height);
  context.clearRect(0, 0, width, height);
  context.font = FONT;
  return { context, width, height };
}

function linearTicks(low, high, count = 5) {
  const raw = (high - low) / count, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let v = Math.ceil(low / step - 1e-9) * step; v <= high + step * 1e-9; v += step) ticks.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return ticks;
}

const short = (v) => String(Number(v.toPrecision(3))).replace("-", "−");

// Axes in `area` for x and y = {min, max, log, label}; a log axis gets ticks at 1, 2 and 5 × 10^k.
function axes(context, area, x, y) {
  const colours = palette();
  const scale = (axis, from, to) => {
    const f = axis.log ? Math.log10 : (v) => v;
    const low = f(axis.min), high = f(axis.max);
    return (v) => from + ((f(v) - low) / (high - low)) * (to - from);
  };
  const px = scale(x, area.left, area.right), py = scale(y, area.bottom, area.top);
  const ticks = (axis) => {
    if (!axis.log) return linearTicks(axis.min, axis.max);
    const list = [];
    for (let k = Math.floor(Math.log10(axis.min)); k <= Math.ceil(Math.log10(axis.max)); k++) {
      for (const m of [1, 2, 5]) { const v = m * 10 ** k; if (v >= axis.min * 0.999 && v <= axis.max * 1.001) list.push(v); }
    }
    return list;
  };
  context.lineWidth = 1; context.fillStyle = colours.muted;
  context.textAlign = "center"; context.textBaseline = "top";
  for (const v of ticks(x)) {
    context.strokeStyle = colours.border; context.beginPath(); context.moveTo(px(v), area.top); context.lineTo(px(v), area.bottom); context.stroke();
    context.fillText(short(v), px(v), area.bottom + 4);
  }
  context.textAlign = "right"; context.textBaseline = "middle";
  for (const v of ticks(y)) {
    context.strokeStyle = colours.border; context.beginPath(); context.moveTo(area.left, py(v)); context.lineTo(area.right, py(v)); context.stroke();
    context.fillText(short(v), area.left - 5, py(v));
  }
  context.strokeStyle = colours.muted; context.strokeRect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  context.fillStyle = colours.text; context.textAlign = "center"; context.textBaseline = "bottom";
  if (x.label) context.fillText(x.label, (area.left + area.right) / 2, area.bottom + 34);
  if (y.label) {
    context.save(); context.translate(area.left - 44, (area.top + area.bottom) / 2); context.rotate(-Math.PI / 2);
    context.textBaseline = "top"; context.fillText(y.label, 0, 0); context.restore();
  }
  return { px, py };
}

function clipTo(context, area) {
  context.beginPath(); context.rect(area.left, area.top, area.right - area.left, area.bottom - area.top); context.clip();
}

function line(context, points, colour, width = 2, dash = []) {
  context.strokeStyle = colour; context.lineWidth = width; context.setLineDash(dash);
  context.beginPath();
  points.forEach(([x, y], i) => (i ? context.lineTo(x, y) : context.moveTo(x, y)));
  context.stroke();
  context.setLineDash([]);
}

// One row of legend entries from `left`, each {label, draw(x, y)} drawing its own 24-px sample.
function legendRow(context, entries, left, y) {
  context.textAlign = "left"; context.textBaseline = "middle"; context.fillStyle = palette().text;
  for (const { label, draw } of entries) {
    draw(left, y);
    context.fillStyle = palette().text; context.fillText(label, left + 29, y);
    left += 29 + context.measureText(label).width + 16;
  }
}

// ---- the three figures -------------------------------------------------------------------------------

function drawFit(result) {
  const { context, width, height } = prepare(document.getElementById("of-fit"));
  const colours = palette();
  const ys = [...result.train_points.y, ...result.val_points.y, ...result.fit_final, ...result.fit_best];
  const span = Math.min(Math.max(...ys.map(Math.abs), 1.2), 3) * 1.08;  // a wild fit is clipped at ±3
  const area = { left: 44, top: 34, right: width - 12, bottom: height - 40 };
  const { px, py } = axes(context, area, { min: -1, max: 1, label: "x" }, { min: -span, max: span, label: "" });
  context.save(); clipTo(context, area);
  const curve = (values) => result.grid.map((x, i) => [px(x), py(values[i])]);
  line(context, curve(result.truth), colours.muted, 1.5, [2, 3]);
  context.strokeStyle = C.val; context.lineWidth = 1.3;
  result.val_points.x.forEach((x, i) => { context.beginPath(); context.arc(px(x), py(result.val_points.y[i]), 3, 0, 2 * Math.PI); context.stroke(); });
  line(context, curve(result.fit_final), C.final, 2.2);
  line(context, curve(result.fit_best), C.best, 2.2);
  context.fillStyle = C.train; context.strokeStyle = colours.background; context.lineWidth = 1;
  result.train_points.x.forEach((x, i) => { context.beginPath(); context.arc(px(x), py(result.train_points.y[i]), 4, 0, 2 * Math.PI); context.fill(); context.stroke(); });
  context.restore();
  legendRow(context, [
    { label: text.train, draw: (x, y) => { context.fillStyle = C.train; context.beginPath(); context.arc(x + 12, y, 4, 0, 2 * Math.PI); context.fill(); } },
    { label: text.val, draw: (x, y) => { context.strokeStyle = C.val; context.lineWidth = 1.3; context.beginPath(); context.arc(x + 12, y, 3, 0, 2 * Math.PI); context.stroke(); } },
    { label: text.final, draw: (x, y) => line(context, [[x, y], [x + 24, y]], C.final, 2.2) },
    { label: text.best, draw: (x, y) => line(context, [[x, y], [x + 24, y]], C.best, 2.2) },
  ], area.left, 15);
}

function drawCurves(result, trainLoss, valLoss) {
  const { context, width, height } = prepare(document.getElementById("of-curves"));
  const colours = palette();
  const steps = result.steps, best = result.best_step;
  const all = [...trainLoss, ...valLoss, result.truth_loss.val];
  const y = { min: Math.min(...all) / 1.15, max: Math.max(...all) * 1.15, log: true, label: text.loss };
  const area = { left: 60, top: 34, right: width - 14, bottom: height - 44 };
  const { px, py } = axes(context, area, { min: 0, max: steps, label: text.step }, y);
  context.save(); clipTo(context, area);
  const floor = py(result.truth_loss.val);
  line(context, [[area.left, floor], [area.right, floor]], colours.muted, 1.2, [2, 3]);
  const series = (values) => Array.from(values, (v, t) => [px(t), py(v)]);
  line(context, series(trainLoss), C.train, 2);
  line(context, series(valLoss), C.val, 2);
  line(context, [[px(best), area.top], [px(best), area.bottom]], C.best, 1.5, [6, 4]);
  context.fillStyle = C.best; context.beginPath(); context.arc(px(best), py(valLoss[best]), 4.5, 0, 2 * Math.PI); context.fill();
  context.font = `bold ${FONT}`; context.textBaseline = "top";
  const label = `${text.stop(best)} · ${text.val} ${short(valLoss[best])}`, labelWidth = context.measureText(label).width;
  const rightSide = px(best) + 8 + labelWidth < area.right;  // else left of the line, kept inside the plot
  context.textAlign = "left";
  context.fillText(label, rightSide ? px(best) + 8 : Math.max(area.left + 4, px(best) - 8 - labelWidth), area.top + 6);
  context.font = FONT;
  const floorWidth = context.measureText(text.floor).width;
  context.globalAlpha = 0.85; context.fillStyle = colours.background;
  context.fillRect(area.right - floorWidth - 10, floor - 17, floorWidth + 8, 15);
  context.globalAlpha = 1; context.fillStyle = colours.muted; context.textAlign = "right"; context.textBaseline = "bottom";
  context.fillText(text.floor, area.right - 6, floor - 3);
  context.restore();
  legendRow(context, [
    { label: text.train, draw: (x, yy) => line(context, [[x, yy], [x + 24, yy]], C.train, 2) },
    { label: text.val, draw: (x, yy) => line(context, [[x, yy], [x + 24, yy]], C.val, 2) },
  ], area.left, 15);
}

function drawNorm(result, norm) {
  const { context, width, height } = prepare(document.getElementById("of-norm"));
  const high = Math.max(...norm) * 1.1;
  const area = { left: 60, top: 12, right: width - 14, bottom: height - 44 };
  const { px, py } = axes(context, area, { min: 0, max: result.steps, label: text.step }, { min: 0, max: high, label: text.norm });
  context.save(); clipTo(context, area);
  line(context, Array.from(norm, (v, t) => [px(t), py(v)]), palette().text, 2);
  line(context, [[px(result.best_step), area.top], [px(result.best_step), area.bottom]], C.best, 1.5, [6, 4]);
  context.restore();
}

function describe(result) {
  const { final, best } = result, ratio = final.ratio;
  document.getElementById("of-facts").textContent = KO
    ? `마지막: 훈련 ${short(final.train)}, 검증 ${short(final.val)} (검증/훈련 = ${short(ratio)}) · 조기 종료 ${result.best_step}단계: 훈련 ${short(best.train)}, 검증 ${short(best.val)} · 참 함수의 검증 손실 ${short(result.truth_loss.val)}`
    : `Last: training ${short(final.train)}, validation ${short(final.val)} (validation/training = ${short(ratio)}) · early stop at step ${result.best_step}: training ${short(best.train)}, validation ${short(best.val)} · true function on validation ${short(result.truth_loss.val)}`;
}

function draw(result) {
  const trainLoss = float32FromBase64(result.train_loss), valLoss = float32FromBase64(result.val_loss);
  drawFit(result);
  drawCurves(result, trainLoss, valLoss);
  drawNorm(result, float32FromBase64(result.weight_norm));
  describe(result);
}

function showSliders() {
  document.getElementById("of-wd-value").textContent = `λ = ${Number(form.elements.weight_decay.value).toFixed(2)}`;
  document.getElementById("of-dropout-value").textContent = `p = ${Number(form.elements.dropout.value).toFixed(2)}`;
}

form.addEventListener("input", showSliders);
showSliders();
liveDemo({ id: "overfitting", form, status: document.getElementById("of-status"), draw });
