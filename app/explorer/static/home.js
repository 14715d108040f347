// The home view: facets, map, timeline and the event list, all driven by the URL's state.
import { getJSON } from "./api.js";
import { h, clear, plural, formatRange, venueText } from "./dom.js";
import { buildPaths, createMap, decodeCountries } from "./map.js";
import { renderTimeline } from "./timeline.js";
import {
  filterParams, hasFilters, INTERVALS, mapMode, periodRange, SORTS, toggle,
} from "./state.js";

const PAGE_SIZE = 20;
const FACETS = ["region", "theme", "funder", "type", "online"];
const FACET_TITLES = {
  region: "WCO region of the venue", theme: "Theme", funder: "Funder", type: "Type of event",
  online: "Online",
};

let geometryPromise = null;
function geometry() {
  geometryPromise ??= getJSON("/explorer/world-110m.json", null, { once: true })
    .then((topology) => buildPaths(decodeCountries(topology)));
  return geometryPromise;
}

// The layout is built once and kept while the user stays on the home view; each state change
// refreshes its parts (a new request generation cancels the previous one's requests).
let view = null;

function buildLayout(navigate) {
  const region = (cls, label, ...children) => h("section", { class: cls, "aria-label": label },
    ...children);
  const v = {
    navigate,
    summary: h("p", { class: "summary", role: "status", "aria-live": "polite" }, "Loading…"),
    chips: h("div", { class: "chips" }),
    facets: h("div", { class: "facets-body" }, h("p", { class: "placeholder" }, "Loading…")),
    mapBox: h("div", { class: "map-box", "aria-busy": "true" },
      h("p", { class: "placeholder" }, "Loading the map…")),
    mapToggle: h("div", { class: "toggle", role: "group", "aria-label": "Countries count as" }),
    countryList: h("ol", { class: "country-list" }),
    timelineBox: h("div", { class: "timeline-box", "aria-busy": "true" },
      h("p", { class: "placeholder" }, "Loading the timeline…")),
    timelineNote: h("p", { class: "note" }),
    intervalToggle: h("div", { class: "toggle", role: "group", "aria-label": "Period" }),
    listHead: h("div", { class: "list-head" }),
    list: h("ol", { class: "events", "aria-busy": "true" }),
    more: h("div", { class: "more" }),
    map: null,
    controller: null,
  };
  v.element = h("div", { class: "home" },
    h("aside", { class: "sidebar", "aria-label": "Filters" },
      h("details", { class: "facets", open: !matchMedia("(max-width: 760px)").matches },
        h("summary", {}, h("h2", {}, "Filters")), v.facets)),
    h("div", { class: "center" },
      h("div", { class: "status-row" }, v.summary, v.chips),
      region("panel map-panel", "Map",
        h("div", { class: "panel-head" }, h("h2", { id: "map-title" }, "Events per country"),
          v.mapToggle),
        v.mapBox,
        h("details", { class: "countries" }, h("summary", {}, "Countries as a list"),
          v.countryList)),
      region("panel timeline-panel", "Timeline",
        h("div", { class: "panel-head" }, h("h2", {}, "Events over time"), v.intervalToggle),
        v.timelineBox, v.timelineNote)),
    region("list-panel panel", "Events",
      v.listHead, v.list, v.more));
  return v;
}

