// The activations page: f(x) and f′(x) side by side for the highlighted function (the others faint), the tangent
// at x₀, the slope's maximum, and a table of all eight. Every number comes from the kernel; this file only draws.
import { float32FromBase64 } from "./plot.js";
import { liveDemo } from "./demo-live.js";

const KO = document.documentElement.lang === "ko";
const config = JSON.parse(document.getElementById("activations-config").textContent);
const COLOURS = {
  step: "#8c564b", sigmoid: "#1f77b4", tanh: "#ff7f0e", relu: "#2ca02c",
  leaky_relu: "#d62728", prelu: "#9467bd", softplus: "#17becf", gelu: "#e377c2",
};
const NAMES = Object.fromEntries(config.functions.map((f) => [f.id, KO ? f.name_ko : f.name_en]));
const text = KO ? {
  maxAt: (v, x) => `최대 f′ = ${v}, x = ${x}에서`,
  maxOn: (v, where) => `최대 f′ = ${v}, ${where} 전체에서`,
  maxEdge: (v, x) => `그린 범위의 최대 f′ = ${v} (x = ${x} 끝에서, 아직 오르는 중)`,
  flat: "x ≠ 0인 모든 곳에서 f′ = 0", spike: "x = 0: 도함수 없음 (f가 뛴다)",
  tangent: (s) => `x₀에서의 기울기 f′(x₀) = ${s}`, autograd: (v) => `자동 미분은 f′(0) = ${v}`,
  kink: (l, r, v) => `${l} → ${r} (꺾임; 자동 미분은 ${v})`, undefinedJump: "정의되지 않음 (f가 1만큼 뜀)",
  everywhere: "x ≠ 0 전체", edge: (x) => `x = ${x} (끝)`,
} : {
  maxAt: (v, x) => `max f′ = ${v} at x = ${x}`,
  maxOn: (v, where) => `max f′ = ${v} for every ${where}`,
  maxEdge: (v, x) => `largest f′ drawn = ${v}, at the edge x = ${x} (still rising)`,
  flat: "f′ = 0 for every x ≠ 0", spike: "x = 0: no derivative (f jumps)",
  tangent: (s) => `slope at x₀: f′(x₀) = ${s}`, autograd: (v) => `autograd takes f′(0) = ${v}`,
  kink: (l, r, v) => `${l} → ${r} (kink; autograd uses ${v})`, undefinedJump: "undefined (f jumps by 1)",
  everywhere: "all x ≠ 0", edge: (x) => `x = ${x} (edge)`,
};

const form = document.getElementById("activations-form");
const status = document.getElementById("activations-status");
const fCanvas = document.getElementById("activations-f");
const dfCanvas = document.getElementById("activations-df");
const table = document.getElementById("activations-table");
const picker = document.getElementById("activations-pick");
const x0Output = document.getElementById("activations-x0-value");

let result = null, xs = null, curves = {}, selected = "sigmoid";

// Presentation the shared stylesheet leaves to the page: swatch colours, and captions no wider than their canvas.
document.querySelectorAll("#activations-pick .swatch").forEach((s) => { s.style.background = COLOURS[s.dataset.function]; });
document.querySelectorAll('.demo[data-demo="activations"] .demo-panels figure').forEach((figure) => {
  figure.style.maxWidth = `${figure.querySelector("canvas").width}px`;
});

function colours() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: get("--text", "#222"), muted: get("--muted", "#666"), surface: get("--surface", "#f4f4f4"), accent: get("--accent", "#0b5cad") };
}

function ticks(low, high, count = 6) {
  const raw = (high - low) / count, power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let v = Math.ceil(low / step) * step; v <= high + step * 1e-9; v += step) out.push(Number((Math.round(v / step) * step).toPrecision(6)));
  return out;
}

