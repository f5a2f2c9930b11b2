// The history page: editors paste their token (kept for this tab only) to revert to a revision or restore a
// deleted term. The page's ETag goes along as If-Match, so a revert never overwrites a change made meanwhile.
const config = JSON.parse(document.getElementById("history-config").textContent);
const form = document.getElementById("editor-form");
const status = document.getElementById("editor-status");
const tokenInput = form.elements.token;
const STORE = "glossary-editor-token";

tokenInput.value = sessionStorage.getItem(STORE) || "";
const showButtons = () => document.querySelectorAll("button.revert").forEach((b) => { b.hidden = !tokenInput.value; });
tokenInput.addEventListener("input", () => { sessionStorage.setItem(STORE, tokenInput.value); showButtons(); });
showButtons();

async function send(url, headers = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${tokenInput.value}`, ...headers },
  });
  if (response.ok) { location.assign(`/terms/${config.slug}/history`); return; }
  const body = await response.json().catch(() => ({ message: response.statusText }));
  status.textContent = `${response.status}: ${body.message}`;
}

document.querySelectorAll("button.revert").forEach((button) => {
  button.addEventListener("click", () =>
    send(`/api/terms/${config.slug}/revert?to=${button.dataset.to}`, { "If-Match": config.etag }));
});
document.getElementById("restore")?.addEventListener("click", () => send(`/api/terms/${config.slug}/restore`));
