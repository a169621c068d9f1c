"""Usulan rules as plain functions: tier transitions, scoring, and selection within the pagu.

Pages and pipelines call these; nothing here touches the database, so each rule is
unit-tested on hand-made cases (groundwork for the usulan-lifecycle issue).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo import definitions
from geo.errors import KesalahanInput, Masalah

URUTAN_TAHAP = list(definitions.TAHAP_FORUM)
KEPUTUSAN = ("diterima", "ditolak", "ditunda", "dikembalikan")


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


def skor(kriteria: pd.DataFrame, bobot: dict[str, float]) -> pd.DataFrame:
    """Weighted score with its breakdown, so a forum sees why an usulan ranks where it does.

    Each criterion column is min-max normalised to 0..1 across the usulan compared (a
    column with one value contributes 0), multiplied by its weight; weights are
    normalised to sum to 1.

    Returns
    -------
    DataFrame
        One column per criterion (its weighted contribution), ``skor`` and ``peringkat``.
    """
    total = sum(bobot.values())
    if total <= 0:
        raise ValueError("jumlah bobot harus lebih dari 0")
    keluar = pd.DataFrame(index=kriteria.index)
    for k, w in bobot.items():
        x = kriteria[k].astype(float)
        rentang = x.max() - x.min()
        norm = (x - x.min()) / rentang if rentang > 0 else x * 0
        keluar[k] = norm.fillna(0) * w / total
    keluar["skor"] = keluar[list(bobot)].sum(axis=1)
    keluar["peringkat"] = keluar["skor"].rank(ascending=False, method="min").astype(int)
    return keluar


def pilih_greedy(biaya: np.ndarray, skor_: np.ndarray, pagu: float) -> np.ndarray:
    """Select in rank order within the ceiling (the CONSUL Democracy rule).

    An usulan that no longer fits is skipped and the next one is tried.

    Returns
    -------
    ndarray of bool
    """
    urut = np.lexsort((np.arange(len(skor_)), -np.asarray(skor_, dtype=float)))
    pilih = np.zeros(len(biaya), dtype=bool)
    sisa = float(pagu)
    for i in urut:
        if biaya[i] <= sisa:
            pilih[i] = True
            sisa -= biaya[i]
    return pilih


def pilih_knapsack(biaya: np.ndarray, skor_: np.ndarray, pagu: float, satuan: float = 1_000_000) -> np.ndarray:
    """Select the set with the largest total score within the ceiling (0/1 knapsack).

    Costs are rounded *up* to ``satuan`` (Rp 1 juta by default) so the choice never
    exceeds the pagu; dynamic programming over the ceiling in those units.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    Costs 1, 3, 4, 5 and scores 1, 4, 5, 7 with a ceiling of 7: the best is items 2 and 3
    (cost 7, score 9), where greedy by score would take item 4 and item 1 (score 8).

    >>> pilih_knapsack(np.array([1, 3, 4, 5.]), np.array([1, 4, 5, 7.]), 7, satuan=1).tolist()
    [False, True, True, False]
    """
    w = np.ceil(np.asarray(biaya, dtype=float) / satuan).astype(int)
    v = np.asarray(skor_, dtype=float)
    kap = int(np.floor(pagu / satuan))
    n = len(w)
    tabel = np.zeros((n + 1, kap + 1))
    for i in range(1, n + 1):
        tabel[i] = tabel[i - 1]
        if w[i - 1] <= kap:
            tabel[i, w[i - 1] :] = np.maximum(tabel[i - 1, w[i - 1] :], tabel[i - 1, : kap + 1 - w[i - 1]] + v[i - 1])
    pilih = np.zeros(n, dtype=bool)
    c = kap
    for i in range(n, 0, -1):
        if tabel[i, c] != tabel[i - 1, c]:
            pilih[i - 1] = True
            c -= w[i - 1]
    return pilih