// Axes through the origin's gridlines, ticks and titles; returns the data → pixel maps and the plot box.
function axes(canvas, [x0, x1], [y0, y1], yTitle) {
  const ctx = canvas.getContext("2d"), c = colours();
  const box = { left: 52, right: canvas.width - 14, top: 36, bottom: canvas.height - 40 };
  const px = (x) => box.left + ((x - x0) / (x1 - x0)) * (box.right - box.left);
  const py = (y) => box.bottom - ((y - y0) / (y1 - y0)) * (box.bottom - box.top);
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = c.surface; ctx.fillRect(box.left, box.top, box.right - box.left, box.bottom - box.top);
  ctx.font = "12px system-ui, sans-serif"; ctx.lineWidth = 1;
  for (const v of ticks(y0, y1)) {
    ctx.strokeStyle = v === 0 ? c.muted : "rgba(128, 128, 128, 0.22)";
    ctx.beginPath(); ctx.moveTo(box.left, py(v)); ctx.lineTo(box.right, py(v)); ctx.stroke();
    ctx.fillStyle = c.muted; ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.fillText(String(v), box.left - 6, py(v));
  }
  for (const v of ticks(x0, x1, 8)) {
    ctx.strokeStyle = v === 0 ? c.muted : "rgba(128, 128, 128, 0.22)";
    ctx.beginPath(); ctx.moveTo(px(v), box.top); ctx.lineTo(px(v), box.bottom); ctx.stroke();
    ctx.fillStyle = c.muted; ctx.textAlign = "center"; ctx.textBaseline = "top"; ctx.fillText(String(v), px(v), box.bottom + 5);
  }
  ctx.fillStyle = c.text; ctx.textAlign = "center"; ctx.textBaseline = "bottom";
  ctx.fillText("x", (box.left + box.right) / 2, canvas.height - 3);
  ctx.save(); ctx.translate(13, (box.top + box.bottom) / 2); ctx.rotate(-Math.PI / 2);
  ctx.textBaseline = "middle"; ctx.fillText(yTitle, 0, 0); ctx.restore();
  return { px, py, box };
}

// A polyline through (xs[i], values[i]) for i in [from, to], optionally extended to given end points.
function polyline(ctx, map, values, from, to, { start = null, end = null } = {}) {
  ctx.beginPath();
  if (start) ctx.moveTo(map.px(start[0]), map.py(start[1]));
  for (let i = from; i <= to; i++) {
    const [x, y] = [map.px(xs[i]), map.py(values[i])];
    if (i === from && !start) ctx.moveTo(x, y); else ctx.lineTo(x, y);
  }
  if (end) ctx.lineTo(map.px(end[0]), map.py(end[1]));
  ctx.stroke();
}

// A curve that may break at x = 0 (index `zero`): `limits` = [left, right] values there, or null when continuous.
function curve(ctx, map, values, limits) {
  const zero = (xs.length - 1) / 2;
  if (!limits) { polyline(ctx, map, values, 0, xs.length - 1); return; }
  polyline(ctx, map, values, 0, zero - 1, { end: [0, limits[0]] });
  polyline(ctx, map, values, zero + 1, xs.length - 1, { start: [0, limits[1]] });
}

function dot(ctx, map, [x, y], colour, filled, radius = 4.5) {
  ctx.beginPath(); ctx.arc(map.px(x), map.py(y), radius, 0, 2 * Math.PI);
  ctx.lineWidth = 2; ctx.strokeStyle = colour;
  if (filled) { ctx.fillStyle = colour; ctx.fill(); } else { ctx.fillStyle = colours().surface; ctx.fill(); ctx.stroke(); }
}

function label(ctx, words, x, y, colour, align = "left") {
  ctx.font = "13px system-ui, sans-serif"; ctx.textAlign = align; ctx.textBaseline = "middle";
  const width = ctx.measureText(words).width, left = align === "left" ? x : align === "right" ? x - width : x - width / 2;
  ctx.fillStyle = colours().surface; ctx.globalAlpha = 0.85; ctx.fillRect(left - 3, y - 9, width + 6, 18); ctx.globalAlpha = 1;
  ctx.fillStyle = colour; ctx.fillText(words, x, y);
}

function padded([low, high], share = 0.08) {
  const span = Math.max(high - low, 1e-6);
  return [low - share * span, high + share * span];
}

