"""Realistic council mail for the benchmarks, generated deterministically (no real person's mail).

The example council of ``config/example`` (Ashford Parva Town Council) writes the kinds of mail a
parish clerk's office sends every day, in the proportions of a sent-items folder:

==========================  ======  ==========================================================
kind                        share   what it looks like
==========================  ======  ==========================================================
officer-to-councillor        30 %   briefings, agendas, replies; Outlook multipart/alternative;
                                    1 in 20 marked confidential, 1 in 30 with an undisclosed Bcc
officer-to-third-party       28 %   replies to residents and contractors, quoting the thread
officer-internal             10 %   clerk to assistant clerk and the office mailbox
councillor-to-third-party    12 %   ward councillors answering residents; 1 in 10 commits the council
councillor-to-council         8 %   councillors to the clerk, often with the thread below
forward-with-attachment      12 %   a PDF or spreadsheet (base64), or a forwarded .eml, to a
                                    contractor, the solicitor or a councillor
==========================  ======  ==========================================================

Messages are 4-60 KB (median about 7 KB). Each comes with its SMTP envelope as a mail program would
send it: the envelope sender is the From address, the recipients are To + Cc + Bcc, and the Bcc
header is removed from the bytes sent.
"""

from __future__ import annotations

import base64
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime, getaddresses

D = "ashfordparva-tc.gov.uk"
CLERK = f"Jane Doe <clerk@{D}>"
ASSISTANT = f"Sam Patel <sam.patel@{D}>"
OFFICE = f"Ashford Parva Town Council <office@{D}>"
OFFICERS = [CLERK, ASSISTANT, f"Jane Doe <jane.doe@{D}>"]
COUNCILLORS = [f"Cllr Tom Baker <cllr.baker@{D}>", f"Cllr Anne Smith <cllr.smith@{D}>",
               f"Cllr Priya Shah <cllr.shah@{D}>", f"Cllr Gareth Jones <cllr.jones@{D}>",
               f"Cllr Margaret O'Neill <cllr.oneill@{D}>"]
COUNCILLOR_PERSONAL = ["Tom Baker <tombaker64@gmail.com>", "Anne Smith <anne.smith@btinternet.com>",
                       "Gareth Jones <garethjones.ap@outlook.com>"]
RESIDENTS = ["Mrs P. Green <pgreen1957@yahoo.co.uk>", "Robert Allen <rob.allen@btinternet.com>",
             "Helen Mistry <h.mistry@gmail.com>", "Colin and Sue Ward <wards.mill.lane@outlook.com>",
             "Dr K. Osei <kofi.osei@hotmail.co.uk>", "Ashford Parva Allotment Society <secretary@apallotments.org.uk>",
             "Friends of St Mary's Churchyard <friends.stmarys@gmail.com>"]
CONTRACTORS = ["Dave Hughes <dave@hughesfencing.co.uk>", "Greenscape Grounds Ltd <office@greenscape-grounds.co.uk>",
               "AP Electrical <jobs@ap-electrical.co.uk>", "Playsafe Inspections <reports@playsafe.org.uk>"]
ADVISERS = ["Wright & Co Solicitors <legal@wrightco-law.co.uk>", "Internal Auditor <audit@parishaudit.co.uk>"]
OTHERS = ["County Highways <highways@countycouncil.gov.uk>", "News desk <news@ashfordgazette.co.uk>",
          "Cllr Dan Price (District) <dan.price@districtcouncil.gov.uk>"]

DISCLAIMER = ("This e-mail and any attachments are confidential and intended solely for the use of the individual "
              "to whom it is addressed. If you have received this e-mail in error please notify the sender and "
              "delete it. Any views or opinions expressed are solely those of the author. Ashford Parva Town "
              "Council may monitor e-mail traffic. E-mail is not a secure medium and the council accepts no "
              "liability for any loss or damage arising from its use. Correspondence with the council may be "
              "disclosed under the Freedom of Information Act 2000.")
