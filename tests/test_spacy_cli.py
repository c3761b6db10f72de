"""spaCy imported without its command line, which is still there for whoever uses it."""

from __future__ import annotations

import subprocess
import sys

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
