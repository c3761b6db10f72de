"""Regenerate the clause table in docs/protocols.md from the bundled packs.

Run after editing a pack: .venv/bin/python tools/protocol_table.py  (tests fail while the docs are out of date)
"""

from __future__ import annotations

from pathlib import Path

from mailguard.packtable import clause_table, replace_table
from mailguard.protocols import BUNDLED_DIR, load_pack

DOC = Path(__file__).resolve().parent.parent / "docs" / "protocols.md"
#: The order the docs present the packs in: the two model-protocol councils, then the others.
ORDER = ("leigh-on-sea", "grantham", "ludlow", "halewood", "principal-council-5-3")


def table() -> str:
    names = [n for n in ORDER if (BUNDLED_DIR / f"{n}.yaml").exists()]
    names += sorted(p.stem for p in BUNDLED_DIR.glob("*.yaml") if p.stem not in ORDER)
    return clause_table(load_pack(BUNDLED_DIR / f"{n}.yaml") for n in names)


def main() -> None:
    DOC.write_text(replace_table(DOC.read_text(encoding="utf-8"), table()), encoding="utf-8")
    print(f"wrote the clause table into {DOC}")


if __name__ == "__main__":
    main()
