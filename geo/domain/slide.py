"""A projector slide and the pure edits of a slide list.

A slide is one prepared thematic map (indicator, year, tier, classification, title, scope);
a set is edited by moving or deleting slides.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from geo.errors import KesalahanInput, Masalah


@dataclass(frozen=True)
class Slide:
    """One prepared map.

    ``kode_wilayah`` is the scope the slide was made at: the kabupaten code, or a
    kecamatan code (the projector then zooms to that kecamatan and shows only its desa).
    None (slides saved before scopes existed) means the whole kabupaten.
    """

    indikator: str
    tahun: int
    tingkat: str
    skema: str = "kuantil"
    k: int = 5
    palet: str = "YlOrRd"
    judul: str = ""
    kode_wilayah: str | None = None


def slide_dari_dict(data: dict[str, Any]) -> Slide:
    """Read a stored slide; fields added later get their defaults, unknown keys are ignored.

    Examples
    --------
    >>> slide_dari_dict({"indikator": "stunting", "tahun": 2025, "tingkat": "desa"}).kode_wilayah is None
    True
    """
    dikenal = {f.name for f in fields(Slide)}
    return Slide(**{k: v for k, v in data.items() if k in dikenal})


def _cek_indeks(slide: list[Slide], indeks: int) -> None:
    if not 0 <= indeks < len(slide):
        raise KesalahanInput(
            "Slide tidak ditemukan",
            [Masalah("set slide", "slide", str(indeks + 1), f"1–{len(slide)}", "muat ulang set slide")],
        )


def pindahkan(slide: list[Slide], indeks: int, langkah: int) -> list[Slide]:
    """Move the slide at ``indeks`` by ``langkah`` places (clamped to the ends); a new list.

    Examples
    --------
    >>> a, b, c = (Slide(x, 2025, "desa") for x in "abc")
    >>> [s.indikator for s in pindahkan([a, b, c], 2, -1)]
    ['a', 'c', 'b']
    >>> [s.indikator for s in pindahkan([a, b, c], 0, -1)]
    ['a', 'b', 'c']
    """
    _cek_indeks(slide, indeks)
    baru = list(slide)
    tujuan = min(max(indeks + langkah, 0), len(baru) - 1)
    baru.insert(tujuan, baru.pop(indeks))
    return baru


def hapus(slide: list[Slide], indeks: int) -> list[Slide]:
    """Drop the slide at ``indeks``; a new list.

    Examples
    --------
    >>> a, b = Slide("a", 2025, "desa"), Slide("b", 2025, "desa")
    >>> [s.indikator for s in hapus([a, b], 0)]
    ['b']
    """
    _cek_indeks(slide, indeks)
    return [s for i, s in enumerate(slide) if i != indeks]


def lingkup_kecamatan(slide: Slide) -> str | None:
    """The kecamatan code of a slide made at kecamatan scope, else None.

    Codes are dotted: kabupaten ``99.01``, kecamatan ``99.01.02``, desa ``99.01.02.2001``.

    Examples
    --------
    >>> lingkup_kecamatan(Slide("a", 2025, "desa", kode_wilayah="99.01.02"))
    '99.01.02'
    >>> lingkup_kecamatan(Slide("a", 2025, "desa", kode_wilayah="99.01")) is None
    True
    """
    kode = slide.kode_wilayah
    return kode if kode and kode.count(".") == 2 else None
