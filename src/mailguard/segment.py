"""Split a body into the sender's own text and the history it carries.

Councillors and officers reply on top of, below and in between earlier messages, and forward in the
styles of every mail client. Rules must judge only what the sender wrote (an obligation in a quoted
contractor's message is not the councillor's), yet must see what was forwarded (a confidential
officer's message forwarded to a complainant). So a body becomes a tree: the sender's own lines, and
embedded messages (quoted replies, inline forwards), each with whatever header facts the client
printed (From/Sent/To/Subject blocks, "On ... wrote:" lines), each segmented the same way in turn.

Recognised: '>' quoting at any depth; "On <date>, <name> wrote:" attributions (several languages,
wrapped over up to three lines); Outlook's "-----Original Message-----" and bare "From:/Sent:/To:/
Subject:" blocks (also after a rule of underscores, as Outlook and OWA print them); Gmail's
"---------- Forwarded message ---------"; Apple Mail's "Begin forwarded message:"; Thunderbird's
"-------- Forwarded Message --------" and "-------- Original Message --------"; Lotus Notes'
"----- Forwarded by ... -----".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from mailguard.message import Address, parse_addresses

MAX_NESTING = 12

_SEPARATOR = re.compile(
    r"^\s*[-=_*]{2,}\s*(?P<what>original message|original e-?mail|forwarded message|forwarded e-?mail|"
    r"message d'origine|message transf[ée]r[ée]|urspr[üu]ngliche nachricht|weitergeleitete nachricht|"
    r"oorspronkelijk bericht|doorgestuurd bericht|mensaje original|mensaje reenviado|messaggio originale|"
    r"messaggio inoltrato|mensagem original|mensagem encaminhada|original meddelelse|videresendt meddelelse|"
    r"ursprungligt meddelande|vidarebefordrat meddelande|wiadomo[śs][ćc] oryginalna|"
    r"przekazana wiadomo[śs][ćc])\s*[-=_*]{2,}\s*$"
    r"|^\s*(?P<apple>begin forwarded message|d[ée]but du message r[ée]exp[ée]di[ée]|"
    r"anfang der weitergeleiteten nachricht|inicio del mensaje reenviado)\s*:?\s*$"
    r"|^\s*-{2,}\s*(?P<lotus>forwarded by\b.*?)\s*-{2,}\s*$"
    r"|^\s*(?P<bare>forwarded message|original message)\s*:?\s*$"
    r"|^\s*-{2,}\s*(?P<zoho>on\b.{3,200}\bwrote)\s*-{2,}\s*$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^\s*(_{8,}|-{20,})\s*$")
# Header names as mail clients print them in forwarded/quoted header blocks, in the languages
# councils' correspondents most often use (Welsh for Outlook in Welsh: "Oddi wrth", "Anfonwyd", "At",
# "Pwnc"). Canonical names: from, date, to, cc, bcc, subject.
_HEADER_NAMES: dict[str, tuple[str, ...]] = {
    "from": ("from", "de", "von", "van", "da", "fra", "od", "från", "lähettäjä", "от", "від", "kimden",
             "feladó", "afzender", "avsender", "afsender", "nadawca", "mittente", "remetente", "expediteur",
             "expéditeur", "oddi wrth"),
    "date": ("sent", "date", "envoyé", "envoye", "date d'envoi", "gesendet", "datum", "verzonden", "enviado",
             "enviada", "inviato", "sendt", "skickat", "fecha", "data", "päivämäärä", "lähetetty", "дата",
             "отправлено", "tarih", "dátum", "odesláno", "wysłano", "wysłane", "gönderildi", "envoyé le",
             "anfonwyd", "dyddiad"),
    "to": ("to", "à", "a", "an", "aan", "para", "til", "till", "komu", "do", "vastaanottaja", "кому", "kime",
           "címzett", "adresat", "destinatario", "destinatário", "destinataire", "at"),
    "cc": ("cc", "kopie", "kopio", "копия", "kopya", "másolat", "dw", "kopia", "copie", "copia", "kopi", "copi"),
    "bcc": ("bcc", "cci", "ccn", "bkopie"),
    "subject": ("subject", "objet", "betreff", "onderwerp", "asunto", "oggetto", "emne", "ämne", "amne",
                "předmět", "assunto", "temat", "aihe", "тема", "konu", "tárgy", "predmet", "subiect", "sujet",
                "pwnc"),
    "reply-to": ("reply-to", "antwort an", "répondre à"),
}
_CANONICAL = {name: canon for canon, names in _HEADER_NAMES.items() for name in names}
_HEADER = re.compile(
    r"^\s*[>\s]*\**\s*(?P<name>" + "|".join(sorted((re.escape(n) for n in _CANONICAL), key=len, reverse=True))
    + r")\s*\**\s*:\s*\**\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_FROM_NAMES = set(_HEADER_NAMES["from"])
#: A rule of dashes around a few words: a client's forward separator in any language when a
#: header block follows it ("-------- Přeposlaná zpráva --------").
_GENERIC_SEPARATOR = re.compile(r"^\s*[-=_*]{3,}\s*[^\W\d][^-=_*:]{2,50}?\s*[-=_*]{3,}\s*$")
#: Yahoo prints the separator and the whole header block on one line.
_INLINE_SEPARATOR = re.compile(r"^\s*-{3,}\s*(?P<what>[^-]{3,50}?)\s*-{3,}\s*(?P<rest>\S.*)$")
_ATTRIBUTION = re.compile(
    r"^\s*(on\b.{3,300}\b(wrote|writes)|.{1,160}\b(wrote|writes)|le\b.{3,300}\ba [ée]crit|"
    r"am\b.{3,300}\bschrieb.{0,120}|.{1,160}\bschrieb|el\b.{3,300}\bescribi[óo]|il\b.{3,300}\bha scritto|"
    r"op\b.{3,300}\bschreef.{0,120}|den\b.{3,300}\bskrev.{0,120}|w dniu\b.{3,300}\b(?:pisze|napisa[łl]a?))\s*:?\s*$",
    re.IGNORECASE,
)
_FORWARD_WORD = re.compile(r"forward|transf|weiter|doorgest|reenv|inoltr|encamin|videres|vidarebef|przekaz|přeposl",
                           re.IGNORECASE)
_FORWARD_SUBJECT = re.compile(r"\s*(?:fw|fwd|tr|wg|rv|i|vs|vb|doorst)\s*:", re.IGNORECASE)
_BARE_SEPARATOR_START = re.compile(r"^(?:begin|d[ée]but|anfang|inicio|forwarded|original)\b", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_QUOTED = re.compile(r"^\s{0,3}>")
_MAILTO = re.compile(r"\[mailto:([^\]]+)\]", re.IGNORECASE)

Kind = Literal["forward", "quote", "attachment"]


@dataclass
class Body:
    """A body split into the writer's own lines and the messages embedded in it."""

    own_lines: list[str] = field(default_factory=list)
    embedded: list[Embedded] = field(default_factory=list)

    @property
    def own_text(self) -> str:
        return "\n".join(self.own_lines).strip("\n")

    def walk(self) -> list[Embedded]:
        """Every embedded message, depth first."""
        out: list[Embedded] = []
        for emb in self.embedded:
            out.append(emb)
            out.extend(emb.body.walk())
        return out

    def full_text(self) -> str:
        parts = [self.own_text]
        parts.extend(emb.body.full_text() for emb in self.embedded)
        return "\n".join(p for p in parts if p)


