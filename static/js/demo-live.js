// Live demo pages: run once on load and again whenever a control changes. At most one request is in flight;
// changes made meanwhile are folded into one follow-up run, so the figure always ends on the latest settings.
import { formParams, postJSON } from "./plot.js";

const KO = document.documentElement.lang === "ko";

// `draw(result, body)` paints the figures; `params(form)` builds the request (default: the form's fields).
// The status element gets data-runs (results drawn so far) and data-error, which the browser tests watch.
export function liveDemo({ id, form, status, draw, params = formParams, delayMs = 120 }) {
  let inFlight = false, queued = false, runs = 0, timer = null, last = null;

  async function run() {
    if (inFlight) { queued = true; return; }
    inFlight = true;
    status.dataset.busy = "true";
    try {
      const body = await postJSON(`/api/demos/${id}/run`, params(form));
      draw(body.result, body);
      last = body;
      runs += 1;
      status.dataset.runs = String(runs);
      delete status.dataset.error;
      status.textContent = KO
        ? `${body.device}에서 ${body.elapsed_ms.toFixed(1)} ms에 계산함`
        : `computed on ${body.device} in ${body.elapsed_ms.toFixed(1)} ms`;
    } catch (error) {
      status.dataset.error = "true";
      status.textContent = (KO ? "오류: " : "Error: ") + error.message;
    } finally {
      inFlight = false;
      delete status.dataset.busy;
      if (queued) { queued = false; run(); }
    }
  }

  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(run, delayMs); });
  form.addEventListener("submit", (event) => { event.preventDefault(); run(); });
  // Light ↔ dark (static/js/theme.js): redraw the last result, since canvases read their colours from CSS variables.
  document.addEventListener("themechange", () => { if (last) draw(last.result, last); });
  run();
  return { run };
}
