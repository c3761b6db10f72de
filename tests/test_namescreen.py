"""The name screen: folding as the regular-expression engine matches, and who a text may name."""

from __future__ import annotations

import re
import string
from re import _casefix  # type: ignore[attr-defined]

import pytest

from mailguard.directory import _word
from mailguard.namescreen import NameScreen, _fold_char, fold

#: Name letters to try against every character of Unicode: ASCII, accented Latin, the letters the
#: engine joins with another ("ſ" and "s", "ı" and "i", ...), modifier letters, ligatures, apostrophes.
KEY_CHARS = sorted(set(string.ascii_letters + "ÀÉÎÕÜàéîõüçñøåæœßÿŁłŠšŽžĞğİıſǅǆﬁᴬᴷK'’‘ʼ-‐‑."
                       + "".join(map(chr, _casefix._EXTRA_CASES))))
EVERY_CHARACTER = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


@pytest.fixture(scope="module")
def folded() -> str:
    return fold(EVERY_CHARACTER)


def test_folding_keeps_one_character_for_one(folded):
    assert len(folded) == len(EVERY_CHARACTER)


def test_ascii_folds_as_the_general_rule_does():
    assert all(_fold_char(c) == c.lower() for c in map(chr, range(128)))


def test_whatever_a_name_letter_matches_folds_to_the_same_letter(folded):
    """The screen's soundness: wherever a name pattern's letter (``directory._word``, case ignored)
    matches a character of the text, the folded text has the folded letter there, for every character
    of Unicode (the letters' own accents typed or not, the engine's extra case pairs)."""
    for k in KEY_CHARS:
        want = fold(k)
        for m in re.finditer(_word(k), EVERY_CHARACTER, re.IGNORECASE):
            assert folded[m.start()] == want, (k, m.group(0))


def test_owners_of_the_words_a_text_holds():
    screen = NameScreen({"baker": ["Baker", "Tom"], "oneill": ["O'Neill"], "sian": ["Siân"], "none": []})
    assert screen.owners_in("Dear TOM, thanks") == {"baker"}
    assert screen.owners_in("cc Cllr O\u2019neill and Sian") == {"oneill", "sian"}
    assert screen.owners_in("SIÂN BAKER") == {"sian", "baker"}
    assert screen.owners_in("nobody here") == set()
    assert NameScreen({}).owners_in("Tom") == set()
