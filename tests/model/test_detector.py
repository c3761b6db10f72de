"""The trained detector as the rules see it: loading, clear errors, decisive sentences, determinism."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from mailguard import cues
from mailguard.cli import main
from mailguard.errors import ModelError
from mailguard.model.detector import META_FILE, TrainedDetector
from mailguard.nlp import Nlp, _order_after_a_comma, _promise_after_the_news
from mailguard.runtime import COMMITMENT, load_nlp, models_dir
from tests.conftest import EXAMPLE

MODEL = models_dir() / COMMITMENT

#: Decisive sentences the shipped model gets wrong: kept, strict, so a fix shows at once.
STOP17 = ("stop 17 and 18: scored under the raised threshold by the model trained with the read splits "
          "(docs/model.md, 'Status at stop 17')")


@pytest.fixture(scope="session")
def nlp() -> Nlp:
    return load_nlp()


def test_runtime_loads_the_trained_model_once(nlp):
    assert isinstance(nlp.detector, TrainedDetector)
    assert nlp.detector.name == "trained"
    assert load_nlp() is nlp
    assert nlp.detector.meta.features and 0 < nlp.detector.meta.threshold < 1


def test_bundled_models_folder_is_the_repository_models(nlp):
    assert (MODEL / "config.cfg").is_file() and (MODEL / META_FILE).is_file()
    assert nlp.detector.path is not None and nlp.detector.path.resolve() == MODEL.resolve()


@pytest.mark.parametrize("sentence, kind", [
    ("We will repair the fence by Friday.", "commitment"),
    ("The parish will meet the cost of the skip.", "commitment"),
    ("Consider this email as our go-ahead.", "grant"),
    ("We won't be pursuing the invoice.", "refrain"),
    ("Please go ahead and order the six benches.", "instruction"),
    ("We are happy to accept your quotation of £2,400 for the roof.", "acceptance"),
    # the council as the agent of a passive: what it will have done
    ("The hedge along Mill Lane will be cut back by us next week.", "commitment"),
    ("Your costs for the skip will be reimbursed in full by the parish.", "commitment"),
    ("The committee approved the display on Monday, so consider yourselves booked for 8 November.", "grant"),
    ("Please hold the date and send the deposit invoice to the finance officer.", "instruction"),
    # the writer restating their own word is not a report of someone else's (blind sets: "so I've said ...")
    ("As I said on the phone, the council will meet the cost.", "commitment"),
    ("Like I said, the council will sort the drain out next week.", "commitment"),
    ("So I've said the council will get a new trough put in.", "commitment"),
    ("I have told the residents the council will fix it by Friday.", "commitment"),
    ("Please go ahead like you said on Tuesday.", "instruction"),
    # stop 14 (blind sets T-W): a refrain after "I can tell you", a waiver promised in the passive
    ("I can tell you now that the council won't be extending the floodlight trial past 31st March.", "refrain"),
    ("I've also agreed that your plot rent for this quarter will be waived for all the trouble.", "refrain"),
    ("I can also tell you that the council won't be charging any late payment fees on the arrears.", "refrain"),
    ("Sorry for the slow reply, as I said on Friday the council will cover the cost.", "commitment"),
    ("I'm happy to say the council accepts v3 as it stands.", "acceptance"),
    ("Yes ok go ahead and start monday 17th.", "instruction"),      # a yes of two words before the order
    # stop 15: the near neighbours of this stop's non-binding readings still bind
    ("I will make sure the council pays you.", "commitment"),       # the guide's edge ruling: a guarantee
    ("I'll make sure the council gets the bill paid this week.", "commitment"),
    ("We will pay the invoice in full, but I'm not sure when the meeting is.", "commitment"),
    ("Your quote is agreed, please start on Monday.", "acceptance"),
    ("The price is agreed between us.", "acceptance"),
    # the writer's own news first, then the order: a first-person opening does not soften it
    ("I've spoken to the clerk, please go ahead with the work.", "instruction"),
    ("I'm away next week but please go ahead and start on the Monday.", "instruction"),
    ("I'm not sure when he's free, but please go ahead and book him.", "instruction"),
    # blind sets AK and AM: reassurance before a promise; the council's formal response given in its name
    ("Don't worry, the parish council will have the bench fixed before Easter.", "commitment"),
    ("Please record the parish council's response as \"no objection\".", "instruction"),
    ("Please take this e-mail as the town council's formal objection.", "instruction"),
    ("We will keep the hall open for you, bear that in mind.", "commitment"),
    ("Please see to it that R.T. is suspended today, pending the investigation.", "instruction"),   # blind set AL
])
def test_binding_sentences(nlp, sentence, kind):
    """As the rule asks: the sentence, or (since stop 18) the order closing it judged on its own."""
    found = nlp.binding_sentences(sentence)
    assert found and found[0].judgement.kind == kind, [(b.text, b.judgement) for b in found]


# From the review of stop 15's readings: the near neighbours that must still bind.
@pytest.mark.parametrize("sentence", [
    "I'll make sure the council gets your invoice paid this month.",
    "I'll make sure the council has it repaired by Friday.",
    "I'll make sure the council knows to pay you in full.",
    "I'll make sure we get it done before the fete.",
    "Our team will go through the churchyard next week and cut back all the overgrowth.",
    "There may be a short delay, but the council will pay your invoice by the end of the month.",
    "There might be some disruption, but please go ahead with the resurfacing on Monday.",
    "Don't try to fix it yourself, the council will send someone to repair it on Monday.",
    "Don't try to get another quote, we accept yours.",
    "Please email the clerk your invoice and we'll pay it within 14 days.",
    "I understand the council will pay, so please send the invoice to the clerk.",
    "I understand that the council will pay your invoice, and I can confirm that it will be paid this week.",
    pytest.param("I'm not sure if anyone has told you yet that we've accepted your quote.",
                 marks=pytest.mark.xfail(strict=True, reason=STOP17)),
    "Go ahead without me on Monday and start clearing the pond.",
    "Please bear it in mind that the council will only pay for the materials.",
    "The price of £2,400 has been agreed between the parish council and Hughes Fencing.",
    "I know it's short notice, but could you please get the fence at the rec fixed this week and send us the bill?",
    # forms the reader had no cue for (probes, stop 15)
    "You have my authority to proceed on behalf of the council.",
    "We can offer you £500 towards the costs.",
    "Count us in for £200.",
    "I'm authorising you to start.",
    "We're taking you up on your offer.",
    "The £400 is yours.",
    "Leave the invoice with me and I'll get the council to pay it.",
    "Tell your lads to start Monday.",
    # an order in a later clause of its own still binds when the first reading is undone
    "Go ahead and contact the clerk, and start on the fence on Monday.",
    # a second round of probes
    "Let me know the total and the council will pay it.",
    "Go ahead and e-mail the clerk your invoice for the extra hours.",
    "Go with the 3,500 please - we want every door on the estates this time.",     # blind set O's print run
    # the third review of stop 15: what the narrowing had lost
    "I've had a look at your quote, please go ahead with the work.",
    "Please send the invoice to the clerk at her home address, and not to the Town Hall.",
    "You have my authority to proceed with the works.",
    "We can offer you £500 towards the costs, provided you send us the receipts.",
    "Thanks, we're taking you up on your offer.",
    "Good news: the £400 is yours.",
    "Ask your lads to finish the fence by Friday.",
    "Tell your lads to start Monday if the weather holds.",
    "Go ahead and ring the clerk to book the hall for the 12th.",
    "Good news - Mr and Mrs Colby are giving up hut 47, and as you're near the top of the list we'll offer it to you "
    "from 1 October.",    # blind set AQ
    # stop 16: the neighbours of the readings taken from held-out splits test17-25's false alarms
    "You mentioned that the council will pay, and I can confirm that it will.",
    "You'll be pleased to hear that the council will pay for the new chairs.",
    "The clerk confirmed the budget is there, so we'll pay for the skip.",
    "We're looking to replace the surfacing, and we'll pay half the cost.",
    "We'll send you a cheque for the full amount.",
    "We'll give you the newsletter contract for the next two years at the rate you quoted.",
    "We will push the county to fix the road, and we'll pay for the signs ourselves.",
    "We will fill the potholes on Church Lane next week.",
    "Don't worry, we'll manage, and the council will pay for the repairs.",
    "You can start on Monday.",
    # the review of stop 16: where the first versions of those readings were too broad
    "We're looking into it and will refund your deposit in full.",
    "We're now looking at your invoice and will pay it in full by Friday.",
    "We're looking to replace the swings and we'd like you to do it at the price you quoted.",
    "It's not possible for us to wait any longer, so please go ahead with the works.",
    "Don't worry about the deposit, we'll manage without it.",
    "We'll remember to pay you the extra £50 when the invoice comes in.",
    "We'll look forward to seeing your team on site on Monday to start the works.",
    "We'll give the newsletter delivery round to your team from next month.",
    "We'll work on the highway verge outside your house next month and replant it.",
    "Your price of £3,200 is agreed with the usual inflation uplift each year.",
    "Your neighbour tells me the parish is going to repair the fence, and I can tell you that's exactly what "
    "we'll do.",
    "Mrs Green tells me the parish will pay for her fence - she's right, we will.",
    "If you can start on Monday, please do.",
    "Your quote has been accepted by the clerk.",
])
def test_stop15_readings_leave_their_binding_neighbours_binding(nlp, sentence):
    assert nlp.binding_sentences(sentence)


@pytest.mark.parametrize("sentence", [
    "I'll raise it with the clerk.",
    "The council resolved in May to consult residents.",
    "I think we should repair the fence.",
    "We will let you know after the meeting.",
    "Could you send us a quote for the work?",
    "Please don't start until you hear from the clerk.",
    "The application will be considered by the council at its next meeting.",
    "The hedge will be cut back by the landowner, not the council.",
    "The fence was replaced by the council last year.",
    "Did the committee consider your booking?",
    "We've got the summer edition laid out already, but we'll keep your details on file for the autumn one.",
    "We'll hold on to your CV in case anything comes up.",
    "The fence will be paid for by the school and not by the council.",
    "The hedge will be cut back by the landowner, not by us.",
    "The verge will be cleared by the council meeting on 5 May so members can see it.",
    "Kind regards,",
    "Hi Dave,",
    # someone else's word, or the writer denying theirs
    "He said the council will pay for the fence.",
    "We were told the council will pay for the fence.",
    "I never said the council will pay for it.",
    "Your reporter claims I said the council would pay for the flood defences.",
    # a refusal's apology, a doubted waiver, a meeting's decision reported
    "I'm afraid the request has been turned down and the council won't be funding the trip.",
    "Please don't assume the fee will be waived.",
    "Good news - the Amenities Committee met last night and agreed to go with your quote for the roof.",
    "The village hall committee will pay for the new boiler.",
    # from the review of stop 14: hearsay and apologies before a refrain, someone else's waiver, the writer's
    # own earlier word taken back or put down to others, plural "quotes agreed"
    "I'm told the council won't be renewing the cleaning contract when it ends in March.",
    "I'm really sorry but the council won't be paying for the damage to your car, as the pothole is on a county road.",
    "I gather the council won't be objecting.",
    "Good news: the district council has confirmed the pre-application fee will be waived for the pavilion extension.",
    "Unity Bank have confirmed the monthly charges on the council's account will be waived.",
    "Apologies - I said the council will pay for the trough and that was not my decision to make.",
    "You say I said the council will pay for your fence, but I have no record of that.",
    "Apparently I said the council will pay for the fence, which is news to me.",
    "The committee met on 14 March and agreed to accept your quote.",
    "The councillors met and agreed to go with your quote.",
    "I think the council accepts too many late bookings.",
    "Ok great, start time for the meeting is 7pm.",
    # blind sets AI and AJ: an outcome is not an undertaking; a place is not a grant
    "FYI all - looks like the compound will go in from January, so we'll lose the overflow parking by the store.",
    "Thought the school ought to know about this as a lot of the kids at the skate park are yours.",
    # stop 15, from the development splits' message false alarms: passing on, doubt, waiting for an agreement,
    # a standing arrangement, a possibility, advice not to act, not waiting for the writer, procedure, the officer
    "I'll make sure the council sees them.",
    "I'll make sure the clerk and the council get a copy.",
    "I like the look of it, but I'm not sure the council will go for the price.",
    "Not sure we can stretch to that this year.",
    "Until that's agreed, I'm not sure the work can begin.",
    "The route is agreed each year between the Legion and the council's Civic Committee.",
    "There may also be a faculty needed from the diocese, as the memorial stands in the churchyard.",
    "Don't try and fix it yourself, please - it's not safe up there.",
    "Start without me.",
    "I'll be at the hall at 7, please start without me.",
    "I'll pop round on Saturday, please leave the gate open.",
    "The parish council will comment formally at its meeting on the 9th.",
    "We'll go through the three quotes Brian collected and agree what the group wants to recommend to full council.",
    "I'll show them to the working group on Thursday and we'll give you feedback after that.",
    "Please discuss it with the clerk, who manages the contract on the council's behalf.",
    # held-out split test22: hearsay, keeping someone in mind, a decision still to be made
    "I understand that the parish council will be covering the cost of the closure, as agreed at the meeting in "
    "March, and the clerk will be in touch about the payment.",
    "I'm told we'll be paying for the new gates.",
    "We'll bear you in mind for next year.",
    "The council will need to decide whether to accept that offer, and I'm afraid I can't speak for it.",
    "Please take this as my personal view, not the council's.",
    "Please record my objection as a resident.",
    # the review of stop 15: meeting small talk after the writer's news, a ward member's own representation
    "I'm running ten minutes late, please go ahead.",
    "I've sent my apologies, please begin the agenda.",
    "I'm not hungry, please go ahead and order.",
    "Please log this as support from me as the local ward member.",
    "Please record this email as support for the application.",
    # and their near neighbours
    "You have my permission to use my photo.",
    "We could offer you £500 if the committee agrees.",
    "We can offer you a lift to the meeting.",
    "I'll get the clerk to pay it.",
    "Tell your lads thanks from me.",
    "I'm not authorised to agree this.",
    "Go ahead and contact the clerk directly.",
    "Feel free to contact the clerk.",
    # ... but not a quotation's later clause, a broad reading, or a clause a condition still governs
    "Your message says \"please go ahead and invoice us\", but that didn't come from the council.",
    "The committee will consider all the tenders on 4 March and we'll write to everyone afterwards.",
    "If the council agrees, start on Monday.",
    "Your costs will be reimbursed by the insurer.",
    "In the event that the lease is renewed, the rent would rise in line with inflation.",
    "Let me know if the 3rd doesn't suit and we'll find another date.",
    "Go for a walk if you need a break.",
    "Tell Dave he can have a look at the minutes.",
    # the second review of stop 15: the writer's own leave, conditions, hearsay, other bodies, everyday speech
    "I'm happy to be quoted, please go ahead.",
    "I've no problem with you recording the meeting, go ahead.",
    "I'm on holiday next week, so please carry on.",
    "We can offer you £500 towards the costs if the committee approves it.",
    "Count us in for £200 if the committee says yes.",
    "Apparently we can offer you £500 towards the costs.",
    "The county council can offer you a grant of up to £5,000 through its locality fund.",
    "I'll get the county council to pay for the pothole repair.",
    "Let me know the total and the county council will pay it.",
    "As chair of the Rotary Club, we can offer you £200 towards the costs.",
    "Count us in for 2 tickets for the quiz.",
    "My wife and I are taking you up on your offer of dinner on Friday.",
    "£10 is yours if you can guess the weight of the cake.",
    "You have my authority to proceed with the complaint on my behalf.",
    "I'm authorising you to share my contact details with the residents' group.",
    "Please ask your staff to complete the online consultation by Friday.",
    "Tell your lads to start on my extension on Monday.",
    "Could you tell your lads to start Monday?",
    "Go with the flow and see what happens.",
    # blind sets AO and AP: a bill sent to another body's treasurer "and not to the Town Hall"; words to quote
    "The ball is paid for by the Rotary Club, so please send the deposit invoice to our treasurer, Jill Francis, "
    "and not to the Town Hall.",
    "Here's a comment you can use, attributed to me as Chair:",
    "Go ahead and contact the clerk on 01234 567890.",
    "Go ahead and check with the clerk.",
    "Just go with the Tuesday slot for our coffee.",
    # stop 16: held-out splits test17-25's message false alarms, read after their blind counts, as general forms
    "Your neighbour tells me that the parish is going to repair the fence between your garden and the playing field.",
    "You mentioned on Friday that the parish will be paying for the new goal nets - just to be clear, I don't think "
    "that's been agreed yet.",
    "I see you've recorded that the parish council will pay for the new chairs.",
    "As you'll see, the booking has been confirmed by the office.",
    "Yes, the clerk confirmed that the council's insurance covers volunteers on the litter pick as long as they've "
    "signed in.",
    "The parish council will submit comments to the district, which is the planning authority.",
    "The route is agreed with the police and the Royal British Legion each year.",
    "We'll send the running order nearer the time.",
    "We'll send you a note of the committee's comments afterwards.",
    "We're looking to replace the safety surfacing under the swings at Lark Rise play area.",
    "Don't worry about the meeting, we'll manage.",
    "I'm afraid it's not possible for me to accept your quote.",
    "I've just had your voicemail asking whether you can start on the footbridge.",
    "You've been the heart of the village for thirty years and we'll all miss you terribly.",
    "We'll keep pressing the county for a permanent solution in the meantime.",
    "There's currently one vacancy, which the council will fill by co-option in March.",
    # ... and the review's near neighbours of the same kinds
    "I gather from your neighbour that the parish is going to repair the fence.",
    "Apparently the council is going to pay for the new goal nets.",
    "Your neighbour's under the impression that the parish will repair the fence.",
    "We'll send round the running order nearer the time.",
    "Don't worry, we'll get by.",
    "The council will keep pressing the county for a permanent solution.",
    "We'll write to the county again about the potholes.",
    "The council will co-opt a new member in March.",
    "We'll send our comments to the planning authority by the deadline.",
    "It's not for me to accept your quote - that's a matter for the council.",
    "I've had your message asking when you can start on the footbridge.",
])
def test_not_binding_sentences(nlp, sentence):
    [j] = nlp.detector.judge([sentence])
    assert not j.binding and j.score < nlp.detector.meta.threshold


def test_decisions_do_not_depend_on_the_company_a_sentence_keeps(nlp):
    sentences = ["We will repair the fence by Friday.", "Thanks for coming on Tuesday.",
                 "Please go ahead with the works.", "I think we should repair the fence."]
    alone = [nlp.detector.judge([s])[0] for s in sentences]
    together = nlp.detector.judge(sentences)
    again = nlp.detector.judge(list(reversed(sentences)))[::-1]
    assert alone == together == again


def test_missing_model_is_a_clear_startup_error(tmp_path):
    with pytest.raises(ModelError, match="mailguard model train"):
        load_nlp(tmp_path)


def test_audit_without_a_model_exits_2_and_says_how_to_rebuild(tmp_path, capsys):
    code = main(["audit", "--config", str(EXAMPLE), "--models", str(tmp_path), str(EXAMPLE / "archive")])
    assert code == 2
    err = capsys.readouterr().err
    assert "no trained commitment model" in err and "mailguard model train" in err


@pytest.fixture
def model_copy(tmp_path: Path) -> Path:
    target = tmp_path / COMMITMENT
    shutil.copytree(MODEL, target)
    return target


def test_damaged_weights_are_a_model_error(model_copy):
    (model_copy / "textcat" / "model").write_bytes(b"\x00not a model")
    with pytest.raises(ModelError, match="damaged.*mailguard model train"):
        TrainedDetector.load(model_copy)


def test_missing_or_bad_settings_are_a_model_error(model_copy):
    (model_copy / META_FILE).write_text('{"features": "plain", "threshold": 7}')
    with pytest.raises(ModelError, match="threshold"):
        TrainedDetector.load(model_copy)
    (model_copy / META_FILE).unlink()
    with pytest.raises(ModelError, match="missing"):
        TrainedDetector.load(model_copy)


def test_a_text_is_judged_once_however_many_rules_ask(nlp):
    """councillor-obligation and speaks-for-council both ask for a message's binding sentences."""
    calls = []
    real = nlp.detector

    class Counting:
        def judge(self, sentences):  # type: ignore[no-untyped-def]
            calls.append(len(sentences))
            return real.judge(sentences)

    counted = Nlp(Counting(), nlp.splitter)  # type: ignore[arg-type]
    text = "Thanks for the quote. We will pay for the skip. See you on Friday."
    first = counted.binding_sentences(text)
    judged = len(calls)
    second = counted.binding_sentences(text)
    assert [b.text for b in first] == [b.text for b in second] == ["We will pay for the skip."]
    assert judged >= 1 and len(calls) == judged      # the second rule to ask costs no judging
    first.clear()                   # a caller's list is its own
    assert [b.text for b in counted.binding_sentences(text)] == ["We will pay for the skip."]