function drawF() {
  const c = colours(), info = result.functions[selected], zero = (xs.length - 1) / 2;
  const yRange = padded([Math.min(info.range[0], -1), Math.max(info.range[1], 1)]);
  const map = axes(fCanvas, [-result.x_max, result.x_max], yRange, "f(x)");
  const ctx = fCanvas.getContext("2d");
  ctx.save(); ctx.beginPath(); ctx.rect(map.box.left, map.box.top, map.box.right - map.box.left, map.box.bottom - map.box.top); ctx.clip();
  const limits = (name) => (result.functions[name].at_zero.jump ? [curves[name].f[zero - 1], curves[name].f[zero]] : null);
  for (const name of result.names) {
    if (name === selected) continue;
    ctx.strokeStyle = COLOURS[name]; ctx.globalAlpha = 0.28; ctx.lineWidth = 1.5;
    curve(ctx, map, curves[name].f, limits(name));
  }
  ctx.globalAlpha = 1; ctx.strokeStyle = COLOURS[selected]; ctx.lineWidth = 3.2;
  curve(ctx, map, curves[selected].f, limits(selected));
  if (info.at_zero.jump) {  // the step's jump: H(0) = 1, so the dot sits on the upper branch
    dot(ctx, map, [0, curves[selected].f[zero - 1]], COLOURS[selected], false);
    dot(ctx, map, [0, curves[selected].f[zero]], COLOURS[selected], true);
  }
  // the tangent at x₀: the line through (x₀, f(x₀)) with slope f′(x₀)
  const x0 = result.x0, { f: fx0, slope } = info.at_x0, jumpHere = info.at_zero.jump && x0 === 0;
  ctx.setLineDash([7, 5]); ctx.strokeStyle = c.accent; ctx.lineWidth = 1.5;
  ctx.beginPath(); ctx.moveTo(map.px(x0), map.box.top); ctx.lineTo(map.px(x0), map.box.bottom); ctx.stroke();
  ctx.setLineDash([]);
  if (!jumpHere) {
    const reach = result.x_max * 0.45;
    ctx.lineWidth = 2; ctx.beginPath();
    ctx.moveTo(map.px(x0 - reach), map.py(fx0 - slope * reach)); ctx.lineTo(map.px(x0 + reach), map.py(fx0 + slope * reach)); ctx.stroke();
  }
  dot(ctx, map, [x0, fx0], c.accent, true, 5);
  ctx.restore();
  ctx.font = "bold 14px system-ui, sans-serif"; ctx.fillStyle = COLOURS[selected]; ctx.textAlign = "left"; ctx.textBaseline = "alphabetic";
  ctx.fillText(`${NAMES[selected]}: ${(selected === "gelu" && result.params?.gelu_approximate === "tanh") ? config.gelu_tanh.formula : config.functions.find((f) => f.id === selected).formula}`, map.box.left, 22);
  label(ctx, jumpHere ? text.spike : text.tangent(slope), map.box.right - 6, map.box.bottom - 14, c.accent, "right");
}

function drawDf() {
  const c = colours(), info = result.functions[selected], zero = (xs.length - 1) / 2, peak = info.max_slope;
  const values = curves[selected].df;
  const low = Math.min(0, ...values), high = Math.max(1, ...values);
  const map = axes(dfCanvas, [-result.x_max, result.x_max], padded([low, high]), "f′(x)");
  const ctx = dfCanvas.getContext("2d");
  ctx.save(); ctx.beginPath(); ctx.rect(map.box.left, map.box.top, map.box.right - map.box.left, map.box.bottom - map.box.top); ctx.clip();
  const limits = (name) => (result.functions[name].at_zero.kink ? [result.functions[name].at_zero.left, result.functions[name].at_zero.right] : null);
  for (const name of result.names) {
    if (name === selected) continue;
    ctx.strokeStyle = COLOURS[name]; ctx.globalAlpha = 0.28; ctx.lineWidth = 1.5;
    curve(ctx, map, curves[name].df, limits(name));
  }
  ctx.globalAlpha = 1;
  // the largest slope: a dashed level across the plot, and where it is reached drawn thick on the curve
  ctx.setLineDash([6, 5]); ctx.strokeStyle = c.text; ctx.lineWidth = 1.2;
  ctx.beginPath(); ctx.moveTo(map.box.left, map.py(peak.value)); ctx.lineTo(map.box.right, map.py(peak.value)); ctx.stroke();
  ctx.setLineDash([]);
  ctx.strokeStyle = COLOURS[selected]; ctx.lineWidth = 3.2;
  curve(ctx, map, values, limits(selected));
  const at = info.at_zero;
  if (at.kink) {  // one-sided limits as open circles, the value autograd uses at 0 as a filled one
    dot(ctx, map, [0, at.left], COLOURS[selected], false);
    dot(ctx, map, [0, at.right], COLOURS[selected], false);
    dot(ctx, map, [0, at.value], COLOURS[selected], true);
  }
  if (at.jump) {  // the derivative of a jump is a spike at 0 (a Dirac delta), drawn as an arrow
    const [x, top, base] = [map.px(0), map.box.top + 8, map.py(0)];
    ctx.strokeStyle = COLOURS[selected]; ctx.fillStyle = COLOURS[selected]; ctx.lineWidth = 2.5;
    ctx.beginPath(); ctx.moveTo(x, base); ctx.lineTo(x, top + 10); ctx.stroke();
    ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x - 6, top + 12); ctx.lineTo(x + 6, top + 12); ctx.closePath(); ctx.fill();
  }
  if (peak.from === peak.to) dot(ctx, map, [peak.from, peak.value], c.text, true, 4);
  dot(ctx, map, [result.x0, info.at_x0.slope], c.accent, true, 5);
  ctx.restore();
  let words;
  if (at.jump) words = `${text.flat}; ${text.spike}`;
  else if (peak.from !== peak.to) words = text.maxOn(peak.value, stretch(peak));
  else if (Math.abs(peak.to) === result.x_max) words = text.maxEdge(peak.value, peak.to);
  else words = text.maxAt(peak.value, peak.from);
  label(ctx, words, map.box.left + 8, 18, c.text);
  if (at.kink) label(ctx, text.autograd(at.value), map.box.right - 6, map.box.bottom - 14, COLOURS[selected], "right");
}

