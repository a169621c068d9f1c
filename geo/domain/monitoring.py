"""Monitoring rules (domain §6): realisasi checks, kontrak kritis, achievement bands, kurva S.

Pure functions on frames, no I/O. Realisasi rows are monthly and *cumulative* as in SIPD's RFK:
``rencana_fisik`` / ``realisasi_fisik`` in % (0–100), ``rencana_keuangan`` (RAK) and
``realisasi_keuangan`` in Rp, each up to and including the month. A quarter's value is the value
of its last month (3, 6, 9, 12). A month without a report is *missing* (NaN), never zero and never
carried from an earlier month: the map shows it as "tidak melapor" and the kurva S as a gap.

Thresholds and bands are data in :mod:`geo.domain.definitions` (:data:`AMBANG_KRITIS`,
:data:`PITA_CAPAIAN`, :data:`KELAS_DEVIASI`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.domain.definitions import AMBANG_KRITIS, PITA_CAPAIAN
from geo.domain.format import BULAN_PENDEK, angka, rupiah
from geo.errors import Masalah

#: Numeric columns of a realisasi row, in file order.
KOLOM_ANGKA = ("rencana_fisik", "realisasi_fisik", "rencana_keuangan", "realisasi_keuangan")
#: Text columns of a realisasi row.
KOLOM_TEKS = ("kendala", "tindak_lanjut", "catatan_verifikator")
#: Every value column of a realisasi row (what a save writes besides the key).
KOLOM_NILAI = (*KOLOM_ANGKA, *KOLOM_TEKS)

#: Month names, short (charts, tables) and full (sentences): defined once in geo.domain.format.
BULAN = BULAN_PENDEK


def triwulan(bulan: int | pd.Series) -> int | pd.Series:
    """Quarter (1–4) of a month (1–12).

    Examples
    --------
    >>> triwulan(3), triwulan(4), triwulan(12)
    (1, 2, 4)
    """
    return (bulan - 1) // 3 + 1


def bulan_akhir(tw: int) -> int:
    """The month whose cumulative value is the quarter's value (3, 6, 9 or 12).

    >>> bulan_akhir(2)
    6
    """
    return 3 * int(tw)


def ambang_kritis(rencana: pd.Series) -> pd.Series:
    """Allowed lag in points for each planned physical % (:data:`AMBANG_KRITIS`)."""
    r = pd.to_numeric(rencana, errors="coerce").to_numpy(dtype=float)
    batas = np.array([b for b, _ in AMBANG_KRITIS])
    lag = np.array([g for _, g in AMBANG_KRITIS])
    i = np.clip(np.searchsorted(batas, r, side="left"), 0, len(batas) - 1)
    return pd.Series(np.where(np.isnan(r), np.nan, lag[i]), index=getattr(rencana, "index", None))


def kontrak_kritis(rencana: pd.Series, realisasi: pd.Series) -> pd.Series:
    """Whether each activity is a kontrak kritis (domain §6).

    Critical when the plan is 0–70 % and the actual physical progress lags by *more than*
    10 points, or the plan is above 70 % and it lags by more than 5 points. An activity that
    did not report (NaN) is not critical: it is "tidak melapor".

    Examples
    --------
    >>> kontrak_kritis(pd.Series([50.0, 50.0, 80.0, 80.0]), pd.Series([40.0, 39.9, 75.0, 74.9])).tolist()
    [False, True, False, True]
    """
    r = pd.to_numeric(rencana, errors="coerce")
    a = pd.to_numeric(realisasi, errors="coerce")
    lag = r - a
    return ((lag - ambang_kritis(r).to_numpy()) > 1e-9).fillna(False).astype(bool)


def pita_capaian(capaian: pd.Series) -> pd.Series:
    """Band code of each achievement % (:data:`PITA_CAPAIAN`); NaN -> ``"tidak_melapor"``.

    Examples
    --------
    >>> pita_capaian(pd.Series([50, 51, 65, 66, 75, 76, 90, 91, None])).tolist()  # doctest: +NORMALIZE_WHITESPACE
    ['sangat_rendah', 'rendah', 'rendah', 'sedang', 'sedang', 'tinggi', 'tinggi', 'sangat_tinggi', 'tidak_melapor']
    """
    c = pd.to_numeric(capaian, errors="coerce").to_numpy(dtype=float)
    batas = np.array([p.batas_atas for p in PITA_CAPAIAN])
    i = np.clip(np.searchsorted(batas, c, side="left"), 0, len(batas) - 1)
    kode = np.array([p.kode for p in PITA_CAPAIAN], dtype=object)[i]
    return pd.Series(np.where(np.isnan(c), "tidak_melapor", kode), index=capaian.index, dtype=object)


def kelas_deviasi(rencana: pd.Series, realisasi: pd.Series, kritis: pd.Series | None = None) -> pd.Series:
    """Map class of each activity (:data:`KELAS_DEVIASI`): sesuai, terlambat, kritis, tidak_melapor.

    ``kritis`` (from :func:`kontrak_kritis`) is computed when not given.
    """
    a = pd.to_numeric(realisasi, errors="coerce")
    dev = a - pd.to_numeric(rencana, errors="coerce")
    kelas = np.where(dev >= 0, "sesuai", "terlambat").astype(object)
    kelas[(kontrak_kritis(rencana, realisasi) if kritis is None else kritis).to_numpy(dtype=bool)] = "kritis"
    kelas[a.isna().to_numpy()] = "tidak_melapor"
    return pd.Series(kelas, index=rencana.index, dtype=object)


def keadaan_bulan(kegiatan: pd.DataFrame, realisasi: pd.DataFrame, bulan: int) -> pd.DataFrame:
    """Each activity's state at ``bulan``: its row of that month (or missing), deviation and flags.

    Parameters
    ----------
    kegiatan : DataFrame
        One row per activity: ``id`` and ``pagu`` (other columns are kept).
    realisasi : DataFrame
        Monthly rows: ``usulan_id``, ``bulan`` and :data:`KOLOM_NILAI`.
    bulan : int
        The month (a quarter's view passes :func:`bulan_akhir`).

    Returns
    -------
    DataFrame
        ``kegiatan`` plus :data:`KOLOM_NILAI` of that month, ``melapor`` (physical progress
        reported), ``deviasi`` (realisasi − rencana, points), ``lag``, ``kritis``, ``lebih_pagu``
        (spending above the pagu), ``capaian`` (realisasi ÷ rencana × 100) and ``kelas``.
    """
    r = realisasi.loc[realisasi["bulan"] == bulan, ["usulan_id", *KOLOM_NILAI]]
    d = kegiatan.merge(r, how="left", left_on="id", right_on="usulan_id").drop(columns="usulan_id")
    d["melapor"] = d["realisasi_fisik"].notna()
    d["deviasi"] = d["realisasi_fisik"] - d["rencana_fisik"]
    d["lag"] = -d["deviasi"]
    d["kritis"] = kontrak_kritis(d["rencana_fisik"], d["realisasi_fisik"]).to_numpy()
    d["lebih_pagu"] = (d["realisasi_keuangan"] > d["pagu"] + 1e-6).fillna(False).astype(bool)
    rencana = d["rencana_fisik"].where(d["rencana_fisik"] > 0)
    d["capaian"] = d["realisasi_fisik"] / rencana * 100
    d["kelas"] = kelas_deviasi(d["rencana_fisik"], d["realisasi_fisik"], d["kritis"]).to_numpy()
    return d


def capaian_kelompok(keadaan: pd.DataFrame, kunci: str) -> pd.DataFrame:
    """Achievement per group (kecamatan, desa or OPD) from :func:`keadaan_bulan`.

    Achievement = Σ pagu × realisasi fisik ÷ Σ pagu × rencana fisik × 100 over the activities
    that reported; a group where none reported has NaN ("tidak melapor"), never 0.

    Returns
    -------
    DataFrame
        Indexed by ``kunci``: ``kegiatan``, ``melapor``, ``kritis``, ``pagu``, ``capaian``, ``pita``.
    """
    lapor = keadaan["melapor"].to_numpy(dtype=bool)
    pagu = keadaan["pagu"].to_numpy(dtype=float)
    d = pd.DataFrame(
        {
            kunci: keadaan[kunci].to_numpy(),
            "kegiatan": 1,
            "melapor": lapor.astype(int),
            "kritis": keadaan["kritis"].to_numpy(dtype=int),
            "pagu": pagu,
            "_r": np.where(lapor, pagu * keadaan["rencana_fisik"].to_numpy(dtype=float), 0.0),
            "_a": np.where(lapor, pagu * keadaan["realisasi_fisik"].to_numpy(dtype=float), 0.0),
        }
    )
    hasil = d.groupby(kunci, sort=True).sum()
    hasil["capaian"] = (hasil["_a"] / hasil["_r"].where(hasil["_r"] > 0) * 100).where(hasil["melapor"] > 0)
    hasil["pita"] = pita_capaian(hasil["capaian"])
    return hasil.drop(columns=["_r", "_a"])


def kurva_s(kegiatan: pd.DataFrame, realisasi: pd.DataFrame) -> pd.DataFrame:
    """Kurva S of a set of activities: cumulative plan vs actual, physical and financial, per month.

    Physical % is the pagu-weighted mean of the activities' cumulative %; financial % is
    Σ Rp ÷ Σ pagu. Plan figures use the activities with a plan that month; actual figures use
    those that *reported* that month (so a late reporter does not pull the curve to zero). A month
    in which nobody reported is NaN: a gap in the line.

    Parameters
    ----------
    kegiatan : DataFrame
        ``id`` and ``pagu`` of the activities in the curve (one activity, an OPD, a kecamatan, all).
    realisasi : DataFrame
        Monthly rows (``usulan_id``, ``bulan``, :data:`KOLOM_ANGKA`) of any activities.

    Returns
    -------
    DataFrame
        Index ``bulan`` 1–12: ``rencana_fisik``, ``realisasi_fisik`` (%), ``rencana_keuangan``,
        ``realisasi_keuangan`` (%), ``rencana_rp``, ``realisasi_rp`` (Σ Rp), ``melapor`` (count).
    """
    pagu = kegiatan.set_index("id")["pagu"]
    r = realisasi[realisasi["usulan_id"].isin(pagu.index)]
    p = r["usulan_id"].map(pagu).to_numpy(dtype=float)
    rf = r["rencana_fisik"].to_numpy(dtype=float)
    af = r["realisasi_fisik"].to_numpy(dtype=float)
    ada_r, lapor = ~np.isnan(rf), ~np.isnan(af)
    d = pd.DataFrame(
        {
            "bulan": r["bulan"].to_numpy(),
            "_pr": np.where(ada_r, p, 0.0),
            "_pa": np.where(lapor, p, 0.0),
            "_rf": np.where(ada_r, p * rf, 0.0),
            "_af": np.where(lapor, p * af, 0.0),
            "_rk": np.where(ada_r, r["rencana_keuangan"].to_numpy(dtype=float), 0.0),
            "_ak": np.where(lapor, r["realisasi_keuangan"].to_numpy(dtype=float), 0.0),
            "melapor": lapor.astype(int),
        }
    )
    g = d.groupby("bulan").sum().reindex(range(1, 13), fill_value=0)
    g.index.name = "bulan"
    pr = g["_pr"].where(g["_pr"] > 0)
    pa = g["_pa"].where(g["_pa"] > 0)
    return pd.DataFrame(
        {
            "rencana_fisik": g["_rf"] / pr,
            "realisasi_fisik": g["_af"] / pa,
            "rencana_keuangan": g["_rk"] / pr * 100,
            "realisasi_keuangan": g["_ak"] / pa * 100,
            "rencana_rp": g["_rk"].where(pr.notna()),
            "realisasi_rp": g["_ak"].where(pa.notna()),
            "melapor": g["melapor"].astype(int),
        },
        index=g.index,
    )


# --------------------------------------------------------------------------- checks
def _kosong(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def periksa_realisasi(baris: pd.DataFrame, tersimpan: pd.DataFrame, pagu: pd.Series) -> list[Masalah]:
    """Every problem of a set of monthly realisasi rows (one report; nothing written when not empty).

    Rules: the activity is a funded activity (``pagu`` knows it); month 1–12; physical % within
    0–100; Rp not negative; spending and RAK never above the activity's pagu; the cumulative
    physical progress never lower than the activity's previous reported month (stored or in
    ``baris``) unless ``kendala`` or ``tindak_lanjut`` gives the reason.

    Parameters
    ----------
    baris : DataFrame
        ``lokasi`` (how a message names the row: ``"baris 4"``), ``usulan_id``, ``bulan`` and
        :data:`KOLOM_NILAI` (numbers as floats, NaN when empty).
    tersimpan : DataFrame
        Stored rows of the same activities and year (``usulan_id``, ``bulan``, ``realisasi_fisik``).
    pagu : Series
        Activity id -> pagu (Rp): the funded activities the rows may name.

    Returns
    -------
    list of Masalah
    """
    masalah: list[Masalah] = []
    for r in baris.itertuples(index=False):
        no = str(r.lokasi)
        if r.usulan_id not in pagu.index:
            masalah.append(
                Masalah(no, "usulan_id", str(r.usulan_id), "id kegiatan yang didanai", "periksa nomor usulan")
            )
        if _kosong(r.bulan) or not 1 <= int(r.bulan) <= 12:
            masalah.append(Masalah(no, "bulan", str(r.bulan), "1–12", "isi nomor bulan"))
        for k in ("rencana_fisik", "realisasi_fisik"):
            v = getattr(r, k)
            if not _kosong(v) and not 0 <= float(v) <= 100:
                masalah.append(
                    Masalah(no, k, angka(float(v), 2), "persen 0–100", "tulis kemajuan kumulatif dalam persen")
                )
        for k in ("rencana_keuangan", "realisasi_keuangan"):
            v = getattr(r, k)
            if _kosong(v):
                continue
            if float(v) < 0:
                masalah.append(Masalah(no, k, rupiah(float(v)), "≥ 0", "periksa nilai rupiah"))
            elif r.usulan_id in pagu.index and float(v) > float(pagu[r.usulan_id]) + 1e-6:
                masalah.append(
                    Masalah(
                        no,
                        k,
                        rupiah(float(v)),
                        f"paling banyak pagu kegiatan {rupiah(float(pagu[r.usulan_id]))}",
                        "periksa nilai kumulatif; bila pagu berubah, catat perubahannya dulu",
                    )
                )
    masalah += _periksa_turun(baris, tersimpan)
    return masalah


def _periksa_turun(baris: pd.DataFrame, tersimpan: pd.DataFrame) -> list[Masalah]:
    """Cumulative physical progress lower than the previous reported month, without a reason."""
    baru = baris.dropna(subset=["realisasi_fisik"]).copy()
    baru = baru[pd.to_numeric(baru["bulan"], errors="coerce").between(1, 12)]
    if baru.empty:
        return []
    baru["bulan"] = baru["bulan"].astype(int)
    kunci = set(zip(baru["usulan_id"], baru["bulan"], strict=True))
    lama = tersimpan.dropna(subset=["realisasi_fisik"])
    diganti = [(u, int(b)) in kunci for u, b in zip(lama["usulan_id"], lama["bulan"], strict=True)]
    lama = lama.loc[~np.array(diganti, dtype=bool)]
    semua = pd.concat(
        [lama[["usulan_id", "bulan", "realisasi_fisik"]].assign(_baru=False), baru.assign(_baru=True)],
        ignore_index=True,
    ).sort_values(["usulan_id", "bulan"], kind="stable")
    semua["fisik_sebelum"] = semua.groupby("usulan_id")["realisasi_fisik"].shift(1)
    semua["bulan_sebelum"] = semua.groupby("usulan_id")["bulan"].shift(1)
    masalah = []
    for r in semua[semua["_baru"] & (semua["realisasi_fisik"] < semua["fisik_sebelum"] - 1e-9)].itertuples(index=False):
        if _kosong(r.kendala) and _kosong(r.tindak_lanjut):
            masalah.append(
                Masalah(
                    str(r.lokasi),
                    "realisasi_fisik",
                    angka(float(r.realisasi_fisik), 2),
                    f"tidak kurang dari bulan {int(r.bulan_sebelum)} ({angka(float(r.fisik_sebelum), 2)} %), "
                    "karena kemajuan fisik kumulatif",
                    "perbaiki angkanya, atau tulis alasannya di kendala atau tindak lanjut",
                )
            )
    return masalah
