"""Slide sets for the forum projector: prepared thematic maps stored in the working data."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from geo.errors import KonflikVersi
from geo.store.db import Gudang


@dataclass(frozen=True)
class Slide:
    """One prepared map."""

    indikator: str
    tahun: int
    tingkat: str
    skema: str = "kuantil"
    k: int = 5
    palet: str = "YlOrRd"
    judul: str = ""


def daftar_set(gudang: Gudang, kode_kabupaten: str) -> list[dict]:
    """Return the saved slide sets of a kabupaten: id, nama, versi, slides."""
    df = gudang.df(
        "SELECT id, nama, versi, slide FROM kerja.slide_set WHERE kode_kabupaten = ? ORDER BY nama", [kode_kabupaten]
    )
    return [
        {"id": int(r.id), "nama": r.nama, "versi": int(r.versi), "slide": [Slide(**s) for s in json.loads(r.slide)]}
        for r in df.itertuples()
    ]


def simpan_set(
    gudang: Gudang, kode_kabupaten: str, nama: str, slide: list[Slide], oleh: str, versi: int | None = None
) -> int:
    """Create or update a slide set; return its new version.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Kabupaten the set belongs to.
    nama : str
        Set name (unique per kabupaten).
    slide : list of Slide
        The slides, in order.
    oleh : str
        Who saves.
    versi : int, optional
        The version the user started from, for an existing set. If someone saved the
        set in between, :class:`KonflikVersi` is raised instead of overwriting.
    """
    isi = json.dumps([asdict(s) for s in slide])
    with gudang.sesi(tulis=True) as con:
        ada = con.execute(
            "SELECT id, versi FROM kerja.slide_set WHERE kode_kabupaten = ? AND nama = ?", [kode_kabupaten, nama]
        ).fetchone()
        if ada is None:
            con.execute(
                "INSERT INTO kerja.slide_set (nama, kode_kabupaten, slide, dibuat_oleh, diubah_pada) "
                "VALUES (?, ?, ?, ?, current_localtimestamp())",
                [nama, kode_kabupaten, isi, oleh],
            )
            return 1
        if versi is not None and versi != ada[1]:
            raise KonflikVersi(
                f"Set slide '{nama}' sudah diubah orang lain (versi {ada[1]}, Anda membuka versi "
                f"{versi}). Muat ulang set itu, lalu simpan lagi perubahan Anda."
            )
        con.execute(
            "UPDATE kerja.slide_set SET slide = ?, versi = versi + 1, dibuat_oleh = ?, "
            "diubah_pada = current_localtimestamp() WHERE id = ?",
            [isi, oleh, ada[0]],
        )
        return ada[1] + 1


def tambah_slide(
    gudang: Gudang, kode_kabupaten: str, nama: str, baru: Slide, oleh: str, set_terlihat: dict | None
) -> tuple[int, int]:
    """Append a slide to the set the user was looking at (or start the set).

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Kabupaten of the set.
    nama : str
        Set name.
    baru : Slide
        The slide to append.
    oleh : str
        Who saves.
    set_terlihat : dict, optional
        The set as the user saw it (from :func:`daftar_set`), so a concurrent change is
        refused rather than lost.

    Returns
    -------
    (int, int)
        Number of slides and the new version.
    """
    daftar = [*(set_terlihat["slide"] if set_terlihat else []), baru]
    versi = simpan_set(gudang, kode_kabupaten, nama, daftar, oleh, set_terlihat["versi"] if set_terlihat else None)
    return len(daftar), versi
