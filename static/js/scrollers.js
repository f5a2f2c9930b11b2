// Boxes that scroll sideways (a wide formula, table or code block on a phone) must be reachable by keyboard to be
// scrolled with the arrow keys: give each one that overflows now a tab stop, and take it away when it fits again.
const SCROLLERS = ".math.block, .prose table, .prose pre, .demo table";

const update = (box) => {
  if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
  else if (box.getAttribute("tabindex") === "0") box.removeAttribute("tabindex");
};

const boxes = document.querySelectorAll(SCROLLERS);
const observer = new ResizeObserver((entries) => entries.forEach((entry) => update(entry.target)));
boxes.forEach((box) => { update(box); observer.observe(box); });
