"""The ``mailguard`` command's parser: every sub-command registered, none of their modules loaded until run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mailguard.cli import build_parser, main
from tests.conftest import EXAMPLE

#: What ``mailguard audit`` has no use for: the relay, the review page, the quarantine commands and store.
NOT_FOR_AN_AUDIT = ("mailguard.relay.server", "mailguard.relay.command", "mailguard.web.command", "mailguard.web.app",
                    "mailguard.quarantine.commands", "mailguard.quarantine.review", "aiosmtpd", "aiosmtplib")


def test_an_audit_does_not_load_the_relay_the_web_page_or_the_quarantine(tmp_path):
    """Each start of ``mailguard audit`` used to import every sub-command's module to build the parser (about
    0.4 s: the relay, aiosmtpd, the review page)."""
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    code = ("import sys\nfrom mailguard.cli import main\n"
            f"status = main(['audit', '--config', {str(EXAMPLE)!r}, '--progress', 'never', {str(empty)!r}])\n"
            f"print(status, sorted(m for m in {NOT_FOR_AN_AUDIT!r} if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr


def test_the_parser_compiles_no_cue_patterns_and_loads_no_spacy():
    """``mailguard --help``, ``quarantine list``, ``web``: the model command's options once named the feature
    modes from mailguard.model.features, which compiled every cue pattern (0.2 s) just to build the parser."""
    code = ("import sys\nfrom mailguard.cli import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in ('mailguard.cues', 'mailguard.model.features', 'spacy') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr


@pytest.mark.parametrize(("argv", "module", "handler"), [
    (["quarantine", "list", "--config", "c", "--state", "s"], "mailguard.quarantine.commands", "list_command"),
    (["quarantine", "release", "--config", "c", "--state", "s", "ID"], "mailguard.quarantine.commands",
     "release_command"),
    (["quarantine", "remind", "--config", "c", "--state", "s"], "mailguard.quarantine.commands", "remind_command"),
    (["web", "--config", "c", "--state", "s"], "mailguard.web.command", "web_command"),
    (["web", "hash-password"], "mailguard.web.command", "web_command"),
    (["relay", "--config", "c", "--state", "s"], "mailguard.relay.command", "relay_command"),
])
def test_each_lazy_sub_command_runs_its_own_handler(argv, module, handler, monkeypatch):
    """The parser names the handler without importing it; running the command imports it and returns its status."""
    import importlib  # noqa: PLC0415

    args = build_parser().parse_args(argv)
    called: list[object] = []
    target = importlib.import_module(module)
    monkeypatch.setattr(target, handler, lambda a: called.append(a) or 7)
    assert args.handler(args) == 7 and called == [args]


def test_quarantine_without_an_action_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["quarantine"])
    assert exc.value.code == 2 and "ACTION" in capsys.readouterr().err
