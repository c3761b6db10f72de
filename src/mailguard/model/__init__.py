"""The trained commitment/instruction detector: data, training, tuning, evaluation and loading.

``models/commitment`` is a spaCy pipeline (tokenizer + textcat, CPU only, no vectors) built from the
hand-labelled sentences in ``models/data`` by ``mailguard model train``;
:class:`mailguard.model.detector.TrainedDetector` loads it for the councillor-obligation rule. See
docs/model.md for how the architecture was chosen and how well it does on held-out text.

Importing this package is cheap (no spaCy), so the command line can list its options quickly.
"""