@pytest.mark.parametrize("typed, binding", [
    pytest.param("Lee quotes fine go ahead w/c 7th.", True,          # "quote's fine"
                 marks=pytest.mark.xfail(strict=True, reason=STOP17)),
    ("Council will sort the payment, send the invoice to me.", True),  # "The council will ..."
    ("Thats fine, go ahead.", True),
    ("Council tax will go up again in April.", False),
    ("Council meeting is on Monday, I'll ask then.", False),
    ("Quotes agreed at the meeting last night were both too high.", False),     # a plural, not "quote's"
    ("Rang the district about the bins and council will send someone out on Monday.", False),  # whose council?
])
def test_phone_typing_is_read_as_the_model_was_taught(nlp, typed, binding):
    """A council without its article and an apostrophe left out (blind set V) are read as written properly,
    only where that reading is the only one; the evidence quotes the sentence as typed."""
    found = nlp.binding_sentences(typed)
    assert bool(found) is binding
    assert all(b.text == typed for b in found)


# ----------------------------------------------------------------------------- cue readings (exp9)
# The hand-written readings added in exp9 (docs/model.md), each a general form: the sentences below are written
# for these tests, not taken from any data split.

@pytest.mark.parametrize("sentence, kind", [
    # grants: a request answered yes; someone may use a council asset; granted in the passive; the council
    # consenting, agreeing or allowing; "fine with your ... -ing"; "you have permission to"; an asset that is yours
    ("Yes, the bell ringers can practise in the chamber on Mondays.", "grant"),
    ("The pony club can graze two ponies on the top meadow over the winter.", "grant"),
    ("The darts league can use the council's function room on Fridays.", "grant"),
    ("Permission is granted for the farmers' stall to trade in the square on Saturdays.", "grant"),
    ("Your request to plant a memorial rose in the churchyard is granted.", "grant"),
    ("The town council consents to the brass band using the bandstand in August.", "grant"),
    ("The parish allows the youth club to store its canoes in the boat shed.", "grant"),
    ("We're fine with your hedge overhanging the footpath by a foot.", "grant"),
    ("You have permission to hang your banner from the pavilion railings.", "grant"),
    ("The corner plot by the water butt is yours from April.", "grant"),
    ("Consider the pavilion booked for your christening party.", "grant"),
    # waivers
    ("You won't need to pay the key deposit this time.", "refrain"),
    ("No hire fee will be charged for the memorial service.", "refrain"),
    ("The late booking surcharge has been written off.", "refrain"),
    ("We're letting that go, given the flooding.", "refrain"),
    # acceptances
    ("The contract for the gutter clearing is yours.", "acceptance"),
    ("Happy to accept the revised figure of £850.", "acceptance"),
    ("We are happy to take the lower of the two quotes for the railings.", "acceptance"),
    # commitments
    ("You'll get the match funding from the town council before the summer.", "commitment"),
    ("You can rely on us to repair the shelter before the fete.", "commitment"),
    ("The parish is committed to reopening the toilets at the rec this spring.", "commitment"),
    ("The cost of the survey will be borne by the parish council.", "commitment"),
    ("I'll personally make sure the council refunds your deposit.", "commitment"),
    # instructions
    ("Please write to the stallholders on the council's behalf about the new pitch layout.", "instruction"),
    ("I'd like you to start on the bus shelter roof on Monday.", "instruction"),
    ("Knock down the old bin store and take the rubble away.", "instruction"),
    ("Mark out the new parking bays at the village hall.", "instruction"),
])
def test_exp9_binding_readings(sentence, kind):
    cue = cues.read(sentence)
    assert cue is not None and cue.binding and cue.kind == kind, cue


