// "Copy link" and the citation copy buttons of a term page. The Clipboard API needs a secure context and the
// reader's permission; when it is missing or refused, the text is selected instead and the status line says to
// press Ctrl+C, which works everywhere.

function say(status, kind) {
  status.textContent = status.dataset[kind];
  status.dataset.state = kind;
}

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

// Copy `text`; if that is not possible, select what `fallback()` returns (an element showing the text).
async function copy(text, fallback, status) {
  try {
    if (!navigator.clipboard) throw new Error("no Clipboard API");
    await navigator.clipboard.writeText(text);
    say(status, "copied");
  } catch {
    selectText(fallback());
    say(status, "failed");
  }
}

for (const button of document.querySelectorAll(".copy-link")) {
  const tools = button.parentElement;
  const url = button.dataset.copyText;
  // The address shown next to the button only when the clipboard cannot be written, to select and copy by hand.
  const shownAddress = () => {
    let shown = tools.querySelector(".copy-fallback");
    if (!shown) {
      shown = document.createElement("code");
      shown.className = "copy-fallback";
      shown.textContent = url;
      tools.appendChild(shown);
    }
    return shown;
  };
  button.addEventListener("click", () => copy(url, shownAddress, tools.querySelector(".copy-status")));
}

for (const button of document.querySelectorAll(".copy-citation")) {
  const target = document.getElementById(button.dataset.copyTarget);
  const status = button.closest("section").querySelector(".copy-status");
  button.addEventListener("click", () => copy(target.textContent, () => target, status));
}
