// The concept map on a term page: what to learn first above the term, what builds on it below, related terms at
// the bottom. Drawn as SVG from the JSON the server put in the page (#concept-map-data); every other term is an
// SVG <a>, so Tab reaches it and Enter opens it. Colours come from CSS variables (static/study.css), so the map
// follows the light and dark themes. Redrawn when its width changes: the bands wrap on a phone.

const SVG = "http://www.w3.org/2000/svg";
const BANDS = ["prerequisite", "center", "next", "related"];
const NODE_HEIGHT = 50;
const NODE_PADDING = 14;
const GAP_X = 12;
const GAP_ROW = 10;
const GAP_BAND = 34; // room for the arrows between bands
const LABEL_HEIGHT = 20;

function svgElement(name, attributes = {}, parent = null) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
  if (parent) parent.appendChild(element);
  return element;
}

function names(node, lang) {
  return lang === "en" ? [node.name_en, node.name_ko, "en", "ko"] : [node.name_ko, node.name_en, "ko", "en"];
}

// Draw one node's box and two names; returns the group and its width (the wider name plus padding).
function drawNode(parent, node, lang, maxWidth) {
  const [primary, secondary, primaryLang, secondaryLang] = names(node, lang);
  const isCenter = node.role === "center";
  const group = isCenter
    ? svgElement("g", { class: "cm-node cm-center", "aria-current": "page" }, parent)
    : svgElement("a", {
        href: node.url,
        class: `cm-node cm-${node.role}`,
        "data-slug": node.slug,
        "data-role": node.role,
        "aria-describedby": `cm-label-${node.role}`, // the band's label says how it relates; the name is the text
      }, parent);
  const box = svgElement("rect", { class: "cm-box", rx: 8, ry: 8, height: NODE_HEIGHT }, group);
  const single = primary === secondary; // ResNet, Adam: one name in both languages, written once
  const first = svgElement("text", { class: "cm-primary", lang: primaryLang, y: single ? 30 : 21 }, group);
  first.textContent = primary;
  const texts = [first];
  if (!single) {
    const second = svgElement("text", { class: "cm-secondary", lang: secondaryLang, y: 39 }, group);
    second.textContent = secondary;
    texts.push(second);
  }
  const textWidth = Math.max(...texts.map((text) => text.getComputedTextLength()));
  const width = Math.min(maxWidth, Math.ceil(textWidth) + 2 * NODE_PADDING);
  box.setAttribute("width", width);
  for (const text of texts) {
    text.setAttribute("x", width / 2);
    text.setAttribute("text-anchor", "middle");
    if (text.getComputedTextLength() > width - 2 * NODE_PADDING) {
      text.setAttribute("textLength", width - 2 * NODE_PADDING); // squeeze a name too long for a phone
      text.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
  }
  return { node, group, width };
}

// Lay the items of one band out in centred rows that fit `width`; returns the rows' total height.
function placeBand(items, width, top) {
  const rows = [];
  let row = [];
  let rowWidth = 0;
  for (const item of items) {
    if (row.length && rowWidth + GAP_X + item.width > width) {
      rows.push(row);
      row = [];
      rowWidth = 0;
    }
    rowWidth += (row.length ? GAP_X : 0) + item.width;
    row.push(item);
  }
  if (row.length) rows.push(row);
  rows.forEach((cells, index) => {
    const used = cells.reduce((sum, item) => sum + item.width, 0) + GAP_X * (cells.length - 1);
    let x = (width - used) / 2;
    const y = top + index * (NODE_HEIGHT + GAP_ROW);
    for (const item of cells) {
      Object.assign(item, { x, y });
      item.group.setAttribute("transform", `translate(${x} ${y})`);
      x += item.width + GAP_X;
    }
  });
  return rows.length * NODE_HEIGHT + (rows.length - 1) * GAP_ROW;
}

function edge(parent, from, to) {
  const x1 = from.x + from.width / 2;
  const y1 = from.y + NODE_HEIGHT;
  const x2 = to.x + to.width / 2;
  const y2 = to.y - 3; // leave the arrowhead clear of the box
  const bend = (y2 - y1) / 2;
  svgElement("path", {
    class: "cm-edge",
    d: `M${x1} ${y1} C${x1} ${y1 + bend} ${x2} ${y2 - bend} ${x2} ${y2}`,
    "marker-end": "url(#cm-arrow)",
  }, parent);
}

function draw(container, data) {
  const lang = container.dataset.lang || "ko";
  const labels = {
    prerequisite: container.dataset.labelPrerequisite,
    next: container.dataset.labelNext,
    related: container.dataset.labelRelated,
  };
  const width = Math.max(container.clientWidth, 240);
  container.replaceChildren();
  const svg = svgElement("svg", { role: "group", "aria-label": container.dataset.label, width }, container);
  const defs = svgElement("defs", {}, svg);
  const marker = svgElement("marker", {
    id: "cm-arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto",
  }, defs);
  svgElement("path", { class: "cm-arrowhead", d: "M0 0 L10 5 L0 10 z" }, marker);
  const edges = svgElement("g", { class: "cm-edges" }, svg);
  const nodes = svgElement("g", { class: "cm-nodes" }, svg);

  const placed = {};
  let top = 0;
  for (const band of BANDS) {
    const members = data.nodes.filter((node) => node.role === band);
    if (!members.length) continue;
    if (band !== "center") {
      const label = svgElement("text", { class: "cm-band-label", id: `cm-label-${band}`, x: 0, y: top + 13 }, svg);
      label.textContent = labels[band];
      top += LABEL_HEIGHT;
    }
    const items = members.map((node) => drawNode(nodes, node, lang, width));
    top += placeBand(items, width, top) + GAP_BAND;
    placed[band] = items;
  }
  const [center] = placed.center;
  for (const item of placed.prerequisite || []) edge(edges, item, center);
  for (const item of placed.next || []) edge(edges, center, item);
  const height = top - GAP_BAND + 2;
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  container.dataset.drawn = String(data.nodes.length);
}

function start() {
  const container = document.getElementById("concept-map");
  const source = document.getElementById("concept-map-data");
  if (!container || !source) return;
  const data = JSON.parse(source.textContent);
  let drawnWidth = 0;
  const redraw = () => {
    if (container.clientWidth === drawnWidth) return;
    drawnWidth = container.clientWidth;
    draw(container, data);
  };
  redraw();
  new ResizeObserver(redraw).observe(container);
}

start();
