"""Indonesian number parsing for BPS and sector tables.

``1.234,5`` (dot thousands, comma decimal) is the Indonesian convention, but many exports
use a dot decimal (``11.00``). The convention is decided **per column**, then each cell is
parsed; ``-``, ``…``, ``NA`` and blanks are *missing* (None), never zero.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

Konvensi = Literal["indonesia", "titik_desimal"]

#: Cell texts that mean "no data".
KOSONG = frozenset({"", "-", "–", "—", "…", "...", "..", "na", "n/a", "n.a.", "nan", "null", "none", "tad", "x"})

_RIBUAN_TITIK = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_KOMA_DESIMAL = re.compile(r"\d,\d")
_TITIK_DESIMAL = re.compile(r"^[+-]?\d*\.\d+$")


def _bersih(teks) -> str:
    return str(teks).replace("\u00a0", " ").replace(" ", "").strip()


def kosong(teks) -> bool:
    """True when a cell means "no data" (``-``, ``…``, ``NA``, blank, None, NaN)."""
    if teks is None:
        return True
    if isinstance(teks, float) and teks != teks:
        return True
    return _bersih(teks).lower() in KOSONG


def deteksi_konvensi(nilai: Iterable) -> Konvensi:
    """Decide the decimal convention of a column from its cells.

    Parameters
    ----------
    nilai : iterable
        Cell values (text or numbers).

    Returns
    -------
    {"indonesia", "titik_desimal"}
        ``indonesia`` when a comma decimal appears or every dotted value looks like
        thousands grouping (``1.234``, ``12.345.678``); else ``titik_desimal``.

    Examples
    --------
    >>> deteksi_konvensi(["1.234,5", "12"])
    'indonesia'
    >>> deteksi_konvensi(["11.00", "7.94"])
    'titik_desimal'
    >>> deteksi_konvensi(["1.234", "12.345.678"])
    'indonesia'
    """
    bertitik = []
    for v in nilai:
        if isinstance(v, (int, float)) or kosong(v):
            continue
        t = _bersih(v)
        if _KOMA_DESIMAL.search(t):
            return "indonesia"
        if "." in t:
            bertitik.append(t)
    if bertitik and all(_RIBUAN_TITIK.match(t) for t in bertitik):
        return "indonesia"
    return "titik_desimal"


def parse_angka(teks, konvensi: Konvensi = "indonesia") -> float | None:
    """Parse one cell; return None for "no data".

    Raises
    ------
    ValueError
        When the text is not a number in that convention.

    Examples
    --------
    >>> parse_angka("1.234,5")
    1234.5
    >>> parse_angka("-1.000.000")
    -1000000.0
    >>> parse_angka("…") is None
    True
    >>> parse_angka("11.00", "titik_desimal")
    11.0
    """
    if isinstance(teks, (int, float)) and not isinstance(teks, bool):
        return None if teks != teks else float(teks)
    if kosong(teks):
        return None
    t = _bersih(teks)
    if t.endswith("%"):
        t = t[:-1]
    if konvensi == "indonesia":
        if "," in t and "." in t and t.rindex(".") > t.rindex(","):
            raise ValueError(f"'{teks}' memakai titik sebagai desimal di kolom berformat Indonesia")
        t = t.replace(".", "").replace(",", ".")
    else:
        if "," in t:
            if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", t):
                t = t.replace(",", "")
            else:
                raise ValueError(f"'{teks}' memakai koma di kolom bertitik desimal")
    try:
        return float(t)
    except ValueError:
        raise ValueError(f"'{teks}' bukan angka") from None
