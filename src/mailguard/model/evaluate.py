"""``mailguard model evaluate``: the held-out figures, computed through the production code path.

Sentence level: precision, recall and F1 for *binding* on ``test/sentences.jsonl``, and the errors
counted by the data's ``kind``. Message level, on ``test/messages.jsonl``: each body is split with
:class:`SentenceSplitter` and judged by the detector exactly as :meth:`Nlp.binding_sentences` does
in the rule; a non-binding message with any sentence flagged is a false alarm. Then the same messages
again through the councillor-obligation rule itself (:func:`through_rule`): each sent by a councillor
to a resident, so the sign-off and quoted-text handling of the rule are part of the figure.

This is the only module that reads the test split, and it only reports: nothing here feeds back
into training, the threshold or the choice of architecture.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING

from mailguard.model.data import HISTORY, TEST_SPLITS, Message, load_test_messages, load_test_sentences
from mailguard.model.metrics import Scores, confusion, errors_by_kind
from mailguard.nlp import CommitmentDetector, Nlp

if TYPE_CHECKING:
    from mailguard.engine import Engine
    from mailguard.facts import MessageFacts


@dataclass(frozen=True)
class Miss:
    label: int
    score: float
    kind: str
    text: str


@dataclass(frozen=True)
class Evaluation:
    sentences: Scores
    by_kind: Counter[str]
    false_alarms: int
    clean_messages: int
    flagged_binding: int
    binding_messages: int
    misses: list[Miss] = field(default_factory=list)
    alarms: list[tuple[str, list[str]]] = field(default_factory=list)   # (message, sentences flagged)
    rule: RulePath | None = None


@dataclass(frozen=True)
class RulePath:
    """The message-level figures through the councillor-obligation rule, as the relay and audit run it."""

    false_alarms: int
    clean_messages: int
    flagged_binding: int
    binding_messages: int
    alarms: list[tuple[str, list[str]]] = field(default_factory=list)   # (message, evidence)


def evaluate(detector: CommitmentDetector, data_dir: Path, split: str = TEST_SPLITS[0]) -> Evaluation:
    rows = load_test_sentences(data_dir, split)
    judged = detector.judge([r.text for r in rows])
    predicted = [j.binding for j in judged]
    labels = [r.label for r in rows]
    misses = [Miss(r.label, j.score, r.kind, r.text) for r, j in zip(rows, judged, strict=True)
              if j.binding != bool(r.label)]
    nlp = Nlp(detector)
    alarms, clean, flagged_binding, binding_messages = _count_messages(
        load_test_messages(data_dir, split), lambda _n, m: [b.text for b in nlp.binding_sentences(m.text)])
    return Evaluation(confusion(labels, predicted), errors_by_kind([r.kind for r in rows], labels, predicted),
                      len(alarms), clean, flagged_binding, binding_messages, misses, alarms,
                      through_rule(detector, data_dir, split))


_COUNCIL = """council:
  name: Evaluation Parish Council
  domains: [evaluation-pc.gov.uk]
people:
  - name: Jane Doe
    role: clerk
    addresses: [clerk@evaluation-pc.gov.uk]
  - name: Chris Lee
    role: councillor
    addresses: [cllr.lee@evaluation-pc.gov.uk]
"""
_POLICY = """mode: enforce
rules:
  councillor-obligation: {action: quarantine}
  silent-bcc: {action: "off"}
  confidential-forward: {action: "off"}
  councillor-speaks-for-council: {action: "off"}
  instructs-staff: {action: "off"}
  confidential-external: {action: "off"}
  public-criticism: {action: "off"}