export function renderHome(main, state, navigate) {
  if (!view || !main.contains(view.element)) {
    view = buildLayout(navigate);
    clear(main).append(view.element);
  }
  view.navigate = navigate;
  view.controller?.abort();
  const controller = new AbortController();
  view.controller = controller;
  const signal = controller.signal;
  const params = filterParams(state);
  const mode = mapMode(state);

  document.title = hasFilters(state) ? "Filtered events — A-CIP explorer" : "A-CIP explorer";
  const search = document.getElementById("q");
  if (search && document.activeElement !== search) search.value = state.q;

  renderToggles(state);
  renderChips(state);
  for (const box of [view.mapBox, view.timelineBox, view.list]) box.setAttribute("aria-busy", "true");
  view.element.classList.add("loading");

  const facetParams = new URLSearchParams(params);
  facetParams.append("facet", mode === "venue" ? "country" : "participant");
  for (const f of FACETS) facetParams.append("facet", f);
  const timelineParams = new URLSearchParams(params);
  timelineParams.set("interval", state.interval);
  const listParams = new URLSearchParams(params);
  listParams.set("limit", String(PAGE_SIZE));
  if (state.sort && (state.sort !== "relevance" || state.q)) listParams.set("sort", state.sort);

  let failed = false;
  const guard = (promise, onData) => promise.then((data) => {
    if (!signal.aborted) onData(data);
  }).catch((error) => {
    if (error.name !== "AbortError" && !signal.aborted) {
      failed = true;
      showProblem(error);
    }
  });

  const facets = getJSON("/v1/events/facets", facetParams, { signal });
  const themes = getJSON("/v1/themes", null, { once: true });
  const done = Promise.allSettled([
    guard(getJSON("/v1/events", listParams, { signal }), (page) => renderList(state, page, listParams)),
    guard(getJSON("/v1/events/timeline", timelineParams, { signal }), (t) => renderTimelinePanel(state, t)),
    guard(Promise.all([facets, themes]), ([f, t]) => renderFacets(state, f, t)),
    guard(Promise.all([facets, geometry()]), ([f, g]) => renderMap(state, f, g)),
  ]);
  done.then(() => {
    if (!signal.aborted && !failed) {
      view.element.classList.remove("loading");
      performance.mark("explorer-ready");
      document.body.dataset.ready = "home";
    }
  });
  return done;
}

function showProblem(error) {
  const banner = document.getElementById("problem-banner");
  view.summary.textContent = "";
  view.summary.append(h("span", { class: "error" }, `Could not load the events: ${error.message}`));
  if (banner) banner.textContent = "";
  for (const box of [view.mapBox, view.timelineBox, view.list]) box.setAttribute("aria-busy", "false");
  view.element.classList.remove("loading");
  document.body.dataset.ready = "error";
}

function update(state, changes) {
  view.navigate({ ...state, ...changes });
}

function renderToggles(state) {
  const mode = mapMode(state);
  clear(view.mapToggle).append(
    ...[["venue", "Venue"], ["participant", "Participant"]].map(([value, label]) => h("button", {
      type: "button", "aria-pressed": mode === value ? "true" : "false", "data-mode": value,
      title: value === "venue" ? "Count each event in the country where it is held"
        : "Count each event in the countries whose administrations take part",
      onclick: () => update(state, { country_role: value }),
    }, label)));
  clear(view.intervalToggle).append(...INTERVALS.map((value) => h("button", {
    type: "button", "aria-pressed": state.interval === value ? "true" : "false",
    "data-interval": value, onclick: () => update(state, { interval: value }),
  }, value[0].toUpperCase() + value.slice(1))));
}

// --- chips: the active filters, each removable ----------------------------------------------

const ROLE_WORDS = { any: "venue or participant", venue: "venue", participant: "participant" };
const labels = new Map(); // "theme:transparency" -> "Transparency", learnt from the facets

function labelOf(key, value) {
  return labels.get(`${key}:${value}`) || value;
}