@pytest.mark.parametrize("sentence", [
    "Yes, you can see the plans at the library.",
    "If the committee agrees, the pony club can graze the meadow.",
    "The hall can hold two hundred people in the main room.",
    "Planning permission has been granted for the new houses on the field.",
    "Apparently someone offered the scouts the hut rent-free years ago.",
    "Please don't treat this letter as approval of the scheme.",
    "The council has not accepted your tender.",
    "I'm not promising the parish will pay for it.",
    "I'd be inclined to go with the second quote myself.",
    "We'll take your comments into account when the plan is reviewed.",
    "We'll acknowledge every response to the survey.",
    '"The council will fix it by Friday" was what the engineer told me.',
    "Please go ahead and book me a seat at the annual dinner.",
    "Please supply three references from previous clients.",
    "If you can put a price together for the railings, I'll pass it to the clerk.",
    "You're welcome to attend and speak at the parish meeting.",
    "You can use the council's online complaints process.",
    "I can't promise you won't be charged for the damaged chairs.",
    "You won't be charged if you cancel a week ahead.",
    "Do the new bins come in green?",
    "Councillors can't place orders on behalf of the council.",
    "I would rather not wait for the clerk, but it is not my decision.",
])
def test_exp9_hard_negatives_are_not_read_binding(sentence):
    cue = cues.read(sentence)
    assert cue is None or not cue.binding, cue


