"""mimeparse builds exactly the stdlib's compat32 tree, or declines: on real, generated and damaged mail."""

from __future__ import annotations

import base64
import email
import email.feedparser
import random
import re
from email.policy import compat32

import pytest

from mailguard import mimeparse
from mailguard.archive import iter_messages
from mailguard.message import parse

from .conftest import CORPORA, ROOT

FIXTURES = ROOT / "tests" / "fixtures"


def stdlib_parse(raw: bytes) -> email.message.Message:
    """The reference: BytesParser with compat32, with the stdlib's own ``re`` (message.py patches it)."""
    patched = email.feedparser.re
    email.feedparser.re = re  # type: ignore[attr-defined]
    try:
        return email.message_from_bytes(raw, policy=compat32)
    finally:
        email.feedparser.re = patched  # type: ignore[attr-defined]


def tree(msg: email.message.Message) -> tuple:
    """Everything a parse decides, as stored (``get_payload()`` would decode 8-bit text and hide it)."""
    payload = msg._payload  # type: ignore[attr-defined]
    if isinstance(payload, list):
        payload = [tree(p) for p in payload]
    return (type(msg), list(msg._headers), msg.get_unixfrom(), payload,  # type: ignore[attr-defined]
            msg.preamble, msg.epilogue, [type(d) for d in msg.defects], msg.get_default_type(),
            msg.get_charset())


def assert_exact_or_declined(raw: bytes) -> bool:
    fast = mimeparse.parse_bytes(raw)
    if fast is None:
        return False
    assert tree(fast) == tree(stdlib_parse(raw)), raw[:300]
    return True


def test_every_fixture_is_parsed_fast_and_exactly():
    """Every fixture on the fast path, but for those with a lone carriage return (blind set N has one, "\\r\\r\\n"
    line ends from a broken client), which the fast parser declines by design and the stdlib parses."""
    samples = sorted(FIXTURES.rglob("*.eml"))
    assert len(samples) > 700
    lone_cr = re.compile(rb"\r(?!\n)")
    raws = [p.read_bytes() for p in samples]
    assert all(assert_exact_or_declined(raw) for raw in raws if not lone_cr.search(raw))
    declined = [raw for raw in raws if lone_cr.search(raw)]
    assert len(declined) <= 3 and not any(assert_exact_or_declined(raw) for raw in declined)


def test_every_corpus_message_is_exact_or_declined():
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not here (it ships with the development machine, not the package)")
    results = [assert_exact_or_declined(m.raw) for m in iter_messages([CORPORA])]
    # the corpora are MIME parsers' test suites, broken on purpose, and include non-mail files;
    # most of it is still well-formed enough for the fast path
    assert len(results) > 1500 and sum(results) > 0.9 * len(results)


def test_the_benchmark_mix_is_all_parsed_fast():
    from bench.corpus import Generator

    generator = Generator(5)
    assert all(assert_exact_or_declined(generator.mix().data) for _ in range(300))


@pytest.mark.parametrize("raw, why", [
    (b"From: a@b.org\rSubject: bare CR\r\rbody\r", "lone CR in the headers"),
    (b"From: a@b.org\r\n\r\nbody with a lone\rCR\r\n", "lone CR in the body"),
    (b"Content-Type: multipart/digest; boundary=b\n\n--b\n\nx\n--b--\n", "digest"),
    (b"Content-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/delivery-status\n\n"
     b"Reporting-MTA: dns; x\n\nAction: failed\n--b--\n", "delivery-status"),
    (b"Content-Type: multipart/mixed; boundary=b\n\n--b\n--b\n\nx\n--b--\n", "doubled boundary"),
    (b"Content-Type: multipart/mixed; boundary=b\n\nno boundary at all\n", "no opening boundary"),
    (b"Content-Type: multipart/mixed\n\n--b\n\nx\n--b--\n", "no boundary parameter"),
    (b"Content-Type: multipart/mixed; boundary=b\nContent-Transfer-Encoding: base64\n\n--b\n\nx\n--b--\n",
     "encoded multipart"),
    (b" continuation first\nFrom: a@b.org\n\nx\n", "continuation line first"),
    (b"From: a@b.org\nFrom x@y Mon\nSubject: s\n\nx\n", "envelope line inside the headers"),
])
def test_declines_what_it_does_not_copy(raw, why):
    assert mimeparse.parse_bytes(raw) is None, why
    message = parse(raw)      # and mailguard still parses it, with the stdlib
    assert message._msg is not None


