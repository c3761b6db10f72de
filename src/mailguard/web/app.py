"""The clerk's review page as a WSGI application: sign in, the queue, one item, and its actions.

Every action goes through :class:`mailguard.quarantine.review.Review` (release, reject), exactly as
``mailguard quarantine`` does, so the checks, the action log, the notices and the "already handled
by ... at ..." refusals are the same whichever front end a reviewer uses; pages only read the store.
Review's methods are coroutines running on the event loop that owns the upstream connections (the
relay's own loop when the page is served by the relay); ``run`` hands one to that loop and waits.

Requests: GET shows, POST acts (and only with the session's CSRF token); after a POST the browser
is sent to the result page with 303, which shows the outcome once.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Coroutine, Iterable
from http import HTTPStatus
from typing import Any

from mailguard.errors import QuarantineError
from mailguard.quarantine.review import ReleaseFailed, Review, footer_preview
from mailguard.quarantine.store import OPEN_STATUSES, AlreadyHandled, Item, ItemNotFound, QuarantineStore
from mailguard.relay.logs import event
from mailguard.settings import WebSettings
from mailguard.web.auth import Accounts, LoginThrottle
from mailguard.web.display import message_view
from mailguard.web.http import BadRequest, Request, Response, StartResponse, redirect
from mailguard.web.render import STATIC, Pages
from mailguard.web.sessions import Session, SessionStore

log = logging.getLogger("mailguard.web")

Run = Callable[[Coroutine[Any, Any, Any]], Any]
_ITEM = re.compile(r"^/item/([A-Za-z0-9-]{1,64})(?:/(release|reject))?$")
_REFERENCE = re.compile(r"^[A-Za-z0-9-]{1,64}$")
MAX_REASON_CHARS = 2000
#: The queue's tabs: (label, statuses, newest first).
TABS: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "held": ("Waiting for review", OPEN_STATUSES, False),
    "handled": ("Released or rejected", ("released", "rejected"), True),
    "blocked": ("Blocked", ("blocked",), True),
}
MAX_LISTED = 200


class ReviewApp:
    """One per server process; thread-safe (the store, sessions and throttle all lock)."""

    def __init__(self, *, store: QuarantineStore, review: Review, run: Run, settings: WebSettings,
                 council: str) -> None:
        self.store = store
        self.review = review
        self.run = run
        self.settings = settings
        self.accounts = Accounts(settings.users)
        self.sessions = SessionStore(settings.idle_timeout, settings.max_session)
        self.throttle = LoginThrottle()
        self.pages = Pages(settings.url_prefix, settings.timezone, council)
        # Two cookies: the signed-in session, and the one behind the sign-in form. Kept apart so that
        # reaching the sign-in page from a link in another site (which SameSite=Strict sends without
        # cookies) never overwrites, and so signs out, the session the browser already has.
        prefix = ("__Secure-" if settings.url_prefix else "__Host-") if settings.secure else ""
        self.cookie = f"{prefix}mailguard"
        self.login_cookie = f"{prefix}mailguard-login"

    # ------------------------------------------------------------------ plumbing
    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ, self.settings.url_prefix, self.settings.https_proxy)
        try:
            response = self._dispatch(request)
        except BadRequest as exc:
            response = self._error(exc.status, "That request could not be handled", str(exc))
        except Exception:  # noqa: BLE001 - a bug must give a page, not a dropped connection
            log.exception("review page failed on %s %s", request.method, request.path)
            response = self._error(HTTPStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                                   "The page failed; any action may or may not have happened. Open the item "
                                   "again to see its state, and see the server log for details.")
        return response.send(start_response, self.settings.secure, head=request.method == "HEAD")

    def _dispatch(self, request: Request) -> Response:
        path, method = request.path, request.method
        if path == "/static/style.css":
            return self._static(method)
        session, expired = self.sessions.get(request.cookies.get(self.cookie))
        if session is not None and session.user is None:
            session = None                                   # only a signed-in session counts here
        if path == "/login":
            if session is not None:
                return redirect(self.pages.url("/queue"))
            form = self._login_session(request)
            return self._login(request, form) if method == "POST" else self._login_page(form)
        if session is None:
            return self._to_login(self._login_session(request), expired, acted=method == "POST")
        if method == "POST":
            if not session.csrf_ok(request.field("csrf")):
                return self._error(HTTPStatus.FORBIDDEN, "This form has expired",
                                   "Nothing was done: the form was not sent from this page or is out of "
                                   "date. Go back, reload the page and try again.", session)
            return self._post(request, session, path)
        if method not in ("GET", "HEAD"):
            return self._error(HTTPStatus.METHOD_NOT_ALLOWED, "Not allowed", "Use the page's buttons.",
                               session)
        if path == "/":
            return redirect(self.pages.url("/queue"))
        if path == "/queue":
            return self._queue(request, session)
        m = _ITEM.match(path)
        if m and not m.group(2):
            return self._item(session, m.group(1))
        return self._error(HTTPStatus.NOT_FOUND, "Not found", "There is no such page.", session)

    def _post(self, request: Request, session: Session, path: str) -> Response:
        if path == "/logout":
            self.sessions.end(session)
            event(log, "signed out", user=session.user)
            form = self.sessions.anonymous()
            form.flash("ok", "You have signed out.")
            response = self._set_cookie(redirect(self.pages.url("/login")), self.cookie, None)
            return self._set_cookie(response, self.login_cookie, form)
        if path == "/lookup":
            reference = request.field("reference").strip()
            if not _REFERENCE.match(reference):
                session.flash("error", "A reference looks like 20240501-7F3A9C (from a notice or a reply).")
                return redirect(self.pages.url("/queue"))
            return redirect(self.pages.url(f"/item/{reference.upper()}"))
        m = _ITEM.match(path)
        if m and m.group(2) == "release":
            return self._release(request, session, m.group(1))
        if m and m.group(2) == "reject":
            return self._reject(request, session, m.group(1))
        return self._error(HTTPStatus.NOT_FOUND, "Not found", "There is no such action.", session)

    def _set_cookie(self, response: Response, name: str, session: Session | None) -> Response:
        """Point cookie ``name`` at ``session``, or delete it (None). Never readable by scripts."""
        path = self.settings.url_prefix or "/"
        value = f"{session.token}" if session is not None else "; Max-Age=0"
        cookie = f"{name}={value}; Path={path}; HttpOnly; SameSite=Strict"
        if self.settings.secure:
            cookie += "; Secure"
        response.headers.append(("Set-Cookie", cookie))
        return response

    def _login_session(self, request: Request) -> Session | None:
        """The anonymous session behind the sign-in form, if this browser has a live one."""
        form, _ = self.sessions.get(request.cookies.get(self.login_cookie))
        return form if form is not None and form.user is None else None

    def _page(self, template: str, session: Session | None, status: int = 200, **context: Any) -> Response:
        return self.pages.render(template, status, user=session.user if session else None,
                                 csrf=session.csrf if session else "",
                                 messages=session.take_messages() if session else [], **context)

    def _error(self, status: int, title: str, message: str, session: Session | None = None) -> Response:
        return self._page("error.html", session if session and session.user else None, status,
                          title=title, message=message)

    def _static(self, method: str) -> Response:
        if method not in ("GET", "HEAD"):
            return self._error(HTTPStatus.METHOD_NOT_ALLOWED, "Not allowed", "Use GET.")
        return Response(200, (STATIC / "style.css").read_bytes(), "text/css; charset=utf-8", cacheable=True)

    # ------------------------------------------------------------------ signing in and out
    def _login_page(self, form: Session | None, status: int = 200, username: str = "") -> Response:
        fresh = form is None
        form = form or self.sessions.anonymous()
        response = self._page("login.html", form, status, title="Sign in", username=username)
        return self._set_cookie(response, self.login_cookie, form) if fresh else response

    def _login(self, request: Request, session: Session | None) -> Response:
        if session is None or not session.csrf_ok(request.field("csrf")):
            fresh = self.sessions.anonymous()
            fresh.flash("error", "The sign-in form had expired. Please sign in again.")
            return self._set_cookie(redirect(self.pages.url("/login")), self.login_cookie, fresh)
        username = request.field("username")[:64]
        password = request.field("password")[:1024]
        wait = self.throttle.wait(username, request.client)
        if wait > 0:
            event(log, "sign-in refused: too many failures", logging.WARNING, user=username,
                  client=request.client)
            minutes = max(1, round(wait / 60))
            session.flash("error", f"Too many failed sign-ins. Try again in {minutes} minute"
                                   f"{'s' if minutes != 1 else ''}.")
            return self._login_page(session, HTTPStatus.TOO_MANY_REQUESTS, username)
        name = self.accounts.check(username, password) if username and password else None
        if name is None:
            self.throttle.failed(username, request.client)
            event(log, "sign-in failed", logging.WARNING, user=username, client=request.client)
            session.flash("error", "That name and password do not match a reviewer account.")
            return self._login_page(session, HTTPStatus.UNAUTHORIZED, username)
        self.throttle.succeeded(name)
        signed_in = self.sessions.sign_in(session, name)
        event(log, "signed in", user=name, client=request.client)
        response = self._set_cookie(redirect(self.pages.url("/queue")), self.cookie, signed_in)
        return self._set_cookie(response, self.login_cookie, None)

    def _to_login(self, form: Session | None, expired: bool, acted: bool) -> Response:
        fresh = form is None
        form = form or self.sessions.anonymous()
        if expired or acted:
            form.flash("error", ("Your session expired. " if expired else "Please sign in first. ")
                       + ("Nothing was done; sign in and try again." if acted else "Please sign in."))
        response = redirect(self.pages.url("/login"))
        return self._set_cookie(response, self.login_cookie, form) if fresh else response

    # ------------------------------------------------------------------ reading
    def _queue(self, request: Request, session: Session) -> Response:
        tab = request.arg("show", "held")
        if tab not in TABS:
            tab = "held"
        label, statuses, newest_first = TABS[tab]
        items = self.store.list(statuses)
        if newest_first:
            items = items[::-1]
        waiting = len(items) if tab == "held" else len(self.store.list(OPEN_STATUSES))
        return self._page("queue.html", session, title=label, tab=tab, tabs=TABS, items=items[:MAX_LISTED],
                          total=len(items), waiting=waiting)

    def _item(self, session: Session, item_id: str) -> Response:
        try:
            item = self.store.get(item_id)
        except ItemNotFound:
            return self._error(HTTPStatus.NOT_FOUND, "No such item",
                               f"There is no held message or incident with the reference {item_id}.", session)
        raw = None
        problem = None
        if item.has_message:
            try:
                raw = self.store.raw(item.id)
            except QuarantineError as exc:
                problem = str(exc)
        view = message_view(item, raw)
        return self._page("item.html", session, title=item.subject or "(no subject)", item=item, view=view,
                          problem=problem or view.problem, history=self.store.actions(item.id),
                          footer=footer_preview(item), reasons=self.review.settings.reject_reasons)

    # ------------------------------------------------------------------ acting (through Review only)
    def _release(self, request: Request, session: Session, item_id: str) -> Response:
        item = self._get_or_none(item_id)
        if item is None:
            return self._error(HTTPStatus.NOT_FOUND, "No such item", f"There is no item {item_id}.", session)
        back = redirect(self.pages.url(f"/item/{item.id}"))
        how = request.field("action")
        chosen = request.fields("recipients")
        if not chosen:
            session.flash("error", "Nothing was sent: tick at least one recipient to release to.")
            return back
        if how == "retry" and request.field("checked") != "yes":
            session.flash("error", "Nothing was sent: first check with the recipients that the interrupted "
                                   "release did not arrive, then tick the box to say so.")
            return back
        everyone = {r.lower() for r in item.rcpt_tos} == {c.strip().lower() for c in chosen}
        fix = how == "fix"
        try:
            outcome = self.run(self.review.release(item.id, session.user or "",
                                                   recipients=None if everyone else chosen, fix=fix,
                                                   retry_interrupted=how == "retry"))
        except (AlreadyHandled, ReleaseFailed, QuarantineError) as exc:
            event(log, "release refused", logging.WARNING, user=session.user, item=item.id, error=str(exc))
            session.flash("error", str(exc))
            return back
        done = outcome.item
        event(log, "released", user=session.user, item=done.id, recipients=len(done.released_to or ()),
              fix=fix)
        session.flash("ok", f"Released to {', '.join(done.released_to or ())}"
                            f"{' with the CC footer added' if fix else ''}.")
        return back

    def _reject(self, request: Request, session: Session, item_id: str) -> Response:
        item = self._get_or_none(item_id)
        if item is None:
            return self._error(HTTPStatus.NOT_FOUND, "No such item", f"There is no item {item_id}.", session)
        back = redirect(self.pages.url(f"/item/{item.id}"))
        reason = request.field("reason").strip()
        canned = request.field("canned").strip() or None
        if len(reason) > MAX_REASON_CHARS:
            session.flash("error", f"Nothing was done: keep the reason under {MAX_REASON_CHARS} characters.")
            return back
        if not reason and canned is None:
            session.flash("error", "Nothing was done: a rejection needs a reason (choose one or write one); "
                                   "the sender is told it.")
            return back
        try:
            outcome = self.run(self.review.reject(item.id, session.user or "", reason=reason or None,
                                                  canned=canned))
        except (AlreadyHandled, QuarantineError) as exc:
            event(log, "reject refused", logging.WARNING, user=session.user, item=item.id, error=str(exc))
            session.flash("error", str(exc))
            return back
        event(log, "rejected", user=session.user, item=outcome.item.id, canned=canned)
        session.flash("ok", f"Rejected. The sender is told: \u201c{outcome.item.reason}\u201d")
        for problem in outcome.notice_problems:
            session.flash("warning", f"The rejection stands, but {problem}")
        return back

    def _get_or_none(self, item_id: str) -> Item | None:
        try:
            return self.store.get(item_id)
        except ItemNotFound:
            return None
