// The explorer's entry point: a small router over the page's URL. `/` is the home view (every
// filter in the query string), `/events/{id}` an event page; links with `data-nav` and the
// browser's back/forward buttons move between them without reloading the page.
import { renderHome } from "./home.js";
import { renderEvent } from "./event.js";
import { readState, toSearch } from "./state.js";

const main = document.getElementById("main");
let lastHome = "/";

function route() {
  document.body.dataset.ready = "";
  const path = location.pathname;
  const match = path.match(/^\/events\/([^/]+)\/?$/);
  if (match) {
    return renderEvent(main, decodeURIComponent(match[1]), { backHref: lastHome });
  }
  lastHome = `/${location.search}`;
  return renderHome(main, readState(location.search), navigateHome);
}

function go(url, { replace = false } = {}) {
  if (url === `${location.pathname}${location.search}`) return route();
  history[replace ? "replaceState" : "pushState"](null, "", url);
  return route();
}

function navigateHome(state) {
  return go(`/${toSearch(state)}`);
}

document.addEventListener("click", (event) => {
  const link = event.target.closest("a[data-nav]");
  if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
      || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const leavingEvent = location.pathname.startsWith("/events/");
  const url = new URL(link.href);
  go(`${url.pathname}${url.search}`).then(() => {
    if (!url.pathname.startsWith("/events/")) {
      window.scrollTo(0, 0);
      if (leavingEvent) main.focus({ preventScroll: true });
    }
  });
  if (url.pathname.startsWith("/events/")) window.scrollTo(0, 0);
});

window.addEventListener("popstate", () => route());

document.getElementById("search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const q = new FormData(event.target).get("q").toString().trim();
  const state = location.pathname === "/" ? readState(location.search) : readState(lastHome.slice(1));
  navigateHome({ ...state, q, sort: q ? state.sort : (state.sort === "relevance" ? "" : state.sort) });
});

route();
