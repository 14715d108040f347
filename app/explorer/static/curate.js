// Curation mode on the event page: an editor pastes an API key (kept in this tab's
// sessionStorage only), then corrects the event with forms that call the write API
// (POST /v1/events/{id}/corrections with If-Match: the ETag the page was loaded with), sees
// the event's audit log (GET /v1/corrections?event=) and undoes corrections. After a write
// the page reloads the event, so its new ETag and the curated marks show.
import { getJSON, request } from "./api.js";
import { h, clear, formatDate } from "./dom.js";

const KEY_STORE = "acip.curation.key"; // sessionStorage: gone when the tab closes
const EVENT_TYPES = ["meeting", "workshop", "training", "mission", "conference", "webinar",
  "survey", "launch", "other"];
const ROLES = ["partner", "expert", "host", "mentioned"];
const DATE = "\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?";

const OPEN_STORE = "acip.curation.open"; // the panel stays open across reloads in this tab
let open = (() => { try { return sessionStorage.getItem(OPEN_STORE) === "1"; } catch { return false; } })();
let flash = null; // the message to show after that reload: {text, error}

export function readKey() {
  try { return sessionStorage.getItem(KEY_STORE) || ""; } catch { return ""; }
}

function storeKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY_STORE, key); else sessionStorage.removeItem(KEY_STORE);
  } catch { /* storage disabled: the key lives only until the page changes */ }
}

