"""Every failure mailguard reports to a person is one of these.

    MailguardError
    ├── ConfigError        council.yaml / policy.yaml / a protocol pack is wrong (exit 2)
    ├── UsageError         the command line asks for something impossible (exit 2)
    ├── ModelError         a trained pipeline in models/ is missing or broken (exit 2)
    ├── ArchiveError       an audit path cannot be read as mail (exit 2)
    ├── RelayError         the SMTP relay cannot start or reach its upstream
    │   ├── UpstreamError      (relay.upstream) UpstreamUnavailable: no answer, retry later (451 4.4.x);
    │   │                      UpstreamRefused: the upstream's own 4xx/5xx, passed on unchanged
    │   └── NotifyError        (notify) a notice could not be sent; the action it reports stands
    └── QuarantineError    the quarantine store refuses an action
        ├── ItemNotFound, AlreadyHandled   (quarantine.store) no such item / someone else acted first
        └── ReleaseFailed                  (quarantine.review) upstream did not take it; still held

Messages are written for the person who has to fix the problem, usually a clerk: where (file and
line), what is wrong, and what to do about it. Third-party exceptions are translated at the boundary
with ``raise ... from exc`` so the original cause stays in tracebacks and logs.
"""

from __future__ import annotations

from pathlib import Path


class MailguardError(Exception):
    """Base class: ``str(err)`` is a complete, actionable message."""

    exit_code = 1


class ConfigError(MailguardError):
    """A configuration file is invalid. Carries the file and line so the message can point at it."""

    exit_code = 2

    def __init__(self, what: str, *, path: Path | str | None = None, line: int | None = None,
                 fix: str | None = None) -> None:
        self.what = what
        self.path = Path(path) if path is not None else None
        self.line = line
        self.fix = fix
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}"
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        text = f"{where}{self.what}"
        if self.fix:
            text += f"\n  How to fix: {self.fix}"
        return text


class ConfigErrors(ConfigError):
    """Several problems found in one pass, so the clerk can fix them all at once."""

    def __init__(self, errors: list[ConfigError]) -> None:
        self.errors = errors
        MailguardError.__init__(self, "\n".join(str(e) for e in errors))


class UsageError(MailguardError):
    exit_code = 2


class ModelError(MailguardError):
    exit_code = 2


class ArchiveError(MailguardError):
    exit_code = 2


class RelayError(MailguardError):
    pass


class QuarantineError(MailguardError):
    pass
