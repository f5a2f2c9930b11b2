// The colour theme: "system" (follow prefers-color-scheme, the default), "light" or "dark", remembered in
// localStorage. A classic script loaded in <head>, so the saved choice is on <html data-theme> before the first
// paint; style.css does the rest. Pages with canvases listen for "themechange" on document to redraw.
(() => {
  const KEY = "theme";
  const CHOICES = ["system", "light", "dark"];
  const root = document.documentElement;
  const dark = matchMedia("(prefers-color-scheme: dark)");

  const saved = () => {
    try { return CHOICES.includes(localStorage.getItem(KEY)) ? localStorage.getItem(KEY) : "system"; }
    catch { return "system"; }  // storage blocked: follow the system
  };
  const announce = () => {
    const choice = root.dataset.theme || "system";
    const shown = choice === "system" ? (dark.matches ? "dark" : "light") : choice;
    document.dispatchEvent(new CustomEvent("themechange", { detail: { choice, shown } }));
  };
  const apply = (choice) => {
    if (choice === "system") delete root.dataset.theme; else root.dataset.theme = choice;
  };

  apply(saved());
  dark.addEventListener("change", () => { if (!root.dataset.theme) announce(); });

  document.addEventListener("DOMContentLoaded", () => {
    const button = document.getElementById("theme-toggle");
    if (!button) return;
    const label = (choice) => {
      button.querySelector(".theme-choice").textContent = button.dataset[choice];
      button.setAttribute("aria-label", `${button.dataset.label}: ${button.dataset[choice]}`);
      button.dataset.choice = choice;
    };
    label(saved());
    button.hidden = false;
    button.addEventListener("click", () => {
      const next = CHOICES[(CHOICES.indexOf(button.dataset.choice) + 1) % CHOICES.length];
      try { localStorage.setItem(KEY, next); } catch { /* not remembered; still applied to this page */ }
      apply(next);
      label(next);
      announce();
    });
    // Another tab changed it: follow.
    addEventListener("storage", (event) => {
      if (event.key !== KEY) return;
      apply(saved());
      label(saved());
      announce();
    });
  });
})();
