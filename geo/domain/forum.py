"""Forum rules: tier transitions of an usulan and the top-N decision list. Pure: no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.domain import definitions
from geo.domain.format import rupiah
from geo.domain.prioritas import hitung_forum
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


def syarat_pengecualian(verdik: str | None, biaya: float, sisa_pagu: float | None) -> list[str]:
    """Why accepting an usulan needs an explicit exception reason (empty: no reason needed).

    Accepting beyond the forum's remaining pagu, or an usulan whose conformity verdict is
    "tidak sesuai" or "perlu kajian", is allowed only with a reason recorded in the audit.

    Parameters
    ----------
    verdik : str or None
        Stored conformity verdict (None: not checked).
    biaya : float
        The usulan's cost.
    sisa_pagu : float or None
        What is left of the forum's pagu before this acceptance (None: the forum has no pagu).

    Examples
    --------
    >>> syarat_pengecualian("tidak_sesuai", 100.0, 50.0)
    ['kesesuaian ruang: tidak sesuai', 'melebihi sisa pagu (biaya Rp 100, sisa Rp 50)']
    >>> syarat_pengecualian("sesuai", 10.0, None)
    []
    """
    sebab = []
    if verdik in definitions.VERDIK_PERLU_PENGECUALIAN:
        sebab.append(f"kesesuaian ruang: {definitions.VERDIK[verdik].nama.lower()}")
    if sisa_pagu is not None and biaya > sisa_pagu + 0.5:
        sebab.append(f"melebihi sisa pagu (biaya {rupiah(biaya)}, sisa {rupiah(max(sisa_pagu, 0.0))})")
    return sebab


def putuskan(
    posisi: Posisi,
    keputusan: str,
    alasan: str,
    label: str = "usulan",
    pengecualian: list[str] | None = None,
    alasan_pengecualian: str | None = None,
) -> Posisi:
    """Apply a forum decision and return the new position.

    Only an usulan waiting at its tier (``diajukan``) can be decided, always with a reason.
    Accepting it when :func:`syarat_pengecualian` found ``pengecualian`` also needs
    ``alasan_pengecualian``.
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
    if keputusan == "dikembalikan" and posisi.tahap == URUTAN_TAHAP[0]:
        masalah.append(
            Masalah(
                label,
                "keputusan",
                keputusan,
                "keputusan yang mengubah posisi usulan",
                f"{definitions.TAHAP_FORUM[posisi.tahap]} adalah tahap pertama: tolak atau tunda usulan ini",
            )
        )
    if keputusan == "diterima" and pengecualian and not (alasan_pengecualian or "").strip():
        masalah.append(
            Masalah(
                label,
                "alasan_pengecualian",
                "; ".join(pengecualian),
                "alasan pengecualian yang dicatat di riwayat",
                "tulis mengapa forum tetap menerima usulan ini, atau tunda/tolak usulan ini",
            )
        )
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


@dataclass(frozen=True)
class KeputusanTerakhir:
    """The latest decision on an usulan: the tier it was taken at and what was decided."""

    tahap: str
    status: str


def batalkan(posisi: Posisi, terakhir: KeputusanTerakhir | None, label: str = "usulan") -> Posisi:
    """Undo the latest forum decision: the usulan waits again at the tier where it was decided.

    Allowed only while nothing happened since: the usulan stands where that decision put it
    (an accepted usulan not yet decided at the next tier). The reversal is recorded as its
    own decision row and audit row; nothing is deleted.

    Raises
    ------
    KesalahanInput
        No decision to undo, or the usulan has moved on since.

    Examples
    --------
    >>> batalkan(Posisi("forum_pd", "diajukan"), KeputusanTerakhir("kecamatan", "diterima"))
    Posisi(tahap='kecamatan', status='diajukan', lanjut_tahun_depan=False)
    """
    if terakhir is None or terakhir.status == definitions.STATUS_DIBATALKAN:
        raise KesalahanInput(
            "Keputusan tidak dapat dibatalkan",
            [
                Masalah(
                    label,
                    "keputusan",
                    "(tidak ada)",
                    "keputusan forum yang belum dibatalkan",
                    "tidak ada yang dibatalkan",
                )
            ],
        )
    try:
        harapan = putuskan(Posisi(terakhir.tahap, "diajukan"), terakhir.status, "-", label)
    except KesalahanInput:
        harapan = None
    if harapan is None or (harapan.tahap, harapan.status) != (posisi.tahap, posisi.status):
        raise KesalahanInput(
            "Keputusan tidak dapat dibatalkan",
            [
                Masalah(
                    label,
                    "keputusan",
                    f"{terakhir.status} di {definitions.TAHAP_FORUM.get(terakhir.tahap, terakhir.tahap)}",
                    "keputusan terakhir yang belum diikuti keputusan lain",
                    "usulan sudah berubah sejak keputusan itu; putuskan ulang di tahap tempatnya sekarang",
                )
            ],
        )
    return Posisi(terakhir.tahap, "diajukan")


