"""The cue reader's screen (mailguard.literals) only ever skips a pattern that cannot match, so reading
with it gives what reading every pattern gives. These tests read every pattern in the lists, so a
pattern added later is checked the same way."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest

from mailguard import cues, literals
from tests import regex_samples
from tests.conftest import ROOT

PATTERNS = cues._POSITIVES + cues._NEGATIVES
#: Drawn texts per pattern: enough that each pattern matches dozens of them.
DRAWS = 400


@cache
def _data_sentences() -> list[str]:
    """The labelled sentences of models/data, shuffled."""
    rows = []
    for path in sorted((ROOT / "models" / "data").glob("**/*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rows.append(json.loads(line)["text"])
    random.Random(3).shuffle(rows)
    return rows


@cache
def _fixture_lines() -> list[str]:
    """Every line of the test e-mails (headers, quoted replies, signatures and all)."""
    lines = []
    for path in sorted((ROOT / "tests" / "fixtures").glob("**/*.eml")):
        lines += [line for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()]
    return lines


@contextmanager
def _every_pattern_tried() -> Iterator[None]:
    """read() with a plan that skips nothing: every pattern's guard and regex asked, as before the screen."""
    plan = cues.prepare()
    cues._plan = cues._Plan(plan.screen, tuple((0, p) for _, p in plan.positives),
                            tuple((0, p) for _, p in plan.negatives))
    try:
        yield
    finally:
        cues._plan = plan


def _reading(sentence: str) -> tuple[bool, str, str, bool] | None:
    cue = cues.read(sentence)
    return cue and (cue.binding, cue.kind, cue.words, cue.broad)


@pytest.mark.parametrize("pattern", PATTERNS, ids=[f"{i:02d}-{p.kind}" for i, p in enumerate(PATTERNS)])
def test_the_screen_never_skips_a_pattern_that_matches(pattern):
    plan = cues.prepare()
    needs = {id(p): n for n, p in plan.positives + plan.negatives}[id(pattern)]
    texts = list(regex_samples.texts(pattern.regex.pattern, DRAWS, seed=PATTERNS.index(pattern)))
    matched = 0
    for text in texts + _data_sentences()[:300]:
        lowered = cues.normalise(text).lower()
        if pattern.regex.search(lowered) is None:
            continue
        matched += 1
        holding = plan.screen.holding(literals.screen_text(lowered))
        assert holding & needs == needs, (lowered, [sorted(c)[:8] for c in plan.screen.bits
                                                    if plan.screen.mask([c]) & needs & ~holding])
    assert matched >= 5, "too few texts matched to say anything: draw more"


def test_reading_with_the_screen_is_reading_every_pattern():
    texts = _data_sentences()[:3000] + _fixture_lines()[::16]
    for i, p in enumerate(PATTERNS):
        texts += regex_samples.texts(p.regex.pattern, 40, seed=i)
    screened = [_reading(t) for t in texts]
    with _every_pattern_tried():
        unscreened = [_reading(t) for t in texts]
    assert sum(r is not None for r in screened) > 2000   # (enough cues read to say something)
    assert [(t, a) for t, a, b in zip(texts, screened, unscreened, strict=True) if a != b] == []


def test_the_screen_skips_most_patterns():
    plan = cues.prepare()
    texts = _data_sentences()[:1000]
    tried = 0
    for text in texts:
        holding = plan.screen.holding(literals.screen_text(cues.normalise(text).lower()))
        tried += sum(holding & n == n for n, _ in plan.positives + plan.negatives)
    assert tried / len(texts) < len(PATTERNS) / 5


@pytest.mark.parametrize("text", ["", " ", "\t\n", "We  will\tpay.\n", "\u00a0we\u2009will\u3000pay ",
                                  "\u2018Quote\u2019 \u201cit\u201d \u2013 now\u2014then", "\x1c\x1dsep\x1e\x1f",
                                  "caf\u00e9 \u0130stanbul", "  \u2028line\u2029para  "])
def test_normalise_is_the_regex_it_replaces(text):
    assert cues.normalise(text) == re.sub(r"\s+", " ", text.translate(cues._APOSTROPHES)).strip()


