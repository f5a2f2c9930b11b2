// The gradient-check page: the V of relative error against h, and every parameter's error at one chosen h.
// Every number comes from the kernel; this file only lays it out.
import { liveDemo } from "./demo-live.js";

const KO = document.documentElement.lang === "ko";
const form = document.getElementById("gc-form");
const FONT = "12px system-ui, sans-serif";
const DTYPE_COLOURS = { float32: "#e6550d", float64: "#2b6cb0" };
const SERIES = ["forward-float32", "central-float32", "forward-float64", "central-float64"];
const text = KO
  ? { forward: "전방", central: "중심", h: "차분 간격 h", error: "상대 오차", parameter: "매개변수",
      good: "float64에서 좋음 (< 10⁻⁷)", bug: "거의 틀림없이 버그 (> 10⁻²)" }
  : { forward: "forward", central: "central", h: "step h", error: "relative error", parameter: "parameter",
      good: "good in float64 (< 10⁻⁷)", bug: "almost surely a bug (> 10⁻²)" };

const describeSeries = (key) => { const [method, dtype] = key.split("-"); return `${dtype} ${text[method]}`; };
const colourOf = (key) => DTYPE_COLOURS[key.split("-")[1]];
const dashOf = (key) => (key.startsWith("forward") ? [6, 4] : []);

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

