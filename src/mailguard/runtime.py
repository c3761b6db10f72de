"""Building the engine for a run: config, language model and rules, once per process."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from mailguard.config import Config, load_config
from mailguard.engine import Engine
from mailguard.nlp import Nlp

#: Where trained pipelines live: ``src/mailguard/models`` is a symlink to the repository's
#: ``models/`` (and is a real folder in an installed wheel), overridden by $MAILGUARD_MODELS.
DEFAULT_MODELS = Path(__file__).resolve().parent / "models"
#: The commitment/instruction detector's pipeline, inside the models folder.
COMMITMENT = "commitment"


def models_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("MAILGUARD_MODELS")
    return Path(env) if env else DEFAULT_MODELS


def load_nlp(models: Path | None = None) -> Nlp:
    """The language side of the rules, with the trained detector from ``models/commitment``.

    Raises :class:`mailguard.errors.ModelError` if the model is missing or damaged: there is no
    keyword fall-back. Cached per models folder, so every engine in a process (and every worker
    forked from it) shares one loaded pipeline; until a worker's first rebuild of it
    (:class:`~mailguard.nlp.RenewingPipeline`), after which that worker's copy is its own.
    """
    return _load_nlp(str(models_dir(models).resolve()))


@lru_cache(maxsize=4)
def _load_nlp(models: str) -> Nlp:
    from mailguard.model.detector import TrainedDetector  # noqa: PLC0415

    return Nlp(TrainedDetector.load(Path(models) / COMMITMENT))


def build_engine(config_dir: Path, models: Path | None = None, config: Config | None = None) -> Engine:
    config = config if config is not None else load_config(Path(config_dir))
    return Engine(config, load_nlp(models))
