"""The review page in-process: sign-in, sessions, CSRF, escaping, and each action through the real Review.

Releases and notices go over real SMTP to the aiosmtpd sink; the store is a temporary state dir.
"""

from __future__ import annotations

import logging
import re

import pytest

from mailguard.relay.logs import JsonLines
from mailguard.web.sessions import SessionStore
from tests.web.conftest import CANNED, HOSTILE_EVIDENCE, HOSTILE_SUBJECT, PASSWORDS, WebEnv, make_env


def flash(page_text: str) -> str:
    return " ".join(page_text.split())


def act(env: WebEnv, client, item_id: str, what: str, **form):  # type: ignore[no-untyped-def]
    """Submit an action form with the page's own CSRF token; return the result page after the redirect."""
    page = client.get(f"/item/{item_id}")
    sent = client.post(f"/item/{item_id}/{what}", [("csrf", page.csrf()), *_pairs(form)])
    assert sent.status == 303 and sent.location == f"/item/{item_id}"
    return client.follow(sent)


def _pairs(form: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    out = []
    for k, v in form.items():
        for value in (v if isinstance(v, list) else [v]):
            out.append((k, value))
    return out


# ---------------------------------------------------------------- headers, sign-in, sessions
def test_every_response_has_the_security_headers(env: WebEnv) -> None:
    client = env.client()
    for page in (client.get("/login"), client.get("/static/style.css"), client.get("/nowhere"),
                 client.get("/queue")):
        csp = page.header("content-security-policy") or ""
        for part in ("default-src 'none'", "style-src 'self'", "img-src 'none'", "form-action 'self'",
                     "frame-ancestors 'none'"):
            assert part in csp
        assert page.header("x-content-type-options") == "nosniff"
        assert page.header("referrer-policy") == "no-referrer"
        assert page.header("strict-transport-security") is None   # plain HTTP on loopback
    assert client.get("/login").header("cache-control") == "no-store"
    head = client.request("HEAD", "/static/style.css")
    assert head.status == 200 and head.body == "" and int(head.header("content-length") or 0) > 1000


def test_sign_in_sets_a_strict_cookie_and_replaces_the_session(env: WebEnv) -> None:
    client = env.client()
    page = client.get("/login")
    [cookie] = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    before = client.cookies["mailguard-login"]
    done = client.post("/login", {"csrf": page.csrf(), "username": "Alice", "password": PASSWORDS["alice"]})
    assert done.status == 303 and done.location == "/queue"
    assert "mailguard-login" not in client.cookies        # the sign-in form's session is gone ...
    assert client.cookies["mailguard"] != before          # ... and never becomes the signed-in one
    assert env.app.sessions.get(before) == (None, False)
    queue = client.get("/queue")
    assert queue.status == 200 and "Signed in as alice" in flash(queue.text)
    assert queue.csrf() != page.csrf()                    # a new CSRF token with the new session


def test_a_link_from_another_site_does_not_sign_the_browser_out(env: WebEnv) -> None:
    client = env.signed_in()
    landed = client.get(f"/item/{env.bcc.id}", send_cookies=False)   # SameSite=Strict: no cookie sent
    assert landed.status == 303 and landed.location == "/login"
    assert client.get("/login", send_cookies=False).status == 200
    assert client.get(f"/item/{env.bcc.id}").status == 200           # the session is still there


def test_pages_need_a_signed_in_session(env: WebEnv) -> None:
    client = env.client()
    for path in ("/queue", f"/item/{env.bcc.id}", "/"):
        page = client.get(path)
        assert page.status == 303 and page.location == "/login"
    forged = client.post(f"/item/{env.bcc.id}/release", {"recipients": env.bcc.rcpt_tos, "action": "release"})
    assert forged.status == 303 and forged.location == "/login"
    assert "Nothing was done" in client.follow(forged).text
    assert env.store.get(env.bcc.id).status == "held" and env.sink.mail() == []


def test_wrong_password_and_login_without_csrf_are_refused(env: WebEnv) -> None:
    client = env.client()
    page = client.get("/login")
    wrong = client.post("/login", {"csrf": page.csrf(), "username": "alice", "password": "not-the-password"})
    assert wrong.status == 401 and "do not match" in wrong.text
    unknown = client.post("/login", {"csrf": page.csrf(), "username": "mallory", "password": "whatever1234"})
    assert unknown.status == 401 and "do not match" in unknown.text
    no_csrf = client.post("/login", {"username": "alice", "password": PASSWORDS["alice"]})
    assert no_csrf.status == 303 and no_csrf.location == "/login"
    assert client.get("/queue").status == 303             # still not signed in
    stranger = env.client()                               # a cross-site form: no cookie, a guessed token
    forged = stranger.post("/login", {"csrf": "guess", "username": "alice", "password": PASSWORDS["alice"]})
    assert forged.status == 303 and stranger.get("/queue").status == 303


def test_repeated_failures_are_throttled_even_with_the_right_password(env: WebEnv) -> None:
    client = env.client()
    token = client.get("/login").csrf()
    for _ in range(5):
        failed = client.post("/login", {"csrf": token, "username": "bob", "password": "guess-guess"})
        assert failed.status == 401
    refused = client.post("/login", {"csrf": token, "username": "bob", "password": PASSWORDS["bob"]})
    assert refused.status == 429 and "Too many failed sign-ins" in refused.text
    assert client.get("/queue").status == 303
    other = env.client(remote_addr="127.0.0.2")           # the account itself is throttled, from anywhere
    assert other.login("bob", PASSWORDS["bob"]).status == 429
    assert env.client(remote_addr="127.0.0.3").login("alice", PASSWORDS["alice"]).status == 303


def test_sessions_expire_after_the_idle_timeout(env: WebEnv) -> None:
    now = [1000.0]
    settings = env.app.settings
    env.app.sessions = SessionStore(settings.idle_timeout, settings.max_session, lambda: now[0])
    client = env.signed_in()
    now[0] += 9 * 60
    assert client.get("/queue").status == 200              # activity keeps it alive
    now[0] += 11 * 60
    page = client.get("/queue")
    assert page.status == 303 and page.location == "/login"
    assert "Your session expired" in client.follow(page).text


def test_sign_out_ends_the_session(env: WebEnv) -> None:
    client = env.signed_in()
    old = dict(client.cookies)
    page = client.get("/queue")
    out = client.post("/logout", {"csrf": page.csrf()})
    assert out.status == 303 and out.location == "/login"
    assert "You have signed out" in client.follow(out).text
    replay = env.client()
    replay.cookies.update(old)
    assert replay.get("/queue").status == 303


def test_secure_cookies_and_hsts_behind_an_https_proxy(tmp_path, loop_thread, sink, user_hashes) -> None:  # type: ignore[no-untyped-def]
    extra = "  https_proxy: true\n  url_prefix: /mailguard\n"
    env = make_env(tmp_path, loop_thread, sink, user_hashes, extra)
    try:
        client = env.client()
        page = client.get("/mailguard/login")
        [cookie] = page.headers["set-cookie"]
        assert cookie.startswith("__Secure-mailguard-login=") and "; Secure" in cookie
        assert "Path=/mailguard" in cookie
        assert page.header("strict-transport-security") == "max-age=31536000"
        assert 'action="/mailguard/login"' in page.body and 'href="/mailguard/static/style.css"' in page.body
        done = client.post("/mailguard/login", {"csrf": page.csrf(), "username": "alice",
                                                "password": PASSWORDS["alice"]},
                           headers={"X-Forwarded-For": "203.0.113.7, 198.51.100.4"})
        assert done.location == "/mailguard/queue"
        assert client.cookies["__Secure-mailguard"] and client.get("/mailguard/queue").status == 200
    finally:
        loop_thread.run(env.review.upstream.close())
        env.store.close()


def test_forms_are_size_limited_and_must_be_ordinary_forms(env: WebEnv) -> None:
    client = env.signed_in()
    token = client.get("/queue").csrf()
    big = client.post("/lookup", {"csrf": token, "reference": "x" * 70_000})
    assert big.status == 413
    odd = client.request("POST", "/lookup", body=b'{"csrf": "x"}', content_type="application/json")
    assert odd.status == 415


def test_passwords_never_reach_the_log(env: WebEnv, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    client = env.client()
    token = client.get("/login").csrf()
    client.post("/login", {"csrf": token, "username": "alice", "password": "a-wrong-secret-123"})
    client.post("/login", {"csrf": token, "username": "alice", "password": PASSWORDS["alice"]})
    lines = [JsonLines().format(r) for r in caplog.records]
    assert any("sign-in failed" in line for line in lines) and any("signed in" in line for line in lines)
    joined = "\n".join(lines)
    assert "a-wrong-secret-123" not in joined and PASSWORDS["alice"] not in joined and token not in joined


# ---------------------------------------------------------------- reading
def test_queue_lists_held_messages(env: WebEnv) -> None:
    client = env.signed_in()
    text = flash(client.get("/queue").text)
    assert "Waiting for review (3)" in text
    for item in (env.bcc, env.oblig, env.evil):
        assert item.id in text
    assert "Streetlight 0" in text and "silent-bcc" in text and "councillor-obligation" in text
    assert "tombaker64@gmail.com" in text and "cllr.smith@ashfordparva-tc.gov.uk" in text


def test_item_page_shows_findings_and_highlights_the_evidence(env: WebEnv) -> None:
    client = env.signed_in()
    page = client.get(f"/item/{env.oblig.id}")
    assert page.status == 200
    assert '<mark class="ev" id="ev-1-1">Please go ahead with the works (0)</mark>' in page.body
    assert 'href="#ev-1-1"' in page.body
    text = flash(page.text)
    assert "councillor-obligation" in text and "Leigh-on-Sea \u00a74" in text
    assert "commits the council" in text
    bcc = client.get(f"/item/{env.bcc.id}")
    blind = r'<mark class="ev" id="ev-1-1">cllr\.smith@[^<]+</mark> <span class="tag blind">blind copy'
    assert re.search(blind, bcc.body)
    assert "CC Councillor Anne Smith" in bcc.text          # the footer preview
    assert "Release with the CC footer added" in bcc.text


def test_hostile_mail_is_shown_as_text_never_as_markup(env: WebEnv) -> None:
    client = env.signed_in()
    for page in (client.get("/queue"), client.get(f"/item/{env.evil.id}")):
        body = page.body
        assert "<script" not in body and "onerror=" not in body.replace("onerror=alert(1)&gt;", "")
        assert "<img" not in body and "<b>" not in body and "onclick" not in body
        assert 'onmouseover="' not in body
        assert "203.0.113.9/t.png" not in body      # the HTML part's remote picture: never referenced
    page = client.get(f"/item/{env.evil.id}")
    assert "&lt;script&gt;window.__pwned=1;alert(&#34;subject&#34;)&lt;/script&gt;" in page.body
    assert HOSTILE_SUBJECT in page.text
    escaped = HOSTILE_EVIDENCE.replace("<", "&lt;").replace(">", "&gt;")
    assert f'<mark class="ev" id="ev-1-1">{escaped}</mark>' in page.body
    assert '<div class="block quoted depth-1">' in page.body   # the '>' quote is set apart
    assert "Explains &lt;script&gt;" in page.body


def test_unknown_items_and_lookups(env: WebEnv) -> None:
    client = env.signed_in()
    assert client.get("/item/20240101-ABCDEF").status == 404
    assert client.get("/item/../etc/passwd").status == 404
    token = client.get("/queue").csrf()
    found = client.post("/lookup", {"csrf": token, "reference": env.bcc.id.lower()})
    assert found.status == 303 and found.location == f"/item/{env.bcc.id}"
    bad = client.post("/lookup", {"csrf": token, "reference": "<script>"})
    assert "A reference looks like" in client.follow(bad).text


# ---------------------------------------------------------------- acting (through Review)
def test_actions_without_the_csrf_token_are_refused(env: WebEnv) -> None:
    client = env.signed_in()
    for form in ({"recipients": list(env.bcc.rcpt_tos), "action": "release"},
                 {"csrf": "forged", "recipients": list(env.bcc.rcpt_tos), "action": "release"}):
        page = client.post(f"/item/{env.bcc.id}/release", form)
        assert page.status == 403 and "Nothing was done" in page.text
    other = env.signed_in("bob")                          # another reviewer's token is not this session's
    page = client.post(f"/item/{env.oblig.id}/reject", {"csrf": other.get("/queue").csrf(), "reason": "no"})
    assert page.status == 403
    assert env.store.get(env.bcc.id).status == "held" and env.store.get(env.oblig.id).status == "held"
    assert env.sink.mail() == [] and len(env.store.actions(env.bcc.id)) == 1


def test_release_delivers_the_exact_bytes_and_shows_the_outcome(env: WebEnv) -> None:
    client = env.signed_in()
    page = act(env, client, env.oblig.id, "release", recipients=list(env.oblig.rcpt_tos), action="release")
    assert "Released to dave@hughesfencing.co.uk." in flash(page.text)
    assert "Released by alice" in flash(page.text)
    [got] = env.sink.mail()
    assert got.data == env.samples["oblig"].data and got.rcpt_tos == env.samples["oblig"].rcpts
    item = env.store.get(env.oblig.id)
    assert item.status == "released" and item.handled_by == "alice"
    assert [a.action for a in env.store.actions(item.id)] == ["hold", "release-start", "release"]
    assert env.store.actions(item.id)[-1].actor == "alice"


def test_release_to_some_recipients_with_the_footer_fix(env: WebEnv) -> None:
    client = env.signed_in()
    first = env.bcc.rcpt_tos[0]
    page = act(env, client, env.bcc.id, "release", recipients=[first], action="fix")
    assert f"Released to {first} with the CC footer added." in flash(page.text)
    [got] = env.sink.mail()
    assert got.rcpt_tos == [first] and b"CC Councillor Anne Smith" in got.data
    assert env.store.get(env.bcc.id).released_to == (first,)


def test_release_needs_a_recipient(env: WebEnv) -> None:
    client = env.signed_in()
    page = act(env, client, env.bcc.id, "release", action="release")
    assert "tick at least one recipient" in page.text
    assert env.store.get(env.bcc.id).status == "held" and env.sink.mail() == []


def test_reject_with_a_canned_reason_tells_the_sender(env: WebEnv) -> None:
    client = env.signed_in()
    page = act(env, client, env.oblig.id, "reject", canned="confidential", reason="Please ask the clerk.")
    assert "Rejected. The sender is told" in page.text and CANNED in page.text
    assert env.sink.wait_for(lambda: len(env.sink.notices("rejected-sender")) == 1)
    [notice] = env.sink.notices("rejected-sender")
    assert notice.rcpt_tos == [env.oblig.mail_from] and b"ask the clerk" in notice.data
    item = env.store.get(env.oblig.id)
    assert item.status == "rejected" and item.reason == f"{CANNED} Please ask the clerk."
    assert env.sink.mail() == []


def test_reject_with_free_text_and_without_any_reason(env: WebEnv) -> None:
    client = env.signed_in()
    page = act(env, client, env.bcc.id, "reject", canned="", reason="")
    assert "a rejection needs a reason" in page.text and env.store.get(env.bcc.id).status == "held"
    page = act(env, client, env.bcc.id, "reject", canned="", reason="Send it with the copy line, please.")
    assert "Rejected." in page.text
    assert env.store.get(env.bcc.id).reason == "Send it with the copy line, please."


def test_a_second_action_is_refused_with_who_and_when(env: WebEnv) -> None:
    alice, bob = env.signed_in("alice"), env.signed_in("bob")
    stale = bob.get(f"/item/{env.oblig.id}")              # bob opened the item before alice acted
    act(env, alice, env.oblig.id, "release", recipients=list(env.oblig.rcpt_tos), action="release")
    handled_at = env.store.get(env.oblig.id).handled_at
    sent = bob.post(f"/item/{env.oblig.id}/reject", {"csrf": stale.csrf(), "reason": "No."})
    page = bob.follow(sent)
    assert f"cannot reject: {env.oblig.id} was already released by alice at {handled_at}" in page.text
    assert "Already released by alice" in flash(page.text)
    assert "Rejected" not in page.text.split("History")[0].replace("Released or rejected", "")
    queue = flash(bob.get("/queue?show=handled").text)
    assert env.oblig.id in queue and "Released by alice" in queue
    assert len(env.sink.mail()) == 1 and env.store.get(env.oblig.id).status == "released"


def test_a_failed_release_leaves_it_held_with_the_error_shown(env: WebEnv) -> None:
    client = env.signed_in()
    env.sink.stop()
    page = act(env, client, env.oblig.id, "release", recipients=list(env.oblig.rcpt_tos), action="release")
    assert "was not released and is still held" in page.text
    assert "The last release failed" in page.text
    assert env.store.get(env.oblig.id).status == "held"


def test_an_interrupted_release_needs_a_confirmed_retry(env: WebEnv) -> None:
    env.store.claim_release(env.oblig.id, "carol", list(env.oblig.rcpt_tos), False)   # then the process died
    client = env.signed_in()
    page = client.get(f"/item/{env.oblig.id}")
    assert "Release not finished" in page.text and "Retry the release" in page.text
    page = act(env, client, env.oblig.id, "release", recipients=list(env.oblig.rcpt_tos), action="retry")
    assert "tick the box" in page.text and env.sink.mail() == []
    page = act(env, client, env.oblig.id, "release", recipients=list(env.oblig.rcpt_tos), action="retry",
               checked="yes")
    assert "Released to" in page.text and len(env.sink.mail()) == 1