@pytest.mark.parametrize("raw", [
    # a message/rfc822 part sent base64-encoded (Python and some Outlook versions do this)
    b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee below\r\n"
    b"--b\r\nContent-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    + base64.encodebytes(b"From: x@y.org\r\nSubject: inner\r\n\r\nhello\r\n").replace(b"\n", b"\r\n")
    + b"--b--\r\n",
    # cut short: no closing boundary, nested
    b"Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/alternative; boundary=i\n\n"
    b"--i\n\nplain\n--o\n\nlast\n",
    b"Content-Type: multipart/mixed; boundary=o\n\npre\n--o\n\nonly part, no end",
    b"Content-Type: multipart/mixed; boundary=o\n\n--o\n",
    # 8-bit text in a part, an mbox envelope line, a body line where the blank line belongs
    "From a@b.org Mon May  1 10:00:00 2024\nFrom: a@b.org\nContent-Type: text/plain; charset=utf-8\n\n"
    "Café £5\n".encode(),
    b"From: a@b.org\r\nnot a header\r\nSubject: in the body now\r\n\r\nx\r\n",
    # message/rfc822 nested two deep, ending the outer part
    b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: message/rfc822\n\n"
    b"Content-Type: message/rfc822\n\nSubject: deepest\n\nbody\n\n--b--\nepilogue",
    # a multipart whose epilogue is a blank line, inside another
    b"Content-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: multipart/alternative; boundary=c\n\n"
    b"--c\n\nx\n--c--\n\n\n--b--\n",
])
def test_copies_what_the_stdlib_does_with_damaged_mail(raw):
    assert assert_exact_or_declined(raw)


# ---------------------------------------------------------------------------- random MIME

def _random_header(rng: random.Random, eol: str) -> str:
    name = rng.choice(["Subject", "X-Thing", "Content-Description", "Comments", "X-Odd_Name!"])
    value = rng.choice(["plain", "", " leading", "tab\tinside", "caf\u00e9", "a: colon", "=?utf-8?q?x?="])
    folded = rng.random() < 0.3
    return f"{name}:{rng.choice([' ', '', '  '])}{value}{eol}" + (f"\t continued{eol}" if folded else "")


def _random_entity(rng: random.Random, depth: int, eol: str) -> str:
    headers = "".join(_random_header(rng, eol) for _ in range(rng.randint(0, 2)))
    roll = rng.random()
    if depth < 3 and roll < 0.35:
        boundary = rng.choice(["b", "bb", "b-b", "==_x.y+z", "b " + str(depth)]) + str(rng.randint(0, 3))
        kind = rng.choice(["mixed", "alternative", "related"])
        out = f'{headers}Content-Type: multipart/{kind}; boundary="{boundary}"{eol}{eol}'
        if rng.random() < 0.4:
            out += rng.choice(["This is a multi-part message.", "", "pre" + eol + "amble"]) + eol
        for _ in range(rng.randint(1, 3)):
            blanks = rng.choice(["", " ", "\t"])
            out += f"--{boundary}{blanks}{eol}" + _random_entity(rng, depth + 1, eol) + eol
        if rng.random() < 0.9:
            out += f"--{boundary}--{rng.choice(['', '  '])}"
            out += rng.choice([eol, "", eol + "epilogue" + eol, eol + eol])
        return out
    if depth < 3 and roll < 0.45:
        return f"{headers}Content-Type: message/rfc822{eol}{eol}" + _random_entity(rng, depth + 1, eol)
    ctype = rng.choice(["text/plain", "text/html", "application/pdf", "text/plain; charset=utf-8"])
    body = eol.join(rng.choice(["line", "", "  indented", "--not-a-boundary", "From here", "caf\u00e9", "x" * 80])
                    for _ in range(rng.randint(0, 6)))
    blank = eol if rng.random() < 0.95 else ""
    return f"{headers}Content-Type: {ctype}{eol}{blank}{body}{rng.choice([eol, ''])}"