@pytest.mark.parametrize(("sentence", "order"), [
    ("I've had a look at your quote, please go ahead with the work.", "please go ahead with the work."),
    ("There might be some disruption, but please go ahead with the resurfacing on Monday.",
     "please go ahead with the resurfacing on Monday."),
    ("I'm not sure when he's free, but please go ahead and book him.", "please go ahead and book him."),
    ("I'm running late, please go ahead without me.", None),                        # leave, not an order
    ("I've sent my apologies, please go ahead and start the meeting.", None),
    ("If members agree, please go ahead with the work.", None),                      # a condition
    ("She said, please go ahead with the work on Monday.", None),                    # someone else's words
    ("I'm not on the committee now, but please go ahead and contact the clerk.", None),  # sent to the officer
    ("Is that all right? please go ahead with the work.", None),
    ("Thanks, please go ahead.", None),                                              # nothing to go ahead with
])
def test_an_order_closing_a_sentence_is_judged_on_its_own(sentence, order):
    """Stop 18: the writers' data taught the model that hedged or newsy openings bind nothing, so the order
    after the comma is asked about again by itself (mailguard.nlp._order_after_a_comma)."""
    assert _order_after_a_comma(sentence) == ([order] if order else [])


@pytest.mark.parametrize("sentence", [
    "I'm running late, please go ahead without me.",
    "If members agree, please go ahead with the work.",
    "I'm not on the committee now, but please go ahead and contact the clerk.",
])
def test_leave_conditions_and_reports_before_an_order_stay_unbound(nlp, sentence):
    assert not nlp.binding_sentences(sentence)


