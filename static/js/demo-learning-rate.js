// The learning-rate page: four rates on a 1-D parabola and a 2-D valley, their losses, and the schedule.
// Every number comes from the kernel; this file only lays it out.
import { formParams } from "./plot.js";
import { liveDemo } from "./demo-live.js";

const KO = document.documentElement.lang === "ko";
const config = JSON.parse(document.getElementById("lr-config").textContent);
const form = document.getElementById("lr-form");
const COLOURS = ["#3b7dd8", "#2e9e5b", "#ef8a17", "#d7301f"];  // rates 1–4; the same order as the inputs
const FONT = "12px system-ui, sans-serif";

document.querySelectorAll("#lr-rates .swatch").forEach((swatch) => { swatch.style.background = COLOURS[swatch.dataset.run]; });

function palette() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: read("--text", "#222"), muted: read("--muted", "#666"), border: read("--border", "#ccc"), surface: read("--surface", "#f4f6f8"), background: read("--background", "#fff") };
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

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const decade = (k) => (k === 0 ? "1" : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c])}`);
const subscript = (n) => String(n).replace(/./g, (c) => "₀₁₂₃₄₅₆₇₈₉"[c]);
const short = (v) => String(Number(v.toPrecision(3))).replace("-", "−");  // a true minus sign

// Axes in `area` ({left, top, right, bottom} pixels) for x and y = {min, max, log, label}; returns data → pixel maps.
function axes(context, area, x, y) {
  const colours = palette();
  const scale = (axis, from, to) => {
    const f = axis.log ? Math.log10 : (v) => v;
    const low = f(axis.min), high = f(axis.max);
    return (v) => from + ((f(v) - low) / (high - low)) * (to - from);
  };
  const px = scale(x, area.left, area.right), py = scale(y, area.bottom, area.top);
  const ticks = (axis) => {
    if (!axis.log) return linearTicks(axis.min, axis.max).map((v) => [v, short(v)]);
    const low = Math.ceil(Math.log10(axis.min) - 1e-9), high = Math.floor(Math.log10(axis.max) + 1e-9);
    const every = Math.max(1, Math.ceil((high - low + 1) / 7));
    const list = [];
    for (let k = low; k <= high; k++) if ((k - low) % every === 0) list.push([10 ** k, decade(k)]);
    return list;
  };
  context.lineWidth = 1;
  context.fillStyle = colours.muted;
  context.textAlign = "center"; context.textBaseline = "top";
  for (const [v, text] of ticks(x)) {
    const p = px(v);
    context.strokeStyle = colours.border; context.beginPath(); context.moveTo(p, area.top); context.lineTo(p, area.bottom); context.stroke();
    context.fillText(text, p, area.bottom + 4);
  }
  context.textAlign = "right"; context.textBaseline = "middle";
  for (const [v, text] of ticks(y)) {
    const p = py(v);
    context.strokeStyle = colours.border; context.beginPath(); context.moveTo(area.left, p); context.lineTo(area.right, p); context.stroke();
    context.fillText(text, area.left - 5, p);
  }
  context.strokeStyle = colours.muted;
  context.strokeRect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  context.fillStyle = colours.text;
  context.textAlign = "center"; context.textBaseline = "bottom";
  if (x.label) context.fillText(x.label, (area.left + area.right) / 2, area.bottom + 34);
  if (y.label) {
    context.save(); context.translate(area.left - 40, (area.top + area.bottom) / 2); context.rotate(-Math.PI / 2);
    context.textBaseline = "top"; context.fillText(y.label, 0, 0); context.restore();
  }
  return { px, py };
}

function clipTo(context, area) {
  context.beginPath(); context.rect(area.left, area.top, area.right - area.left, area.bottom - area.top); context.clip();
}

// A polyline through the points up to the first null (the run left every plot) or, with `area`, up to the
// first point outside it: a run that has left the frame would otherwise streak back across it.
function polyline(context, points, area = null) {
  const inside = ([x, y]) => !area || (x >= area.left && x <= area.right && y >= area.top && y <= area.bottom);
  context.beginPath();
  let drawn = 0;
  for (const point of points) {
    if (point === null) break;
    if (drawn) context.lineTo(...point); else context.moveTo(...point);
    drawn += 1;
    if (!inside(point)) break;
  }
  context.stroke();
  return drawn;  // how many points were drawn
}

// ---- the four figures ----------------------------------------------------------------------------------

const text = KO
  ? { step: "단계", loss: "손실 f", rate: "학습률 ηₜ", threshold: "2/λmax", zone: "η > 2/λmax: 가파른 방향이 커짐",
      above: (k, n) => `ηₜ > 2/λmax: ${k}/${n}단계` }
  : { step: "step", loss: "loss f", rate: "learning rate ηₜ", threshold: "2/λmax", zone: "η > 2/λmax: the steep direction grows",
      above: (k, n) => `ηₜ > 2/λmax: ${k}/${n} steps` };

function regimeText(run) {
  return config.regimes[run.regime][KO ? "ko" : "en"];
}

function drawParabolas(result, body) {
  const steps = body.params.steps;
  const { context, width, height } = prepare(document.getElementById("lr-1d"));
  const colours = palette();
  const [x0, x1] = result.view_1d, fMax = Math.max(...result.parabola.f);
  const cellW = width / 2, cellH = height / 2;
  result.runs.forEach((run, i) => {
    const left = (i % 2) * cellW, top = Math.floor(i / 2) * cellH;
    const area = { left: left + 12, right: left + cellW - 12, top: top + 40, bottom: top + cellH - 10 };
    const px = (x) => area.left + ((x - x0) / (x1 - x0)) * (area.right - area.left);
    const py = (f) => area.bottom - (f / fMax) * (area.bottom - area.top);
    context.fillStyle = COLOURS[i]; context.textAlign = "left"; context.textBaseline = "top";
    context.font = `bold ${FONT}`;
    context.fillText(`η = ${short(run.rate)}   1 − ηλmax = ${short(run.factor)}`, left + 12, top + 6, cellW - 20);
    context.font = FONT; context.fillStyle = colours.muted;
    const last = run.x_1d.at(-1);
    const ending = last === null ? (KO ? `${run.escaped_at}단계에 |x| > 10⁶` : `|x| > 10⁶ at step ${run.escaped_at}`) : `x${subscript(steps)} = ${short(last)}`;
    // with a schedule the base rate's regime no longer tells the story: count the steps above the threshold
    const scheduled = body.params.schedule !== "constant" || body.params.warmup_steps > 0;
    const how = scheduled ? text.above(run.steps_above_threshold, steps) : regimeText(run);
    context.fillText(`${how} · ${ending}`, left + 12, top + 22, cellW - 20);
    context.save(); clipTo(context, area);
    context.strokeStyle = colours.muted; context.lineWidth = 1.5;
    polyline(context, result.parabola.x.map((x, k) => [px(x), py(result.parabola.f[k])]));
    context.beginPath(); context.moveTo(area.left, area.bottom); context.lineTo(area.right, area.bottom); context.stroke();
    const points = run.x_1d.map((x, t) => (x === null ? null : [px(x), py(run.loss_1d[t])]));  // (x_t, f(x_t))
    context.strokeStyle = COLOURS[i]; context.lineWidth = 1.2; context.globalAlpha = 0.8;
    const drawn = polyline(context, points, area);
    context.globalAlpha = 1; context.fillStyle = COLOURS[i];
    points.slice(0, drawn).forEach((point, k) => {
      context.globalAlpha = k < 12 ? 1 : 0.35;
      context.beginPath(); context.arc(point[0], point[1], k === 0 ? 4.5 : 2.8, 0, 2 * Math.PI); context.fill();
    });
    context.restore();
    context.globalAlpha = 1;
  });
  context.strokeStyle = colours.border;  // cell separators
  context.beginPath(); context.moveTo(cellW, 8); context.lineTo(cellW, height - 8); context.moveTo(8, cellH); context.lineTo(width - 8, cellH); context.stroke();
}

function drawValley(result) {
  const { context, width, height } = prepare(document.getElementById("lr-2d"));
  const colours = palette();
  const [xMin, xMax, yMin, yMax] = result.box_2d;
  // one scale for both axes, so the zig-zag meets the contours at their true angles
  const unit = Math.min((width - 56) / (xMax - xMin), (height - 46) / (yMax - yMin));
  const plotW = unit * (xMax - xMin), plotH = unit * (yMax - yMin);
  const area = { left: 44, top: 10, right: 44 + plotW, bottom: 10 + plotH };
  const { px, py } = axes(context, area, { min: xMin, max: xMax, label: "" }, { min: yMin, max: yMax, label: "" });
  context.fillStyle = colours.muted; context.textAlign = "right"; context.textBaseline = "bottom";
  context.fillText(`x (λmin = ${short(result.lambda_min)})`, area.right, area.bottom + 32);
  context.textAlign = "left"; context.textBaseline = "top";
  context.fillText(`y (λmax = ${short(result.lambda_max)})`, area.left + 6, area.top + 4);
  context.save(); clipTo(context, area);
  context.strokeStyle = colours.muted; context.globalAlpha = 0.45; context.lineWidth = 1;
  for (const [a, b] of result.contours) {
    context.beginPath(); context.ellipse(px(0), py(0), a * unit, b * unit, 0, 0, 2 * Math.PI); context.stroke();
  }
  context.globalAlpha = 1;
  context.strokeStyle = colours.text; context.lineWidth = 2;
  context.beginPath(); context.moveTo(px(0) - 6, py(0)); context.lineTo(px(0) + 6, py(0)); context.moveTo(px(0), py(0) - 6); context.lineTo(px(0), py(0) + 6); context.stroke();
  result.runs.forEach((run, i) => {
    const points = run.path_2d.map(([x, y]) => (x === null ? null : [px(x), py(y)]));
    context.strokeStyle = COLOURS[i]; context.fillStyle = COLOURS[i]; context.lineWidth = 1.6;
    const drawn = polyline(context, points, area);
    for (const [x, y] of points.slice(0, drawn)) { context.beginPath(); context.arc(x, y, 2.2, 0, 2 * Math.PI); context.fill(); }
  });
  const [sx, sy] = result.runs[0].path_2d[0];
  context.fillStyle = colours.text; context.beginPath(); context.arc(px(sx), py(sy), 5, 0, 2 * Math.PI); context.fill();
  context.restore();
}

function drawLosses(result, steps) {
  const { context, width, height } = prepare(document.getElementById("lr-loss"));
  const all = result.runs.flatMap((run) => [...run.loss_1d, ...run.loss_2d]).filter((v) => v !== null);
  const positive = all.filter((v) => v > 0);
  const top = Math.max(...all), bottom = Math.max(Math.min(...positive, top / 10), top * 1e-14);
  const area = { left: 56, top: 10, right: width - 14, bottom: height - 44 };
  const { px, py } = axes(context, area, { min: 0, max: steps, label: text.step }, { min: bottom, max: top, log: true, label: text.loss });
  context.save(); clipTo(context, area);
  result.runs.forEach((run, i) => {
    context.strokeStyle = COLOURS[i]; context.lineWidth = 1.8;
    for (const [values, dash] of [[run.loss_2d, []], [run.loss_1d, [5, 4]]]) {
      context.setLineDash(dash);
      // an exact zero (η = 1/λ lands on the minimum) is drawn at the bottom edge
      polyline(context, values.map((v, t) => (v === null ? null : [px(t), v > 0 ? py(Math.max(v, bottom)) : area.bottom])));
    }
  });
  context.restore();
  context.setLineDash([]);
}

function drawSchedule(result, steps) {
  const { context, width, height } = prepare(document.getElementById("lr-schedule"));
  const colours = palette();
  const high = Math.max(result.threshold, ...result.runs.flatMap((run) => run.eta)) * 1.1;
  const area = { left: 56, top: 10, right: width - 14, bottom: height - 44 };
  const { px, py } = axes(context, area, { min: 0, max: steps, label: text.step }, { min: 0, max: high, label: text.rate });
  const line = py(result.threshold);
  context.save(); clipTo(context, area);
  context.fillStyle = "rgba(215, 48, 31, 0.08)";
  context.fillRect(area.left, area.top, area.right - area.left, line - area.top);
  result.runs.forEach((run, i) => {
    context.strokeStyle = COLOURS[i]; context.lineWidth = 2;
    // ηₜ holds for the whole step t → t + 1: draw it as a staircase
    polyline(context, run.eta.flatMap((eta, t) => [[px(t), py(eta)], [px(t + 1), py(eta)]]));
  });
  context.strokeStyle = colours.text; context.setLineDash([6, 4]); context.lineWidth = 1.4;
  context.beginPath(); context.moveTo(area.left, line); context.lineTo(area.right, line); context.stroke();
  context.setLineDash([]);
  const label = `${text.threshold} = ${short(result.threshold)}`, labelWidth = context.measureText(label).width;
  context.fillStyle = colours.background; context.fillRect(area.right - labelWidth - 12, line - 9, labelWidth + 8, 18);
  context.fillStyle = colours.text; context.textAlign = "right"; context.textBaseline = "middle";
  context.fillText(label, area.right - 8, line);
  context.fillStyle = colours.text; context.textAlign = "left"; context.textBaseline = "top";
  if (line - area.top > 18) context.fillText(text.zone, area.left + 6, area.top + 4);
  context.restore();
}

function describe(result) {
  const best = short(result.best_rate_2d);
  document.getElementById("lr-facts").textContent = KO
    ? `발산 임계값 2/λmax = ${short(result.threshold)} · λmin = ${short(result.lambda_min)} · 2차원 골짜기에서 가장 빠른 고정 학습률 2/(λmin + λmax) = ${best}`
    : `Divergence threshold 2/λmax = ${short(result.threshold)} · λmin = ${short(result.lambda_min)} · fastest constant rate on the 2-D valley 2/(λmin + λmax) = ${best}`;
}

function draw(result, body) {
  const steps = body.params.steps;
  drawParabolas(result, body);
  drawValley(result);
  drawLosses(result, steps);
  drawSchedule(result, steps);
  describe(result);
}

// Only the decay's own settings are live; the others are disabled, so the request leaves them at their defaults.
function syncScheduleInputs() {
  const schedule = form.elements.schedule.value;
  form.querySelectorAll("[data-schedule]").forEach((input) => {
    input.disabled = input.dataset.schedule !== schedule;
    input.closest("label").style.opacity = input.disabled ? "0.45" : "";
  });
}

function params(form) {
  const values = formParams(form);
  const rates = [0, 1, 2, 3].map((i) => values[`rate-${i}`]);
  for (let i = 0; i < 4; i++) delete values[`rate-${i}`];
  return { ...values, rates };
}

form.elements.schedule.addEventListener("input", syncScheduleInputs);
syncScheduleInputs();
liveDemo({ id: "learning-rate", form, status: document.getElementById("lr-status"), draw, params });