@dataclass
class Embedded:
    """A quoted or forwarded message, with the header facts its client printed (often partial)."""

    kind: Kind
    body: Body
    sender: Address | None = None
    to: list[Address] = field(default_factory=list)
    cc: list[Address] = field(default_factory=list)
    subject: str = ""
    date: str = ""
    marker_line: str = ""

    @property
    def recipients(self) -> list[Address]:
        return self.to + self.cc


def segment(text: str, depth: int = 0) -> Body:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return _segment(lines, depth)


def _segment(lines: list[str], depth: int) -> Body:
    body = Body()
    if lines and lines[0].startswith("\ufeff"):
        lines = [lines[0].lstrip("\ufeff"), *lines[1:]]
    if depth > MAX_NESTING:
        body.own_lines = lines
        return body
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if not stripped:
            body.own_lines.append(line)
            i += 1
            continue
        lead = stripped[0]
        if lead == ">" and _QUOTED.match(line):
            end = _quoted_run_end(lines, i)
            inner = [_unquote(s) for s in lines[i:end]]
            body.embedded.append(_quote_with_attribution(_take_attribution(body.own_lines), inner, depth))
            i = end
            continue
        maybe_rule = lead in "-_=*"
        has_colon = ":" in stripped
        if not (maybe_rule or has_colon or _ATTR_START.match(stripped) or _BARE_SEPARATOR_START.match(stripped)
                or stripped.lower().endswith(("wrote", "writes"))):
            body.own_lines.append(line)
            i += 1
            continue
        inline = _INLINE_SEPARATOR.match(line) if maybe_rule else None
        if inline and _HEADER.match(inline.group("rest")):
            lines = lines[:i] + [f"--- {inline.group('what')} ---"] + _split_inline_headers(inline.group("rest")) \
                + lines[i + 1:]
            n = len(lines)
            line = lines[i]
        sep = _SEPARATOR.match(line)
        if sep or ((_RULE.match(line) or _GENERIC_SEPARATOR.match(line))
                   and _header_block_at(lines, _skip_blank(lines, i + 1))):
            kind: Kind = "forward" if sep and _FORWARD_WORD.search(line) else "quote"
            if sep and sep.group("apple"):
                kind = "forward"
            start = _skip_blank(lines, i + 1)
            headers, end = _read_header_block(lines, start)
            body.embedded.append(_embedded(kind, headers, lines[end:], depth, marker=line.strip()))
            return body
        if has_colon and _header_block_at(lines, i):
            headers, end = _read_header_block(lines, i)
            subject = headers.get("subject", "")
            kind = "forward" if _FORWARD_SUBJECT.match(subject) else "quote"
            body.embedded.append(_embedded(kind, headers, lines[end:], depth, marker=line.strip()))
            return body
        attribution_end = _attribution_at(lines, i)
        if attribution_end is not None:
            who = " ".join(s.strip() for s in lines[i:attribution_end])
            nxt = _skip_blank(lines, attribution_end)
            if nxt < n and _QUOTED.match(lines[nxt]):
                end = _quoted_run_end(lines, nxt)
                inner = [_unquote(s) for s in lines[nxt:end]]
                body.embedded.append(_quote_with_attribution(who, inner, depth))
                i = end
                continue
            # "... wrote:" with the history not '>'-quoted (Outlook, some webmail): the rest is history.
            body.embedded.append(_quote_with_attribution(who, lines[attribution_end:], depth))
            return body
        if _QUOTED.match(line):
            end = _quoted_run_end(lines, i)
            inner = [_unquote(s) for s in lines[i:end]]
            body.embedded.append(_quote_with_attribution(_take_attribution(body.own_lines), inner, depth))
            i = end
            continue
        body.own_lines.append(line)
        i += 1
    return body


