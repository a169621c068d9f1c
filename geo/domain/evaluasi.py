"""Evaluasi Musrenbang (LKjIP-style, domain §6): accommodation per tier, completion, and equity. Pure, no I/O.

*Accepted at a tier* is read from where an usulan stands: it passed tier *t* when its current tier
comes after *t*, or it stands at *t* with status ``diterima`` (an undone decision puts it back, so
undone acceptances never count). *Funded* = accepted at the kabupaten/kota forum. *Completed* =
latest reported physical progress 100 %. The accommodation rate of a tier is accepted there ÷
usulan that reached it (proposed, for the desa tier).

Equity compares funded value per capita with a need indicator, each cut into three classes at the
1/3 and 2/3 quantiles over the desa (a value *above* a cut is in the higher class; with many equal
values — e.g. desa that received nothing — they share the lower class). The 3×3 classes form a
bivariate map; "greatest need, least received" is need class 3 with per-capita class 1.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain import definitions

#: Tiers in order (codes of :data:`geo.domain.definitions.TAHAP_FORUM`).
TAHAP: tuple[str, ...] = tuple(definitions.TAHAP_FORUM)

#: Bivariate palette (Joshua Stevens' blue–red 3×3): (need class, per-capita class) -> colour, 1 = low.
#: Need grows to the red, per-capita funding to the blue; high need with low funding is pure red.
PALET_BIVARIAT: dict[tuple[int, int], str] = {
    (1, 1): "#e8e8e8",
    (2, 1): "#e4acac",
    (3, 1): "#c85a5a",
    (1, 2): "#b0d5df",
    (2, 2): "#ad9ea5",
    (3, 2): "#985356",
    (1, 3): "#64acbe",
    (2, 3): "#627f8c",
    (3, 3): "#574249",
}
#: Labels of the three classes of each axis.
LABEL_KELAS = {1: "rendah", 2: "sedang", 3: "tinggi"}


def diterima_di(tahap: pd.Series, status: pd.Series, t: str) -> pd.Series:
    """Whether each usulan was accepted at tier ``t`` (see the module docstring).

    >>> diterima_di(pd.Series(["desa", "kecamatan", "kecamatan", "kabupaten"]),
    ...             pd.Series(["diterima", "diajukan", "ditolak", "diterima"]), "desa").tolist()
    [True, True, True, True]
    >>> diterima_di(pd.Series(["kecamatan", "kecamatan"]), pd.Series(["diajukan", "diterima"]), "kecamatan").tolist()
    [False, True]
    """
    urut = {k: i for i, k in enumerate(TAHAP)}
    i = tahap.map(urut)
    return ((i > urut[t]) | ((i == urut[t]) & (status == "diterima"))).fillna(False).astype(bool)


def rekap_tahap(usulan: pd.DataFrame, progres: pd.Series, kunci: str) -> pd.DataFrame:
    """Per group (desa or kecamatan): proposed, accepted at each tier, funded, completed, rates.

    Parameters
    ----------
    usulan : DataFrame
        ``id``, ``tahap``, ``status`` and ``kunci`` (e.g. ``kode_desa``, ``kode_kecamatan``).
    progres : Series
        Latest reported physical % per usulan id (missing: not reported).
    kunci : str
        Grouping column.

    Returns
    -------
    DataFrame
        Indexed by ``kunci``: ``diusulkan``, ``diterima_<tahap>`` for each tier, ``didanai``,
        ``selesai``, ``akomodasi_<tahap>`` (% of those that reached the tier; NaN when none did)
        and ``akomodasi_total`` (funded ÷ proposed, %).
    """
    d = pd.DataFrame({kunci: usulan[kunci].to_numpy(), "diusulkan": 1})
    for t in TAHAP:
        d[f"diterima_{t}"] = diterima_di(usulan["tahap"], usulan["status"], t).to_numpy().astype(int)
    d["didanai"] = d[f"diterima_{TAHAP[-1]}"]
    p = usulan["id"].map(progres).to_numpy(dtype=float)
    d["selesai"] = ((d["didanai"] == 1) & (np.nan_to_num(p, nan=-1.0) >= 100.0)).astype(int)
    hasil = d.groupby(kunci, sort=True).sum()
    return tambah_akomodasi(hasil)


def tambah_akomodasi(rekap: pd.DataFrame) -> pd.DataFrame:
    """Add the accommodation rates (%) to counts from :func:`rekap_tahap` (also for a total row)."""
    hasil = rekap.copy()
    masuk = hasil["diusulkan"].astype(float)
    for t in TAHAP:
        terima = hasil[f"diterima_{t}"].astype(float)
        hasil[f"akomodasi_{t}"] = (terima / masuk.where(masuk > 0)) * 100
        masuk = terima
    hasil["akomodasi_total"] = hasil["didanai"] / hasil["diusulkan"].where(hasil["diusulkan"] > 0) * 100
    return hasil


def total_rekap(rekap: pd.DataFrame) -> pd.Series:
    """The kabupaten total of a :func:`rekap_tahap` table (rates recomputed from the summed counts)."""
    kolom = ["diusulkan", *(f"diterima_{t}" for t in TAHAP), "didanai", "selesai"]
    return tambah_akomodasi(rekap[kolom].sum().to_frame().T).iloc[0]


def kelas_tertil(nilai: pd.Series) -> pd.Series:
    """Class 1–3 of each value, cut at the 1/3 and 2/3 quantiles (above a cut = higher class); NaN stays NaN.

    >>> kelas_tertil(pd.Series([0.0, 0.0, 0.0, 0.0, 5.0, 9.0])).tolist()
    [1.0, 1.0, 1.0, 1.0, 3.0, 3.0]
    >>> kelas_tertil(pd.Series([1.0, 2.0, 3.0, None])).tolist()
    [1.0, 2.0, 3.0, nan]
    """
    x = pd.to_numeric(nilai, errors="coerce")
    q1, q2 = x.quantile(1 / 3), x.quantile(2 / 3)
    kelas = 1 + (x > q1).astype(int) + (x > q2).astype(int)
    return kelas.astype(float).where(x.notna())


def ekuitas(desa: pd.DataFrame, didanai: pd.DataFrame) -> pd.DataFrame:
    """Funded value per capita against need, per desa, with bivariate classes.

    Parameters
    ----------
    desa : DataFrame
        One row per desa: ``kode``, ``nama``, ``penduduk`` (persons), ``kebutuhan`` (need indicator value).
    didanai : DataFrame
        Funded usulan: ``kode_desa`` and ``nilai`` (Rp).

    Returns
    -------
    DataFrame
        ``desa`` plus ``nilai`` (Σ Rp funded, 0 when none), ``jumlah`` (funded usulan),
        ``per_kapita`` (Rp per person; NaN without population), ``kelas_kebutuhan`` and
        ``kelas_per_kapita`` (1–3, NaN without data), ``warna`` (bivariate colour, None without data)
        and ``prioritas`` (need class 3 and per-capita class 1), ordered by ``kode``.
    """
    per = didanai.groupby("kode_desa")["nilai"].agg(["sum", "size"])
    d = desa.sort_values("kode").reset_index(drop=True).copy()
    d["nilai"] = d["kode"].map(per["sum"]).fillna(0.0).astype(float)
    d["jumlah"] = d["kode"].map(per["size"]).fillna(0).astype(int)
    penduduk = pd.to_numeric(d["penduduk"], errors="coerce")
    d["per_kapita"] = d["nilai"] / penduduk.where(penduduk > 0)
    d["kelas_kebutuhan"] = kelas_tertil(d["kebutuhan"])
    d["kelas_per_kapita"] = kelas_tertil(d["per_kapita"])
    ada = d["kelas_kebutuhan"].notna() & d["kelas_per_kapita"].notna()
    d["warna"] = [
        PALET_BIVARIAT[(int(k), int(p))] if a else None
        for k, p, a in zip(d["kelas_kebutuhan"].fillna(0), d["kelas_per_kapita"].fillna(0), ada, strict=True)
    ]
    d["prioritas"] = ada & (d["kelas_kebutuhan"] == 3) & (d["kelas_per_kapita"] == 1)
    return d


def paling_butuh_paling_sedikit(ekuitas_: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The desa in greatest need that received least: ``prioritas`` desa, highest need first, then least per capita."""
    p = ekuitas_[ekuitas_["prioritas"]]
    return p.sort_values(["kebutuhan", "per_kapita", "kode"], ascending=[False, True, True]).head(n)


def korelasi_peringkat(ekuitas_: pd.DataFrame) -> float:
    """Spearman rank correlation between need and funded value per capita (NaN with fewer than 3 desa).

    Positive: funding goes where need is higher.
    """
    d = ekuitas_[["kebutuhan", "per_kapita"]].dropna()
    if len(d) < 3:
        return float("nan")
    return float(d["kebutuhan"].rank().corr(d["per_kapita"].rank()))
