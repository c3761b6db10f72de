"""The messages the relay tests send: one per verdict, as CRLF bytes with their envelopes."""

from __future__ import annotations

from dataclasses import dataclass

from tests.conftest import BAKER, BAKER_GMAIL, CLERK, CONTRACTOR, RESIDENT, D, mail
from tests.relay.harness import crlf

CONF_BODY = ("Dear Tom,\n\nI am sharing this with you in confidence because it concerns a member of staff. "
             "The caretaker has been signed off sick for three weeks and the staffing committee will review "
             "the cover arrangements on 12 June, including the agency costs of about \u00a3900 a week.\n\n"
             "Kind regards,\nJane\n")


@dataclass(frozen=True)
class Sample:
    mail_from: str
    rcpts: list[str]
    data: bytes


def clean(n: int = 0) -> Sample:
    return Sample(f"clerk@{D}", [f"cllr.baker@{D}"],
                  crlf(mail(CLERK, BAKER, f"Dear Tom,\n\nThe agenda for meeting {n} is attached.\n\nJane\n",
                            subject=f"Agenda {n}", msgid=f"<clean{n}@test>")))


def silent_bcc(n: int = 0) -> Sample:
    """The clerk writes to Cllr Baker and blind-copies Cllr Smith without saying so."""
    body = f"Dear Tom,\n\nThe streetlight on Orchard Way ({n}) has been reported.\n\nKind regards,\nJane\n"
    return Sample(f"clerk@{D}", [f"cllr.baker@{D}", f"cllr.smith@{D}"],
                  crlf(mail(CLERK, BAKER, body, html=f"<html><body><p>Dear Tom,</p><p>Streetlight "
                                                     f"{n}.</p></body></html>",
                            subject=f"Streetlight {n}", msgid=f"<bcc{n}@test>")))


def obligation(n: int = 0) -> Sample:
    """A councillor commits the council to a contractor: held for the clerk."""
    body = f"Hi Dave,\n\nThanks for getting back to me. Please go ahead with the works ({n}).\n\nCheers,\nTom\n"
    return Sample("tombaker64@gmail.com", ["dave@hughesfencing.co.uk"],
                  crlf(mail(BAKER_GMAIL, CONTRACTOR, body, subject=f"Fence {n}", msgid=f"<oblig{n}@test>")))


def confidential_to_resident() -> Sample:
    """An officer's confidential mail to a councillor, also copied to a complainant: blocked."""
    return Sample(f"clerk@{D}", [f"cllr.baker@{D}", "pgreen1957@yahoo.co.uk"],
                  crlf(mail(CLERK, BAKER, CONF_BODY, subject="Staffing", cc=RESIDENT, msgid="<conf@test>")))
