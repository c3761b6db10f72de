"""What a reviewer can do with a held message: release (all or some recipients, optionally fixed), reject.

The command line and the clerk's web page both call :class:`Review`; neither touches the store
directly for an action, so every action is checked, logged and notified the same way. A reviewer is
named by a plain string (the CLI's ``--reviewer`` or the login name; the web page's signed-in
user): it is what the action log and the "already handled by" refusals show.

Release is exactly-once: the item is first claimed (``held`` -> ``releasing``, refused if anyone
else got there first), then delivered through :func:`mailguard.relay.delivery.deliver`, the same
path as clean mail, then marked ``released``. If the upstream refuses or is down, the item goes back
to ``held`` with the error recorded for the next reviewer to see. If the process dies after
delivery but before marking it, the item stays ``releasing`` and a second release is refused until
someone has checked and passes ``retry_interrupted``: sending twice is worse than asking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from mailguard.config import Config
from mailguard.errors import QuarantineError
from mailguard.ledger_store import PersistentLedger, entry_from_json
from mailguard.notify import Notifier, NotifyError, load_templates
from mailguard.quarantine.store import Item, QuarantineStore, parse_iso, utc_now
from mailguard.relay.delivery import deliver
from mailguard.relay.upstream import Outgoing, SmtpUpstream, Upstream, UpstreamError
from mailguard.rewrite import add_cc_footer, cc_lines
from mailguard.settings import HostPort, QuarantineSettings, ServiceSettings


class ReleaseFailed(QuarantineError):
    """The upstream did not take the released message; it is held again, with this error recorded."""

    def __init__(self, item_id: str, error: UpstreamError) -> None:
        self.error = error
        super().__init__(f"{item_id} was not released and is still held: {error}")


@dataclass
class Outcome:
    """An action's result: the item as it is now, and any notice that could not be sent."""

    item: Item
    notice_problems: list[str] = field(default_factory=list)


@dataclass
class Reminders:
    reminded: list[str] = field(default_factory=list)
    escalated: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


class Review:
    def __init__(self, store: QuarantineStore, upstream: Upstream, notifier: Notifier | None,
                 settings: QuarantineSettings, ledger: PersistentLedger | None = None) -> None:
        self.store = store
        self.upstream = upstream
        self.notifier = notifier
        self.settings = settings
        self.ledger = ledger

    async def release(self, item_id: str, reviewer: str, *, recipients: Sequence[str] | None = None,
                      fix: bool = False, retry_interrupted: bool = False) -> Outcome:
        reviewer = _reviewer(reviewer)
        item = self.store.get(item_id)
        chosen = _chosen_recipients(item, recipients)
        data = self.store.raw(item.id) if item.has_message else b""
        if fix:
            names = undisclosed_councillors(item)
            if not names:
                raise QuarantineError(f"{item.id} has no silent-bcc finding, so there is no footer to fix; "
                                      f"release it without --fix")
            fixed = add_cc_footer(data, names)
            if fixed is None:
                raise QuarantineError(f"{item.id}: the footer cannot be added (no text body, or the message is "
                                      f"signed or encrypted); release it as it is or reject it")
            data = fixed
        self.store.claim_release(item.id, reviewer, chosen, fix, retry_interrupted=retry_interrupted)
        entry = entry_from_json(item.ledger_entry) if item.ledger_entry else None
        try:
            reply = await deliver(self.upstream, Outgoing(item.mail_from, tuple(chosen), data, item.smtputf8),
                                  self.ledger, entry)
        except UpstreamError as exc:
            self.store.fail_release(item.id, reviewer, str(exc))
            raise ReleaseFailed(item.id, exc) from exc
        except BaseException as exc:
            self.store.fail_release(item.id, reviewer, f"interrupted: {type(exc).__name__}")
            raise
        done = self.store.finish_release(item.id, reviewer, chosen, fix, f"{reply.code} {reply.text}")
        return Outcome(done)

    async def reject(self, item_id: str, reviewer: str, *, reason: str | None = None,
                     canned: str | None = None) -> Outcome:
        reviewer = _reviewer(reviewer)
        text = " ".join((reason or "").split())
        if canned is not None:
            if canned not in self.settings.reject_reasons:
                known = ", ".join(sorted(self.settings.reject_reasons)) or "none are configured"
                raise QuarantineError(f"unknown canned reason '{canned}' (known: {known}; they are set under "
                                      f"quarantine: reject_reasons: in policy.yaml)")
            text = self.settings.reject_reasons[canned] + (f" {text}" if text else "")
        if not text:
            raise QuarantineError("a rejection needs a reason: --reason TEXT or --canned NAME")
        item = self.store.reject(item_id, reviewer, text, canned)
        problems: list[str] = []
        if self.notifier is not None:
            problems = await self.notifier.rejected(
                reference=item.id, mail_from=item.mail_from, sender=item.header_from, rcpt_tos=item.rcpt_tos,
                subject=item.subject, received_at=item.received_at, findings=item.findings, reason=text,
                reviewer=reviewer)
        return Outcome(item, problems)

    async def remind(self, now: datetime | None = None) -> Reminders:
        """Remind the clerk of items unreviewed too long (and escalate if configured). Never releases."""
        now = now or utc_now()
        done = Reminders()
        held = [i for i in self.store.list(("held",))]
        due = [i for i in held if _age(i.received_at, now) >= self.settings.remind_after
               and (i.reminded_at is None or _age(i.reminded_at, now) >= self.settings.remind_every)]
        if due and self.notifier is not None:
            try:
                await self.notifier.send("reminder-clerk", list(self.notifier.settings.clerk), {
                    "count": len(due), "items": _item_lines(due, now),
                    "remind_after": _duration(self.settings.remind_after)})
                for item in due:
                    self.store.record_reminder(item.id, "remind", self.notifier.settings.clerk, now)
                    done.reminded.append(item.id)
            except NotifyError as exc:
                done.problems.append(str(exc))
        if self.settings.escalate_after is not None and self.notifier is not None:
            late = [i for i in held
                    if i.escalated_at is None and _age(i.received_at, now) >= self.settings.escalate_after]
            to = list(self.settings.escalate_to or self.notifier.settings.chair)
            if late and not to:
                done.problems.append("escalation is configured but there is no chair to escalate to "
                                     "(set notify: chair: or quarantine: escalate_to:)")
            elif late:
                try:
                    await self.notifier.send("escalation-chair", to, {
                        "count": len(late), "items": _item_lines(late, now),
                        "escalate_after": _duration(self.settings.escalate_after)})
                    for item in late:
                        self.store.record_reminder(item.id, "escalate", to, now)
                        done.escalated.append(item.id)
                except NotifyError as exc:
                    done.problems.append(str(exc))
        return done


