"""spaCy imported without its command line, which is still there for whoever uses it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from mailguard.spacy_cli import CommandLineDeferral

#: What spaCy's command line imports and mailguard never needs (0.2-0.4 s at each start).
CLI_ONLY = ("typer", "weasel", "requests", "httpx", "spacy.cli._util", "spacy.cli.download")


def _run(code: str) -> list[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return done.stdout.splitlines()


def test_loading_the_language_side_imports_no_command_line_and_still_splits_sentences():
    lines = _run("import sys\nfrom mailguard.runtime import load_nlp\n"
                 "nlp = load_nlp(None)\n"
                 "print(nlp.splitter.split('I will pay the invoice. The clerk agrees.'))\n"
                 f"print(sorted(m for m in {CLI_ONLY!r} if m in sys.modules))\n")
    assert lines == ["['I will pay the invoice.', 'The clerk agrees.']", "[]"]


def test_the_command_line_is_all_there_when_used():
    lines = _run("import mailguard.nlp, spacy\n"
                 "print(sorted(spacy.info()))\n"                # spacy.info(): the real function, run on call
                 "from spacy.cli import app, download\n"        # an attribute the deferred module lacked
                 "print(type(app).__name__, callable(download))\n"
                 "import spacy.cli.train\n"                      # a submodule, through the real __path__
                 "print(callable(spacy.cli.train.train_cli))\n")
    assert "spacy_version" in lines[0] and lines[1:] == ["Typer True", "True"]


def test_spacys_own_info_command_is_registered_and_spacy_info_is_the_real_function():
    """spacy.cli's __init__ takes info() from spacy.cli.info: that module's own code must have run, or
    `python -m spacy info` is missing (a reviewer found 14 commands instead of 15)."""
    lines = _run("import pickle, mailguard.nlp, spacy\nfrom spacy.cli import app\n"
                 "print('info' in [c.name for c in app.registered_commands])\n"
                 "print(spacy.info.__module__, len(pickle.dumps(spacy.info)) > 0)\n")
    assert lines == ["True", "spacy.cli.info True"]


def test_a_load_that_fails_is_tried_again_at_the_next_use():
    import importlib.util  # noqa: PLC0415
    import threading  # noqa: PLC0415

    from mailguard.spacy_cli import DeferredModule  # noqa: PLC0415

    class FailsOnce:
        calls = 0

        def create_module(self, spec):  # type: ignore[no-untyped-def]
            return None

        def exec_module(self, module):  # type: ignore[no-untyped-def]
            FailsOnce.calls += 1
            if FailsOnce.calls == 1:
                raise ImportError("typer is not installed")
            module.answer = 42

    module = DeferredModule("deferred_for_the_test")
    module._mailguard_spec = importlib.util.spec_from_loader("deferred_for_the_test", FailsOnce())  # type: ignore[assignment]
    module._mailguard_lock = threading.RLock()
    module._mailguard_state = "deferred"
    with pytest.raises(ImportError, match="typer"):
        module.answer  # noqa: B018
    assert module.answer == 42 and FailsOnce.calls == 2


def test_a_star_import_of_the_command_line_gets_all_of_it():
    lines = _run("import mailguard.nlp\nfrom spacy.cli import *\nprint(callable(download), type(app).__name__)\n")
    assert lines == ["True Typer"]


def test_spacy_imported_before_mailguard_is_left_as_it_is():
    lines = _run("import spacy, sys\nimport mailguard.nlp\n"
                 "print(type(sys.modules['spacy.cli']).__name__, 'typer' in sys.modules,\n"
                 "      any(type(f).__name__ == 'CommandLineDeferral' for f in sys.meta_path))\n")
    assert lines == ["module True False"]


def test_the_finder_answers_only_while_spacy_initialises():
    """Once spaCy is loaded (or before it is), imports of its command line are the import system's business."""
    import spacy  # noqa: F401, PLC0415 - loaded: not initialising

    finder = CommandLineDeferral()
    assert finder.find_spec("spacy.cli", None) is None
    assert finder.find_spec("spacy.cli.info", None) is None
    assert finder.find_spec("json", None) is None
