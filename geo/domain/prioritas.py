"""Prioritisation of usulan at a forum, vectorised over many forums at once.

Criteria, weighted score with its breakdown, and selection within the pagu.

A forum compares only its own usulan: a desa forum its desa's, a kecamatan forum its
kecamatan's, the forum perangkat daerah and the kabupaten forum per OPD
(:data:`KELOMPOK_FORUM`). Criteria are min-max normalised *within* each forum, weighted
and summed; the breakdown columns show each criterion's contribution so participants see
why an usulan ranks where it does.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain import definitions
from geo.domain.definitions import KELOMPOK_FORUM
from geo.errors import KesalahanInput, Masalah

KODE_KRITERIA = [k.kode for k in definitions.KRITERIA_PRIORITAS]
BOBOT_BAKU = {k.kode: k.bobot_baku for k in definitions.KRITERIA_PRIORITAS}
SEMUA_FORUM = "*"


def nilai_kriteria(usulan: pd.DataFrame, kebutuhan: pd.Series | None = None) -> pd.DataFrame:
    """Raw criterion values per usulan (one column per :data:`KODE_KRITERIA`).

    Parameters
    ----------
    usulan : DataFrame
        Columns ``urgensi``, ``dampak``, ``selaras_rpjmd``, ``penerima_laki``,
        ``penerima_perempuan``, ``penerima_rentan``, ``status_lahan``, ``sertifikat``,
        ``gambar_teknis``, ``rab``, ``biaya``, ``kode_desa`` and ``suara``.
    kebutuhan : Series, optional
        Indicator value per desa code (need from data; higher = more need).

    Returns
    -------
    DataFrame
        Same index as ``usulan``. Missing assessments stay NaN (they contribute 0).

    Examples
    --------
    >>> u = pd.DataFrame({"urgensi": [5], "dampak": [3], "selaras_rpjmd": [4], "penerima_laki": [40],
    ...     "penerima_perempuan": [60], "penerima_rentan": [10], "status_lahan": ["tanah_desa"],
    ...     "sertifikat": [True], "gambar_teknis": [False], "rab": [True], "biaya": [50e6],
    ...     "kode_desa": ["d1"], "suara": [12]})
    >>> nilai_kriteria(u, pd.Series({"d1": 17.5})).iloc[0].to_dict()  # doctest: +NORMALIZE_WHITESPACE
    {'urgensi': 5.0, 'penerima': 110.0, 'dampak': 3.0, 'selaras_rpjmd': 4.0, 'kesiapan': 0.8,
     'efektivitas_biaya': 2.0, 'kebutuhan': 17.5, 'suara': 12.0}
    """
    angka = lambda k: pd.to_numeric(usulan[k], errors="coerce").astype(float)  # noqa: E731
    jiwa = angka("penerima_laki").fillna(0) + angka("penerima_perempuan").fillna(0)
    rentan = angka("penerima_rentan").fillna(0)
    lahan = usulan["status_lahan"].map(definitions.SKOR_LAHAN).fillna(0).astype(float)
    dok = sum(usulan[k].fillna(False).astype(bool).astype(float) for k in ("sertifikat", "gambar_teknis", "rab"))
    keluar = pd.DataFrame(index=usulan.index)
    keluar["urgensi"] = angka("urgensi")
    keluar["penerima"] = jiwa + rentan
    keluar["dampak"] = angka("dampak")
    keluar["selaras_rpjmd"] = angka("selaras_rpjmd")
    keluar["kesiapan"] = (0.4 * lahan + 0.2 * dok).round(6)
    keluar["efektivitas_biaya"] = jiwa / (angka("biaya") / 1e6)
    keluar["kebutuhan"] = usulan["kode_desa"].map(kebutuhan).astype(float) if kebutuhan is not None else np.nan
    keluar["suara"] = angka("suara")
    return keluar[KODE_KRITERIA]


def peringkat(nilai: pd.DataFrame, bobot: dict[str, float], kelompok: pd.Series | None = None) -> pd.DataFrame:
    """Weighted score with its breakdown and the rank within each forum.

    Each criterion is min-max normalised to 0..1 within its forum (a criterion with one
    value in a forum, or a missing value, contributes 0), multiplied by its weight; the
    weights are normalised to sum to 1. Ties share the best rank.

    Parameters
    ----------
    nilai : DataFrame
        Raw criterion values (:func:`nilai_kriteria`).
    bobot : dict
        Criterion -> weight (any positive scale).
    kelompok : Series, optional
        Forum of each usulan; all in one forum when omitted.

    Returns
    -------
    DataFrame
        One column per weighted criterion (its contribution), ``skor`` (0..1) and
        ``peringkat`` (1 = best, per forum).

    Raises
    ------
    KesalahanInput
        When no weight is positive or a weight is negative.
    """
    if any(w < 0 for w in bobot.values()) or sum(bobot.values()) <= 0:
        raise KesalahanInput(
            "Bobot kriteria tidak sah",
            [Masalah("bobot", "bobot", str(bobot), "bobot ≥ 0 dan jumlahnya > 0", "isi sedikitnya satu bobot positif")],
        )
    total = float(sum(bobot.values()))
    grup = kelompok if kelompok is not None else pd.Series(0, index=nilai.index)
    keluar = pd.DataFrame(index=nilai.index)
    g = nilai.groupby(grup.values, sort=False)
    lo, hi = g.transform("min"), g.transform("max")
    for k, w in bobot.items():
        rentang = hi[k] - lo[k]
        norm = ((nilai[k] - lo[k]) / rentang.where(rentang > 0)).fillna(0.0)
        keluar[k] = norm * (w / total)
    keluar["skor"] = keluar[list(bobot)].sum(axis=1)
    keluar["peringkat"] = keluar["skor"].groupby(grup.values).rank(ascending=False, method="min").astype(int)
    return keluar


def pilih_dalam_pagu(
    biaya: pd.Series, skor: pd.Series, kelompok: pd.Series, pagu: dict[str, float], metode: str = "greedy"
) -> pd.Series:
    """Select usulan per forum within that forum's ceiling.

    ``greedy`` takes usulan in rank order and skips one that no longer fits (the CONSUL
    Democracy rule); ``knapsack`` maximises the forum's total score (0/1 knapsack in
    Rp 1 juta units, see :func:`pilih_knapsack`). A forum without a pagu funds
    nothing.

    Returns
    -------
    Series of bool
        True = didanai (within the pagu).
    """
    b = biaya.to_numpy(dtype=float)
    s = skor.to_numpy(dtype=float)
    grp = kelompok.to_numpy()
    pilih = np.zeros(len(b), dtype=bool)
    if metode == "knapsack":
        for kode, idx in pd.Series(np.arange(len(b))).groupby(grp, sort=False):
            if kode in pagu:
                ii = idx.to_numpy()
                pilih[ii] = pilih_knapsack(b[ii], s[ii], pagu[kode])
        return pd.Series(pilih, index=biaya.index)
    if metode != "greedy":
        raise ValueError(f"metode pemilihan tidak dikenal: {metode}")
    # one pass over all forums in (forum, score desc, position) order; remaining ceilings in a dict
    kode_grp, inv = np.unique(grp.astype(str), return_inverse=True)
    sisa = np.array([float(pagu.get(k, -1.0)) for k in kode_grp])
    urut = np.lexsort((np.arange(len(b)), -s, inv))
    bl, il = b[urut].tolist(), inv[urut].tolist()
    sl = sisa.tolist()
    hasil = [False] * len(bl)
    for j in range(len(bl)):
        g = il[j]
        if bl[j] <= sl[g]:
            sl[g] -= bl[j]
            hasil[j] = True
    pilih[urut] = hasil
    return pd.Series(pilih, index=biaya.index)


#: Indicators tried, in order, for "need from data" when a forum has not chosen one.
INDIKATOR_KEBUTUHAN = ("persen_miskin", "prevalensi_stunting", "persen_jalan_rusak")


def indikator_baku(tersimpan: str | None, tersedia: list[str]) -> str | None:
    """The forum's saved need indicator if still loaded, else the first of :data:`INDIKATOR_KEBUTUHAN` present."""
    if tersimpan in tersedia:
        return tersimpan
    return next((k for k in INDIKATOR_KEBUTUHAN if k in tersedia), None)


