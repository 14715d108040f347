// The event page: the event's facts, the articles reporting it, and each article's text with
// the evidence sentences highlighted, linked both ways to the facts they support.
//
// Layout: a facts column (renderFacts) and a reports column. Curation mode is meant to mount
// its editor in the `editor-slot` aside and re-render the facts column from the write API's
// answer; every fact item carries `data-key` (the same keys the highlights use) for it.
import { getJSON, request } from "./api.js";
import { mountCuration } from "./curate.js";
import { h, clear, plural, formatDate, formatRange, venueText } from "./dom.js";

const KIND_LABELS = {
  event: "event", adm: "administration", fun: "funder", thm: "theme", per: "person",
};

const keyId = (key) => `fact-${key.replace(/[^A-Za-z0-9_-]+/g, "_")}`;

export async function renderEvent(main, eventId, { backHref }) {
  clear(main).append(h("p", { class: "loading-page", role: "status" }, "Loading the event…"));
  let event;
  let etag;
  try {
    const answer = await request(`/v1/events/${encodeURIComponent(eventId)}`);
    event = answer.data;
    etag = answer.response.headers.get("ETag");
  } catch (error) {
    const gonePage = h("div", { class: "event-page" }, backLink(backHref),
      h("h1", {}, error.status === 404 ? "No such event" : "The event could not be loaded"),
      h("p", { class: "error", role: "alert" }, error.message));
    clear(main).append(gonePage);
    if (error.status === 410) {
      // rejected (or retired): curation mode still shows the audit log, to undo a rejection
      const slot = h("aside", { class: "editor-slot", hidden: true, "aria-labelledby": "curate-title" });
      gonePage.append(slot);
      mountCuration(slot, { id: eventId, gone: true }, null, {
        reload: () => renderEvent(main, eventId, { backHref }),
      });
    }
    document.title = "Event not found — A-CIP explorer";
    document.body.dataset.ready = "event";
    return;
  }
  document.title = `${event.name || event.type} — A-CIP explorer`;
  const reports = reportsOf(event);
  const facts = renderFacts(event);
  const reportsBox = h("section", { class: "reports", "aria-labelledby": "reports-title" },
    h("h2", { id: "reports-title" }, reports.length === 1 ? "Report" : `Reports (${reports.length})`),
    h("ol", { class: "report-list" }, reports.map((r, i) => h("li", {},
      h("a", { href: `#report-${i}`, "data-local": "" }, r.title || `Article ${r.document_id}`),
      r.published ? ` — ${formatDate(r.published)}` : " — publication date not stated",
      r.source_url ? [" · ", h("a", { href: r.source_url, rel: "noopener" }, "source")] : null))),
    h("p", { class: "note" }, "Highlighted: the sentences the facts were read from. Choose a ",
      "number next to a fact to go to its sentence, and a label after a sentence to go back ",
      "to its fact."));
  const articles = reports.map((r, i) => h("article", {
    class: "report", id: `report-${i}`, "aria-busy": "true", "aria-labelledby": `report-${i}-title`,
  }, h("h3", { id: `report-${i}-title` }, r.title || `Article ${r.document_id}`),
  h("p", { class: "placeholder" }, "Loading the article…")));
  reportsBox.append(...articles);

  const page = h("div", { class: "event-page" },
    backLink(backHref),
    h("header", { class: "event-head" },
      h("p", { class: "event-top" }, h("span", { class: `badge type-${event.type}` }, event.type),
        h("span", { class: "when" }, formatRange(event.start, event.end)),
        h("span", { class: "where" }, venueText(event.venue, event.online),
          curatedBadge(event.curation?.venue || event.curation?.online, "venue"))),
      h("h1", { tabindex: "-1" }, event.name || event.type),
      h("p", { class: "note" }, `Event ${event.id}`,
        event.confidence != null ? ` · confidence ${Math.round(event.confidence * 100)}%` : "",
        " · ", h("a", { href: `/v1/events/${event.id}` }, "JSON"))),
    h("div", { class: "event-grid" },
      h("aside", { class: "editor-slot", id: "editor-slot", hidden: true,
        "aria-labelledby": "curate-title" }),
      facts, reportsBox));
  clear(main).append(page);
  page.querySelector("h1").focus();
  mountCuration(page.querySelector(".editor-slot"), event, etag, {
    reload: () => renderEvent(main, eventId, { backHref }),
  });
  page.addEventListener("click", localLinks);
  facts.addEventListener("mouseover", (e) => activate(page, e.target.closest("[data-key]")));
  facts.addEventListener("focusin", (e) => activate(page, e.target.closest("[data-key]")));
  facts.addEventListener("mouseleave", () => activate(page, null));

  await Promise.allSettled(reports.map(async (report, i) => {
    const box = articles[i];
    try {
      const documentData = await getJSON(`/v1/documents/${report.document_id}`);
      renderArticle(box, documentData, event, i, reports.length, facts);
    } catch (error) {
      box.querySelector(".placeholder")?.remove();
      box.append(h("p", { class: "error", role: "alert" }, `The article could not be loaded: ${error.message}`));
    }
    box.setAttribute("aria-busy", "false");
  }));
  document.body.dataset.ready = "event";
}

