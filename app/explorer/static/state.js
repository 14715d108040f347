// The explorer's state lives in the page's URL: the API's own filter parameters (so a view's
// query string is also a valid /v1/events query), plus `sort` and the timeline's `interval`.

export const LIST_KEYS = ["country", "region", "theme", "funder", "type"];
export const SCALAR_KEYS = ["q", "country_role", "online", "date_from", "date_to"];
export const INTERVALS = ["month", "quarter", "year"];
export const SORTS = {
  "-start": "Newest first",
  start: "Oldest first",
  "-published": "Recently published",
  relevance: "Best match",
};
export const DEFAULT_INTERVAL = "year";

export function readState(search) {
  const params = new URLSearchParams(search);
  const state = { sort: params.get("sort") || "", interval: params.get("interval") || "" };
  for (const key of LIST_KEYS) {
    state[key] = params.getAll(key).flatMap((v) => v.split(",")).map((v) => v.trim())
      .filter(Boolean);
  }
  for (const key of SCALAR_KEYS) state[key] = params.get(key) || "";
  if (!INTERVALS.includes(state.interval)) state.interval = DEFAULT_INTERVAL;
  if (!(state.sort in SORTS)) state.sort = "";
  return state;
}

// The map's mode: which countries count — the venue (default) or the participants.
export function mapMode(state) {
  return state.country_role === "participant" ? "participant" : "venue";
}

// The filters as API parameters (what /v1/events, facets and timeline take).
export function filterParams(state) {
  const params = new URLSearchParams();
  if (state.q) params.set("q", state.q);
  for (const key of LIST_KEYS) if (state[key].length) params.set(key, state[key].join(","));
  if (state.country_role && (state.country.length || state.region.length)) {
    params.set("country_role", state.country_role);
  }
  for (const key of ["online", "date_from", "date_to"]) if (state[key]) params.set(key, state[key]);
  return params;
}

// The page's query string for a state: the filters, then the view settings that differ from
// the defaults.
export function toSearch(state) {
  const params = filterParams(state);
  if (state.country_role && !params.has("country_role")) params.set("country_role", state.country_role);
  if (state.sort) params.set("sort", state.sort);
  if (state.interval && state.interval !== DEFAULT_INTERVAL) params.set("interval", state.interval);
  const text = params.toString().replaceAll("%2C", ",");
  return text ? `?${text}` : "";
}

export function hasFilters(state) {
  return Boolean(state.q || state.online || state.date_from || state.date_to
    || LIST_KEYS.some((k) => state[k].length));
}

export function toggle(list, value) {
  return list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
}

// The first and last day of a timeline period ("2024", "2024-Q3", "2024-05").
export function periodRange(period) {
  const [y, rest] = period.split("-");
  const year = Number(y);
  const iso = (d) => d.toISOString().slice(0, 10);
  let first;
  let months;
  if (!rest) { first = 0; months = 12; }
  else if (rest.startsWith("Q")) { first = (Number(rest.slice(1)) - 1) * 3; months = 3; }
  else { first = Number(rest) - 1; months = 1; }
  return [iso(new Date(Date.UTC(year, first, 1))), iso(new Date(Date.UTC(year, first + months, 0)))];
}
