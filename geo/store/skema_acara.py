"""Schema migrations of forum events (issue 16).

Schedule, facilitators, address book, invitations, attendance, minutes.

Kept beside :mod:`geo.store.skema`, which appends them to its ordered lists. Versions:
kerja 9.
"""

from __future__ import annotations

#: Migrations of the referensi file: (version, name, SQL).
REFERENSI: list[tuple[int, str, str]] = []

#: Migrations of the kerja file: (version, name, SQL).
KERJA: list[tuple[int, str, str]] = []

#: Main tables this feature adds, per file (listed by ``pipelines status`` and the Data page).
TABEL: dict[str, tuple[str, ...]] = {"referensi": (), "kerja": ()}
