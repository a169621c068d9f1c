"""Use cases of the projector: save a slide set, append a slide to the set the user saw."""

from __future__ import annotations

from geo.domain.slide import Slide
from geo.store import slide as simpanan
from geo.store.db import Gudang


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
        set in between, :class:`~geo.errors.KonflikVersi` is raised instead of overwriting.
    """
    with gudang.sesi(tulis=True) as con:
        return simpanan.tulis_set(con, kode_kabupaten, nama, slide, oleh, versi)


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
        The set as the user saw it (from :func:`geo.store.slide.daftar_set`), so a
        concurrent change is refused rather than lost.

    Returns
    -------
    (int, int)
        Number of slides and the new version.
    """
    daftar = [*(set_terlihat["slide"] if set_terlihat else []), baru]
    versi = simpan_set(gudang, kode_kabupaten, nama, daftar, oleh, set_terlihat["versi"] if set_terlihat else None)
    return len(daftar), versi