const SUPERSCRIPT = { "-": "⁻", 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹" };
const decade = (k) => (k === 0 ? "1" : `10${String(k).replace(/./g, (c) => SUPERSCRIPT[c])}`);
const short = (v) => v.toExponential(1).replace("e", "·10^").replace(/\^([+-]?)(\d+)/, (_, sign, digits) =>
  (sign === "-" ? "⁻" : "") + digits.replace(/./g, (c) => SUPERSCRIPT[c])).replace("·10", "×10");

// Log axes in `area` for x and y = {min, max, label} (decade ticks; x = null: no x scale); returns data → pixel maps.
function logAxes(context, area, x, y) {
  const colours = palette();
  const map = (axis, from, to) => (v) => from + ((Math.log10(v) - Math.log10(axis.min)) / (Math.log10(axis.max) - Math.log10(axis.min))) * (to - from);
  const px = x && map(x, area.left, area.right), py = map(y, area.bottom, area.top);
  const decades = (axis, most) => {
    const low = Math.ceil(Math.log10(axis.min) - 1e-9), high = Math.floor(Math.log10(axis.max) + 1e-9);
    const every = Math.max(1, Math.ceil((high - low + 1) / most));
    const list = [];
    for (let k = low; k <= high; k++) if (k % every === 0) list.push(k);
    return list;
  };
  context.lineWidth = 1; context.fillStyle = colours.muted;
  context.textAlign = "center"; context.textBaseline = "top";
  for (const k of x ? decades(x, 8) : []) {
    const p = px(10 ** k);
    context.strokeStyle = colours.border; context.beginPath(); context.moveTo(p, area.top); context.lineTo(p, area.bottom); context.stroke();
    context.fillText(decade(k), p, area.bottom + 4);
  }
  context.textAlign = "right"; context.textBaseline = "middle";
  for (const k of decades(y, 9)) {
    const p = py(10 ** k);
    context.strokeStyle = colours.border; context.beginPath(); context.moveTo(area.left, p); context.lineTo(area.right, p); context.stroke();
    context.fillText(decade(k), area.left - 5, p);
  }
  context.strokeStyle = colours.muted; context.strokeRect(area.left, area.top, area.right - area.left, area.bottom - area.top);
  context.fillStyle = colours.text; context.textAlign = "center"; context.textBaseline = "bottom";
  if (x?.label) context.fillText(x.label, (area.left + area.right) / 2, area.bottom + 34);
  if (y.label) {
    context.save(); context.translate(area.left - 44, (area.top + area.bottom) / 2); context.rotate(-Math.PI / 2);
    context.textBaseline = "top"; context.fillText(y.label, 0, 0); context.restore();
  }
  return { px, py };
}

function clipTo(context, area) {
  context.beginPath(); context.rect(area.left, area.top, area.right - area.left, area.bottom - area.top); context.clip();
}

// The y range of a log chart: whole decades around the positive values, at most `span` decades deep.
function logRange(values, span) {
  const positive = values.filter((v) => v > 0);
  const high = 10 ** Math.ceil(Math.log10(Math.max(...positive, 1)) + 0.05);
  const low = Math.max(10 ** Math.floor(Math.log10(Math.min(...positive))), high / 10 ** span);
  return { min: low, max: high };
}

// ---- the V chart ---------------------------------------------------------------------------------------

function drawV(result) {
  const { context, width, height } = prepare(document.getElementById("gc-v"));
  const colours = palette();
  const area = { left: 60, top: 52, right: width - 16, bottom: height - 46 };
  const hs = result.h;
  const y = logRange(Object.values(result.curves).flat(), 17);
  const { px, py } = logAxes(context, area, { min: hs[0], max: hs.at(-1), label: text.h }, { ...y, label: text.error });
  const clampY = (v) => py(Math.min(Math.max(v, y.min), y.max));

  // where theory puts each curve's bottom: √ε (forward) and ∛ε (central), marked on the top edge
  context.textAlign = "center"; context.textBaseline = "bottom";
  for (const key of SERIES) {
    const x = px(result.theory_h[key]);
    context.fillStyle = colourOf(key);
    context.beginPath(); context.moveTo(x - 5, area.top - 9); context.lineTo(x + 5, area.top - 9); context.lineTo(x, area.top - 1); context.fill();
    context.fillText(key.startsWith("forward") ? "√ε" : "∛ε", x, area.top - 10);
  }

  context.save(); clipTo(context, area);
  // the chosen h
  const chosen = px(result.selected.h);
  context.strokeStyle = colours.muted; context.setLineDash([2, 3]); context.lineWidth = 1.2;
  context.beginPath(); context.moveTo(chosen, area.top); context.lineTo(chosen, area.bottom); context.stroke();
  context.setLineDash([]);
  for (const key of SERIES) {
    context.strokeStyle = colourOf(key); context.lineWidth = 2; context.setLineDash(dashOf(key));
    context.beginPath();
    result.curves[key].forEach((v, i) => (i ? context.lineTo(px(hs[i]), clampY(v)) : context.moveTo(px(hs[i]), clampY(v))));
    context.stroke();
  }
  context.setLineDash([]);
  // each curve's lowest point, labelled with its value unless an earlier label already sits there
  context.font = `bold ${FONT}`;
  const placed = [];
  for (const key of SERIES) {
    const { h, error } = result.best[key];
    const [x, yy] = [px(h), clampY(error)];
    context.fillStyle = colourOf(key);
    context.beginPath(); context.arc(x, yy, 4, 0, 2 * Math.PI); context.fill();
    const forward = key.startsWith("forward"), label = short(error), w = context.measureText(label).width;
    const start = Math.min(Math.max(forward ? x - 6 - w : x + 6, area.left + 2), area.right - w - 2);
    const box = { left: start, top: yy + 4, right: start + w, bottom: yy + 18 };
    if (placed.some((b) => b.left < box.right && box.left < b.right && b.top < box.bottom && box.top < b.bottom)) continue;
    placed.push(box);
    context.textAlign = "left"; context.textBaseline = "top";
    context.fillText(label, box.left, box.top);
  }
  context.font = FONT;
  context.restore();

  // legend: one row above the plot
  let left = area.left;
  context.textAlign = "left"; context.textBaseline = "middle";
  for (const key of SERIES) {
    context.strokeStyle = colourOf(key); context.lineWidth = 2; context.setLineDash(dashOf(key));
    context.beginPath(); context.moveTo(left, 14); context.lineTo(left + 24, 14); context.stroke();
    context.setLineDash([]);
    context.fillStyle = colours.text; context.fillText(describeSeries(key), left + 29, 14);
    left += 29 + context.measureText(describeSeries(key)).width + 18;
  }
}

// Right-aligned text on a translucent backdrop, readable over the markers.
function bandLabel(context, label, colour, right, middle) {
  const width = context.measureText(label).width;
  context.save();
  context.globalAlpha = 0.8; context.fillStyle = palette().background;
  context.fillRect(right - width - 4, middle - 8, width + 8, 16);
  context.globalAlpha = 1; context.fillStyle = colour; context.textAlign = "right"; context.textBaseline = "middle";
  context.fillText(label, right, middle);
  context.restore();
}

// ---- every parameter at the chosen h ------------------------------------------------------------------

function drawParameters(result) {
  const { context, width, height } = prepare(document.getElementById("gc-params"));
  const colours = palette();
  const area = { left: 60, top: 30, right: width - 14, bottom: height - 46 };
  const per = result.selected.per_parameter;
  const count = per[SERIES[0]].length;
  const y = logRange([...Object.values(per).flat(), 1e-16], 17);
  const { py } = logAxes(context, area, null, { ...y, label: text.error });
  const slot = (area.right - area.left) / count;
  const px = (i) => area.left + (i + 0.5) * slot;

  context.save(); clipTo(context, area);
  // the gradient-check entry's rule of thumb, as bands
  context.fillStyle = "rgba(46, 158, 91, 0.10)"; context.fillRect(area.left, py(1e-7), area.right - area.left, area.bottom - py(1e-7));
  context.fillStyle = "rgba(215, 48, 31, 0.10)"; context.fillRect(area.left, area.top, area.right - area.left, py(1e-2) - area.top);
  bandLabel(context, text.good, colours.text, area.right - 6, py(1e-7) + 12);
  bandLabel(context, text.bug, colours.text, area.right - 6, py(1e-2) - 12);
  // one column of four markers per parameter
  SERIES.forEach((key, s) => {
    const offset = (s - 1.5) * Math.min(4, slot / 5);
    context.strokeStyle = colourOf(key); context.fillStyle = colourOf(key); context.lineWidth = 1.5;
    per[key].forEach((v, i) => {
      const [x, yy] = [px(i) + offset, py(Math.min(Math.max(v, y.min), y.max))];
      context.beginPath(); context.arc(x, yy, 3.2, 0, 2 * Math.PI);
      if (key.startsWith("forward")) context.stroke(); else context.fill();
    });
  });
  context.restore();

  // the parameter groups under the axis
  context.fillStyle = colours.text; context.strokeStyle = colours.muted; context.textAlign = "center"; context.textBaseline = "top";
  let start = 0;
  for (const [name, size] of result.groups) {
    const left = area.left + start * slot, right = left + size * slot;
    context.fillText(name, (left + right) / 2, area.bottom + 6);
    if (start) { context.beginPath(); context.moveTo(left, area.top); context.lineTo(left, area.bottom + 18); context.stroke(); }
    start += size;
  }
  context.fillText(`${text.parameter} (${count})`, (area.left + area.right) / 2, area.bottom + 24);
  context.textAlign = "left"; context.textBaseline = "bottom"; context.fillStyle = colours.muted;
  context.fillText(`h = ${short(result.selected.h)} · ○ ${text.forward}  ● ${text.central}`, area.left, area.top - 8);
}

function describe(result) {
  const parts = SERIES.map((key) => `${describeSeries(key)} ${short(result.selected.error[key])}`);
  document.getElementById("gc-facts").textContent = `h = ${short(result.selected.h)}: ${parts.join(" · ")}`;
}

function showChosenH() {
  document.getElementById("gc-h-value").textContent = `h = ${short(10 ** Number(form.elements.log10_h.value))}`;
}

function draw(result) {
  drawV(result);
  drawParameters(result);
  describe(result);
}

form.elements.log10_h.addEventListener("input", showChosenH);
showChosenH();
liveDemo({ id: "gradient-check", form, status: document.getElementById("gc-status"), draw });
