// The weight-init page: a grid of activation histograms, one row per initialization, one column per layer.
// Every number comes from the kernel; this file lays out the grid, the bars and the shares under them.
import { liveDemo } from "./demo-live.js";

const text = JSON.parse(document.getElementById("wi-text").textContent);
const form = document.getElementById("wi-form");
const status = document.getElementById("wi-status");
const canvas = document.getElementById("wi-histograms");
const COLOURS = { std_1: "#d95f02", std_0_01: "#7570b3", xavier: "#1b9e77", he: "#e7298a" };
const FORMULAS = { std_1: "", std_0_01: "", xavier: "√(2/(n+n)) = ", he: "√(2/n) = " };  // n_in = n_out = n here
const LAYOUT = { labelWidth: 170, header: 34, right: 10, gap: 16, rowHeight: 151, barsHeight: 78 };

function palette() {
  const style = getComputedStyle(document.documentElement);
  const get = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return {
    text: get("--text", "#222"), muted: get("--muted", "#666"), border: get("--border", "#ddd"),
    surface: get("--surface", "#f4f6f8"), accent: get("--accent", "#0b5cad"),
  };
}

function percent(share) {  // 0%, <0.1%, 0.4%, 37%
  if (share === 0 || share >= 0.01) return `${Math.round(share * 100)}%`;
  return share < 0.001 ? "<0.1%" : `${(share * 100).toFixed(1)}%`;
}
const tickText = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

// The shares printed under one histogram: [label, share, alarming?]; ReLU has no saturated side.
function shareLines(layer) {
  const lines = layer.saturated === null
    ? [[text.zero, layer.zero, false], [text.collapsed, layer.near_zero, layer.near_zero >= 0.5]]
    : [[text.saturated, layer.saturated, layer.saturated >= 0.5], [text.collapsed, layer.near_zero, layer.near_zero >= 0.5]];
  if (layer.beyond >= 0.005) lines.push([text.beyond, layer.beyond, layer.beyond >= 0.5]);
  return lines;
}

function drawCell(context, box, layer, [low, high], peak, colour, colours) {
  const { left, top, width } = box;
  const bars = layer.hist, barWidth = width / bars.length, base = top + LAYOUT.barsHeight;
  context.fillStyle = colour;
  bars.forEach((share, i) => {
    const h = (share / peak) * LAYOUT.barsHeight;
    if (h > 0) context.fillRect(left + i * barWidth + 0.5, base - h, Math.max(barWidth - 1, 1), h);
  });
  context.strokeStyle = colours.muted; context.lineWidth = 1;
  context.beginPath(); context.moveTo(left, base + 0.5); context.lineTo(left + width, base + 0.5); context.stroke();
  context.fillStyle = colours.muted; context.font = "11px system-ui, sans-serif"; context.textBaseline = "top";
  [[low, "left"], [(low + high) / 2, "center"], [high, "right"]].forEach(([v, align]) => {
    const x = left + ((v - low) / (high - low)) * width;
    context.beginPath(); context.moveTo(x + 0.5, base); context.lineTo(x + 0.5, base + 3); context.stroke();
    context.textAlign = align;
    context.fillText(tickText(v), x, base + 4);
  });
  context.textAlign = "left";
  shareLines(layer).forEach(([name, share, alarming], i) => {
    context.font = `${alarming ? "700 " : ""}12px system-ui, sans-serif`;
    context.fillStyle = alarming ? colours.text : colours.muted;
    context.fillText(`${name}: ${percent(share)}`, left, base + 20 + i * 15);
  });
}

let latest = null;

function draw(result) {
  latest = result;
  const colours = palette();
  const columns = result.inits[0].layers.length;
  canvas.height = LAYOUT.header + result.inits.length * LAYOUT.rowHeight;
  const context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  const cellWidth = (canvas.width - LAYOUT.labelWidth - LAYOUT.right - LAYOUT.gap * (columns - 1)) / columns;
  const cellLeft = (column) => LAYOUT.labelWidth + column * (cellWidth + LAYOUT.gap);
  // column headers
  context.fillStyle = colours.text; context.font = "600 13px system-ui, sans-serif";
  context.textAlign = "center"; context.textBaseline = "middle";
  for (let column = 0; column < columns; column++) {
    context.fillText(`${text.layer} ${column + 1}`, cellLeft(column) + cellWidth / 2, LAYOUT.header / 2);
  }
  result.inits.forEach((init, row) => {
    const top = LAYOUT.header + row * LAYOUT.rowHeight + 8;
    const recommended = init.id === result.recommended;
    if (recommended) {  // a band behind the row the theory recommends for this activation
      context.fillStyle = colours.surface;
      context.fillRect(0, top - 8, canvas.width, LAYOUT.rowHeight);
    }
    // row label: name, standard deviation, and whether it is the recommended one
    context.textAlign = "left"; context.textBaseline = "top";
    context.fillStyle = COLOURS[init.id]; context.fillRect(10, top + 3, 10, 10);
    context.fillStyle = colours.text; context.font = "600 13px system-ui, sans-serif";
    context.fillText(text[init.id], 26, top);
    context.fillStyle = colours.muted; context.font = "12px system-ui, sans-serif";
    context.fillText(`σ = ${FORMULAS[init.id]}${init.std}`, 26, top + 18);
    if (recommended) {
      context.fillStyle = colours.accent; context.font = "600 12px system-ui, sans-serif";
      context.fillText(`★ ${text.recommended}`, 10, top + 38, LAYOUT.labelWidth - 16);
    }
    // one vertical scale per row, so the layers of one initialization compare directly
    const peak = Math.max(...init.layers.flatMap((layer) => layer.hist), 1e-9);
    context.fillStyle = colours.muted; context.font = "11px system-ui, sans-serif"; context.textAlign = "right";
    context.fillText(percent(peak), LAYOUT.labelWidth - 6, top - 2);
    context.strokeStyle = colours.border; context.setLineDash([3, 3]);
    context.beginPath(); context.moveTo(LAYOUT.labelWidth, top + 0.5); context.lineTo(canvas.width - LAYOUT.right, top + 0.5); context.stroke();
    context.setLineDash([]);
    init.layers.forEach((layer, column) => {
      drawCell(context, { left: cellLeft(column), top, width: cellWidth }, layer, result.range, peak, COLOURS[init.id], colours);
    });
  });
}

document.addEventListener("themechange", () => { if (latest) draw(latest); });  // colours come from the theme
liveDemo({ id: "weight-init", form, status, draw });
