"""Use cases of the projector: save a slide set; append, move or delete a slide of the set the user saw.

Every change is a versioned write of the whole set (:func:`geo.store.slide.tulis_set`): a set
changed by someone else since the user loaded it is refused with
:class:`~geo.errors.KonflikVersi`, never overwritten.
"""

from __future__ import annotations

from geo.domain import slide as ds
from geo.domain.akses import Pengguna, pastikan
from geo.domain.slide import Slide
from geo.store import slide as simpanan
from geo.store.db import Gudang


def simpan_set(
    gudang: Gudang, kode_kabupaten: str, nama: str, slide: list[Slide], pelaku: Pengguna, versi: int | None = None
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
    pelaku : Pengguna
        Who saves (a role allowed to write slide sets for this kabupaten).
    versi : int, optional
        The version the user started from, for an existing set. If someone saved the
        set in between, :class:`~geo.errors.KonflikVersi` is raised instead of overwriting.
    """
    pastikan(pelaku, "slide.tulis", kode_wilayah=kode_kabupaten)
    with gudang.sesi(tulis=True) as con:
        return simpanan.tulis_set(con, kode_kabupaten, nama, slide, pelaku.nama_pengguna, versi)


def tambah_slide(
    gudang: Gudang, kode_kabupaten: str, nama: str, baru: Slide, pelaku: Pengguna, set_terlihat: dict | None
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
    pelaku : Pengguna
        Who saves (a role allowed to write slide sets for this kabupaten).
    set_terlihat : dict, optional
        The set as the user saw it (from :func:`geo.store.slide.daftar_set`), so a
        concurrent change is refused rather than lost.

    Returns
    -------
    (int, int)
        Number of slides and the new version.
    """
    daftar = [*(set_terlihat["slide"] if set_terlihat else []), baru]
    versi = simpan_set(gudang, kode_kabupaten, nama, daftar, pelaku, set_terlihat["versi"] if set_terlihat else 0)
    return len(daftar), versi


def pindahkan_slide(
    gudang: Gudang, kode_kabupaten: str, set_terlihat: dict, indeks: int, langkah: int, pelaku: Pengguna
) -> int:
    """Move one slide of the set the user saw up (``langkah`` < 0) or down; return the new version.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Kabupaten of the set.
    set_terlihat : dict
        The set as the user saw it (``nama``, ``versi``, ``slide``, from
        :func:`geo.store.slide.daftar_set`).
    indeks : int
        Position of the slide (0-based).
    langkah : int
        Places to move; clamped at the ends.
    pelaku : Pengguna
        Who edits.

    Raises
    ------
    KonflikVersi
        Someone saved the set after the user loaded it.
    """
    baru = ds.pindahkan(list(set_terlihat["slide"]), indeks, langkah)
    return simpan_set(gudang, kode_kabupaten, set_terlihat["nama"], baru, pelaku, set_terlihat["versi"])


def hapus_slide(gudang: Gudang, kode_kabupaten: str, set_terlihat: dict, indeks: int, pelaku: Pengguna) -> int:
    """Delete one slide of the set the user saw; return the new version.

    Parameters are as for :func:`pindahkan_slide`; the deletion is audited like every
    save of the set, and refused with :class:`~geo.errors.KonflikVersi` when the set changed.
    """
    baru = ds.hapus(list(set_terlihat["slide"]), indeks)
    return simpan_set(gudang, kode_kabupaten, set_terlihat["nama"], baru, pelaku, set_terlihat["versi"])
