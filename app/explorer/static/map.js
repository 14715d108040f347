// The world map: Natural Earth 1:110m countries (world-110m.json, TopoJSON keyed by ISO
// alpha-3), projected with the Equal Earth projection and drawn as SVG paths, shaded by the
// number of events per country.
import { h, svg, clear, plural } from "./dom.js";

const WIDTH = 1000;

// TopoJSON -> [{id, name, rings: [[[lon, lat], ...], ...]}] (polygons flattened to rings)
export function decodeCountries(topology) {
  const [sx, sy] = topology.transform.scale;
  const [tx, ty] = topology.transform.translate;
  const arcs = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * sx + tx, y * sy + ty];
    });
  });
  const ring = (indexes) => {
    const points = [];
    for (const index of indexes) {
      const arc = index >= 0 ? arcs[index] : arcs[~index].slice().reverse();
      points.push(...(points.length ? arc.slice(1) : arc));
    }
    return points;
  };
  return topology.objects.countries.geometries.map((g) => {
    const polygons = g.type === "Polygon" ? [g.arcs] : g.arcs;
    return { id: g.id || null, name: g.properties.name, rings: polygons.flat().map(ring) };
  });
}

// Equal Earth (Šavrič, Patterson, Jenny 2018), in radians of the unit sphere.
const A1 = 1.340264, A2 = -0.081106, A3 = 0.000893, A4 = 0.003796, M = Math.sqrt(3) / 2;
export function equalEarth(lon, lat) {
  const l = (lon * Math.PI) / 180;
  const theta = Math.asin(M * Math.sin((lat * Math.PI) / 180));
  const t2 = theta * theta;
  const t6 = t2 * t2 * t2;
  return [
    (l * Math.cos(theta)) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2))),
    theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2)),
  ];
}

// A ring crossing the antimeridian (Fiji, Chukotka) jumps from +180 to -180: drawn as is, it
// streaks across the map. Split it into its eastern and western parts.
function splitAtAntimeridian(ring) {
  if (!ring.some((p, i) => i && Math.abs(p[0] - ring[i - 1][0]) > 180)) return [ring];
  return [ring.filter(([lon]) => lon >= 0), ring.filter(([lon]) => lon < 0)]
    .filter((part) => part.length > 2);
}

export function buildPaths(countries) {
  const projected = countries.map((c) => ({
    ...c, rings: c.rings.flatMap(splitAtAntimeridian)
      .map((r) => r.map(([lon, lat]) => equalEarth(lon, lat))),
  }));
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (const c of projected) for (const r of c.rings) for (const [x, y] of r) {
    minX = Math.min(minX, x); maxX = Math.max(maxX, x);
    minY = Math.min(minY, y); maxY = Math.max(maxY, y);
  }
  const k = WIDTH / (maxX - minX);
  const height = Math.ceil((maxY - minY) * k);
  const paths = projected.map((c) => ({
    id: c.id,
    name: c.name,
    d: c.rings.map((r) => "M" + r.map(([x, y]) =>
      `${((x - minX) * k).toFixed(1)},${((maxY - y) * k).toFixed(1)}`).join("L") + "Z").join(""),
  }));
  return { width: WIDTH, height, paths };
}

// Shades: 0 events, then five classes up to the largest count.
export const SHADES = ["#e4e7eb", "#c6dbef", "#8fbfde", "#4f97c9", "#23689f", "#0b3c6e"];

export function classes(max) {
  if (max <= 5) return Array.from({ length: max }, (_, i) => [i + 1, i + 1]);
  const bounds = [0.2, 0.4, 0.6, 0.8, 1].map((f) => Math.max(1, Math.round(max * f)));
  const out = [];
  let low = 1;
  for (const high of bounds) {
    if (high >= low) { out.push([low, high]); low = high + 1; }
  }
  return out;
}

function shadeOf(count, bins) {
  if (!count) return SHADES[0];
  const index = bins.findIndex(([, high]) => count <= high);
  const step = bins.length <= 1 ? 5 : Math.round((index * 4) / (bins.length - 1)) + 1;
  return SHADES[Math.min(step, 5)];
}

// A map component: create once with the geometry, then update(counts, selected).
export function createMap({ geometry, onSelect }) {
  const { width, height, paths } = geometry;
  const group = svg("g", { class: "countries" });
  const elements = new Map();
  for (const p of paths) {
    const title = svg("title", {}, p.name);
    const el = svg("path", { d: p.d, class: "country", "data-country": p.id || "" }, title);
    if (p.id) {
      el.addEventListener("click", () => onSelect(p.id));
      el.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          onSelect(p.id);
        }
      });
      elements.set(p.id, { el, title, name: p.name });
    }
    group.append(el);
  }
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, class: "map-svg", role: "group",
    "aria-label": "World map of events per country",
  }, group);
  const legend = h("div", { class: "legend", "aria-hidden": "true" });

  function update(counts, selected, label) {
    const max = Math.max(0, ...counts.values());
    const bins = classes(max);
    for (const [id, { el, title, name }] of elements) {
      const n = counts.get(id) || 0;
      el.style.fill = shadeOf(n, bins);
      el.dataset.count = String(n);
      el.classList.toggle("selected", selected.includes(id));
      const text = `${name}: ${plural(n, "event")}${selected.includes(id) ? " (selected)" : ""}`;
      title.textContent = text;
      if (n || selected.includes(id)) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "button");
        el.setAttribute("aria-label", text);
        el.setAttribute("aria-pressed", selected.includes(id) ? "true" : "false");
      } else {
        for (const a of ["tabindex", "role", "aria-label", "aria-pressed"]) el.removeAttribute(a);
      }
    }
    clear(legend);
    legend.append(h("span", { class: "legend-label" }, label));
    legend.append(h("span", { class: "swatch", style: `background:${SHADES[0]}` }), "0");
    for (const bin of bins) {
      legend.append(h("span", { class: "swatch", style: `background:${shadeOf(bin[1], bins)}` }),
        bin[0] === bin[1] ? `${bin[0]}` : `${bin[0]}–${bin[1]}`);
    }
  }
  return { element: h("div", { class: "map" }, root, legend), update };
}