def test_normalise_on_every_kind_of_whitespace():
    spaces = "".join(c for c in map(chr, range(0x110000)) if c.isspace())
    text = f"a{spaces}b {spaces}\u2019c\u2019{spaces}"
    assert cues.normalise(text) == re.sub(r"\s+", " ", text.translate(cues._APOSTROPHES)).strip() == "a b 'c'"


def test_the_plan_is_derived_once():
    assert cues.prepare() is cues.prepare()


def test_the_shipped_screen_is_the_patterns_own() -> None:
    """src/mailguard/cue_screen.json holds exactly what deriving every pattern's clauses gives now.

    A pattern added or edited without regenerating the file is still screened correctly (it is
    derived at start), but every process then pays the derivation: regenerate with
    `.venv/bin/python tools/cue_screen.py`."""
    data = json.loads(cues.SCREEN_FILE.read_text(encoding="utf-8"))
    assert data["analysis"] == cues.analysis_version(), \
        "literals.py changed: run `.venv/bin/python tools/cue_screen.py`"
    stored = data["requirements"]
    fresh = cues.screen_requirements()
    stale = sorted(set(fresh) ^ set(stored)) + sorted(k for k in fresh if k in stored and stored[k] != fresh[k])
    assert not stale, f"{len(stale)} pattern(s) changed: run `.venv/bin/python tools/cue_screen.py`"


