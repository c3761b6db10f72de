"""spaCy without its command line: ``import spacy`` loads ``spacy.cli`` only when something uses it.

spaCy 3's ``__init__`` runs ``from .cli.info import info``, which imports every one of its command-line
commands and what they need (typer, weasel, requests, httpx, pydantic schemas for project files):
0.2-0.4 s of every start of the relay and the audit, for code mailguard never runs. spaCy's own fix
(explosion/spaCy#12962, "Load the cli module lazily for spacy.info") is not in the 3.x releases.

While spaCy's ``__init__`` is running, and only then, :class:`CommandLineDeferral` answers the imports of
``spacy.cli`` and ``spacy.cli.info`` with modules that run their real code on first use: the first
attribute they do not yet have (``spacy.cli.app``, say), or a call of ``spacy.info()``. Their
``__path__`` is the real one, so ``import spacy.cli.train`` works as before. Anything that does use
spaCy's command line (``python -m spacy``, a training script) gets the real thing, one step later.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types
from collections.abc import Sequence
from typing import Any

#: The modules spaCy's ``__init__`` imports for ``spacy.info`` alone.
DEFERRED = ("spacy.cli", "spacy.cli.info")


class DeferredModule(types.ModuleType):
    """A module whose real code runs the first time an attribute it lacks is asked for."""

    _mailguard_spec: importlib.machinery.ModuleSpec
    _mailguard_lock: threading.RLock
    _mailguard_state: str            # "deferred", "loading" or "loaded"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_mailguard_") or (name.startswith("__") and name != "__all__"):
            raise AttributeError(name)    # the import system's own look-ups load nothing
        load(self)
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None


def load(module: DeferredModule) -> None:
    """Run the module's real code in it: once, by the first thread to ask (others wait). While it runs, the
    module is partly initialised, as any module being imported is; if it fails, the next use tries again."""
    with module._mailguard_lock:
        if module._mailguard_state != "deferred":
            return
        module._mailguard_state = "loading"
        loader = module._mailguard_spec.loader
        assert loader is not None
        try:
            if module.__name__ == "spacy.cli":
                # Its __init__ takes info() from spacy.cli.info: run that module's real code first, or its
                # command is never registered on spaCy's CLI (`python -m spacy info` would be missing).
                info = sys.modules.get("spacy.cli.info")
                if isinstance(info, DeferredModule):
                    load(info)
            loader.exec_module(module)
        except BaseException:
            module._mailguard_state = "deferred"
            raise
        module._mailguard_state = "loaded"
        spacy = sys.modules.get("spacy")
        if module.__name__ == "spacy.cli.info" and spacy is not None and "info" in module.__dict__:
            spacy.__dict__["info"] = module.__dict__["info"]   # spacy.info is the real function from now on


class _DeferringLoader(importlib.abc.Loader):
    def __init__(self, real: importlib.machinery.ModuleSpec) -> None:
        self.real = real

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        module = DeferredModule(spec.name)
        module._mailguard_spec = self.real
        module._mailguard_lock = threading.RLock()
        module._mailguard_state = "deferred"
        return module

    def exec_module(self, module: types.ModuleType) -> None:
        assert isinstance(module, DeferredModule)
        module.__file__ = self.real.origin
        if self.real.submodule_search_locations is not None:
            module.__path__ = list(self.real.submodule_search_locations)
        if module.__name__ == "spacy.cli.info":
            module.__dict__["info"] = _info_when_called(module)   # what spaCy's __init__ takes from it


def _info_when_called(module: DeferredModule) -> Any:
    def info(*args: Any, **kwargs: Any) -> Any:
        load(module)
        return module.__dict__["info"](*args, **kwargs)

    info.__doc__ = "spaCy's info(): its command-line module is loaded at the first call."
    return info


class CommandLineDeferral(importlib.abc.MetaPathFinder):
    """Answers ``spacy.cli`` and ``spacy.cli.info`` with deferred modules while spaCy initialises."""

    def find_spec(self, fullname: str, path: Sequence[str] | None,
                  target: types.ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED or not _spacy_initialising():
            return None
        real = importlib.machinery.PathFinder.find_spec(fullname, path)
        if real is None or real.loader is None:
            return None
        spec = importlib.util.spec_from_loader(fullname, _DeferringLoader(real), origin=real.origin,
                                               is_package=real.submodule_search_locations is not None)
        if spec is not None and real.submodule_search_locations is not None:
            spec.submodule_search_locations = list(real.submodule_search_locations)
        return spec


def _spacy_initialising() -> bool:
    spacy = sys.modules.get("spacy")
    return bool(getattr(getattr(spacy, "__spec__", None), "_initializing", False))


def install() -> None:
    """Defer spaCy's command line in this process, if spaCy has not been imported yet."""
    if "spacy" in sys.modules or any(isinstance(f, CommandLineDeferral) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, CommandLineDeferral())