function backLink(backHref) {
  return h("nav", { class: "crumbs", "aria-label": "Breadcrumb" },
    h("a", { href: backHref || "/", "data-nav": "" }, "← All events"));
}

// The articles reporting the event: `reports` once event resolution serves it, else the
// event's one document.
export function reportsOf(event) {
  if (Array.isArray(event.reports) && event.reports.length) return event.reports;
  const d = event.document || {};
  return [{ document_id: d.id, title: d.title, published: d.published, source_url: d.source_url }];
}

// "curated" next to a value an editor corrected or confirmed (the correction's id in its title).
function curatedBadge(mark, what) {
  if (!mark || !mark.curated) return null;
  return h("span", { class: "badge curated", title: `${what}: curated${mark.correction_id ? ` (correction ${mark.correction_id})` : ""}` }, "curated");
}

export function renderFacts(event) {
  const curatedFields = Object.keys(event.curation || {});
  const item = (key, main, detail, confidence, mark) => h("li", { class: `fact${mark && mark.curated ? " is-curated" : ""}`, id: keyId(key), "data-key": key, tabindex: "-1" },
    h("span", { class: "fact-main" }, main, curatedBadge(mark, key)),
    detail ? h("span", { class: "fact-detail" }, detail) : null,
    confidence != null ? h("span", { class: "confidence", title: "confidence: the probability this fact is right" },
      `${Math.round(confidence * 100)}%`) : null,
    h("span", { class: "ev-links", "aria-label": "evidence" }));
  const group = (title, items, empty) => h("section", { class: "fact-group" },
    h("h3", {}, title), items.length ? h("ul", {}, items) : h("p", { class: "placeholder" }, empty));
  return h("section", { class: "facts", "aria-labelledby": "facts-title" },
    h("h2", { id: "facts-title" }, "Facts"),
    group("Event", [item("event", `${event.type}: ${event.name}`,
      [`${formatRange(event.start, event.end)} · ${venueText(event.venue, event.online)}`,
        curatedFields.length ? h("span", { class: "curated-fields" }, ` · curated: ${curatedFields.join(", ")}`) : null],
      event.confidence, curatedFields.length ? { curated: true } : null)], ""),
    group("Administrations", event.administrations.map((a) => item(`adm:${a.country_code}`,
      a.name, `${a.country_code} · ${a.roles.join(", ")}`, a.confidence, a)), "None named."),
    group("Funders", event.funders.map((f) => item(`fun:${f.slug}`, f.name, null, f.confidence, f)),
      "None named."),
    group("People", event.people.map((p) => item(`per:${p.name}`, p.name,
      [p.title, p.organization].filter(Boolean).join(", "), p.confidence, p)), "None named."),
    group("Themes", event.themes.map((t) => item(`thm:${t.slug}`, t.name, null, t.confidence, t)),
      "None found."));
}

// Every evidence span of a document that supports one of the event's facts (or the event).
function spansOf(documentData, eventId) {
  const spans = new Map(); // "start:end" -> {start, end, facts: [{key, label}]}
  const add = (evidence, key, label) => {
    if (!evidence) return;
    const id = `${evidence.char_start}:${evidence.char_end}`;
    if (!spans.has(id)) spans.set(id, { start: evidence.char_start, end: evidence.char_end, facts: [] });
    const facts = spans.get(id).facts;
    if (!facts.some((f) => f.key === key && f.label === label)) facts.push({ key, label });
  };
  for (const e of documentData.events || []) {
    if (e.id === eventId) add(e.evidence, "event", "event");
  }
  for (const a of documentData.administrations || []) add(a.evidence, `adm:${a.country}`, `${a.country} ${a.role}`);
  for (const f of documentData.funders || []) add(f.evidence, `fun:${f.slug}`, f.name);
  for (const t of documentData.themes || []) add(t.evidence, `thm:${t.slug}`, t.name_en);
  for (const p of documentData.people || []) add(p.evidence, `per:${p.name}`, p.name);
  return [...spans.values()].sort((a, b) => a.start - b.start || b.end - a.end);
}

