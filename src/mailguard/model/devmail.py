"""Dev-split messages: the message-level false-alarm rate, estimated without touching the test set.

A message is a false alarm when none of its sentences binds the council and the detector flags any
of them, so the rate depends on everything around the sentences too: greetings, valedictions and the
name under them, which the labelled sentences never contain. These messages wrap dev-split
sentences in that furniture (written here by hand, the way councillors open and close mail), in the
plain-text layout mail clients produce, so the dev estimate sees what the real detector sees.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from mailguard.model.data import SEED, Message, Sentence

GREETINGS = ("Hi Dave,", "Dear Mrs Green,", "Hello Sarah,", "Dear Sir or Madam,", "Morning Pete,",
             "Dear Mr Hughes,", "Hi all,", "Dear Councillor Patel,", "Good afternoon,", "Dear Ms Okafor,",
             "Hiya Jen,", "Hello,", "Dear Minister,", "Dear Editor,", "Hi Mike", "Dear Friends,")
CLOSINGS = ("Kind regards,\nCllr Tom Baker", "Best wishes\nAnne", "Cheers,\nTom", "Regards\nCllr Priya Shah",
            "Many thanks,\n\nCouncillor Jones\nChair, Planning Committee",
            "Yours sincerely,\n\nCllr Margaret O'Neill", "Thanks again\nGareth",
            "All the best,\nCllr R. Evans",
            "Best\nCllr Lynn Marsh", "Yours faithfully,\n\nJ. Smith", "Speak soon,\nDebbie",
            "With thanks\n\nCllr Sam Reid\nSent from my iPhone")


def build(sentences: Sequence[Sentence], seed: int = SEED) -> list[Message]:
    """Messages of 2-4 dev sentences each: all non-binding ones alone, every binding one with company."""
    rng = random.Random(seed)
    negatives = [s for s in sentences if not s.label]
    positives = [s for s in sentences if s.label]
    rng.shuffle(negatives)
    messages: list[Message] = []
    i = 0
    while i < len(negatives):
        n = rng.randint(2, 4)
        chunk = negatives[i:i + n]
        i += n
        messages.append(_message(rng, [s.text for s in chunk], ()))
    for pos in positives:
        company = [s.text for s in rng.sample(negatives, k=min(len(negatives), rng.randint(1, 3)))]
        body = company[:]
        body.insert(rng.randint(0, len(body)), pos.text)
        messages.append(_message(rng, body, (pos.text,)))
    return messages


def _message(rng: random.Random, body: list[str], binding: tuple[str, ...]) -> Message:
    paragraphs = [rng.choice(GREETINGS)]
    at = 0
    while at < len(body):
        take = rng.randint(1, 2)
        paragraphs.append(" ".join(body[at:at + take]))
        at += take
    paragraphs.append(rng.choice(CLOSINGS))
    return Message("\n\n".join(paragraphs), bool(binding), binding)
