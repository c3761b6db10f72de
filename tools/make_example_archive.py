"""Rebuild config/example/archive/sent-2024.mbox: the example council's year of mail.

A small, realistic archive with violations of each rule and the hard negatives next to them, so
that `make run` shows something real. Run: python tools/make_example_archive.py
"""

from __future__ import annotations

import mailbox
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "config" / "example" / "archive" / "sent-2024.mbox"
D = "ashfordparva-tc.gov.uk"
CLERK = f"Jane Doe <clerk@{D}>"
DISCLAIMER = ("This e-mail and any attachments are confidential and intended solely for the use of the "
              "individual to whom it is addressed. If you have received this e-mail in error please notify "
              "the sender. Ashford Parva Town Council may monitor e-mail traffic.")
CLERK_SIG = f"Jane Doe\nTown Clerk and Proper Officer\nAshford Parva Town Council\nChair: Cllr Tom Baker | Vice-Chair: Cllr Anne Smith\n\n{DISCLAIMER}"


def msg(n: int, when: str, frm: str, to: str, subject: str, body: str, cc: str = "", bcc: str = "",
        html: str | None = None, extra: dict[str, str] | None = None,
        attach: EmailMessage | None = None) -> EmailMessage:
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    if cc:
        m["Cc"] = cc
    if bcc:
        m["Bcc"] = bcc
    m["Subject"] = subject
    m["Date"] = format_datetime(datetime.fromisoformat(when).replace(tzinfo=timezone.utc))
    m["Message-ID"] = f"<example-{n:03d}@{D}>"
    for k, v in (extra or {}).items():
        m[k] = v
    m.set_content(body)
    if html is not None:
        m.add_alternative(html, subtype="html")
    if attach is not None:
        m.add_attachment(attach)
    return m


