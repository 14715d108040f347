"""Curation mode in headless Chromium: an editor's key, a correction through the form, the
curated mark and the audit log after a reload, undo, and API errors in words."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from typer.testing import CliRunner

from app.cli import app as cli
from tests.explorer.conftest import Console, screenshot, wait_ready


@pytest.fixture(scope="module")
def editor_key(explorer_db: str) -> str:
    result = CliRunner().invoke(cli, ["keys", "create", "--name", "explorer-editor", "--role",
                                      "editor", "--database-url", explorer_db])
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.split() if line.startswith("acip_"))


def an_event(api: httpx.Client) -> dict[str, Any]:
    events = api.get("/v1/events", params={"limit": 50}).json()["data"]
    event = next(e for e in events if (e["venue"] or {}).get("city") != "Accra")
    detail: dict[str, Any] = api.get(f"/v1/events/{event['id']}").json()
    return detail


def open_panel(page: Any, event_id: str) -> None:
    page.goto(f"/events/{event_id}")
    wait_ready(page, "event")
    page.get_by_role("button", name="Curate").click()


def test_a_venue_corrected_in_curation_mode_shows_curated_after_a_reload(
        page: Any, api: httpx.Client, editor_key: str) -> None:
    event = an_event(api)
    open_panel(page, event["id"])
    page.get_by_label("API key").fill(editor_key)
    page.get_by_role("button", name="Use this key").click()
    assert page.evaluate("sessionStorage.getItem('acip.curation.key')") == editor_key
    assert page.evaluate("localStorage.length") == 0
    assert editor_key not in page.url
    unlabelled = page.locator(".editor-slot").evaluate(
        "slot => [...slot.querySelectorAll('input, select, textarea')]"
        ".filter(e => !e.labels || !e.labels.length).map(e => e.name)")
    assert unlabelled == []
    form = page.locator("form[data-form=venue]")
    form.get_by_label("City").fill("Accra")
    form.get_by_label("Country code").fill("GHA")
    form.get_by_label("Reason").fill("The organisers' report says Accra.")
    screenshot(page, "curation-panel", full_page=True)
    form.get_by_role("button", name="Save venue").click()
    page.locator(".curate-status", has_text="Saved: venue").wait_for()

    after = api.get(f"/v1/events/{event['id']}").json()
    assert after["venue"]["city"] == "Accra" and after["venue"]["country_code"] == "GHA"
    assert after["curation"]["venue"]["curated"] is True

    page.reload()
    wait_ready(page, "event")
    where = page.locator(".event-head .where")
    assert "Accra, Ghana" in where.inner_text()
    assert where.locator(".badge.curated").count() == 1
    assert "curated: venue" in page.locator(".fact[data-key=event]").inner_text()
    # the panel is still open and the key still in the tab
    assert page.get_by_role("button", name="Curate").get_attribute("aria-expanded") == "true"
    entry = page.locator(".audit-entry").first
    entry.wait_for()
    assert "event.set" in entry.inner_text() and "Accra" in entry.inner_text()
    assert "The organisers' report says Accra." in entry.inner_text()
    screenshot(page, "curation-audit", full_page=True)

    # undo takes the correction off: the extractor's venue comes back
    page.get_by_label("Reason for an undo").fill("Test done: back to the extractor's venue.")
    entry.get_by_role("button", name="Undo").click()
    page.locator(".curate-status", has_text="Undone").wait_for()
    page.locator(".audit-entry.state-undone").first.wait_for()
    restored = api.get(f"/v1/events/{event['id']}").json()
    assert restored["venue"] == event["venue"]
    assert page.locator(".event-head .where .badge.curated").count() == 0

    page.get_by_role("button", name="Forget key").click()
    assert page.evaluate("sessionStorage.getItem('acip.curation.key')") is None
    assert page.get_by_label("API key").is_visible()


def test_a_wrong_key_is_refused_in_words(page: Any, api: httpx.Client,
                                         console: Console) -> None:
    console.expect("401")
    event = an_event(api)
    open_panel(page, event["id"])
    page.get_by_label("API key").fill("acip_00000000_not-a-real-key")
    page.get_by_role("button", name="Use this key").click()
    form = page.locator("form[data-form=dates]")
    form.get_by_label("Start").fill("2025-03")
    form.get_by_label("Reason").fill("Only the month is known.")
    form.get_by_role("button", name="Save dates").click()
    alert = page.locator(".curate-error")
    alert.wait_for()
    assert "The key was refused (401)" in alert.inner_text()
    assert alert.evaluate("e => e === document.activeElement")
    assert api.get(f"/v1/events/{event['id']}").json()["start"] == event["start"]
    screenshot(page, "curation-401")


def test_a_stale_page_gets_412_and_a_rejection_can_be_undone_from_the_gone_page(
        page: Any, api: httpx.Client, editor_key: str, console: Console) -> None:
    console.expect("412")
    console.expect("410")
    event = an_event(api)
    open_panel(page, event["id"])
    page.get_by_label("API key").fill(editor_key)
    page.get_by_role("button", name="Use this key").click()

    # someone else corrects the event meanwhile: this page's ETag is stale
    etag = api.get(f"/v1/events/{event['id']}").headers["ETag"]
    other = api.post(f"/v1/events/{event['id']}/corrections",
                     headers={"Authorization": f"Bearer {editor_key}", "If-Match": etag},
                     json={"action": "set", "name": "Renamed meanwhile", "reason": "another tab"})
    assert other.status_code == 201, other.text
    form = page.locator("form[data-form=reject]")
    form.get_by_label("Reason").fill("Not an event of the Programme.")
    form.get_by_role("button", name="Reject this event").click()
    alert = page.locator(".curate-error")
    alert.wait_for()
    assert "Someone changed this event since you loaded it" in alert.inner_text()

    page.reload()
    wait_ready(page, "event")
    assert page.locator("h1").inner_text() == "Renamed meanwhile"
    form = page.locator("form[data-form=reject]")
    form.get_by_label("Reason").fill("Not an event of the Programme.")
    form.get_by_role("button", name="Reject this event").click()
    page.locator(".curate-status", has_text="Saved").wait_for()
    assert "rejected by an editor" in page.locator(".event-page .error").first.inner_text()
    assert api.get(f"/v1/events/{event['id']}").status_code == 410

    reject = page.locator(".audit-entry", has_text="event.reject")
    reject.wait_for()
    page.get_by_label("Reason for an undo").fill("Rejected by mistake.")
    reject_id = reject.get_attribute("data-id")
    reject.get_by_role("button", name="Undo").click()
    page.locator(".curate-status", has_text=f"Undone: correction {reject_id}.").wait_for()
    assert page.locator("h1").inner_text() == "Renamed meanwhile"
    assert api.get(f"/v1/events/{event['id']}").status_code == 200
    rename = page.locator(".audit-entry.state-active", has_text="event.set")
    rename_id = rename.get_attribute("data-id")
    page.get_by_label("Reason for an undo").fill("Test done.")
    rename.get_by_role("button", name="Undo").click()
    page.locator(".curate-status", has_text=f"Undone: correction {rename_id}.").wait_for()
    assert api.get(f"/v1/events/{event['id']}").json()["name"] == event["name"]
