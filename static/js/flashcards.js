// Flashcards: cards for a selection from /api/study/cards, shown one side at a time; each grade reschedules the
// card (static/js/srs.js) and the schedule is kept in localStorage, one entry per card and direction.
// Keys: Space shows the answer, 1–4 grade it; neither acts while the focus is in a field, so typing is safe.

import { formatWait, isDue, schedule } from "./srs.js";

const STORAGE_KEY = "dl-glossary:srs:v1";
const NEW_PER_SESSION = 20; // new cards introduced per session; due reviews always come first
const REQUEUE_GAP = 3; // an "again" card comes back after this many others

const strings = JSON.parse(document.getElementById("study-strings").textContent);
const form = document.getElementById("study-setup");
const source = document.getElementById("study-source");
const session = document.getElementById("study-session");
const card = document.getElementById("card");
const showAnswer = document.getElementById("show-answer");
const grades = document.getElementById("grades");
const done = document.getElementById("study-done");
const errorBox = document.getElementById("study-error");

function loadSchedule() {
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "{}");
    return saved && typeof saved === "object" ? saved : {};
  } catch {
    return {};
  }
}

function saveSchedule(schedules) {
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(schedules));
  } catch {
    /* storage off or full: the session still works, the schedule is not kept */
  }
}

let schedules = loadSchedule();
let deck = []; // this selection's cards, each {id, term, mode}
let queue = [];
let current = null;

// What each side shows, for a mode: [label, text, lang] of the front and of the answer (with a second line).
function sides(term, mode) {
  const ui = strings.lang;
  const summary = ui === "ko" ? term.summary_ko : term.summary_en;
  const name = ui === "ko" ? term.name_ko : term.name_en;
  const otherName = ui === "ko" ? term.name_en : term.name_ko;
  const other = ui === "ko" ? "en" : "ko";
  switch (mode) {
    case "ko-en":
      return { front: [strings.side_name_ko, term.name_ko, "ko"], back: [strings.side_name_en, term.name_en, "en", summary, ui] };
    case "en-ko":
      return { front: [strings.side_name_en, term.name_en, "en"], back: [strings.side_name_ko, term.name_ko, "ko", summary, ui] };
    case "name-definition":
      return { front: [strings.side_name, name, ui, otherName, other], back: [strings.side_definition, summary, ui] };
    default:
      return { front: [strings.side_definition, summary, ui], back: [strings.side_name, name, ui, otherName, other] };
  }
}

function fill(container, [, text, lang, second, secondLang]) {
  const main = document.createElement("p");
  main.className = "card-main";
  main.lang = lang;
  main.textContent = text;
  container.replaceChildren(main);
  if (second) {
    const extra = document.createElement("p");
    extra.className = "card-extra";
    extra.lang = secondLang;
    extra.textContent = second;
    container.appendChild(extra);
  }
}

function updateCounts() {
  const fresh = queue.filter((item) => !schedules[item.id]).length;
  document.getElementById("study-counts").textContent =
    `${strings.left} ${queue.length} · ${strings.new} ${fresh} · ${strings.due} ${queue.length - fresh}`;
}

function showCard() {
  current = queue[0];
  if (!current) {
    finish();
    return;
  }
  const { front, back } = sides(current.term, current.mode);
  document.getElementById("card-front-label").textContent = front[0];
  fill(document.getElementById("card-front"), front);
  document.getElementById("card-back-label").textContent = back[0];
  fill(document.getElementById("card-answer"), back);
  document.getElementById("card-link").href = current.term.url;
  document.getElementById("card-back").hidden = true;
  card.dataset.state = "front";
  card.dataset.cardId = current.id;
  showAnswer.hidden = false;
  grades.hidden = true;
  updateCounts();
  card.focus();
}