def test_without_the_screen_file_every_pattern_is_derived_alike(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from_file = cues._Plan.derive()
    monkeypatch.setattr(cues, "SCREEN_FILE", cues.SCREEN_FILE.with_name("no-such-screen.json"))
    assert cues._stored_requirements() == {}
    derived = cues._Plan.derive()
    assert derived.screen.bits == from_file.screen.bits
    assert derived.positives == from_file.positives and derived.negatives == from_file.negatives


# ----------------------------------------------------------------- exp10 readings (sentences written for the tests)
@pytest.mark.parametrize("sentence", [
    "Grab the two old benches from the depot, they're yours.",                             # given away
    "The allotment society has been awarded £1,200 from the small grants pot.",            # money awarded
    "You've got the pavilion for the christening party on Sunday.",                        # an asset had for a day
    "You have the exclusive right to fish the mill pond this season.",                     # a right granted
    "The town council can lend the scouts its marquee for the gala.",                      # lending
    "Your son may erect the memorial bench as drawn.",                                     # "may" with a job
    "Let's go with the cheaper design.",                                                  # acceptance
    "Agreed: £820 for the railings, fitted.",                                              # acceptance
    "We'd like to proceed with your quotation for the guttering.",                         # acceptance, not opinion
    "Consider the £300 towards the defibrillator paid.",                                   # commitment
    "We waive the deposit for the lunch club.",                                            # waiver
    "We shan't be charging the choir for the hall.",                                       # refrain
    "we wont be renewing the parking charge on the rec",                                   # refrain, no apostrophe
    "Trim the hedge by the war memorial and send us the invoice.",                         # instruction
    "Please give the bowling green a final mow before the tournament.",                    # instruction
    "Please send a crew to patch the potholes on School Lane.",                            # instruction
    "Please print 1,500 leaflets for the litter pick.",                                    # instruction
    "The carnival committee may hang its bunting along the council's lampposts.",        # grant, new asset word
    "You may graze the ponies in the paddock until the end of March.",                     # "until" a date is a term
    "The council grants the village show society the right to use the field.",             # grant
])
def test_exp10_binding_readings(sentence):
    cue = cues.read(sentence)
    assert cue is not None and cue.binding, (sentence, cue)


@pytest.mark.parametrize("sentence", [
    "If you still want the old benches, they're yours.",                                    # hedged gift
    "The allotment society has been awarded £1,200 by the Lottery.",                       # another body's award
    "You have the right to appeal against the decision.",                                  # a statutory right
    "I'd back accepting the cheaper quote, for what it's worth.",                          # opinion
    "Were the council to accept your price, the work would start in May.",                 # inverted conditional
    "It was resolved to accept the tender from Hollis Ltd; the clerk will write to them.",  # reported decision
    "According to your email, we agreed the fee back in June.",                            # someone else's account
    'Your letter says "please proceed", but no one at the council wrote that.',            # quoted instruction
    "The committee will meet again after the summer.",                                     # scheduling
    "We'll have a chat about it at the next meeting.",                                     # procedural
    "We'll drop you a line when we know more.",                                            # procedural
    "The council will keep your personal data securely.",                                  # data courtesy
    "Please leave the parcel at mine and I'll take it over.",                               # favour
    "You can use the pitch until the committee has decided.",                              # "until" a condition
])
def test_exp10_non_binding_readings(sentence):
    cue = cues.read(sentence)
    assert cue is None or not cue.binding, (sentence, cue)


def test_for_what_its_worth_only_hedges_at_the_end():
    # at the start it introduces what follows, which can still commit the council
    cue = cues.read("For what it's worth, the parish council will be replacing the pavilion doors before winter.")
    assert cue is not None and cue.binding


# ----------------------------------------------------------------- exp11 readings (sentences written for the tests)
@pytest.mark.parametrize("sentence", [
    "You've won the contract for the bus shelter cleaning, well done.",                     # contract won
    "We are awarding you the footpath lighting contract.",                                  # contract awarded
    "Congratulations, Mellor Fencing is our chosen contractor for the allotment boundary.",  # chosen contractor
    "Brightway Electrical have been selected as our supplier for the festive lights.",      # selected as ours
    "The town council is granting £900 to the food bank for its new freezer.",             # money granted now
    "We're allocating the end plot to you from next spring.",                               # allocated
    "No charge will be made for the extra bin collection.",                                 # passive refrain
    "No interest will be charged on the late instalment.",                                  # passive refrain
    "We've decided not to charge the youth club for the broken window.",                    # decided not to charge
    "We have decided to waive the cleaning deposit.",                                       # decided to waive
    "You are instructed to stop work on the culvert until the survey is done.",             # formal instruction
    "I'm instructing you on behalf of the council to board up the shelter.",                # formal instruction
    "The Friends of Elm Park can use the bowls hut for their meetings.",                    # named group, use
    "The bee club is welcome to take honey from the hives on the rec.",                     # welcome to take
    "The market cross is reserved for your carol singers on Christmas Eve.",                # reserved for you
    "We're giving the drama group free use of the chamber for rehearsals.",                 # free use
    "The marquee hire is on the house this year.",                                          # on the house
    "Your outstanding hire fees are written off.",                                          # written off
    "The parish is writing off the overdue plot rent.",                                     # written off
    "Your offer to clear the pond is gratefully accepted.",                                 # accepted
    "pls fit a new latch on the pavilion door",                                            # "pls", texted
    "Swap the faulty lamp on Mill Lane, council will pay.",                                 # council, no article
])
def test_exp11_binding_readings(sentence):
    cue = cues.read(sentence)
    assert cue is not None and cue.binding, (sentence, cue)


@pytest.mark.parametrize("sentence", [
    "The committee will then give its formal view on the proposal.",                        # a view to come
    "The council will make a decision once the survey is back.",                            # a decision to come
    "The town council will make a public announcement in the spring.",                      # an announcement
    "We'll update the noticeboard once a decision has been made.",                          # after a decision
    "The council will sign nothing until the terms have been agreed.",                      # terms to come
    "If you can keep a record of the dates the lorries come, that would help.",             # a request, not a grant
    "Let us know whether you can keep the gate locked at night.",                           # whether, not a grant
    "My gut feeling is that the committee will accept the lower quote.",                    # leaning
    "To my mind, accepting the first offer would be a mistake.",                            # opinion
    "I'd recommend to colleagues that we accept, but it's not my decision alone.",          # recommendation
    "The developer's letter asserts that the council agreed to the access road.",           # someone else's account
    "Councillors voted to accept the quote, and the clerk will write to you.",              # reported vote
    "Nothing I've said should be taken as the council agreeing to your price.",             # disclaimer
    "Let me put it to the committee and we'll go from there.",                              # procedural
    "We'll confirm the date of the site visit next week.",                                  # scheduling
    "If you've won the contract, the clerk will be in touch.",                              # hedged contract
    "No charge would be made if the booking were cancelled in time.",                       # hedged refrain
    "The Lottery is awarding the club £5,000 for the pavilion.",                            # another body's award
    "The rent might be written off if the committee agrees.",                               # hedged write-off
    "pls send me the photos when you can",                                                 # a favour, texted
    "Ask them whether, if the bin is swapped, council will pay.",                           # hedged
])
def test_exp11_non_binding_readings(sentence):
    cue = cues.read(sentence)
    assert cue is None or not cue.binding, (sentence, cue)


def test_a_screen_file_from_another_analysis_is_not_trusted(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stale = tmp_path / "cue_screen.json"
    data = json.loads(cues.SCREEN_FILE.read_text(encoding="utf-8"))
    stale.write_text(json.dumps({**data, "analysis": "another"}), encoding="utf-8")
    monkeypatch.setattr(cues, "SCREEN_FILE", stale)
    assert cues._stored_requirements() == {}
    stale.write_text(json.dumps({**data, "requirements": {k: [["no leading space"]] for k in data["requirements"]}}),
                     encoding="utf-8")
    plan = cues._Plan.derive()          # an unusable stored clause: everything is derived afresh
    assert plan.positives == cues._Plan.derive().positives


# Stop 18: the read blind splits test30 and test31's false alarms, as general forms: word passed on to
# colleagues, and the addressee's hope or written word about the council.
@pytest.mark.parametrize("sentence", [
    "If it helps, I'll make sure the members know you can start the week after.",
    "I'll make sure the council knows you'd be happy to make another one this year.",
    "I'll make sure the clerk knows you can start on Monday.",
    "I will ensure that all the councillors are aware you can use the hall that weekend.",
    "I'll make sure the parish council sees it before it sets next year's charges in January.",
    "I see you're hoping the town council will fund the extra lights on Sheep Street.",
    "I see you've written that the town council will provide the barriers on the day.",
    "They were hoping the parish council would pay for the new goalposts.",
    "You suggested that the council will cover the hire of the marquee.",
    # read splits test32 and test33 (stop 18): a decision reported with an emphatic "did", what the council will
    # do as the object of another sentence
    "The finance committee did agree on Tuesday to go with your quote for the bus stop hardstanding, £1,840.",
    "Members did finally decide to accept the lower tender at Monday's meeting.",
    "The clerk will write to you with the details, including what the council will provide on the day.",
    "I honestly don't know how much the parish will put in this year.",
])
def test_stop18_non_binding_readings(sentence):
    cue = cues.read(sentence)
    assert cue is not None and not cue.binding, (sentence, cue)


@pytest.mark.parametrize("sentence", [
    "I'll make sure the members know, and you can start on Monday.",     # the grant in its own clause
    "I will make sure the council pays you.",                             # the guide's guarantee
    "I'll make sure the parish council pays your invoice this month.",    # not "the parish" alone
    "I'll make sure the council knows to pay you by Friday.",
    "The parish council will pay for the chairs and I'll make sure everyone knows.",
    "I'll tell you what we'll do: we'll pay half the cost.",
    "The committee agreed on Tuesday to go with your quote, and we will pay on completion.",
    "We are putting up the new fence on Monday.",
    "The council will provide whatever you need for the day.",
    # the review of stop 18: what the new readings must leave binding
    "I'll make sure the parish council sees the fence repaired by Friday.",              # not "the parish" alone
    "I'll make sure the council knows how much we owe you and pays it by Friday.",      # the council acting too
    "I'll make sure the clerk knows we will pay your invoice in full.",                 # the council's word passed on
    "This is what the council will do for you: cover the full cost of the repair.",     # announced, not embedded
    "Here's what the council will do - pay the full cost.",
    "You're hoping the council will fund the lights, and I'm pleased to tell you it will.",
    "I know you're hoping the council will fund the lights - good news, it will.",
    "We're putting together the money to cover your repair.",
])
def test_stop18_binding_readings(sentence):
    cue = cues.read(sentence)
    assert cue is not None and cue.binding, (sentence, cue)


def test_putting_together_a_programme_is_no_undertaking():
    """Read split test33: "We are putting together the programme for ..." is preparing, not putting something up."""
    cue = cues.read("We are putting together the programme for the regatta and the food festival.")
    assert cue is None or not cue.binding, cue