def hitung_forum(
    usulan: pd.DataFrame,
    tahap: str,
    bobot: dict[str, float],
    kebutuhan: pd.Series | None,
    pagu: dict[str, float],
    metode: str = "greedy",
    terpakai: dict[str, float] | None = None,
) -> pd.DataFrame:
    """Rank the usulan of a tier forum by forum and select within each forum's pagu.

    Parameters
    ----------
    usulan : DataFrame
        From :func:`geo.store.kueri.usulan_gdf` (one tier).
    tahap : str
        The tier; it decides the forum grouping (:data:`KELOMPOK_FORUM`).
    bobot, kebutuhan, pagu, metode
        See :func:`peringkat`, :func:`nilai_kriteria` and :func:`pilih_dalam_pagu`.
    terpakai : dict, optional
        Pagu already committed per forum (usulan accepted earlier at this tier); the
        selection fits into what is left.

    Returns
    -------
    DataFrame
        ``usulan`` (same index) plus ``forum``, the raw criteria as ``nilai_<k>``, the
        weighted contributions as ``poin_<k>``, ``skor``, ``peringkat`` and ``didanai``;
        sorted by forum and rank.
    """
    forum = usulan[KELOMPOK_FORUM[tahap]].astype(str)
    nilai = nilai_kriteria(usulan, kebutuhan)
    hasil = peringkat(nilai, bobot, forum)
    sisa = {k: v - (terpakai or {}).get(k, 0.0) for k, v in pagu.items()}
    didanai = pilih_dalam_pagu(usulan["biaya"], hasil["skor"], forum, sisa, metode)
    hasil = hasil.rename(columns={k: f"poin_{k}" for k in bobot})
    keluar = pd.concat([usulan, nilai.add_prefix("nilai_"), hasil], axis=1)
    keluar["forum"] = forum
    keluar["didanai"] = didanai
    return keluar.sort_values(["forum", "peringkat", "id"])