def _split_inline_headers(text: str) -> list[str]:
    """'From: A <a@x>To: b@x Sent: ... Subject: s' -> one header per line."""
    names = "|".join(sorted((re.escape(n) for n in _CANONICAL if len(n) > 2), key=len, reverse=True))
    parts = re.split(rf"(?<=[>\s\w.])(?=(?:{names})\s*:)", text, flags=re.IGNORECASE)
    return [p.strip() for p in parts if p.strip()]


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def _header_block_at(lines: list[str], i: int) -> bool:
    """A 'From:' line followed closely by at least two of Sent/Date/To/Cc/Subject lines."""
    if i >= len(lines):
        return False
    m = _HEADER.match(lines[i])
    if not m or m.group("name").lower() not in _FROM_NAMES or not m.group("value").strip():
        return False
    seen: set[str] = set()
    for line in lines[i + 1: i + 12]:
        h = _HEADER.match(line)
        if h:
            seen.add(_CANONICAL.get(h.group("name").lower(), "other"))
        elif not line.strip():
            if len(seen) >= 2:
                break
    return len(seen & {"date", "to", "subject", "cc"}) >= 2


def _read_header_block(lines: list[str], i: int) -> tuple[dict[str, str], int]:
    headers: dict[str, str] = {}
    current: str | None = None
    n = len(lines)
    while i < n:
        line = lines[i]
        m = _HEADER.match(line)
        if m:
            current = _CANONICAL.get(m.group("name").lower(), m.group("name").lower())
            value = m.group("value").strip().strip("*").strip()
            headers[current] = (headers.get(current, "") + " " + value).strip() if current in headers else value
        elif not line.strip():
            if headers:
                i += 1
                break
        elif current in ("to", "cc") and (";" in line or "@" in line or line.startswith((" ", "\t"))):
            headers[current] += " " + line.strip()
        elif headers:
            break
        i += 1
    return headers, i


_ATTR_START = re.compile(r"^(?:on|le|am|el|il|op|den|w dniu)\b", re.IGNORECASE)
_ATTR_END = re.compile(r"(?:wrote|writes|a [ée]crit|schrieb\b.{0,120}|escribi[óo]|ha scritto|schreef\b.{0,120}|"
                       r"skrev\b.{0,120}|pisze|napisa[łl]a?)\s*:?$", re.IGNORECASE)


def _attribution_at(lines: list[str], i: int) -> int | None:
    """End index (exclusive) if lines[i:] starts with an 'On ... wrote:' line (wrapped over <= 3 lines).

    Without a leading "On/Le/Am..." only a one-line "<name> wrote:" of modest length qualifies, so
    prose such as "as the clerk wrote in May" is never mistaken for history.
    """
    first = lines[i].strip()
    if not first or len(first) > 320 or first[0] == ">":
        return None
    starts = _ATTR_START.match(first) is not None
    joined = first
    for k in range(3 if starts else 1):
        if k:
            if i + k >= len(lines) or not lines[i + k].strip():
                return None
            joined += " " + lines[i + k].strip()
        tail = joined.rstrip()
        if not (tail.endswith(":") or tail.lower().endswith(("wrote", "writes"))):
            continue
        if _ATTR_END.search(tail) and (starts or len(tail) <= 160):
            return i + k + 1
    return None