function renderChips(state) {
  const chips = [];
  const chip = (text, changes) => chips.push(h("button", {
    type: "button", class: "chip", "aria-label": `Remove filter ${text}`,
    onclick: () => update(state, changes),
  }, text, h("span", { "aria-hidden": "true" }, " ×")));
  if (state.q) chip(`Words: “${state.q}”`, { q: "", sort: state.sort === "relevance" ? "" : state.sort });
  for (const value of state.country) {
    chip(`${labelOf("country", value)} (${ROLE_WORDS[state.country_role || "any"]})`,
      { country: state.country.filter((v) => v !== value) });
  }
  const names = { region: "Region", theme: "Theme", funder: "Funder", type: "Type" };
  for (const key of ["region", "theme", "funder", "type"]) {
    for (const value of state[key]) {
      chip(`${names[key]}: ${labelOf(key, value)}`, { [key]: state[key].filter((v) => v !== value) });
    }
  }
  if (state.online) chip(state.online === "true" ? "Online only" : "In person only", { online: "" });
  if (state.date_from || state.date_to) {
    chip(`Dates: ${state.date_from || "…"} to ${state.date_to || "…"}`, { date_from: "", date_to: "" });
  }
  clear(view.chips);
  if (chips.length) {
    view.chips.append(h("span", { class: "visually-hidden" }, "Active filters:"), ...chips,
      h("button", { type: "button", class: "chip clear", onclick: () => view.navigate(
        { ...emptyFilters(), interval: state.interval, country_role: state.country_role }) },
      "Clear all"));
  }
}

function emptyFilters() {
  return { q: "", country: [], region: [], theme: [], funder: [], type: [], online: "",
    date_from: "", date_to: "", sort: "" };
}

// --- facets ---------------------------------------------------------------------------------

