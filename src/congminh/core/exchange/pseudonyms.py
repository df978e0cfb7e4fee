"""Pseudonyms for the people named in an export (docs/exchange.md, "Pseudonymisation").

A pseudonym is `P` (a person) or `J` (a presiding judge) followed by the first 20 bytes of
HMAC-SHA256(key, message) in lower-case hex. Without the key nobody can recompute one from
a name; with the same key and message the same person gets the same pseudonym in every
export. The message decides how far a pseudonym links:

- a party with an identity number: `id|SCOPE|NUMBER` — SCOPE is the province's code with
  the province's key (links within the province's exports only), or `VN` with the shared
  national key when one is configured (links across the provinces sharing that key);
- a person known by name only (a party without a number, a `person` named by an event):
  `case|PROVINCE|CASE_ID|NAME` — one case only: a name alone never links two cases;
- a presiding judge: `judge|PROVINCE|NAME` with the province's key (per-judge figures,
  within the province).

Names are compared after NFC normalisation, case folding and collapsing spaces (the
diacritics are kept: «Ân» and «An» are two people).
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass, field

TOKEN_BYTES = 20
FINGERPRINT_MESSAGE = b"congminh-exchange-key-fingerprint"
NATIONAL_SCOPE = "VN"


def normalise_name(name: str) -> str:
    """A name as two records of one person compare: NFC, case folded, spaces collapsed.

    >>> normalise_name("  Nguyễn  VĂN An ")
    'nguyễn văn an'
    """
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def normalise_id(number: str) -> str:
    """Letters and digits of an identity number, upper case.

    >>> normalise_id(" 0790-8800 1234 ")
    '079088001234'
    """
    return "".join(ch for ch in number.upper() if ch.isalnum())


def fingerprint(key: bytes) -> str:
    """What the manifest says of a key: enough to tell two keys apart, not to find it.

    >>> fingerprint(b"k")
    '9705fe66602a6d21'
    """
    return hmac.new(key, FINGERPRINT_MESSAGE, hashlib.sha256).hexdigest()[:16]


@dataclass
class Pseudonymiser:
    """The pseudonyms of one province's export."""

    key: bytes
    province: str
    national_key: bytes | None = None
    _cache: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.key:
            raise ValueError("the exchange key is empty")

    @property
    def person_scope(self) -> str:
        """`national` when identity numbers link across provinces, else `province`."""
        return "national" if self.national_key else "province"

    def _token(self, prefix: str, key: bytes, message: str) -> str:
        cache_key = f"{prefix}{message}"
        token = self._cache.get(cache_key)
        if token is None:
            digest = hmac.new(key, message.encode("utf-8"), hashlib.sha256).digest()
            token = prefix + digest[:TOKEN_BYTES].hex()
            if len(self._cache) < 1_000_000:
                self._cache[cache_key] = token
        return token

    def party(self, *, case_id: int, name: str, id_number: str = "") -> str:
        """A party of a case: linked by identity number when it has one.

        >>> p = Pseudonymiser(b"k", "52")
        >>> p.party(case_id=1, name="A", id_number="0123") == p.party(case_id=2, name="B", id_number="0123")
        True
        >>> p.party(case_id=1, name="Lê Văn Tám") == p.party(case_id=2, name="Lê Văn Tám")
        False
        """
        number = normalise_id(id_number)
        if number:
            if self.national_key:
                return self._token("P", self.national_key, f"id|{NATIONAL_SCOPE}|{number}")
            return self._token("P", self.key, f"id|{self.province}|{number}")
        return self.named(case_id=case_id, name=name)

    def named(self, *, case_id: int, name: str) -> str:
        """A person known by name only, within one case."""
        return self._token("P", self.key, f"case|{self.province}|{case_id}|{normalise_name(name)}")

    def judge(self, name: str) -> str:
        """A presiding judge, within the province."""
        return self._token("J", self.key, f"judge|{self.province}|{normalise_name(name)}")


@dataclass
class CasePersons:
    """The people of one case: a party's pseudonym for any name that is a party's, so an
    event's `person` and an obligation's `subject` link to the `parties` row."""

    pseudonymiser: Pseudonymiser
    case_id: int
    by_name: dict[str, str] = field(default_factory=dict)

    def add_party(self, name: str, id_number: str = "") -> str:
        token = self.pseudonymiser.party(case_id=self.case_id, name=name, id_number=id_number)
        self.by_name.setdefault(normalise_name(name), token)
        return token

    def person(self, name: str) -> str:
        token = self.by_name.get(normalise_name(name))
        if token is None:
            token = self.pseudonymiser.named(case_id=self.case_id, name=name)
            self.by_name[normalise_name(name)] = token
        return token

    def is_person(self, text: str) -> bool:
        return normalise_name(text) in self.by_name

    def details(self, data: dict[str, object]) -> dict[str, object]:
        """An event's fields with every name replaced: `person`, each name of `absent`,
        `presiding_judge`."""
        out = dict(data)
        if isinstance(out.get("person"), str) and out["person"]:
            out["person"] = self.person(str(out["person"]))
        absent = out.get("absent")
        if isinstance(absent, str) and absent:
            absent = [n.strip() for n in absent.split(",") if n.strip()]
        if isinstance(absent, list):
            out["absent"] = [self.person(str(n)) for n in absent]
        if isinstance(out.get("presiding_judge"), str) and out["presiding_judge"]:
            out["presiding_judge"] = self.pseudonymiser.judge(str(out["presiding_judge"]))
        return out
