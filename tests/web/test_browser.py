"""The review page in a real browser: Debian's chromium, headless, driven by Playwright.

Messages are held by a real relay (real SMTP, the real rules) and the page is served from the relay
process the way ``mailguard relay --web`` does; releases arrive at the aiosmtpd sink. Playwright only
drives the system's /usr/bin/chromium: no browser is ever downloaded. Without that binary (or the
playwright package) these tests skip, saying why; .ci/run installs chromium when it can.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM} (apt-get install chromium)",
                allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api",
                               reason="browser tests need the playwright package (pip install -e '.[dev]')")

from mailguard.quarantine.store import Item  # noqa: E402
from mailguard.settings import HostPort  # noqa: E402
from mailguard.web.command import RelayCompanion  # noqa: E402
from tests.relay.harness import RunningRelay, Sink, submit  # noqa: E402
from tests.relay.messages import obligation, silent_bcc  # noqa: E402
from tests.web.conftest import CANNED, HOSTILE_SUBJECT, PASSWORDS, hold, hostile, web_policy  # noqa: E402

expect = sync_api.expect
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
#: The smallest comfortable tap target (WCAG 2.5.5 asks for 44 CSS pixels).
TAP = 44


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One browser for the module, with a fresh profile; tests get a new page and no cookies."""
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=LAUNCH_ARGS, timeout=60_000)
        ctx.set_default_timeout(15_000)
        yield ctx
        ctx.close()


@dataclass
class Served:
    base: str
    relay: RunningRelay
    sink: Sink
    items: dict[str, Item]


@pytest.fixture
def served(relay_factory, sink: Sink, user_hashes: dict[str, str]) -> Iterator[Served]:  # type: ignore[no-untyped-def]
    """A relay holding three messages, with the review page served from it (as ``relay --web``)."""
    running = relay_factory(extra=web_policy(user_hashes))
    for sample in (silent_bcc(), obligation()):
        assert submit(running.port, sample.mail_from, sample.rcpts, sample.data)[0] == 250
    evil = hold(running.store, hostile(), [{"rule": "councillor-obligation", "action": "quarantine",
                                            "clause": "\u00a74", "explanation": "<script>alert(4)</script>",
                                            "evidence": ["\u201c<img src=x onerror=alert(1)>\u201d"]}],
                HOSTILE_SUBJECT, '"Evil <script>" <evil@example.com>')
    by_rule = {i.rules[0]: i for i in running.store.list() if i.id != evil.id}
    assert sink.wait_for(lambda: len(sink.notices()) == 4)      # held-sender + held-clerk, twice
    companion = RelayCompanion(running.relay, "Ashford Parva Town Council", HostPort("127.0.0.1", 0))
    companion.start(running.loop.loop)
    yield Served(companion.server.url, running, sink,
                 {"bcc": by_rule["silent-bcc"], "oblig": by_rule["councillor-obligation"], "evil": evil})
    companion.stop()