@pytest.mark.parametrize("sentence", [
    # the review of stop 18: an order about the reader's own business, or the writer speaking for themselves
    "I can't speak for the council, but please go ahead with your planning application.",
    "I've no objection personally, please go ahead and submit your planning application.",
    "It's a matter for the county council, but please go ahead and report it to them online.",
    "It's a matter for the county council, but please go ahead and apply to the district council.",
    "I'd suggest you wait, but please go ahead with your complaint if you wish.",
    "I don't mind either way, please go ahead with whichever date suits your group.",
    "I'm personally paying for it, so please go ahead and order the flowers for Mum's funeral.",
])
def test_an_order_about_the_readers_own_business_is_not_asked_again(sentence):
    assert _order_after_a_comma(sentence) == []


@pytest.mark.parametrize("sentence", [
    "I've had a look at it, please go ahead with your quote of £450.",                 # the contractor's quote
    "I've checked with the clerk, please go ahead with your proposal for the verges.",
])
def test_an_order_to_go_ahead_with_the_readers_offer_is_asked_again(sentence):
    assert _order_after_a_comma(sentence)


def test_a_promise_after_the_news_binds_through_the_rules_second_look(nlp):
    """Realistic set AJ, 093: the whole sentence scores under the threshold; the promise alone binds."""
    sentence = ("I've looked into it and we'll lift Kieran's ban from Monday so he can come back to the Tuesday "
                "sessions.")
    [judged] = nlp.detector.judge([sentence])
    found = nlp.binding_sentences(sentence)
    assert not judged.binding and [b.text for b in found] == _promise_after_the_news(sentence)