def test_random_mime_trees_cut_and_damaged():
    rng = random.Random(20261130)
    fast = 0
    for _ in range(1500):
        eol = rng.choice(["\n", "\r\n"])
        raw = (f"From: a@b.org{eol}To: c@d.org{eol}" + _random_entity(rng, 0, eol)).encode("utf-8")
        damage = rng.random()
        if damage < 0.2:
            raw = raw[: rng.randint(0, len(raw))]
        elif damage < 0.3:
            cut = rng.randint(0, len(raw))
            raw = raw[:cut] + raw[cut + rng.randint(1, 12):]
        elif damage < 0.35:
            cut = rng.randint(0, len(raw))
            raw = raw[:cut] + rng.choice([b"\r", b"\n", b"\r\n", b"--", b"\x00", b":"]) + raw[cut:]
        fast += assert_exact_or_declined(raw)
    assert fast > 1000   # the generator is mostly well-formed: most must take the fast path


def test_mailguard_reads_the_same_text_either_way():
    """A message the fast path declines part-way (after the headers) is parsed again by the stdlib."""
    raw = (b"From: a@b.org\r\nTo: c@d.org\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nhello\rthere\r\n--b--\r\n")
    message = parse(raw)
    assert message.sender is not None and message.sender.address == "a@b.org"
    assert "hello" in message.text
    assert tree(message._msg) == tree(stdlib_parse(raw))


def _nested(depth: int) -> bytes:
    lines = ["From: a@b.org", "Content-Type: multipart/mixed; boundary=b0", ""]
    for level in range(depth):
        lines += [f"--b{level}", f"Content-Type: multipart/mixed; boundary=b{level + 1}", ""]
    lines += [f"--b{depth}", "", "leaf text"]
    return "\n".join(lines).encode()


def test_deep_nesting_is_left_to_the_stdlib():
    """Hundreds of nested multiparts (30 KB): declined, not a RecursionError, and read as before."""
    raw = _nested(520)
    assert mimeparse.parse_bytes(raw) is None
    message = parse(raw)
    assert message.text == "leaf text"

    def flat(msg):   # iteratively: the comparison must not recurse 520 levels either
        out, stack = [], [msg]
        while stack:
            part = stack.pop()
            out.append((list(part._headers), len(part.defects), part.preamble, part.epilogue))
            if isinstance(part._payload, list):
                stack.extend(part._payload)
            else:
                out.append(part._payload)
        return out

    assert flat(message._msg) == flat(stdlib_parse(raw))
    assert assert_exact_or_declined(_nested(mimeparse.MAX_NESTING - 2))


def test_a_declined_body_leaves_the_header_step_as_it_was():
    raw = (b"From: a@b.org\r\nnot a header\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\n"
           b"x\rlone CR\r\n--b--\r\n")
    head = mimeparse.parse_head(raw)
    assert head is not None
    before = tree(head.message)
    assert not mimeparse.complete_body(head)
    assert tree(head.message) == before


def test_separators_in_mid_line_are_not_boundaries():
    body = "x --b --b--\n" + "--b" * 50_000 + "\n"
    raw = f"Content-Type: multipart/mixed; boundary=b\n\n--b\n\n{body}--b--\n".encode()
    assert assert_exact_or_declined(raw)