function flip() {
  if (!current || card.dataset.state !== "front") return;
  document.getElementById("card-back").hidden = false;
  card.dataset.state = "back";
  showAnswer.hidden = true;
  grades.hidden = false;
  const now = Date.now();
  for (const button of grades.querySelectorAll("[data-grade]")) {
    const next = schedule(schedules[current.id], Number(button.dataset.grade), now);
    button.querySelector("[data-wait]").textContent = formatWait(next.due - now, strings.units);
  }
  card.focus(); // the button that was pressed is now hidden: keep the keys working
}

function grade(value) {
  if (!current || card.dataset.state !== "back") return;
  const now = Date.now();
  const next = schedule(schedules[current.id], value, now);
  schedules[current.id] = next;
  saveSchedule(schedules);
  queue.shift();
  // Due again within the session (again; hard while still learning): see it after a few other cards.
  if (next.due - now < 15 * 60_000) queue.splice(Math.min(REQUEUE_GAP, queue.length), 0, current);
  showCard();
}

function finish() {
  session.hidden = true;
  done.hidden = false;
  form.hidden = false;
  const upcoming = deck.map((item) => schedules[item.id]?.due).filter(Boolean);
  const nextDue = document.getElementById("study-next-due");
  nextDue.textContent = upcoming.length
    ? `${strings.next_due} ${formatWait(Math.max(0, Math.min(...upcoming) - Date.now()), strings.units)}`
    : "";
  document.getElementById("study-again").focus();
}

function begin(all) {
  const now = Date.now();
  const due = deck.filter((item) => isDue(schedules[item.id], now))
    .sort((a, b) => schedules[a.id].due - schedules[b.id].due);
  const fresh = deck.filter((item) => !schedules[item.id]).slice(0, NEW_PER_SESSION);
  queue = all ? [...deck] : [...due, ...fresh];
  done.hidden = true;
  form.hidden = true; // the card takes the screen; "Choose other cards" brings the form back
  session.hidden = false;
  showCard();
}

function mode() {
  return form.querySelector("input[name=mode]:checked").value;
}

function updateExports() {
  document.getElementById("export-anki").href = `/api/export/anki?${source.value}`;
  document.getElementById("export-csv").href = `/api/export/csv?${source.value}`;
}

async function start(event) {
  event.preventDefault();
  errorBox.hidden = true;
  const response = await fetch(`/api/study/cards?${source.value}`, { headers: { accept: "application/json" } });
  if (!response.ok) {
    const body = await response.json().catch(() => ({}));
    errorBox.textContent = `${strings.failed} ${body.message || ""}`;
    errorBox.hidden = false;
    return;
  }
  const { cards } = await response.json();
  const chosen = mode();
  schedules = loadSchedule(); // another tab may have studied meanwhile
  deck = cards.map((term) => ({ id: `${chosen}:${term.slug}`, term, mode: chosen }));
  const url = new URL(window.location.href);
  url.search = `${source.value}&mode=${chosen}`;
  history.replaceState(null, "", url); // a reload or a shared link comes back to the same selection
  begin(false);
}

document.addEventListener("keydown", (event) => {
  if (session.hidden || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  // Typing in a field (the search box, the selection) keeps every key; so does a focused button for Space.
  if (target.closest?.("input, textarea, select, [contenteditable=''], [contenteditable=true]")) return;
  if (event.key === " ") {
    if (target.closest?.("button, a")) return;
    event.preventDefault(); // Space would scroll the page
    flip();
  } else if (/^[1-4]$/.test(event.key) && card.dataset.state === "back") {
    event.preventDefault();
    grade(Number(event.key));
  }
});

showAnswer.addEventListener("click", flip);
for (const button of grades.querySelectorAll("[data-grade]")) {
  button.addEventListener("click", () => grade(Number(button.dataset.grade)));
}
document.getElementById("study-again").addEventListener("click", () => begin(true));
document.getElementById("study-change").addEventListener("click", () => {
  session.hidden = true;
  form.hidden = false;
  current = null;
  source.focus();
});
source.addEventListener("change", updateExports);
form.addEventListener("submit", start);
document.getElementById("study-start").disabled = false;
updateExports();