def test_hearsay_after_the_promise_is_not_asked_again():
    assert _promise_after_the_news("I've looked into it and the council will pay for the posts, or so I'm told.") == []


def test_a_long_run_of_spaces_is_read_in_linear_time():
    """The review of stop 18: the patterns backtracked quadratically on runs of spaces (39 s for 60,000); the
    sentence's spaces are collapsed first. 200,000 spaces would take minutes if that came back."""
    spaces = " " * 200_000
    assert _promise_after_the_news(f"I've looked{spaces}x") == []
    assert _order_after_a_comma(f"I've looked{spaces}x, please go ahead with{spaces}the work") == [
        "please go ahead with the work"]


def test_a_clause_found_twice_is_judged_and_reported_once(nlp):
    """A long run-on sentence's last clause after a spaced dash is found by both second looks."""
    sentence = ("Sorry for the slow reply, I have been away at my sister's in Leeds all week and only got back "
                "last night to a pile of post - please go ahead with the resurfacing of the car park on Monday.")
    texts = [b.text for b in nlp.binding_sentences(sentence)]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("sentence", "promise"), [
    ("I've looked into it and we'll lift Kieran's ban from Monday so he can come back.",
     "we'll lift Kieran's ban from Monday so he can come back."),                    # realistic set AJ, 093
    ("I've spoken to the contractor and the council will cover the cost of the new posts.",
     "the council will cover the cost of the new posts."),
    ("I've heard the clerk agreed and we'll pay on Friday.", None),                  # hearsay, not the writer's news
    ("I've looked at it and if the committee agrees we'll pay half.", None),         # a condition
    ("I think it's fine and we'll pay half.", None),                                 # an opinion, not news
])
def test_a_promise_after_the_writers_news_is_judged_on_its_own(sentence, promise):
    assert _promise_after_the_news(sentence) == ([promise] if promise else [])