def build() -> list[EmailMessage]:
    out = []
    out.append(msg(1, "2024-01-09T09:12", CLERK, f"Cllr Tom Baker <cllr.baker@{D}>", "Agenda for 16 January",
                   f"Dear Tom,\n\nPlease find the draft agenda for the full council meeting on 16 January below. "
                   f"Let me know if you would like anything added by Friday.\n\nKind regards,\n\n{CLERK_SIG}\n"))
    # silent-bcc: a silent copy to the Vice-Chair's personal address.
    out.append(msg(2, "2024-01-22T14:03", CLERK, f"Cllr Gareth Jones <cllr.jones@{D}>",
                   "Your question about the allotment waiting list",
                   "Dear Gareth,\n\nThank you for your question about the allotment waiting list. There are 14 "
                   "people waiting, the longest since March 2021. Two plots at Mill Lane will become free in "
                   "April and will be offered in list order.\n\nKind regards,\n\n" + CLERK_SIG + "\n",
                   bcc="anne.smith@btinternet.com"))
    # hard negative: the blind copy is disclosed at the foot.
    out.append(msg(3, "2024-02-05T10:40", CLERK, f"Cllr Priya Shah <cllr.shah@{D}>", "Streetlight on Orchard Way",
                   "Dear Priya,\n\nThe streetlight outside 12 Orchard Way has been reported to the county council "
                   "(reference SL-44192). They aim to repair it within 10 working days.\n\nKind regards,\n\nJane\n\n"
                   "CC Councillor Baker (Chair)\n\n" + CLERK_SIG + "\n",
                   bcc=f"cllr.baker@{D}"))
    # hard negative: blind copy to the councillor's own other address.
    out.append(msg(4, "2024-02-12T16:20", CLERK, f"Cllr Tom Baker <cllr.baker@{D}>", "Signed minutes",
                   "Dear Tom,\n\nThe signed minutes are now on the website. I have copied this to your Gmail as "
                   "you asked.\n\nKind regards,\n\n" + CLERK_SIG + "\n", bcc="tombaker64@gmail.com"))
    # hard negative: office mass mailing with all councillors in Bcc.
    out.append(msg(5, "2024-03-01T08:30", f"Ashford Parva Town Council <office@{D}>", f"office@{D}",
                   "Councillor newsletter - March",
                   "Dear Councillors,\n\nThis month's newsletter is attached below as text. Training dates for "
                   "planning are on 12 and 19 March.\n\nSam Patel\nAssistant Clerk\n",
                   bcc=f"cllr.baker@{D}, cllr.smith@{D}, cllr.shah@{D}, cllr.jones@{D}, cllr.oneill@{D}"))
    # silent-bcc in HTML-only style: two blind copies, only one disclosed.
    html6 = ("<html><body><p>Dear Priya,</p><p>The grass cutting schedule for the cemetery is below; the "
             "contractor starts on 8 April.</p><p>Kind regards,<br>Sam</p><p>cc: Cllr G. Jones</p></body></html>")
    m6 = EmailMessage()
    m6["From"] = f"Sam Patel <sam.patel@{D}>"
    m6["To"] = f"cllr.shah@{D}"
    m6["Bcc"] = f"cllr.jones@{D}, cllr.oneill@{D}"
    m6["Subject"] = "Cemetery grass cutting"
    m6["Date"] = format_datetime(datetime(2024, 3, 20, 11, 5, tzinfo=timezone.utc))
    m6["Message-ID"] = f"<example-006@{D}>"
    m6.set_content(html6, subtype="html")
    out.append(m6)
    # councillor-obligation: a councillor instructs a contractor from a personal address.
    out.append(msg(7, "2024-04-03T19:47", "Tom Baker <tombaker64@gmail.com>", "Dave Hughes <dave@hughesfencing.co.uk>",
                   "Re: Fence at the recreation ground",
                   "Hi Dave,\n\nThanks for the quote. Please go ahead with the fence repairs next week, and send "
                   "the invoice for the £1,450 to the clerk; the council will pay it within 30 days.\n\nCheers,\n"
                   "Tom\n\nOn 2 Apr 2024, at 17:10, Dave Hughes <dave@hughesfencing.co.uk> wrote:\n\n> Hi Tom,\n"
                   "> Our price for the repairs is £1,450 + VAT. We will start as soon as we hear from you.\n> Dave\n"))
    # hard negative: a councillor's own view and a reported decision left to the clerk.
    out.append(msg(8, "2024-04-15T12:30", "Anne Smith <anne.smith@btinternet.com>", "Mrs P. Green <pgreen1957@yahoo.co.uk>",
                   "Parking on Church Street",
                   "Dear Mrs Green,\n\nThank you for writing about parking on Church Street. I agree it has got "
                   "worse and I will raise it with the clerk this week. The council resolved in March to consult "
                   "residents on a residents' parking scheme; the clerk will write to you with the details.\n\n"
                   "Best wishes,\nCllr Anne Smith\nVice-Chair, Ashford Parva Town Council\n"))
    # councillor-obligation: from the clerk's mailbox, signed off by the Chair, accepting a quote.
    out.append(msg(9, "2024-05-07T09:55", CLERK, "Sales <sales@festivelights.co.uk>", "Christmas lights 2024",
                   "Dear Sir or Madam,\n\nThank you for your quotation of 2 May. We are pleased to accept your "
                   "quotation of £6,200 for the supply and installation of the Christmas lights on the High Street, "
                   "and the council will pay the deposit on receipt of your invoice.\n\nYours faithfully,\n\n"
                   "Cllr Tom Baker\nChair, Ashford Parva Town Council\n"))
    # hard negative: the commitment is only in the contractor's quoted text.
    out.append(msg(10, "2024-05-20T18:02", f"Priya Shah <cllr.shah@{D}>", "Ben Carter <ben@cartertrees.co.uk>",
                   "Re: Oak tree on the green",
                   "Hi Ben,\n\nThanks for this. I've passed it to the clerk, who will be in touch about the order.\n\n"
                   "Regards,\nPriya\n\n-----Original Message-----\nFrom: Ben Carter <ben@cartertrees.co.uk>\n"
                   "Sent: 20 May 2024 15:11\nTo: Priya Shah <cllr.shah@ashfordparva-tc.gov.uk>\nSubject: Oak tree on the green\n\n"
                   "Dear Cllr Shah,\n\nWe will crown-lift the oak on the green on 3 June and we will invoice the "
                   "council for £480.\n\nBen Carter\n"))
    # confidential-forward (a): the clerk's confidential note is also copied to the complainant.
    out.append(msg(11, "2024-06-04T15:20", CLERK, f"Cllr Margaret O'Neill <cllr.oneill@{D}>",
                   "CONFIDENTIAL: complaint from Mr Ellis about the pavilion",
                   "Dear Margaret,\n\nI am sharing this with you in confidence, because it concerns a member of "
                   "staff. Mr Ellis's complaint names our caretaker, and the staffing committee will consider it on "
                   "12 June. Please do not discuss the details until then.\n\nKind regards,\n\n" + CLERK_SIG + "\n",
                   cc="Mr R. Ellis <r.ellis@ellisfamily.net>"))
    # The clerk's confidential briefing to a councillor: fine in itself, goes into the ledger.
    briefing = ("Dear Gareth,\n\nCONFIDENTIAL - not for onward circulation\n\nAs you asked, here is the background "
                "to the dispute with the bowls club. The club owes the council £3,870 in unpaid ground rent for "
                "2022 and 2023. Its treasurer has told us privately that the club cannot pay and may fold; the "
                "council's solicitor has advised that we offer a payment plan before any legal action, and the "
                "finance committee will consider that option in closed session on 9 July.\n\nKind regards,\n\n"
                + CLERK_SIG + "\n")
    out.append(msg(12, "2024-06-28T10:00", CLERK, f"Cllr Gareth Jones <cllr.jones@{D}>", "Bowls club - background",
                   briefing))
    # confidential-forward (b): the councillor forwards it, Outlook style, to a resident.
    out.append(msg(13, "2024-07-02T21:14", "Gareth Jones <garethjones.ap@outlook.com>", "Pete Rowe <pete.rowe@gmail.com>",
                   "FW: Bowls club - background",
                   "Pete - see below, this is what I was telling you about. Keep it to yourself.\n\nGareth\n\n"
                   "-----Original Message-----\nFrom: Jane Doe <clerk@ashfordparva-tc.gov.uk>\nSent: 28 June 2024 10:00\n"
                   "To: Cllr Gareth Jones <cllr.jones@ashfordparva-tc.gov.uk>\nSubject: Bowls club - background\n\n"
                   + briefing))
    # confidential-forward (c): the same text pasted into a new mail to the press, marking removed.
    out.append(msg(14, "2024-07-10T08:45", f"Margaret O'Neill <cllr.oneill@{D}>", "News desk <news@ashfordgazette.co.uk>",
                   "Bowls club",
                   "Hello,\n\nFollowing your call, here is what I can tell you. The club owes the council £3,870 in "
                   "unpaid ground rent for 2022 and 2023. Its treasurer has told us privately that the club cannot "
                   "pay and may fold; the council's solicitor has advised that we offer a payment plan before any "
                   "legal action.\n\nMargaret O'Neill\n"))
    # hard negative: forwarding ordinary officer mail (with the council's disclaimer) to a resident.
    out.append(msg(15, "2024-08-13T13:13", f"Tom Baker <cllr.baker@{D}>", "Lucy Ward <lucy.ward@gmail.com>",
                   "Fwd: Bonfire night arrangements",
                   "Hi Lucy,\n\nHere's the clerk's note on the bonfire night arrangements, for the residents' "
                   "association newsletter.\n\nTom\n\n---------- Forwarded message ---------\nFrom: Jane Doe "
                   "<clerk@ashfordparva-tc.gov.uk>\nDate: Mon, 12 Aug 2024 at 10:02\nSubject: Bonfire night arrangements\n"
                   "To: Cllr Tom Baker <cllr.baker@ashfordparva-tc.gov.uk>\n\nDear Tom,\n\nThe bonfire will be on "
                   "Saturday 2 November on the recreation ground; gates open at 6pm.\n\nKind regards,\n\n"
                   + CLERK_SIG + "\n"))
    # hard negative: a confidential note forwarded to another councillor.
    out.append(msg(16, "2024-09-03T17:30", f"Anne Smith <cllr.smith@{D}>", f"Cllr Tom Baker <cllr.baker@{D}>",
                   "Fwd: CONFIDENTIAL: complaint from Mr Ellis about the pavilion",
                   "Tom, for the staffing committee.\n\nAnne\n\nBegin forwarded message:\n\nFrom: Jane Doe "
                   "<clerk@ashfordparva-tc.gov.uk>\nSubject: CONFIDENTIAL: complaint from Mr Ellis about the pavilion\n"
                   "Date: 4 June 2024 at 15:20:00 BST\nTo: Cllr Anne Smith <cllr.smith@ashfordparva-tc.gov.uk>\n\n"
                   "Dear Anne,\n\nI am sharing this with you in confidence, because it concerns a member of staff.\n"))
    # confidential-forward (b) via an attached message (message/rfc822) sent to a third party.
    inner = msg(17, "2024-10-01T09:00", CLERK, f"Cllr Tom Baker <cllr.baker@{D}>",
                "Private and Confidential - clerk's appraisal",
                "Dear Tom,\n\nAs chair you asked for the outcome of my appraisal before the staffing committee. "
                "It is attached in confidence.\n\nKind regards,\n\nJane\n")
    out.append(msg(18, "2024-10-08T20:20", "Tom Baker <tombaker64@gmail.com>", "Kevin Doyle <kevdoyle@hotmail.co.uk>",
                   "appraisal", "Kev, have a look at this and tell me what you think.\nT\n", attach=inner))
    # hard negative: forwarding the confidential note to the council's solicitor (an adviser).
    out.append(msg(19, "2024-10-09T09:15", f"Tom Baker <cllr.baker@{D}>", "Wright & Co <legal@wrightco-law.co.uk>",
                   "Fwd: Private and Confidential - clerk's appraisal",
                   "Please advise on the attached.\n\nCllr Tom Baker\nChair\n", attach=inner))
    # hard negative: a councillor's personal promise and a question to a third party.
    out.append(msg(20, "2024-11-18T11:11", f"Gareth Jones <cllr.jones@{D}>", "Sarah Quinn <sarah@quinnevents.co.uk>",
                   "Christmas market",
                   "Hi Sarah,\n\nLovely to meet you at the market planning evening. Could you send us a quote for "
                   "the marquee for 7 December? I'll pass it to the clerk for the events committee.\n\n"
                   "Thanks,\nGareth\n"))
    out.extend(further_rules())
    return out