def open_review(config: Config, settings: ServiceSettings, store: QuarantineStore,
                upstream_address: HostPort | None = None) -> Review:
    """A :class:`Review` wired the way the relay is: its upstream, notices and ledger (CLI and web page)."""
    upstream_settings = settings.relay.upstream
    if upstream_address is not None:
        upstream_settings = replace(upstream_settings, address=upstream_address)
    if upstream_settings.address is None:
        raise QuarantineError("releasing and rejecting send mail, but no upstream is configured: set relay: "
                              "upstream: in policy.yaml (or pass --upstream HOST:PORT)")
    upstream = SmtpUpstream(upstream_settings, local_hostname=settings.relay.hostname)
    notifier = None
    if settings.notify.enabled:
        notifier = Notifier(settings.notify, config.council.name, upstream, load_templates(settings.notify.templates))
    return Review(store, upstream, notifier, settings.quarantine, PersistentLedger(store.state_dir))


def undisclosed_councillors(item: Item) -> list[str]:
    """The councillors a silent-bcc finding says must be named at the foot ("CC Councillor X")."""
    names: list[str] = []
    for finding in item.findings:
        if finding.get("rule") == "silent-bcc":
            for name in (finding.get("fix_data") or {}).get("undisclosed", []):
                if name not in names:
                    names.append(str(name))
    return names


def footer_preview(item: Item) -> list[str]:
    return cc_lines(undisclosed_councillors(item))


def _chosen_recipients(item: Item, recipients: Sequence[str] | None) -> list[str]:
    if not recipients:
        return list(item.rcpt_tos)
    by_lower = {r.lower(): r for r in item.rcpt_tos}
    chosen, unknown = [], []
    for r in recipients:
        key = r.strip().strip("<>").lower()
        (chosen.append(by_lower[key]) if key in by_lower else unknown.append(r))
    if unknown:
        raise QuarantineError(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not among the "
                              f"recipients of {item.id} ({', '.join(item.rcpt_tos)}); a release can only go to "
                              f"some of the original recipients")
    return list(dict.fromkeys(chosen))


def _reviewer(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise QuarantineError("say who is acting: every action is logged with the reviewer's name (--reviewer)")
    return name


def _age(when: str, now: datetime) -> float:
    return (now - parse_iso(when)).total_seconds()


def _duration(seconds: float) -> str:
    if seconds >= 86400 and seconds % 86400 == 0:
        days = int(seconds // 86400)
        return f"{days} day{'s' if days != 1 else ''}"
    if seconds >= 3600:
        hours = round(seconds / 3600, 1)
        return f"{hours:g} hour{'s' if hours != 1 else ''}"
    return f"{int(seconds // 60)} minutes"


def _item_lines(items: Sequence[Item], now: datetime) -> str:
    return "\n".join(f"- {i.id}  held {_duration(_age(i.received_at, now))}  from {i.mail_from or '<>'}  "
                     f"\"{i.subject}\"  ({', '.join(i.rules)})" for i in items)
