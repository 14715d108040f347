// The timeline: events per month, quarter or year (GET /v1/events/timeline) as SVG bars; a
// bar is a button filtering the list by its period. One tab stop; arrow keys move along.
import { h, svg, plural } from "./dom.js";

const HEIGHT = 120;
const AXIS = 18;

// A year label under the first bar of every k-th year, k such that labels stay ~36 px apart.
function tickLabel(period, interval, slot) {
  const [year, rest] = period.split("-");
  const perYear = { year: 1, quarter: 4, month: 12 }[interval];
  const first = interval === "year" || rest === "Q1" || rest === "01";
  const every = Math.max(1, Math.ceil(36 / (slot * perYear)));
  return first && Number(year) % every === 0 ? year : "";
}

export function renderTimeline(timeline, { selectedPeriod, onSelect, width: available = 560 }) {
  const periods = timeline.periods;
  if (!periods.length) {
    return h("p", { class: "empty" }, "No dated events to show.");
  }
  const n = periods.length;
  // drawn at the box's own width (no scaling: ticks keep their size), narrow bars for long
  // spans, at most 60 px wide
  const slot = Math.max(3, Math.min(60, available / n));
  const width = slot * n;
  const max = Math.max(1, ...periods.map((p) => p.count));
  const bars = [];
  periods.forEach((p, i) => {
    const barHeight = p.count ? Math.max(2, (p.count / max) * (HEIGHT - 14)) : 0;
    const selected = p.period === selectedPeriod;
    const label = `${p.period}: ${plural(p.count, "event")}${selected ? " (selected)" : ""}`;
    const bar = svg("g", {
      class: `bar${selected ? " selected" : ""}${p.count ? "" : " zero"}`,
      role: "button", tabindex: "-1", "aria-label": label, "aria-pressed": selected ? "true" : "false",
      "data-period": p.period, "data-count": p.count,
    },
    svg("title", {}, label),
    svg("rect", { class: "hit", x: i * slot, y: 0, width: slot, height: HEIGHT }),
    svg("rect", { class: "fill", x: i * slot + slot * 0.12, y: HEIGHT - barHeight,
      width: slot * 0.76, height: barHeight }));
    const tick = tickLabel(p.period, timeline.interval, slot);
    if (tick && i * slot + 30 <= width) { // a label cut by the right edge is left out
      bars.push(svg("text", { x: i * slot + 1, y: HEIGHT + 13, class: "tick" }, tick));
    }
    bars.push(bar);
  });
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${HEIGHT + AXIS}`, class: "timeline-svg",
    role: "group", "aria-label": `Events per ${timeline.interval}; choose a bar to filter by its period`,
  },
  svg("line", { x1: 0, x2: width, y1: HEIGHT + 0.5, y2: HEIGHT + 0.5, class: "axis" }),
  ...bars);
  const buttons = [...root.querySelectorAll("g.bar")];
  const start = buttons.find((b) => b.classList.contains("selected"))
    || buttons.findLast((b) => b.dataset.count !== "0") || buttons[0];
  start.setAttribute("tabindex", "0");
  root.addEventListener("click", (event) => {
    const bar = event.target.closest("g.bar");
    if (bar) onSelect(bar.dataset.period);
  });
  root.addEventListener("keydown", (event) => {
    const bar = event.target.closest("g.bar");
    if (!bar) return;
    const i = buttons.indexOf(bar);
    let next = null;
    if (event.key === "ArrowRight") next = buttons[Math.min(i + 1, buttons.length - 1)];
    else if (event.key === "ArrowLeft") next = buttons[Math.max(i - 1, 0)];
    else if (event.key === "Home") next = buttons[0];
    else if (event.key === "End") next = buttons[buttons.length - 1];
    else if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      onSelect(bar.dataset.period);
      return;
    }
    if (next) {
      event.preventDefault();
      bar.setAttribute("tabindex", "-1");
      next.setAttribute("tabindex", "0");
      next.focus();
    }
  });
  return h("div", { class: "timeline-chart" }, h("div", { class: "y-max", "aria-hidden": "true" },
    `${max}`), root);
}