def further_rules() -> list[EmailMessage]:
    """Examples for the rules of issue 5 (protocol packs), each next to a hard negative."""
    out = []
    # councillor-speaks-for-council: the Vice-Chair objects to a planning application in the council's name.
    out.append(msg(21, "2024-11-20T08:40", "Anne Smith <anne.smith@btinternet.com>",
                   "Planning Services <planning@ashforddc.gov.uk>", "Objection - 24/00412/FUL, land north of Mill Lane",
                   "Dear Sir or Madam,\n\nI am writing on behalf of Ashford Parva Town Council to object to this "
                   "application. The site lies outside the settlement boundary and the access onto Mill Lane is "
                   "unsafe.\n\nYours faithfully,\n\nCllr Anne Smith\nVice-Chair, Ashford Parva Town Council\n"))
    # hard negative: the Chair's representation to a Government Minister (the protocol's own example).
    out.append(msg(22, "2024-11-21T10:15", f"Tom Baker <cllr.baker@{D}>",
                   "Minister for Local Government <ministerial.correspondence@communities.gov.uk>",
                   "Rural bus funding",
                   "Dear Minister,\n\nI am writing on behalf of Ashford Parva Town Council to ask you to reconsider "
                   "the withdrawal of rural bus funding, which leaves 400 residents without a service.\n\n"
                   "Yours sincerely,\n\nCllr Tom Baker\nChair, Ashford Parva Town Council\n"))
    # instructs-staff: a councillor gives the assistant clerk work directly.
    out.append(msg(23, "2024-11-25T18:05", f"Priya Shah <cllr.shah@{D}>", f"Sam Patel <sam.patel@{D}>",
                   "Litter pick",
                   "Hi Sam,\n\nCould you book the village hall for the litter pick on Saturday 7 December, 9am to "
                   "1pm, and ring Dave Hughes to get the gate at the rec fixed before then?\n\nThanks,\nPriya\n"))
    # hard negative: a councillor asks the assistant clerk for information.
    out.append(msg(24, "2024-11-26T09:30", f"Gareth Jones <cllr.jones@{D}>", f"Sam Patel <sam.patel@{D}>",
                   "Grounds budget",
                   "Sam,\n\nCould you let me know how much is left in the grounds maintenance budget for this "
                   "year?\n\nThanks,\nGareth\n"))
    # confidential-external: a councillor sends a Part 2 report to a friend.
    part2 = msg(25, "2024-12-02T20:10", "Gareth Jones <garethjones.ap@outlook.com>", "Pete Rowe <pete.rowe@gmail.com>",
                "Pavilion", "Pete - this is the report I mentioned. Don't spread it around.\n\nG\n")
    part2.add_attachment(b"%PDF-1.4\n% Part 2 report: pavilion lease\n", maintype="application", subtype="pdf",
                         filename="Part 2 - Pavilion lease report.pdf")
    out.append(part2)
    # public-criticism: a councillor criticises the clerk to the local paper.
    out.append(msg(26, "2024-12-09T07:55", f"Gareth Jones <cllr.jones@{D}>", "News desk <news@ashfordgazette.co.uk>",
                   "Letter for publication",
                   "Dear Editor,\n\nResidents deserve to know that our Town Clerk failed to publish the pavilion "
                   "accounts on time for the second year running. Frankly she is not up to the job.\n\n"
                   "Cllr Gareth Jones\n"))
    # hard negative: the same concern raised privately with the Chair.
    out.append(msg(27, "2024-12-09T08:20", f"Anne Smith <cllr.smith@{D}>", f"Tom Baker <cllr.baker@{D}>",
                   "Pavilion accounts",
                   "Tom,\n\nI'm worried that the pavilion accounts were late again and the clerk failed to tell us "
                   "why. Can we talk about it before the staffing committee?\n\nAnne\n"))
    return out


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if OUT.exists():
        OUT.unlink()
    box = mailbox.mbox(str(OUT))
    try:
        for m in build():
            box.add(m)
    finally:
        box.close()
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