@pytest.mark.parametrize("sentence", [
    "I've had a word with the clerk and we'll discuss it at the next meeting.",     # procedure
    "I've checked, and we'll need a licence for the road closure.",
    "I've thought about it and we'll see what the committee says.",
])
def test_news_then_procedure_stays_unbound(nlp, sentence):
    assert not nlp.binding_sentences(sentence)


def test_the_model_is_rebuilt_from_memory_with_the_same_scores(tmp_path):
    """A relay reading months of mail must not keep every word it saw (spaCy would), nor pick up a model
    folder an upgrade replaced while it ran: it rebuilds the pipeline it loaded, from memory."""
    from mailguard.model.ngrams import uses_batched_counting  # noqa: PLC0415

    folder = tmp_path / "commitment"
    shutil.copytree(MODEL, folder)
    detector = TrainedDetector.load(folder, renew_after=100)
    sample = ["We will repair the fence by Friday.", "Please go ahead and order the six benches.",
              "Thanks for coming to the meeting.", "The county will decide in March."]
    before = detector.scores(sample)
    first = detector.nlp
    known = len(first.vocab.strings)
    shutil.rmtree(folder)                          # the folder is gone (an upgrade moved it)
    for n in range(0, 600, 40):
        detector.scores([" ".join(f"REF{k:08d}" for k in range(n, n + 40)) + " will be paid."])
    assert detector.pipeline.renewals >= 2 and detector.nlp is not first
    assert detector.scores(sample) == before       # exactly: the same weights, the same batched counting
    assert uses_batched_counting(detector.nlp)
    assert len(detector.nlp.vocab.strings) <= known + 100 + 2 * 41


def test_the_loaded_model_is_rebuilt_after_the_default_number_of_new_strings(nlp):
    from mailguard.nlp import RENEW_AFTER_NEW_STRINGS  # noqa: PLC0415

    assert isinstance(nlp.detector, TrainedDetector)
    assert nlp.detector.pipeline.limit == RENEW_AFTER_NEW_STRINGS
    assert nlp.splitter.pipeline.limit == RENEW_AFTER_NEW_STRINGS


def test_a_detector_made_from_another_learns_into_the_same_pipeline(tmp_path):
    """The realistic floor's never-binding detector asks the same questions: what it learns counts
    towards the one rebuild, instead of a second copy of the model growing unseen."""
    from mailguard.model.realistic import never_binding  # noqa: PLC0415

    detector = TrainedDetector.load(MODEL, renew_after=100)
    asking = never_binding(detector)
    first = detector.nlp
    for n in range(0, 300, 40):
        asking.scores([" ".join(f"REF{k:08d}" for k in range(n, n + 40)) + " will be paid."])
    assert detector.nlp is not first and detector.pipeline.renewals >= 1
    assert asking.nlp is detector.nlp