TOPICS = ["the allotment waiting list", "the streetlight on Orchard Way", "grass cutting at the cemetery",
          "the play area inspection", "the village hall roof", "the bus shelter on Station Road",
          "the hedge at Mill Lane", "the Christmas lights", "the war memorial cleaning", "the annual budget",
          "the footpath by the school", "dog bins on the green", "the car park resurfacing",
          "the planning application at 14 Church Lane", "the defibrillator at the pavilion"]
PARAGRAPHS = [
    "Thank you for your e-mail about {t}. I have looked into this and spoken to the contractor, who "
    "expects to be on site in the week beginning 15 April, weather permitting. I will let you know if that changes.",
    "The matter of {t} was discussed at the meeting of the Amenities Committee on Tuesday. Members noted "
    "the report and asked for further quotations to be obtained before a decision is made at full council.",
    "As you may know, the council's budget for {t} this year is limited, and any spending above the "
    "amount in the budget would need the approval of the Finance Committee under Financial Regulation 4.",
    "I attach below the relevant extract from the minutes for your information. The draft minutes will be "
    "published on the website within five working days, once the Chair has checked them for accuracy.",
    "Residents have raised {t} several times over the past year, mostly by telephone to the office, and "
    "the log of calls shows eleven contacts since September. Most callers asked when work would start.",
    "I have asked the county council's highways team for an update on {t}; their reference is HW-2024-"
    "1187. They aim to reply within ten working days, although in my experience it often takes longer.",
    "Please could you let me know by Friday whether you are available on the evening of 23 April for a "
    "site visit about {t}. The Chair and the Vice-Chair have both said they can attend at 6.30pm.",
    "For background, the original agreement about {t} dates from 2016 and was renewed in 2021 for five "
    "years. The clerk's file copy is in the office, and I can scan the relevant pages if that would help.",
    "The insurers have confirmed that {t} is covered under the council's policy, subject to the usual "
    "excess of 250 pounds. They will need photographs and a short written account before the claim is opened.",
    "There is no need to do anything further at this stage. I will add {t} to the agenda for the next "
    "meeting so that members can consider the options, and circulate the papers a week beforehand.",
]
#: Confidential briefings: staffing, legal and personal matters, never in ordinary mail (so rule (c) of
#: confidential-forward, which recognises a briefing reproduced later, has nothing to find in the mix).
CONFIDENTIAL = [
    "I need to let you know that {p} has been signed off sick for {k} weeks from {day}, and that the "
    "grievance raised in {month} is still being investigated by the HR adviser under the council's policy.",
    "The solicitor's advice on the boundary dispute with the owner of {k} {street} is that the council's "
    "position is weaker than we thought, and that we should consider an offer of {k}00 pounds to settle.",
    "A resident, {p}, has made a formal complaint about the conduct of a member at the meeting on {day}; "
    "the monitoring officer will decide within {k} weeks whether it goes to an investigation.",
    "The internal auditor found {k} payments in {month} that were approved by only one signatory; I am "
    "putting new controls in place and would rather this did not become public before the Finance Committee.",
]
PEOPLE = ["Mr Ellison", "Mrs Okafor", "the groundsman", "Ms Brennan", "Mr Tully", "the caretaker"]
MONTHS = ["January", "February", "March", "May", "June", "September", "October", "November"]
STREETS = ["Church Lane", "Mill Lane", "Orchard Way", "Station Road", "The Green", "Back Street"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
COMMITMENTS = ["Please go ahead with the work next week and send the invoice to the council.",
               "I can confirm the council will pay for the replacement of the damaged fence panels.",
               "We accept your quotation of 2,450 pounds and you can start on Monday.",
               "Please arrange for the bins to be emptied weekly from May; the council will cover the cost."]
RESIDENT_TEXT = ["Dear Clerk,\n\nI am writing again about {t}. Nothing seems to have happened since my last "
                 "e-mail in February and the problem is getting worse. Could you tell me what the council is "
                 "doing about it and when?\n\nMany thanks,\n{n}",
                 "Hello,\n\nJust a quick note to say thank you for sorting out {t} so quickly. It has made a real "
                 "difference to the people who use it every day.\n\nBest wishes,\n{n}"]


def _name(addr: str) -> str:
    return getaddresses([addr])[0][0] or getaddresses([addr])[0][1]


def _first(addr: str) -> str:
    name = _name(addr).replace("Cllr ", "").replace("Dr ", "")
    return name.split()[0]


@dataclass(frozen=True)
class BenchMessage:
    kind: str
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes


class Generator:
    def __init__(self, seed: int = 2024) -> None:
        self.r = random.Random(seed)
        self.n = 0
        self.when = datetime(2019, 1, 7, 9, 0, tzinfo=timezone.utc)

    # ------------------------------------------------------------------ building blocks
    def _text(self, topic: str, paragraphs: tuple[int, int] = (2, 5)) -> str:
        k = self.r.randint(*paragraphs)
        return "\n\n".join(self._wrap(p.format(t=topic)) for p in self.r.sample(PARAGRAPHS, k))

    @staticmethod
    def _wrap(text: str, width: int = 76) -> str:
        lines, line = [], ""
        for word in text.split():
            if line and len(line) + 1 + len(word) > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        lines.append(line)
        return "\n".join(lines)

    def _signature(self, sender: str) -> str:
        if "cllr." in sender or sender in COUNCILLOR_PERSONAL:
            return f"Cllr {_name(sender).replace('Cllr ', '')}\nAshford Parva Town Council\nMobile: 07700 900{self.r.randint(100, 999)}"
        return (f"{_name(sender).replace('Ashford Parva Town Council', 'Sam Patel')}\n"
                f"{'Town Clerk and Proper Officer' if 'clerk' in sender or 'jane' in sender else 'Assistant Clerk'}\n"
                "Ashford Parva Town Council\nThe Old School House, 12 Church Lane, Ashford Parva, AP4 7QT\n"
                "Tel: 01632 960412\n\n" + self._wrap(DISCLAIMER))

    def _quoted(self, who: str, topic: str, depth: int) -> str:
        """An earlier message of the thread as Outlook prints it below a reply."""
        when = self.when - timedelta(days=self.r.randint(1, 20))
        inner = self.r.choice(RESIDENT_TEXT).format(t=topic, n=_name(who)) if depth == 0 else \
            f"Dear {_first(who)},\n\n{self._text(topic, (1, 3))}\n\nKind regards,\n\n{self._signature(who)}"
        return (f"\n\n________________________________\nFrom: {who}\nSent: {format_datetime(when)}\n"
                f"To: {CLERK}\nSubject: Re: {topic.capitalize()}\n\n{inner}")

    def _message(self, kind: str, frm: str, to: list[str], subject: str, body: str, *, cc: list[str] | None = None,
                 bcc: list[str] | None = None, html: bool = False, headers: dict[str, str] | None = None,
                 attachment: tuple[str, str, bytes] | None = None, attached_message: bytes | None = None
                 ) -> BenchMessage:
        self.n += 1
        self.when += timedelta(minutes=self.r.randint(3, 90))
        m = EmailMessage()
        m["From"] = frm
        m["To"] = ", ".join(to)
        if cc:
            m["Cc"] = ", ".join(cc)
        m["Subject"] = subject
        m["Date"] = format_datetime(self.when)
        m["Message-ID"] = f"<bench-{self.n:07d}.{self.r.getrandbits(40):010x}@{D}>"
        m["X-Mailer"] = "Microsoft Outlook 16.0"
        for k, v in (headers or {}).items():
            m[k] = v
        m.set_content(body)
        if html:
            paras = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in body.split("\n\n"))
            m.add_alternative(f"<html><head><meta charset=\"utf-8\"></head><body style=\"font-family:Calibri\">"
                              f"{paras}</body></html>", subtype="html")
        if attachment is not None:
            maintype, name, payload = attachment
            main, sub = maintype.split("/")
            m.add_attachment(payload, maintype=main, subtype=sub, filename=name)
        if attached_message is not None:
            m.add_attachment(attached_message, maintype="message", subtype="rfc822")
        rcpts = [a for _, a in getaddresses(to + (cc or []) + (bcc or []))]
        data = bytes(m).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        return BenchMessage(kind, getaddresses([frm])[0][1], tuple(rcpts), data)

    def _blob(self, size: int) -> bytes:
        return self.r.randbytes(size)

    # ------------------------------------------------------------------ kinds
    def officer_to_councillor(self) -> BenchMessage:
        frm = self.r.choice(OFFICERS)
        to = self.r.sample(COUNCILLORS, 1)
        cc = self.r.sample([c for c in COUNCILLORS if c not in to], self.r.choice([0, 0, 1, 2]))
        topic = self.r.choice(TOPICS)
        subject = topic.capitalize()
        opening = ""
        headers = {}
        if self.r.random() < 0.05:
            subject = f"CONFIDENTIAL: {subject}"
            opening = "Please treat this as confidential.\n\n"
            headers["Sensitivity"] = "Company-Confidential"
        text = self._text(topic)
        if opening:
            c = self.r.choice(CONFIDENTIAL)
            text = self._wrap(c.format(p=self.r.choice(PEOPLE), k=self.r.randint(2, 9), day=self.r.choice(DAYS),
                                       month=self.r.choice(MONTHS), street=self.r.choice(STREETS)))
        bcc = []
        if self.r.random() < 1 / 30:
            bcc = [self.r.choice([c for c in COUNCILLORS if c not in to + cc])]
        body = (f"Dear {_first(to[0])},\n\n{opening}{text}\n\nKind regards,\n\n{self._signature(frm)}"
                + (self._quoted(to[0], topic, 1) if self.r.random() < 0.4 else ""))
        return self._message("officer-to-councillor", frm, to, subject, body, cc=cc, bcc=bcc, html=True,
                             headers=headers)

    def officer_to_third_party(self) -> BenchMessage:
        frm = self.r.choice(OFFICERS)
        to = [self.r.choice(RESIDENTS + CONTRACTORS + OTHERS)]
        topic = self.r.choice(TOPICS)
        cc = [self.r.choice(COUNCILLORS)] if self.r.random() < 0.2 else []
        body = f"Dear {_first(to[0])},\n\n{self._text(topic)}\n\nKind regards,\n\n{self._signature(frm)}"
        if self.r.random() < 0.7:
            body += self._quoted(to[0], topic, 0)
        return self._message("officer-to-third-party", frm, to, f"RE: {topic.capitalize()}", body, cc=cc,
                             html=self.r.random() < 0.7)

    def officer_internal(self) -> BenchMessage:
        frm, to = self.r.sample([CLERK, ASSISTANT, OFFICE], 2)
        topic = self.r.choice(TOPICS)
        body = f"Hi {_first(to)},\n\n{self._text(topic, (1, 3))}\n\nThanks,\n{_first(frm)}"
        return self._message("officer-internal", frm, [to], f"{topic.capitalize()} - note for the file", body)

    def councillor_to_third_party(self, extra: str = "") -> BenchMessage:
        frm = self.r.choice(COUNCILLORS + COUNCILLOR_PERSONAL)
        to = [self.r.choice(RESIDENTS + CONTRACTORS)]
        topic = self.r.choice(TOPICS)
        text = self._text(topic, (1, 3)) + extra
        if self.r.random() < 0.1:
            text += "\n\n" + self.r.choice(COMMITMENTS)
        cc = [CLERK] if self.r.random() < 0.5 else []
        body = (f"Dear {_first(to[0])},\n\n{text}\n\nBest wishes,\n\n{self._signature(frm)}"
                + self._quoted(to[0], topic, 0))
        return self._message("councillor-to-third-party", frm, to, f"Re: {topic.capitalize()}", body, cc=cc,
                             html=self.r.random() < 0.5)

    def councillor_to_council(self) -> BenchMessage:
        frm = self.r.choice(COUNCILLORS + COUNCILLOR_PERSONAL)
        topic = self.r.choice(TOPICS)
        body = (f"Hi Jane,\n\n{self._text(topic, (1, 2))}\n\nThanks,\n{_first(frm)}"
                + self._quoted(CLERK, topic, 1))
        return self._message("councillor-to-council", frm, [CLERK], f"Re: {topic.capitalize()}", body,
                             html=self.r.random() < 0.5)

    def forward_with_attachment(self, attachment_size: int | None = None) -> BenchMessage:
        frm = self.r.choice(OFFICERS)
        to = [self.r.choice(CONTRACTORS + ADVISERS + COUNCILLORS)]
        topic = self.r.choice(TOPICS)
        body = (f"Dear {_first(to[0])},\n\nPlease see the attached, which I mentioned on the phone.\n\n"
                f"{self._text(topic, (1, 2))}\n\nKind regards,\n\n{self._signature(frm)}")
        if attachment_size is None and self.r.random() < 0.25:
            inner = self.officer_to_third_party()
            return self._message("forward-with-attachment", frm, to, f"FW: {topic.capitalize()}", body,
                                 attached_message=inner.data)
        size = attachment_size or self.r.randint(15_000, 40_000)
        kind = self.r.choice([("application/pdf", f"{topic.replace(' ', '-')}.pdf"),
                              ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "costs.xlsx")])
        return self._message("forward-with-attachment", frm, to, f"FW: {topic.capitalize()}", body,
                             attachment=(kind[0], kind[1], self._blob(size)), html=True)

    def novel(self) -> BenchMessage:
        """A councillor's reply to a resident carrying words nobody wrote before, as real mail does
        (references, names, addresses, amounts): about 15 new strings for each language pipeline, the growth
        that makes them rebuild. The bench's other messages reuse one small vocabulary and never show it."""
        self.n += 1
        n, r = self.n, self.r.randrange(10**6)
        extra = "\n\n" + self._wrap(
            f"Your reference is CRM-{n:07d}-{r:06d} and the planning application is 26/{n:05d}/FUL at "
            f"Plot {n} {self.r.choice(STREETS)}. Mr Q{r:06d}x of Wk{n:06d} Ltd quoted £{n}.{r % 100:02d} on "
            f"invoice INV{r:06d}{n}; ring him on 07700 {n:06d} or e-mail q{r}.{n}@wk{n}-ltd.co.uk, "
            f"see https://planning.example.gov.uk/app/{n}{r}.")
        m = self.councillor_to_third_party(extra)
        return BenchMessage("novel-words", m.mail_from, m.rcpt_tos, m.data)

    MIX = (("officer-to-councillor", 30), ("officer-to-third-party", 28), ("officer-internal", 10),
           ("councillor-to-third-party", 12), ("councillor-to-council", 8), ("forward-with-attachment", 12))

    def mix(self) -> BenchMessage:
        kinds, weights = zip(*self.MIX, strict=True)
        kind = self.r.choices(kinds, weights)[0]
        make: Callable[[], BenchMessage] = getattr(self, kind.replace("-", "_"))
        return make()

    def sized(self, target: int) -> BenchMessage:
        """Officer mail of about ``target`` bytes: a reply to a resident (5 KB), a forward with a PDF (100 KB)."""
        if target < 20_000:
            for _ in range(200):
                m = self.officer_to_third_party()
                if abs(len(m.data) - target) < target * 0.15:
                    return m
            return m
        overhead = len(self.forward_with_attachment(1000).data) - 1400
        return self.forward_with_attachment(int((target - overhead) * 3 / 4))


def mix(count: int, seed: int = 2024) -> list[BenchMessage]:
    g = Generator(seed)
    return [g.mix() for _ in range(count)]


def iter_mix(seed: int = 2024) -> Iterator[BenchMessage]:
    g = Generator(seed)
    while True:
        yield g.mix()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()