// An API error in words, for the editor.
export function explain(error) {
  const said = (error.problem?.detail || error.message || "").trim();
  const detail = /[.!?]$/.test(said) ? said : `${said}.`;
  switch (error.status) {
    case 401: return `The key was refused (401): ${detail} Check the key, or forget it and paste another.`;
    case 403: return `This key may not do that (403): ${detail}`;
    case 404: return `Not found (404): ${detail}`;
    case 409: return `Conflict (409): ${detail}`;
    case 410: return `This event is gone (410): ${detail}`;
    case 412: return "Someone changed this event since you loaded it — reload the page to see "
      + "their change, then make yours again (412).";
    case 422: {
      const fields = (error.problem?.errors || []).map((e) => `${e.parameter.replace(/^body\./, "")}: ${e.detail}`);
      return `Not accepted (422): ${fields.length ? fields.join("; ") : detail}`;
    }
    case 428: return "The edit was sent without the event's version (If-Match, 428): reload the page and try again.";
    case 429: {
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} seconds.` : " Try again later.";
      return `Too many refused keys from this browser (429): ${detail}${wait}`;
    }
    case 0: return detail;
    default: return `The server answered ${error.status}: ${detail}`;
  }
}

let uid = 0;
function field(label, input, hint) {
  const id = input.id || `cur-${++uid}`;
  input.id = id;
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) input.setAttribute("aria-describedby", hintId);
  return h("div", { class: "field" }, h("label", { for: id }, label), input,
    hint ? h("span", { class: "hint", id: hintId }, hint) : null);
}
const text = (name, value, attrs = {}) => h("input", { type: "text", name, value: value ?? "", autocomplete: "off", ...attrs });
const select = (name, options, selected) => h("select", { name },
  options.map(([value, label]) => h("option", { value, selected: value === selected }, label)));
const reasonField = () => field("Reason", h("textarea", { name: "reason", rows: 2, required: true, minlength: 3, maxlength: 2000 }),
  "Why: what you know (a source, a call…). Kept in the audit log.");

// Mounts the panel in the event page's editor slot. `reload(message)` re-renders the page.
export function mountCuration(slot, event, etag, { reload }) {
  slot.hidden = false;
  const body = h("div", { class: "curate-body", id: "curate-body", hidden: !open });
  const toggle = h("button", { type: "button", class: "curate-toggle", "aria-expanded": String(open),
    "aria-controls": "curate-body" }, "Curate");
  toggle.addEventListener("click", () => {
    open = !open;
    try { sessionStorage.setItem(OPEN_STORE, open ? "1" : "0"); } catch { /* storage disabled */ }
    toggle.setAttribute("aria-expanded", String(open));
    body.hidden = !open;
    if (open) body.querySelector("input, button, select, textarea")?.focus();
  });
  const status = h("p", { class: "curate-status", role: "status", "aria-live": "polite", tabindex: "-1" });
  const alert = h("p", { class: "curate-error error", role: "alert", tabindex: "-1" });
  clear(slot).append(h("div", { class: "curate-head" }, h("h2", { id: "curate-title" }, "Curation"), toggle,
    h("span", { class: "note" }, "Correct this event with an editor's API key.")), body);

  const say = (message, { error = false } = {}) => {
    status.textContent = error ? "" : message;
    alert.textContent = error ? message : "";
    (error ? alert : status).focus();
  };

  const render = () => {
    clear(body);
    const key = readKey();
    if (!key) {
      const input = h("input", { type: "password", name: "key", id: "curate-key", required: true,
        autocomplete: "off", spellcheck: "false", placeholder: "acip_…" });
      const form = h("form", { class: "curate-key" },
        field("API key", input, "Kept in this browser tab only (sessionStorage) until you forget it or close the tab."),
        h("button", { type: "submit" }, "Use this key"));
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        storeKey(value);
        render();
        say("Key set for this tab. Choose a correction below.");
      });
      body.append(status, alert, form);
      return;
    }
    const forget = h("button", { type: "button", class: "forget-key" }, "Forget key");
    forget.addEventListener("click", () => { storeKey(""); render(); body.querySelector("#curate-key")?.focus(); });
    body.append(h("p", { class: "curate-keyline" }, "Using key ", h("code", {}, `${key.split("_").slice(0, 2).join("_")}_…`),
      " (this tab only). ", forget), status, alert);
    if (!event.gone) body.append(h("div", { class: "curate-forms" }, forms(event, etag, key, { say, reload })));
    body.append(auditSection(event, key, { say, reload }));
  };
  render();
  if (flash) {
    const message = flash;
    flash = null;
    say(message.text, { error: message.error });
  }
}

// The correction forms; each POSTs one correction with the page's ETag.
function forms(event, etag, key, { say, reload }) {
  const send = async (form, correction, done) => {
    const button = form.querySelector("button[type=submit]");
    const reason = form.elements.reason.value.trim();
    if (reason.length < 3) { say("Give a reason (3 characters at least).", { error: true }); form.elements.reason.focus(); return; }
    button.disabled = true;
    form.setAttribute("aria-busy", "true");
    try {
      await request(`/v1/events/${encodeURIComponent(event.id)}/corrections`, {
        method: "POST", headers: { Authorization: `Bearer ${key}`, "If-Match": etag },
        body: { ...correction, reason },
      });
    } catch (error) {
      button.disabled = false;
      form.setAttribute("aria-busy", "false");
      say(explain(error), { error: true });
      return;
    }
    flash = { text: `Saved: ${done}. The event was reloaded.` };
    await reload();
  };
  const v = event.venue || {};
  const venue = h("form", { class: "curate-form", "data-form": "venue" },
    h("fieldset", {}, h("legend", {}, "Venue"),
      field("City", text("city", v.city, { maxlength: 120 })),
      field("Country code", text("country_code", v.country_code, { maxlength: 3, pattern: "[A-Za-z]{2,3}" }), "ISO alpha-2 or alpha-3, e.g. GHA"),
      reasonField(), h("button", { type: "submit" }, "Save venue")));
  venue.addEventListener("submit", (e) => {
    e.preventDefault();
    const city = venue.elements.city.value.trim() || null;
    const code = venue.elements.country_code.value.trim().toUpperCase() || null;
    send(venue, { action: "set", venue: { city, country_code: code } }, "venue");
  });

  const dates = h("form", { class: "curate-form", "data-form": "dates" },
    h("fieldset", {}, h("legend", {}, "Dates"),
      field("Start", text("start", event.start, { pattern: DATE }), "YYYY, YYYY-MM or YYYY-MM-DD"),
      field("End", text("end", event.end, { pattern: DATE }), "empty: not stated"),
      reasonField(), h("button", { type: "submit" }, "Save dates")));
  dates.addEventListener("submit", (e) => {
    e.preventDefault();
    send(dates, { action: "set", start: dates.elements.start.value.trim() || null,
      end: dates.elements.end.value.trim() || null }, "dates");
  });

  const online = h("input", { type: "checkbox", name: "online", checked: !!event.online });
  const details = h("form", { class: "curate-form", "data-form": "details" },
    h("fieldset", {}, h("legend", {}, "Type, name, online"),
      field("Type", select("type", EVENT_TYPES.map((t) => [t, t]), event.type)),
      field("Name", text("name", event.name, { maxlength: 300 })),
      h("div", { class: "field check" }, online, h("label", { for: online.id = `cur-${++uid}` }, "Held online")),
      reasonField(), h("button", { type: "submit" }, "Save")));
  details.addEventListener("submit", (e) => {
    e.preventDefault();
    const change = {};
    const type = details.elements.type.value;
    const name = details.elements.name.value.trim();
    if (type !== event.type) change.type = type;
    if (name && name !== event.name) change.name = name;
    if (online.checked !== !!event.online) change.online = online.checked;
    if (!Object.keys(change).length) { say("Nothing changed: edit the type, the name or online first.", { error: true }); return; }
    send(details, { action: "set", ...change }, Object.keys(change).join(", "));
  });

  const adm = h("form", { class: "curate-form", "data-form": "administration" },
    h("fieldset", {}, h("legend", {}, "Administration"),
      field("Change", select("op", [["add", "Add"], ["remove", "Remove"]], "add")),
      field("Country code", text("country", "", { required: true, maxlength: 3, pattern: "[A-Za-z]{2,3}" }), "e.g. GHA"),
      field("Role", select("role", [["", "every role (removal only)"], ...ROLES.map((r) => [r, r])], "partner")),
      reasonField(), h("button", { type: "submit" }, "Save administration")));
  adm.addEventListener("submit", (e) => {
    e.preventDefault();
    const op = adm.elements.op.value;
    const country = adm.elements.country.value.trim().toUpperCase();
    const role = adm.elements.role.value || null;
    if (op === "add" && !role) { say("Choose the role of the added administration.", { error: true }); adm.elements.role.focus(); return; }
    send(adm, { action: `${op}_administration`, country, ...(role ? { role } : {}) }, `${op} administration ${country}`);
  });

  const slugForm = (kind, label, listId, current) => {
    const form = h("form", { class: "curate-form", "data-form": kind },
      h("fieldset", {}, h("legend", {}, label),
        field("Change", select("op", [["add", "Add"], ["remove", "Remove"]], "add")),
        field(`${label} (slug)`, text(kind, "", { required: true, list: listId, maxlength: 60 }),
          current.length ? `now: ${current.join(", ")}` : "none now"),
        reasonField(), h("button", { type: "submit" }, `Save ${label.toLowerCase()}`)));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const op = form.elements.op.value;
      const slug = form.elements[kind].value.trim();
      send(form, { action: `${op}_${kind}`, [kind]: slug }, `${op} ${kind} ${slug}`);
    });
    return form;
  };
  const themeList = h("datalist", { id: "curate-themes" });
  const funderList = h("datalist", { id: "curate-funders" });
  getJSON("/v1/themes", null, { once: true }).then((t) => themeList.append(...t.data.flatMap(
    (g) => [g, ...g.children]).map((x) => h("option", { value: x.slug }, x.name_en)))).catch(() => {});
  getJSON("/v1/funders", new URLSearchParams({ limit: "100" }), { once: true }).then((f) => funderList.append(
    ...f.data.map((x) => h("option", { value: x.slug }, x.name)))).catch(() => {});

  const reject = h("form", { class: "curate-form reject", "data-form": "reject" },
    h("fieldset", {}, h("legend", {}, "Reject the event"),
      h("p", { class: "note" }, "Not an event of the Programme (or made up by the extractor): it leaves every list, count and export. Undo brings it back."),
      reasonField(), h("button", { type: "submit", class: "danger" }, "Reject this event")));
  reject.addEventListener("submit", (e) => { e.preventDefault(); send(reject, { action: "reject" }, "the event was rejected"); });

  return [venue, dates, details, adm,
    slugForm("theme", "Theme", "curate-themes", event.themes.map((t) => t.slug)),
    slugForm("funder", "Funder", "curate-funders", event.funders.map((f) => f.slug)),
    reject, themeList, funderList];
}

const show = (value) => {
  const full = showFull(value);
  return full.length > 160 ? `${full.slice(0, 159)}…` : full;
};
const showFull = (value) => {
  if (value === null || value === undefined) return "—";
  if (typeof value !== "object") return String(value);
  return Object.entries(value).filter(([, x]) => x === null || typeof x !== "object")
    .map(([k, x]) => `${k}: ${x ?? "—"}`).join(", ") || JSON.stringify(value);
};

// The event's audit log, newest first, with an undo for each active correction.
function auditSection(event, key, { say, reload }) {
  const list = h("ol", { class: "audit-list", "aria-busy": "true" }, h("li", { class: "placeholder" }, "Loading the audit log…"));
  const reason = h("input", { type: "text", name: "undo-reason", id: "undo-reason", minlength: 3, maxlength: 2000, autocomplete: "off" });
  const section = h("section", { class: "audit", "aria-labelledby": "audit-title" },
    h("h3", { id: "audit-title" }, "Audit log of this event"),
    field("Reason for an undo", reason, "Needed by the undo buttons below."), list);
  const undo = async (correction, button) => {
    const why = reason.value.trim();
    if (why.length < 3) { say("Give a reason for the undo (3 characters at least).", { error: true }); reason.focus(); return; }
    button.disabled = true;
    try {
      await request(`/v1/corrections/${correction.id}/undo`, {
        method: "POST", headers: { Authorization: `Bearer ${key}` }, body: { reason: why },
      });
    } catch (error) {
      button.disabled = false;
      say(explain(error), { error: true });
      return;
    }
    flash = { text: `Undone: correction ${correction.id}. The event was reloaded.` };
    await reload();
  };
  getJSON("/v1/corrections", new URLSearchParams({ event: event.id, limit: "100" })).then((page) => {
    clear(list).setAttribute("aria-busy", "false");
    if (!page.data.length) { list.append(h("li", { class: "placeholder" }, "No corrections yet.")); return; }
    for (const c of page.data) {
      const button = c.state === "active" && c.kind !== "undo"
        ? h("button", { type: "button", class: "undo", "aria-label": `Undo correction ${c.id} (${c.kind})` }, "Undo") : null;
      button?.addEventListener("click", () => undo(c, button));
      list.append(h("li", { class: `audit-entry state-${c.state}`, "data-id": c.id },
        h("span", { class: "audit-kind" }, `#${c.id} ${c.kind}`), " ",
        h("span", { class: `badge state-${c.state}` }, c.state), " ",
        c.kind === "undo" ? `undoes #${c.undoes}` : h("span", { class: "audit-change" }, `${show(c.before)} → ${show(c.after)}`),
        h("span", { class: "fact-detail" }, `“${c.reason}” — ${c.key_name}, ${formatDate(c.created_at.slice(0, 10))} ${c.created_at.slice(11, 16)} UTC`),
        button));
    }
  }).catch((error) => {
    clear(list).setAttribute("aria-busy", "false");
    list.append(h("li", { class: "error" }, `The audit log could not be loaded: ${error.message}`));
  });
  return section;
}