function renderArticle(box, documentData, event, index, reportCount, factsPanel) {
  box.querySelector(".placeholder")?.remove();
  const spans = spansOf(documentData, event.id);
  spans.forEach((span, i) => { span.anchor = `r${index}-s${i + 1}`; span.number = reportCount > 1 ? `${index + 1}.${i + 1}` : `${i + 1}`; });
  const known = new Set([...factsPanel.querySelectorAll("[data-key]")].map((el) => el.dataset.key));
  const meta = [
    documentData.published ? `Published ${formatDate(documentData.published)}` : "Publication date not stated",
    documentData.language ? `language: ${documentData.language}` : null,
  ].filter(Boolean).join(" · ");
  box.append(h("p", { class: "note" }, meta, " · ",
    documentData.source_url ? [h("a", { href: documentData.source_url, rel: "noopener" }, "source"), " · "] : null,
    h("a", { href: `/v1/documents/${documentData.id}` }, "JSON"), " · ",
    plural(spans.length, "highlighted sentence")));
  box.append(highlightedBody(documentData.body || "", spans, known));
  // the facts' links to their sentences
  for (const span of spans) {
    for (const fact of span.facts) {
      const holder = factsPanel.querySelector(`[data-key="${CSS.escape(fact.key)}"] .ev-links`);
      if (!holder || holder.querySelector(`[href="#${span.anchor}"]`)) continue;
      holder.append(h("a", { href: `#${span.anchor}`, "data-local": "", class: "ev-link",
        "aria-label": `evidence sentence ${span.number}` }, span.number));
    }
  }
}

// The body as text with <mark>s over the evidence spans (offsets are in Unicode code points,
// as Python counts them), each span numbered and followed by links back to its facts.
function highlightedBody(body, spans, known) {
  const chars = Array.from(body);
  const cuts = new Set([0, chars.length]);
  for (const s of spans) { cuts.add(Math.max(0, s.start)); cuts.add(Math.min(chars.length, s.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const out = h("div", { class: "article-body" });
  for (let i = 0; i < points.length - 1; i++) {
    const [a, b] = [points[i], points[i + 1]];
    for (const s of spans) {
      if (s.start === a) out.append(h("a", { class: "ev-num", id: s.anchor, href: `#${keyId(s.facts[0].key)}`,
        "data-local": "", "aria-label": `sentence ${s.number}, supports: ${s.facts.map((f) => f.label).join("; ")}` },
      s.number));
    }
    const covering = spans.filter((s) => s.start <= a && s.end >= b);
    const text = chars.slice(a, b).join("");
    if (covering.length) {
      const keys = [...new Set(covering.flatMap((s) => s.facts.map((f) => f.key)))];
      const kinds = [...new Set(keys.map((k) => k.split(":")[0]))];
      out.append(h("mark", { class: `evidence ${kinds.map((k) => `k-${k}`).join(" ")}`, "data-keys": keys.join(" ") }, text));
    } else {
      out.append(text);
    }
    for (const s of spans) {
      if (s.end === b) {
        out.append(h("span", { class: "ev-refs" }, s.facts.map((f) => {
          const kind = f.key.split(":")[0];
          const label = kind === "event" ? "event" : `${KIND_LABELS[kind]}: ${f.label}`;
          return known.has(f.key)
            ? h("a", { href: `#${keyId(f.key)}`, "data-local": "", class: `ref k-${kind}` }, label)
            : h("span", { class: `ref k-${kind}` }, label);
        })));
      }
    }
  }
  return out;
}

function activate(page, factEl) {
  for (const el of page.querySelectorAll("mark.active, .fact.active")) el.classList.remove("active");
  if (!factEl || !factEl.dataset.key) return;
  factEl.classList.add("active");
  const key = factEl.dataset.key;
  for (const mark of page.querySelectorAll("mark.evidence")) {
    if (mark.dataset.keys.split(" ").includes(key)) mark.classList.add("active");
  }
}

// In-page links (sentence <-> fact): scroll and focus without touching the URL.
function localLinks(event) {
  const link = event.target.closest("a[data-local]");
  if (!link) return;
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  event.preventDefault();
  if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
  target.scrollIntoView({ block: "center", behavior: "smooth" });
  target.focus({ preventScroll: true });
  target.classList.remove("flash");
  void target.offsetWidth;
  target.classList.add("flash");
  const fact = target.closest(".fact");
  if (fact) activate(document, fact);
}
