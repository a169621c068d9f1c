"""Indonesian number formatting for the UI and exports: ``Rp 1.250.000``, ``12,5 %``."""

from __future__ import annotations

import math


def angka(nilai: float | int | None, desimal: int = 0) -> str:
    """Format a number the Indonesian way (``.`` thousands, ``,`` decimals).

    Parameters
    ----------
    nilai : float, int or None
        The number; None or NaN gives ``"–"``.
    desimal : int
        Number of decimals.

    Examples
    --------
    >>> angka(1250000)
    '1.250.000'
    >>> angka(-1234.5, 1)
    '-1.234,5'
    """
    if nilai is None or (isinstance(nilai, float) and math.isnan(nilai)):
        return "–"
    teks = f"{float(nilai):,.{desimal}f}"
    return teks.replace(",", "_").replace(".", ",").replace("_", ".")


def angka_pas(nilai: float | int | None, maks_desimal: int = 2) -> str:
    """Format a number with at most ``maks_desimal`` decimals and no trailing zeros.

    Examples
    --------
    >>> angka_pas(0.8)
    '0,8'
    >>> angka_pas(23977)
    '23.977'
    >>> angka_pas(8.694)
    '8,69'
    >>> angka_pas(None)
    '–'
    """
    teks = angka(nilai, maks_desimal)
    if "," in teks:
        teks = teks.rstrip("0").rstrip(",")
    return teks


def rupiah(nilai: float | int | None) -> str:
    """Format Rupiah without decimals.

    Examples
    --------
    >>> rupiah(1250000)
    'Rp 1.250.000'
    """
    teks = angka(nilai, 0)
    return teks if teks == "–" else f"Rp {teks}"


def persen(nilai: float | None, desimal: int = 1) -> str:
    """Format a percentage.

    Examples
    --------
    >>> persen(12.5)
    '12,5 %'
    """
    teks = angka(nilai, desimal)
    return teks if teks == "–" else f"{teks} %"


def rupiah_ringkas(nilai: float | int | None) -> str:
    """Format large Rupiah amounts short, for headline figures.

    Examples
    --------
    >>> rupiah_ringkas(145_208_956_000)
    'Rp 145,2 miliar'
    >>> rupiah_ringkas(37_500_000)
    'Rp 37,5 juta'
    >>> rupiah_ringkas(1_240_000_000_000)
    'Rp 1,2 triliun'
    """
    if nilai is None or (isinstance(nilai, float) and math.isnan(nilai)):
        return "–"
    for batas, nama in ((1e12, "triliun"), (1e9, "miliar"), (1e6, "juta")):
        if abs(nilai) >= batas:
            return f"Rp {angka(nilai / batas, 1)} {nama}"
    return rupiah(nilai)


#: Indonesian month names: short (charts, tables) and full (dates, sentences).
BULAN_PENDEK = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
BULAN_PANJANG = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)