"""


def through_rule(detector: CommitmentDetector, data_dir: Path, split: str = TEST_SPLITS[0]) -> RulePath:
    """Each held-out message sent by a councillor to a resident, checked by councillor-obligation.

    The sentence-level message figure above judges every line, greeting and name included; the rule
    reads only the councillor's own text above the sign-off, so this is the false-alarm rate a
    council would see. Nothing is tuned on it.

    The writers sign their messages for councils of their own invention ("Cllr Jo Hale, Broseley Town
    Council"), and the rule reads another council's promise as a third party's: so each message is
    checked with the council it names as this council, as its writer meant (the last town, parish,
    community, village, city or neighbourhood council named in the writer's own text, above any quoted
    history; "Evaluation Parish Council" if none).
    """
    mail = HeldOutMail(Nlp(detector))

    def findings(n: int, m: Message) -> list[str]:
        engine, facts = mail.facts(n, m.text)
        verdict = engine.evaluate(facts)
        return [e for f in verdict.findings if f.rule == "councillor-obligation" for e in f.evidence]

    alarms, clean, flagged_binding, binding_messages = _count_messages(load_test_messages(data_dir, split), findings)
    return RulePath(len(alarms), clean, flagged_binding, binding_messages, alarms)


class HeldOutMail:
    """A held-out e-mail body as the rule sees it: sent by a councillor to a resident, for the council its
    writer named (see :func:`through_rule`); one engine per council named."""

    def __init__(self, nlp: Nlp) -> None:
        self.nlp = nlp
        self.engines: dict[str, Engine] = {}

    def engine_for(self, text: str) -> Engine:
        from mailguard.config import load_config  # noqa: PLC0415
        from mailguard.engine import Engine  # noqa: PLC0415

        own = HISTORY.split(text, maxsplit=1)[0]
        named = list(_COUNCIL_NAMED.finditer(own)) or list(_COUNCIL_NAMED.finditer(text))
        name = " ".join(named[-1].group(0).split()) if named else "Evaluation Parish Council"
        if name not in self.engines:
            with tempfile.TemporaryDirectory(prefix="mailguard-eval-") as tmp:
                (Path(tmp) / "council.yaml").write_text(_COUNCIL.replace("Evaluation Parish Council", name),
                                                        encoding="utf-8")
                (Path(tmp) / "policy.yaml").write_text(_POLICY, encoding="utf-8")
                self.engines[name] = Engine(load_config(Path(tmp)), self.nlp)
        return self.engines[name]

    def facts(self, n: int, text: str) -> tuple[Engine, MessageFacts]:
        from mailguard.message import parse  # noqa: PLC0415

        mail = EmailMessage()
        mail["From"] = "Cllr Chris Lee <cllr.lee@evaluation-pc.gov.uk>"
        mail["To"] = "A Resident <resident@example.org>"
        mail["Subject"] = "Re: your email"
        mail["Message-ID"] = f"<eval-{n}@evaluation-pc.gov.uk>"
        mail.set_content(text)
        engine = self.engine_for(text)
        return engine, engine.facts(parse(bytes(mail)))


#: A local council named in a held-out message; the last one in the writer's own text is theirs (their
#: signature: "Chair, Broseley Town Council"; a reply may name the recipient's council first).
_COUNCIL_NAMED = re.compile(r"(?<![\w'-])(?:(?!The\b)[A-Z][\w'-]{0,40}[ \t]+(?:(?:upon|on|in|under|next|by|cum|le)"
                            r"[ \t]+)?){1,3}(?:Town|Parish|Community|Village|City|Neighbourhood)[ \t]+Council\b")


def _count_messages(messages: Sequence[Message], flag: Callable[[int, Message], list[str]]
                    ) -> tuple[list[tuple[str, list[str]]], int, int, int]:
    """(false alarms with what was flagged, non-binding messages, binding messages flagged, binding messages)."""
    alarms: list[tuple[str, list[str]]] = []
    flagged_binding = binding_messages = clean = 0
    for n, m in enumerate(messages):
        found = flag(n, m)
        if m.binding:
            binding_messages += 1
            flagged_binding += bool(found)
        else:
            clean += 1
            if found:
                alarms.append((m.text, found))
    return alarms, clean, flagged_binding, binding_messages


def render(ev: Evaluation, describe: str, show_errors: bool = False) -> str:
    s = ev.sentences
    lines = [f"model: {describe}",
             f"held-out sentences: {s.tp + s.fp + s.fn + s.tn} ({s.tp + s.fn} binding)",
             f"  binding precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}"
             f"   (tp {s.tp}, fp {s.fp}, fn {s.fn}, tn {s.tn})",
             f"held-out messages: {ev.clean_messages + ev.binding_messages}",
             f"  false alarms: {ev.false_alarms} of {ev.clean_messages} non-binding messages"
             f" ({200 * ev.false_alarms / max(ev.clean_messages, 1):.1f} per 200)",
             f"  binding messages flagged: {ev.flagged_binding} of {ev.binding_messages}"]
    if ev.rule is not None:
        r = ev.rule
        lines += ["the same messages through the councillor-obligation rule (sent by a councillor to a resident):",
                  f"  false alarms: {r.false_alarms} of {r.clean_messages} non-binding messages"
                  f" ({200 * r.false_alarms / max(r.clean_messages, 1):.1f} per 200)",
                  f"  binding messages flagged: {r.flagged_binding} of {r.binding_messages}"]
    lines.append("errors by kind:")
    by_kind = sorted(ev.by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    lines += [f"  {k:<28} {n}" for k, n in by_kind] or ["  none"]
    if show_errors:
        lines.append("sentence errors (label, score, kind, text):")
        lines += [f"  {m.label} {m.score:.2f} {m.kind:<12} {m.text}" for m in _sorted(ev.misses)]
        lines.append("message false alarms (flagged sentences):")
        lines += [f"  - {' | '.join(found)}" for _, found in ev.alarms]
        if ev.rule is not None:
            lines.append("rule false alarms (evidence):")
            lines += [f"  - {' | '.join(found)}" for _, found in ev.rule.alarms]
    return "\n".join(lines)


def _sorted(misses: Sequence[Miss]) -> list[Miss]:
    return sorted(misses, key=lambda m: (m.label, m.kind, -m.score))