def rekap_pagu(hasil: pd.DataFrame, pagu: dict[str, float], terpakai: dict[str, float] | None = None) -> pd.DataFrame:
    """Totals per forum: usulan, cost proposed, cost funded, pagu, already committed, and what is left."""
    g = hasil.groupby("forum")
    rekap = pd.DataFrame(
        {
            "usulan": g.size(),
            "biaya_usulan": g["biaya"].sum(),
            "didanai": g["didanai"].sum(),
            "biaya_didanai": hasil[hasil["didanai"]].groupby("forum")["biaya"].sum(),
        }
    ).fillna({"biaya_didanai": 0.0})
    rekap["pagu"] = rekap.index.map(pagu).astype(float)
    rekap["terpakai"] = rekap.index.map(lambda k: (terpakai or {}).get(k, 0.0)).astype(float)
    rekap["sisa_pagu"] = rekap["pagu"] - rekap["terpakai"] - rekap["biaya_didanai"]
    return rekap.reset_index()


#: Largest knapsack capacity in cost units; a bigger pagu uses coarser units (still rounded up).
MAKS_KAPASITAS = 20_000


#: Largest knapsack capacity in cost units; a bigger pagu uses coarser units (still rounded up).


def pilih_knapsack(biaya: np.ndarray, skor_: np.ndarray, pagu: float, satuan: float = 1_000_000) -> np.ndarray:
    """Select the set with the largest total score within the ceiling (0/1 knapsack).

    Costs are rounded *up* to ``satuan`` (Rp 1 juta by default, coarser when the pagu
    exceeds :data:`MAKS_KAPASITAS` units) so the choice never exceeds the pagu; dynamic
    programming over the ceiling in those units. A ceiling of 0 or less selects nothing.

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
    n = len(biaya)
    if pagu <= 0 or n == 0:
        return np.zeros(n, dtype=bool)
    satuan = max(satuan, pagu / MAKS_KAPASITAS)  # bound the table: n × 20 001 cells at most
    w = np.ceil(np.asarray(biaya, dtype=float) / satuan).astype(int)
    v = np.asarray(skor_, dtype=float)
    kap = int(np.floor(pagu / satuan))
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