// Where the largest slope is reached: "a < x ≤ b" after a lower grid point, "a ≤ x ≤ b" from the left edge.
function stretch(peak) {
  return peak.after === null ? `${peak.from} ≤ x ≤ ${peak.to}` : `${peak.after} < x ≤ ${peak.to}`;
}

function slopeWhere(info) {
  const peak = info.max_slope;
  if (info.at_zero.jump) return `0 (${text.everywhere})`;
  if (peak.from !== peak.to) return `${peak.value} (${stretch(peak)})`;
  if (Math.abs(peak.to) === result.x_max) return `${peak.value} (${text.edge(peak.to)})`;
  return `${peak.value} (x = ${peak.from})`;
}

function fillTable() {
  const rows = result.names.map((name) => {
    const info = result.functions[name], spec = config.functions.find((f) => f.id === name);
    const tanhGelu = name === "gelu" && result.params?.gelu_approximate === "tanh";
    const at = info.at_zero;
    const zeroCell = at.jump ? text.undefinedJump : at.kink ? text.kink(at.left, at.right, at.value) : String(at.value);
    const cells = [NAMES[name], tanhGelu ? config.gelu_tanh.formula : spec.formula, tanhGelu ? config.gelu_tanh.derivative : spec.derivative,
      slopeWhere(info), String(info.at_x0.slope), zeroCell];
    const row = document.createElement("tr");
    cells.forEach((words, i) => {
      const cell = document.createElement(i ? "td" : "th");
      if (!i) { cell.scope = "row"; const swatch = document.createElement("span"); swatch.className = "swatch"; swatch.style.background = COLOURS[name]; cell.append(swatch); }
      cell.append(words);
      row.append(cell);
    });
    if (name === selected) row.style.fontWeight = "700";
    return row;
  });
  table.tBodies[0].replaceChildren(...rows);
}

function render() {
  if (!result) return;
  drawF(); drawDf(); fillTable();
}

function draw(body, response) {
  result = { ...body, params: response.params };
  xs = float32FromBase64(body.x);
  curves = Object.fromEntries(body.names.map((name) => [name, {
    f: float32FromBase64(body.functions[name].f), df: float32FromBase64(body.functions[name].df),
  }]));
  render();
}

picker.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-function]");
  if (!button) return;
  selected = button.dataset.function;
  for (const b of picker.querySelectorAll("button")) b.setAttribute("aria-pressed", String(b === button));
  render();
});

// x₀ must stay inside the drawn range: follow x_max before the request goes out.
const x0Input = form.elements.x0;
const syncX0 = () => {
  const limit = Number(form.elements.x_max.value) || 1;
  x0Input.min = String(-limit); x0Input.max = String(limit);
  x0Input.value = String(Math.min(limit, Math.max(-limit, Number(x0Input.value))));
  x0Output.textContent = `x₀ = ${Number(x0Input.value).toFixed(2)}`;
};
form.elements.x_max.addEventListener("input", syncX0);
x0Input.addEventListener("input", syncX0);
syncX0();

document.addEventListener("themechange", render);

liveDemo({ id: "activations", form, status, draw });