function renderFacets(state, facets, themeTree) {
  const byName = Object.fromEntries(facets.facets.map((f) => [f.name, f.values]));
  for (const f of facets.facets) {
    for (const v of f.values) {
      labels.set(`${f.name === "participant" ? "country" : f.name}:${v.value}`, v.label);
    }
  }
  for (const group of themeTree.data) {
    labels.set(`theme:${group.slug}`, group.name_en);
    for (const child of group.children) labels.set(`theme:${child.slug}`, child.name_en);
  }
  renderChips(state);
  const focused = document.activeElement?.dataset?.focusKey;
  const body = clear(view.facets);
  body.append(themeFieldset(state, byName.theme || [], themeTree.data));
  for (const name of ["region", "funder", "type"]) {
    body.append(listFieldset(state, name, byName[name] || []));
  }
  body.append(onlineFieldset(state, byName.online || []));
  if (focused) body.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`)?.focus();
}

function checkbox(state, key, value, label, count, extra = {}) {
  const id = `f-${key}-${value}`;
  const checked = state[key].includes(value);
  return h("li", { class: count === 0 && !checked ? "zero" : null },
    h("input", { type: "checkbox", id, checked, "data-focus-key": `${key}:${value}`,
      onchange: () => update(state, { [key]: toggle(state[key], value), ...extra }) }),
    h("label", { for: id }, h("span", { class: "facet-label" }, label),
      count === null ? null : h("span", { class: "count" }, String(count))));
}

function themeFieldset(state, values, tree) {
  const counts = new Map(values.map((v) => [v.value, v.count]));
  const groups = tree.map((group) => {
    const children = group.children.map((child) => checkbox(state, "theme", child.slug,
      child.name_en, counts.get(child.slug) || 0));
    const item = checkbox(state, "theme", group.slug, group.name_en, null);
    item.classList.add("group");
    item.append(h("ul", { class: "tree" }, children));
    return item;
  });
  return h("fieldset", { class: "facet", "data-facet": "theme" },
    h("legend", {}, FACET_TITLES.theme), h("ul", { class: "tree root" }, groups));
}

function listFieldset(state, name, values) {
  const shown = [...values];
  for (const selected of state[name]) {
    if (!shown.some((v) => v.value === selected)) {
      shown.push({ value: selected, label: labelOf(name, selected), count: 0 });
    }
  }
  const items = shown.map((v) => checkbox(state, name, v.value, v.label, v.count));
  return h("fieldset", { class: "facet", "data-facet": name },
    h("legend", {}, FACET_TITLES[name]),
    items.length ? h("ul", {}, items) : h("p", { class: "placeholder" }, "None"));
}

function onlineFieldset(state, values) {
  const counts = Object.fromEntries(values.map((v) => [v.value, v.count]));
  const options = [["", "Either", null], ["true", "Online", counts.true || 0],
    ["false", "In person", counts.false || 0]];
  return h("fieldset", { class: "facet", "data-facet": "online" },
    h("legend", {}, "Online or in person"),
    h("ul", {}, options.map(([value, label, count]) => h("li", {},
      h("input", { type: "radio", name: "online", id: `f-online-${value || "any"}`,
        checked: state.online === value, "data-focus-key": `online:${value}`,
        onchange: () => update(state, { online: value }) }),
      h("label", { for: `f-online-${value || "any"}` }, h("span", { class: "facet-label" }, label),
        count === null ? null : h("span", { class: "count" }, String(count)))))));
}

// --- map ------------------------------------------------------------------------------------

function renderMap(state, facets, geometryData) {
  const mode = mapMode(state);
  const values = facets.facets.find((f) => f.name === (mode === "venue" ? "country" : "participant"))
    ?.values || [];
  const counts = new Map(values.map((v) => [v.value, v.count]));
  if (!view.map) {
    view.map = createMap({
      geometry: geometryData,
      onSelect: (code) => view.currentSelect(code),
    });
    clear(view.mapBox).append(view.map.element);
  }
  view.currentSelect = (code) => update(state, {
    country: toggle(state.country, code),
    country_role: mode,
  });
  const focused = document.activeElement?.dataset?.country;
  view.map.update(counts, state.country,
    mode === "venue" ? "Events held in the country" : "Events with the country's administration");
  if (focused) view.mapBox.querySelector(`[data-country="${focused}"]`)?.focus();
  view.mapBox.setAttribute("aria-busy", "false");
  view.mapBox.dataset.total = String(facets.total);
  const onMap = new Set(geometryData.paths.map((p) => p.id));
  clear(view.countryList).append(...values.map((v) => h("li", {},
    h("button", { type: "button", class: "link", "aria-pressed": state.country.includes(v.value)
      ? "true" : "false", onclick: () => view.currentSelect(v.value) },
    v.label), ` ${v.count}`, onMap.has(v.value) ? null : h("span", { class: "note" },
      " (too small for the map)"))));
  if (!values.length) view.countryList.append(h("li", {}, "No country."));
}

// --- timeline -------------------------------------------------------------------------------

function renderTimelinePanel(state, timeline) {
  view.lastTimeline = [state, timeline];
  if (!view.resizeObserver) { // redraw at the new width when the window is resized
    const box = view.timelineBox;
    let width = box.clientWidth;
    view.resizeObserver = new ResizeObserver(() => {
      if (Math.abs(box.clientWidth - width) > 24 && view?.timelineBox === box) {
        width = box.clientWidth;
        renderTimelinePanel(...view.lastTimeline);
      }
    });
    view.resizeObserver.observe(box);
  }
  const selected = timeline.periods.find((p) => {
    const [from, to] = periodRange(p.period);
    return from === state.date_from && to === state.date_to;
  });
  const chart = renderTimeline(timeline, {
    width: Math.max(200, view.timelineBox.clientWidth || 560),
    selectedPeriod: selected?.period,
    onSelect: (period) => {
      const [from, to] = periodRange(period);
      const same = from === state.date_from && to === state.date_to;
      update(state, same ? { date_from: "", date_to: "" } : { date_from: from, date_to: to });
    },
  });
  clear(view.timelineBox).append(chart);
  view.timelineBox.setAttribute("aria-busy", "false");
  view.timelineBox.dataset.total = String(timeline.total);
  const notes = [`${plural(timeline.total, "event")}`];
  if (timeline.undated) notes.push(`${timeline.undated} without a date are not drawn`);
  notes.push("choose a bar to see its period");
  view.timelineNote.textContent = notes.join("; ") + ".";
}

// --- the list -------------------------------------------------------------------------------

function exportHref(state, format) {
  const params = filterParams(state);
  if (state.sort && (state.sort !== "relevance" || state.q)) params.set("sort", state.sort);
  params.set("format", format);
  return `/v1/events?${params}`;
}

function renderList(state, page, listParams) {
  const total = page.meta.total;
  view.summary.textContent = "";
  view.summary.append(h("strong", { "data-total": total }, plural(total, "event")),
    page.meta.description && page.meta.description !== "all events"
      ? ` — ${page.meta.description}` : "");
  const sortSelect = h("select", { id: "sort", onchange: (e) => update(state, { sort: e.target.value }) },
    Object.entries(SORTS).filter(([key]) => key !== "relevance" || state.q).map(([key, label]) =>
      h("option", { value: key, selected: (state.sort || (state.q ? "relevance" : "-start")) === key }, label)));
  clear(view.listHead).append(
    h("h2", { id: "list-title" }, "Events"),
    h("div", { class: "list-tools" },
      h("label", { for: "sort" }, "Sort "), sortSelect,
      h("a", { class: "button", href: exportHref(state, "csv"), download: "acip-events.csv" }, "CSV"),
      h("a", { class: "button", href: exportHref(state, "ics"), download: "acip-events.ics",
        title: "iCalendar: add the events to a calendar" }, "ICS")));
  clear(view.list);
  view.list.setAttribute("aria-busy", "false");
  view.list.dataset.total = String(total);
  if (!page.data.length) {
    view.list.append(h("li", { class: "empty" },
      h("p", {}, "No event matches these filters."),
      hasFilters(state) ? h("button", { type: "button", onclick: () => view.navigate(
        { ...emptyFilters(), interval: state.interval }) }, "Clear the filters") : null));
  }
  appendPage(state, page, listParams);
}

function appendPage(state, page, listParams) {
  view.list.append(...page.data.map((event) => eventItem(event)));
  clear(view.more);
  const shown = view.list.querySelectorAll("li.event").length;
  if (page.meta.next_cursor) {
    const button = h("button", { type: "button", class: "more-button" },
      `Show ${Math.min(PAGE_SIZE, page.meta.total - shown)} more`);
    button.addEventListener("click", async () => {
      button.disabled = true;
      button.textContent = "Loading…";
      const params = new URLSearchParams(listParams);
      params.set("cursor", page.meta.next_cursor);
      try {
        const next = await getJSON("/v1/events", params, { signal: view.controller.signal });
        const first = view.list.children.length;
        appendPage(state, next, listParams);
        view.list.children[first]?.querySelector("a")?.focus();
      } catch (error) {
        if (error.name !== "AbortError") {
          button.disabled = false;
          button.textContent = `Could not load more: ${error.message} Try again`;
        }
      }
    });
    view.more.append(h("p", { class: "note" }, `${shown} of ${page.meta.total} shown`), button);
  } else if (shown) {
    view.more.append(h("p", { class: "note" }, `All ${plural(shown, "event")} shown.`));
  }
}

function eventItem(event) {
  const admins = event.administrations.map((a) => h("span", {
    class: "party", title: `${a.name} (${a.roles.join(", ")})`,
  }, a.country_code, h("small", {}, ` ${a.roles.join(", ")}`)));
  return h("li", { class: "event", "data-id": event.id },
    h("div", { class: "event-top" },
      h("span", { class: `badge type-${event.type}` }, event.type),
      h("span", { class: "when" }, formatRange(event.start, event.end)),
      h("span", { class: "where" }, venueText(event.venue, event.online))),
    h("h3", {}, h("a", { href: `/events/${event.id}`, "data-nav": "" }, event.name || event.type)),
    admins.length ? h("p", { class: "parties" }, h("span", { class: "k" }, "Administrations "), admins) : null,
    event.funders.length ? h("p", { class: "funders" }, h("span", { class: "k" }, "Funders "),
      event.funders.map((f) => f.name).join(", ")) : null,
    event.themes.length ? h("p", { class: "themes" },
      event.themes.map((t) => h("span", { class: "tag" }, t.name))) : null,
    h("p", { class: "source" }, "From: ", (event.reports && event.reports.length > 1)
      ? `${event.reports.length} articles`
      : (event.document?.title || "an untitled article")));
}