def _take_attribution(own: list[str]) -> str:
    """An attribution line in a language we don't list ("... написал:") just above a '>' quote.

    A line ending in ':' that carries an address or a date, directly above quoted lines, introduces
    the quote; it is taken out of the writer's own text (up to two wrapped lines).
    """
    j = len(own)
    while j and not own[j - 1].strip():
        j -= 1
    if not j or not own[j - 1].rstrip().endswith(":"):
        return ""
    start = j - 1
    if start and own[start - 1].strip() and len(own[start - 1]) < 120:
        start -= 1
    text = " ".join(s.strip() for s in own[start:j])
    if len(text) > 300 or not (re.search(r"@", text) or re.search(r"\d{1,4}[./-]\d{1,2}|\d{1,2}:\d{2}", text)):
        return ""
    del own[start:]
    return text


def _quoted_run_end(lines: list[str], i: int) -> int:
    n = len(lines)
    while i < n:
        if _QUOTED.match(lines[i]):
            i += 1
            continue
        if not lines[i].strip():
            j = _skip_blank(lines, i)
            if j < n and _QUOTED.match(lines[j]):
                i = j
                continue
        break
    return i


def _unquote(line: str) -> str:
    stripped = line.lstrip()
    if stripped.startswith(">"):
        stripped = stripped[1:]
        if stripped.startswith(" "):
            stripped = stripped[1:]
        return stripped
    return line


def _quote_with_attribution(who: str, inner: list[str], depth: int) -> Embedded:
    sender = None
    if who:
        emails = _EMAIL.findall(who)
        name = ""
        m = re.search(r"(?:,|\bat\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?,?|\d{4},?)\s*\"?(?P<name>[^,<>\"]{2,80}?)\"?\s*"
                      r"(?:<[^>]*>|\[[^\]]*\]|\([^)]*\))?\s*(wrote|writes|a [ée]crit|schrieb|escribi|ha scritto|"
                      r"schreef|skrev|pisze)", who, re.I)
        if m:
            name = m.group("name").strip()
        elif not re.match(r"^\s*on\b", who, re.I):
            name = re.split(r"\s+(wrote|writes|schrieb)\b", who, maxsplit=1, flags=re.I)[0].strip()
            name = re.sub(r"<[^>]*>", "", name).strip(" \"'")
        sender = Address(display=name, address=emails[0].lower() if emails else "")
    return Embedded(kind="quote", body=_segment(inner, depth + 1), sender=sender, marker_line=who)


def _embedded(kind: Kind, headers: dict[str, str], rest: list[str], depth: int, marker: str) -> Embedded:
    senders = parse_loose_addresses(headers.get("from", ""))
    return Embedded(
        kind=kind,
        body=_segment(rest, depth + 1),
        sender=senders[0] if senders else None,
        to=parse_loose_addresses(headers.get("to", "")),
        cc=parse_loose_addresses(headers.get("cc", "")),
        subject=headers.get("subject", ""),
        date=headers.get("date", ""),
        marker_line=marker,
    )


def parse_loose_addresses(value: str) -> list[Address]:
    """Addresses as mail clients print them in forwarded headers.

    Handles ``Jane Doe [mailto:jane@x]``, ``Doe, Jane; Baker, Tom`` (Outlook's display names with
    no address at all), and ordinary RFC 5322 lists.
    """
    if not value.strip():
        return []
    value = _MAILTO.sub(lambda m: f"<{m.group(1)}>", value)
    value = value.replace("&lt;", "<").replace("&gt;", ">")
    pieces = [p for p in re.split(r";", value) if p.strip()]
    out: list[Address] = []
    for piece in pieces:
        piece = piece.strip()
        if "@" not in piece and re.fullmatch(r"[^,]+,\s*[^,]+", piece):
            last, first = (s.strip() for s in piece.split(",", 1))
            out.append(Address(display=f"{first} {last}", address=""))
            continue
        if "@" not in piece:
            out.extend(Address(display=p.strip().strip('"'), address="") for p in piece.split(",") if p.strip())
            continue
        out.extend(parse_addresses([piece]))
    return out


def paragraph_spans(lines: list[str], start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(first, past-last) line indexes of each run of non-blank lines in ``lines[start:end]``."""
    end = len(lines) if end is None else end
    spans, begin = [], None
    for i in range(start, end):
        if lines[i].strip():
            if begin is None:
                begin = i
        elif begin is not None:
            spans.append((begin, i))
            begin = None
    if begin is not None:
        spans.append((begin, end))
    return spans