def rencana_n_teratas(
    hasil: pd.DataFrame, n: int, verdik: pd.Series | None = None, forum_berpagu: set[str] | None = None
) -> pd.DataFrame:
    """What "Sepakati N teratas" will do per forum: the top N **within the remaining pagu**, by the saved rule.

    ``hasil`` comes from :func:`geo.domain.prioritas.hitung_forum` with the forum's saved
    weights, selection rule and remaining pagu: its ``didanai`` column is the pagu-feasible
    selection. Of those, the best ``n`` per forum (by rank) are accepted; every other
    usulan of the forum is deferred (carried to next year) with the reason it fell out.
    An usulan whose verdict needs an exception (:data:`~geo.domain.definitions.VERDIK_PERLU_PENGECUALIAN`)
    is never accepted in bulk: it stays waiting for its own decision with a reason.

    Parameters
    ----------
    hasil : DataFrame
        ``id``, ``versi``, ``forum``, ``peringkat``, ``biaya``, ``didanai``.
    n : int
        How many each forum keeps at most.
    verdik : Series, optional
        Conformity verdict per usulan id.
    forum_berpagu : set of str, optional
        Forums that have a pagu; the others (a desa forum plans its Dana Desa itself) are
        not capped, only ranked. None: every forum has one.

    Returns
    -------
    DataFrame
        ``id``, ``versi``, ``forum``, ``peringkat``, ``biaya``, ``verdik``, ``keputusan``
        (``diterima``, ``ditunda`` or None = decide separately) and ``sebab``, in forum and rank order.
    """
    d = hasil[["id", "versi", "forum", "peringkat", "biaya", "didanai"]].copy()
    d["verdik"] = d["id"].map(verdik) if verdik is not None else None
    d = d.sort_values(["forum", "peringkat", "id"]).reset_index(drop=True)
    khusus = d["verdik"].isin(definitions.VERDIK_PERLU_PENGECUALIAN)
    muat = d["didanai"].astype(bool)
    if forum_berpagu is not None:
        muat |= ~d["forum"].astype(str).isin(forum_berpagu)
    calon = muat & ~khusus
    ke = calon.astype(int).groupby(d["forum"]).cumsum()
    terima = calon & (ke <= n)
    keputusan = np.full(len(d), "ditunda", dtype=object)
    keputusan[terima.to_numpy()] = "diterima"
    keputusan[khusus.to_numpy()] = None  # decided on its own, with a reason
    d["keputusan"] = pd.Series(keputusan, index=d.index, dtype=object)
    sebab = np.where(
        terima,
        [f"masuk {n} prioritas teratas dalam sisa pagu (peringkat {p})" for p in d["peringkat"]],
        np.where(
            khusus,
            "kesesuaian ruang perlu keputusan tersendiri dengan alasan",
            np.where(
                calon,
                f"di luar {n} prioritas teratas; dibawa ke tahun berikutnya",
                "tidak muat dalam sisa pagu; dibawa ke tahun berikutnya",
            ),
        ),
    )
    d["sebab"] = sebab
    return d.drop(columns="didanai")


def rencana_sidang(
    menunggu: pd.DataFrame,
    tahap: str,
    bobot: dict[str, float],
    kebutuhan: pd.Series | None,
    pagu: dict[str, float],
    metode: str,
    terpakai: dict[str, float],
    n: int,
) -> pd.DataFrame:
    """The "top N" plan of a tier: rank and select within the remaining pagu, then :func:`rencana_n_teratas`.

    An usulan whose verdict needs an exception (``verdik`` in
    :data:`~geo.domain.definitions.VERDIK_PERLU_PENGECUALIAN`) takes no part in the pagu selection:
    it is listed for a decision of its own, with a reason.

    Returns
    -------
    DataFrame
        :func:`rencana_n_teratas` columns, the usulan needing their own decision last.
    """
    khusus = menunggu["verdik"].isin(definitions.VERDIK_PERLU_PENGECUALIAN)
    hasil = hitung_forum(menunggu[~khusus], tahap, bobot, kebutuhan, pagu, metode, terpakai)
    sendiri = menunggu[khusus].assign(
        forum=menunggu.loc[khusus, definitions.KELOMPOK_FORUM[tahap]].astype(str),
        peringkat=pd.NA,
        keputusan=None,
        sebab="kesesuaian ruang perlu keputusan tersendiri dengan alasan",
    )
    kolom = ["id", "versi", "forum", "peringkat", "biaya", "verdik", "keputusan", "sebab"]
    return pd.concat(
        [rencana_n_teratas(hasil, n, menunggu.set_index("id")["verdik"], set(pagu)), sendiri[kolom]],
        ignore_index=True,
    )