@pytest.fixture
def page(context: Any, served: Served) -> Iterator[Any]:
    context.clear_cookies()
    pg = context.new_page()
    pg.set_viewport_size({"width": 1200, "height": 900})
    pg.requested = []                                          # every URL the page loads
    pg.dialogs = []                                            # any alert() that ever runs
    console: list[str] = []                                    # CSP violations would show here
    pg.on("request", lambda r: pg.requested.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("console", lambda m: console.append(m.text) if m.type in ("error", "warning") else None)
    yield pg
    pg.close()
    assert console == [], f"the browser complained: {console}"


def sign_in(page: Any, served: Served, user: str = "alice") -> None:
    page.goto(served.base + "login")
    page.get_by_label("Reviewer name").fill(user)
    page.get_by_label("Password").fill(PASSWORDS[user])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Waiting for review")


def open_item(page: Any, subject: str) -> None:
    page.get_by_role("link", name=subject).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(subject)


def test_sign_in_open_an_item_see_the_evidence_and_release_it(page: Any, served: Served) -> None:
    sign_in(page, served)
    expect(page.locator("li.item")).to_have_count(3)
    expect(page.locator("body")).to_contain_text("cllr.smith@ashfordparva-tc.gov.uk")
    open_item(page, "Fence 0")
    mark = page.locator("pre mark.ev").first
    expect(mark).to_be_visible()
    expect(mark).to_contain_text("go ahead")
    assert mark.evaluate("m => getComputedStyle(m).backgroundColor") == "rgb(255, 224, 102)"
    page.locator(".evidence a").first.click()
    assert page.url.endswith("#ev-1-1")
    page.get_by_role("button", name="Release to the ticked recipients").click()
    expect(page.get_by_role("status")).to_contain_text("Released to dave@hughesfencing.co.uk")
    expect(page.locator("#status")).to_contain_text("Released by alice")
    assert served.sink.wait_for(lambda: len(served.sink.mail()) == 1)
    assert served.sink.mail()[0].data == obligation().data


def test_release_with_the_footer_fix_and_reject_with_a_reason(page: Any, served: Served) -> None:
    sign_in(page, served)
    open_item(page, "Streetlight 0")
    expect(page.locator(".footer-preview")).to_have_text("CC Councillor Anne Smith")
    expect(page.locator(".rcpts .tag.blind")).to_have_text("blind copy")
    page.get_by_role("button", name="Release with the CC footer added").click()
    expect(page.get_by_role("status")).to_contain_text("with the CC footer added")
    assert served.sink.wait_for(lambda: len(served.sink.mail()) == 1)
    assert b"CC Councillor Anne Smith" in served.sink.mail()[0].data
    page.get_by_role("link", name="All held e-mail").click()
    open_item(page, "Fence 0")
    page.get_by_label("Reason", exact=True).select_option("confidential")
    page.get_by_label("Anything to add").fill("Please ask the clerk to reply instead.")
    page.get_by_role("button", name="Reject and tell the sender").click()
    expect(page.get_by_role("status")).to_contain_text("Rejected. The sender is told")
    expect(page.locator("#status")).to_contain_text(CANNED)
    assert served.sink.wait_for(lambda: len(served.sink.notices("rejected-sender")) == 1)
    assert served.relay.store.get(served.items["oblig"].id).handled_by == "alice"


def test_a_second_reviewer_sees_who_handled_it(page: Any, served: Served) -> None:
    sign_in(page, served, "bob")
    open_item(page, "Fence 0")                                 # bob is reading it ...
    item = served.items["oblig"]
    review = served.relay.relay.reviewer()                      # ... while alice releases it (CLI or page)
    served.relay.loop.run(review.release(item.id, "alice"))
    page.get_by_label("Reason", exact=True).select_option("confidential")
    page.get_by_role("button", name="Reject and tell the sender").click()
    handled_at = served.relay.store.get(item.id).handled_at
    expect(page.get_by_role("alert")).to_contain_text(f"was already released by alice at {handled_at}")
    expect(page.locator("#status")).to_contain_text("Released by alice")
    expect(page.get_by_role("button", name="Reject and tell the sender")).to_have_count(0)
    page.get_by_role("link", name="All held e-mail").click()
    page.get_by_role("link", name="Released or rejected").click()
    expect(page.locator("li.item")).to_contain_text("by alice")
    assert served.relay.store.get(item.id).status == "released"


def test_a_hostile_subject_is_shown_and_never_run(page: Any, served: Served) -> None:
    sign_in(page, served)
    expect(page.get_by_role("link", name=HOSTILE_SUBJECT)).to_be_visible()
    open_item(page, HOSTILE_SUBJECT)
    expect(page.locator("pre").first).to_contain_text("<script>alert('body')</script>")
    expect(page.locator("pre mark.ev")).to_have_text("<img src=x onerror=alert(1)>")
    page.wait_for_load_state("load")
    assert page.dialogs == [] and page.evaluate("window.__pwned") is None
    assert page.locator("script, img, iframe, object").count() == 0
    origin = served.base.rstrip("/")
    assert page.requested and all(url.startswith(origin) for url in page.requested), page.requested


def test_on_a_phone_nothing_overflows_and_targets_are_big_enough(page: Any, served: Served) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, served)
    open_item(page, "Streetlight 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for button in page.locator("main button").all():
        box = button.bounding_box()
        assert box is not None and box["height"] >= TAP and box["x"] + box["width"] <= PHONE["width"]
    bcc = served.items["bcc"]
    page.locator("form.release label", has_text=bcc.rcpt_tos[1]).click()   # the label unticks the blind copy
    expect(page.get_by_role("checkbox", name=bcc.rcpt_tos[1])).not_to_be_checked()
    page.get_by_role("button", name="Release to the ticked recipients").click()
    expect(page.get_by_role("status")).to_contain_text(f"Released to {bcc.rcpt_tos[0]}.")
    assert served.sink.wait_for(lambda: len(served.sink.mail()) == 1)
    assert served.sink.mail()[0].rcpt_tos == [bcc.rcpt_tos[0]]
