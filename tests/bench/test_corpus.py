"""The bench's generated mail: what the memory measurement relies on."""

from __future__ import annotations

from bench.corpus import Generator
from bench.markdown import new_words_table
from mailguard.facts import Envelope
from mailguard.message import parse


def test_novel_messages_never_repeat_their_new_words(engine):
    g = Generator(3)
    first, second = g.novel(), g.novel()
    words = [set(m.data.split()) for m in (first, second)]
    fresh = {w for w in words[0] - words[1] if w[:3] in (b"CRM", b"INV", b"Wk0", b"26/")}
    assert len(fresh) >= 4
    # a councillor writing to an outsider: the message both language pipelines read
    facts = engine.facts(parse(first.data), Envelope(first.mail_from, first.rcpt_tos))
    assert facts.councillor_in_name is not None and facts.outside_recipients
    assert "planning application is 26/00001/FUL" in facts.body.own_text.replace("\n", " ")


def test_the_memory_table_reports_every_slice():
    relay = {"new_words": {"rss_mb": [117.0, 135.2, 149.9], "messages": [0, 1005, 1944], "codes": {"250": 1900},
                           "rebuilds": 2}}
    text = "\n".join(new_words_table(relay["new_words"]))
    assert "rebuilt 2 times" in text
    assert "| messages read | 0 | 1,005 | 1,944 |" in text
    assert "| RSS (MB) | 117 | 135 | 150 |" in text
    assert "repeated" not in text

