// Small canvas helpers shared by the demo pages: decoding compact arrays, colour ramps, line charts.

export function bytesFromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function float32FromBase64(text) {
  return new Float32Array(bytesFromBase64(text).buffer);
}

// Blue (0) → white (0.5) → orange (1): a diverging ramp for probabilities.
export function divergingColour(t) {
  const blue = [33, 102, 172], white = [247, 247, 247], orange = [230, 97, 1];
  const [from, to, u] = t < 0.5 ? [blue, white, t * 2] : [white, orange, (t - 0.5) * 2];
  return from.map((c, i) => Math.round(c + (to[i] - c) * u));
}

// Dark violet → yellow: a sequential ramp for loss surfaces.
export function sequentialColour(t) {
  const stops = [[48, 18, 59], [40, 98, 214], [32, 192, 158], [164, 226, 63], [250, 233, 70]];
  const x = Math.min(Math.max(t, 0), 1) * (stops.length - 1);
  const i = Math.min(Math.floor(x), stops.length - 2);
  const u = x - i;
  return stops[i].map((c, k) => Math.round(c + (stops[i + 1][k] - c) * u));
}

// Paint a row-major grid (row 0 = lowest y) into the canvas, scaled to fill it.
export function paintGrid(canvas, size, valueAt, colour) {
  const image = new ImageData(size, size);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      const [r, g, b] = colour(valueAt(row * size + col));
      const offset = ((size - 1 - row) * size + col) * 4;  // flip: canvas y grows downwards
      image.data.set([r, g, b, 255], offset);
    }
  }
  const buffer = new OffscreenCanvas(size, size);
  buffer.getContext("2d").putImageData(image, 0, 0);
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = true;
  context.drawImage(buffer, 0, 0, canvas.width, canvas.height);
}

// Map data coordinates inside extent [xMin, xMax, yMin, yMax] to canvas pixels.
export function toCanvas(canvas, extent, [x, y]) {
  const [xMin, xMax, yMin, yMax] = extent;
  return [((x - xMin) / (xMax - xMin)) * canvas.width, (1 - (y - yMin) / (yMax - yMin)) * canvas.height];
}

export function fromCanvas(canvas, extent, [px, py]) {
  const [xMin, xMax, yMin, yMax] = extent;
  return [xMin + (px / canvas.width) * (xMax - xMin), yMax - (py / canvas.height) * (yMax - yMin)];
}

// A line chart of several series over steps; `log` plots log10 of positive values.
export function drawLineChart(canvas, series, { steps, log = false, yMin = null, yMax = null } = {}) {
  const context = canvas.getContext("2d");
  const { width, height } = canvas;
  const pad = { left: 44, right: 8, top: 8, bottom: 22 };
  context.clearRect(0, 0, width, height);
  const transform = (v) => (log ? Math.log10(Math.max(v, 1e-12)) : v);
  const values = series.flatMap((s) => s.values.filter(Number.isFinite).map(transform));
  if (!values.length) return;
  let low = yMin ?? Math.min(...values), high = yMax ?? Math.max(...values);
  if (high - low < 1e-9) { high += 0.5; low -= 0.5; }
  const x = (i) => pad.left + (i / Math.max(steps, 1)) * (width - pad.left - pad.right);
  const y = (v) => pad.top + (1 - (transform(v) - low) / (high - low)) * (height - pad.top - pad.bottom);
  const style = getComputedStyle(canvas);
  context.strokeStyle = style.getPropertyValue("--chart-axis") || "#888";
  context.fillStyle = style.color;
  context.font = "11px system-ui, sans-serif";
  context.beginPath();
  context.moveTo(pad.left, pad.top);
  context.lineTo(pad.left, height - pad.bottom);
  context.lineTo(width - pad.right, height - pad.bottom);
  context.stroke();
  const label = (v) => (log ? `1e${v.toFixed(0)}` : v.toPrecision(2));
  context.fillText(label(high), 2, pad.top + 10);
  context.fillText(label(low), 2, height - pad.bottom);
  context.fillText(String(steps), width - pad.right - 30, height - 6);
  for (const { values: data, colour } of series) {
    context.strokeStyle = colour;
    context.lineWidth = 1.6;
    context.beginPath();
    let started = false;
    data.forEach((v, i) => {
      if (!Number.isFinite(v)) return;
      const [px, py] = [x(i), Math.min(Math.max(y(v), pad.top), height - pad.bottom)];
      if (started) context.lineTo(px, py); else { context.moveTo(px, py); started = true; }
    });
    context.stroke();
  }
}

// Read a demo form into a parameter object, typed by each input's kind.
export function formParams(form) {
  const params = {};
  for (const element of form.elements) {
    if (!element.name || element.disabled) continue;
    if (element.type === "checkbox") params[element.name] = element.checked;
    else params[element.name] = element.type === "number" || element.type === "range" ? Number(element.value) : element.value;
  }
  return params;
}

export async function postJSON(url, body) {
  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json();
  if (!response.ok) throw new Error(data.message || response.statusText);
  return data;
}
