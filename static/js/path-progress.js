// Progress on the guided path, kept in this browser's localStorage: which terms the reader marked as learned.
// The page works without it (links and text); this script shows the progress box and enables the checkboxes.

const box = document.getElementById("path-progress");
const storageKey = `dl-glossary:path:${box.dataset.path}`;
const checkboxes = [...document.querySelectorAll(".path-term input[type=checkbox]")];
const order = checkboxes.map((checkbox) => checkbox.dataset.slug);

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) || "[]");
    return new Set(Array.isArray(saved) ? saved.filter((slug) => order.includes(slug)) : []);
  } catch {
    return new Set(); // unreadable or storage off (some private modes): start empty, the page still works
  }
}

function save(learned) {
  try {
    localStorage.setItem(storageKey, JSON.stringify(order.filter((slug) => learned.has(slug))));
  } catch {
    /* storage full or off: the marks last until the page is left */
  }
}

let learned = load();

function render() {
  for (const checkbox of checkboxes) {
    checkbox.checked = learned.has(checkbox.dataset.slug);
    checkbox.closest(".path-term").classList.toggle("is-learned", checkbox.checked);
  }
  const count = learned.size;
  document.getElementById("path-progress-bar").value = count;
  document.getElementById("path-learned-count").textContent = String(count);
  box.dataset.learned = String(count);
  for (const stage of document.querySelectorAll(".path-stage")) {
    const slugs = [...stage.querySelectorAll(".path-term")].map((item) => item.dataset.slug);
    const done = slugs.filter((slug) => learned.has(slug)).length;
    const counter = document.querySelector(`.stage-count[data-stage="${stage.dataset.stage}"]`);
    counter.textContent = `${done}/${slugs.length}`;
    counter.classList.toggle("is-complete", done === slugs.length);
  }
  // "Continue with": the first term on the path not yet learned.
  const next = order.find((slug) => !learned.has(slug));
  document.getElementById("path-continue").hidden = !next;
  document.getElementById("path-done").hidden = Boolean(next);
  if (next) {
    const source = document.querySelector(`.path-term[data-slug="${next}"] a`);
    const link = document.getElementById("path-next-link");
    link.href = source.getAttribute("href");
    link.textContent = source.querySelector(".name-primary").textContent;
  }
}

for (const checkbox of checkboxes) {
  checkbox.disabled = false;
  checkbox.addEventListener("change", () => {
    if (checkbox.checked) learned.add(checkbox.dataset.slug);
    else learned.delete(checkbox.dataset.slug);
    save(learned);
    render();
  });
}

document.getElementById("path-reset").addEventListener("click", (event) => {
  if (!window.confirm(event.currentTarget.dataset.confirm)) return;
  learned = new Set();
  save(learned);
  render();
});

// Another tab of the same site changed the marks: show them here too.
window.addEventListener("storage", (event) => {
  if (event.key !== storageKey) return;
  learned = load();
  render();
});

box.hidden = false;
render();
