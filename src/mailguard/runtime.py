"""Building the engine for a run: config, language model and rules, once per process."""

from __future__ import annotations

import os
from pathlib import Path

from mailguard.config import Config, load_config
from mailguard.engine import Engine
from mailguard.nlp import CueDetector, Nlp

#: Where trained pipelines live. The repository's ``models/`` folder, or $MAILGUARD_MODELS.
DEFAULT_MODELS = Path(__file__).resolve().parent / "models"


def models_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return Path(explicit)
    env = os.environ.get("MAILGUARD_MODELS")
    return Path(env) if env else DEFAULT_MODELS


def load_nlp(models: Path | None = None) -> Nlp:
    return Nlp(CueDetector())


def build_engine(config_dir: Path, models: Path | None = None, config: Config | None = None) -> Engine:
    config = config if config is not None else load_config(Path(config_dir))
    return Engine(config, load_nlp(models))
