"""Forum rules: tier transitions of an usulan and the top-N decision list. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.domain import definitions
from geo.errors import KesalahanInput, Masalah

URUTAN_TAHAP = list(definitions.TAHAP_FORUM)
KEPUTUSAN = tuple(definitions.KEPUTUSAN_FORUM)


def tahap_berikut(tahap: str) -> str:
    """The tier an accepted usulan moves to (the kabupaten forum is the last)."""
    i = URUTAN_TAHAP.index(tahap)
    return URUTAN_TAHAP[min(i + 1, len(URUTAN_TAHAP) - 1)]


@dataclass(frozen=True)
class Posisi:
    """Where an usulan stands: its tier, its status there, and the carry-over flag."""

    tahap: str
    status: str
    lanjut_tahun_depan: bool = False


def putuskan(posisi: Posisi, keputusan: str, alasan: str, label: str = "usulan") -> Posisi:
    """Apply a forum decision and return the new position.

    Only an usulan waiting at its tier (``diajukan``) can be decided, always with a reason.
    ``diterima`` moves it to the next tier (``diajukan`` there; at the kabupaten it stays
    ``diterima``: it is in the RKPD list); ``dikembalikan`` sends it back one tier for
    revision; ``ditolak`` ends it; ``ditunda`` ends it this year and marks it to carry over.

    Raises
    ------
    KesalahanInput
        Illegal transition or missing reason, in Indonesian.

    Examples
    --------
    >>> putuskan(Posisi("desa", "diajukan"), "diterima", "prioritas 1")
    Posisi(tahap='kecamatan', status='diajukan', lanjut_tahun_depan=False)
    """
    masalah = []
    if keputusan not in KEPUTUSAN:
        masalah.append(Masalah(label, "keputusan", keputusan, ", ".join(KEPUTUSAN), "pilih salah satu keputusan"))
    if posisi.status != "diajukan":
        masalah.append(
            Masalah(
                label,
                "status",
                posisi.status,
                "usulan berstatus 'diajukan' di tahap ini",
                f"usulan ini sudah {posisi.status} di {definitions.TAHAP_FORUM[posisi.tahap]}; "
                "keputusan tidak dapat diubah tanpa membuka kembali",
            )
        )
    if not alasan or not alasan.strip():
        masalah.append(Masalah(label, "alasan", "(kosong)", "alasan keputusan", "tulis alasan yang dibacakan di forum"))
    if masalah:
        raise KesalahanInput("Keputusan forum ditolak", masalah)
    i = URUTAN_TAHAP.index(posisi.tahap)
    if keputusan == "diterima":
        if i == len(URUTAN_TAHAP) - 1:
            return Posisi(posisi.tahap, "diterima")
        return Posisi(URUTAN_TAHAP[i + 1], "diajukan")
    if keputusan == "dikembalikan":
        return Posisi(URUTAN_TAHAP[max(0, i - 1)], "diajukan")
    return Posisi(posisi.tahap, keputusan, lanjut_tahun_depan=keputusan == "ditunda")


def keputusan_n_teratas(daftar: pd.DataFrame, n: int, kelompok: str) -> list[tuple[int, str, str, int]]:
    """Decisions that keep the top ``n`` per forum and defer the rest (carry-over).

    Parameters
    ----------
    daftar : DataFrame
        Usulan waiting at the tier: ``id``, ``versi``, ``peringkat`` and the ``kelompok`` column.
    n : int
        How many each forum keeps (the kecamatan default is 15).
    kelompok : str
        Column that identifies the forum (e.g. ``kode_kecamatan``).

    Returns
    -------
    list of (id, keputusan, alasan, versi)
        Ties at the cut are broken by the lower id, so exactly ``n`` are kept.
    """
    urut = daftar.sort_values([kelompok, "peringkat", "id"])
    ke = urut.groupby(kelompok).cumcount() + 1
    hasil = []
    for (_, r), k in zip(urut.iterrows(), ke, strict=True):
        if k <= n:
            hasil.append((int(r["id"]), "diterima", f"masuk {n} prioritas teratas (peringkat {k})", int(r["versi"])))
        else:
            hasil.append(
                (
                    int(r["id"]),
                    "ditunda",
                    f"di luar {n} prioritas teratas (peringkat {k}); dibawa ke tahun berikutnya",
                    int(r["versi"]),
                )
            )
    return hasil
