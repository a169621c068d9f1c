"""Lacak Usulan (public tracking): what a citizen may see of an usulan, and its path through the tiers.

Pure: no I/O. The public subset is declared here explicitly (a narrower list than
:data:`geo.domain.usulan.KOLOM_PUBLIK`): no NIK/KK, no proposer or operator names, no
internal notes, no recommendation amounts. ``tests/geo/test_lacak.py`` checks the subset
stays inside the record's public fields.
"""

from __future__ import annotations

import pandas as pd

from geo.domain import definitions
from geo.domain.usulan import KOLOM_PUBLIK

#: Stored usulan fields the public page shows: what was asked, where, how much, where it stands.
#: Left out on purpose: ``pengusul`` (may be a person's name), ``dibuat_oleh`` (operator), ``versi``,
#: the forum's own scores, and every personal field (:data:`geo.domain.usulan.KOLOM_PRIBADI`).
KOLOM_LACAK: tuple[str, ...] = (
    "id",
    "tahun",
    "kode_desa",
    "kode_kecamatan",
    "masalah",
    "uraian",
    "volume",
    "satuan",
    "biaya",
    "bidang",
    "sumber_dana",
    "tahap",
    "status",
    "lanjut_tahun_depan",
)

#: Decision fields the public page shows (never ``oleh``, the operator who recorded it).
KOLOM_KEPUTUSAN_LACAK: tuple[str, ...] = ("tahap", "status", "alasan", "waktu")

#: Realisasi fields the public page shows (never ``catatan_verifikator``, ``oleh`` or the kendala text).
KOLOM_REALISASI_LACAK: tuple[str, ...] = ("tahun", "bulan", "rencana_fisik", "realisasi_fisik")

assert set(KOLOM_LACAK) <= set(KOLOM_PUBLIK)  # a declaration error, caught at import


def keputusan_berlaku(keputusan: pd.DataFrame) -> pd.DataFrame:
    """The decisions still in force: each undo (``dibatalkan``) removes itself and the decision it undid.

    Parameters
    ----------
    keputusan : DataFrame
        ``tahap``, ``status``, ``alasan``, ``waktu`` of one usulan, any order.

    Returns
    -------
    DataFrame
        The same columns, oldest first, without undone decisions and without the undo rows.

    Examples
    --------
    >>> k = pd.DataFrame({"tahap": ["desa", "desa", "desa"], "status": ["ditolak", "dibatalkan", "diterima"],
    ...                   "alasan": ["a", "b", "c"], "waktu": pd.to_datetime(["2026-01-01", "2026-01-02",
    ...                   "2026-01-03"])})
    >>> keputusan_berlaku(k)["status"].tolist()
    ['diterima']
    """
    urut = keputusan.sort_values("waktu", kind="stable").reset_index(drop=True)
    tetap: list[int] = []
    for i, baris in urut.iterrows():
        if baris["status"] == definitions.STATUS_DIBATALKAN:
            sebelum = [j for j in tetap if urut.at[j, "tahap"] == baris["tahap"]]
            if sebelum:
                tetap.remove(sebelum[-1])
        else:
            tetap.append(int(i))
    return urut.loc[tetap].reset_index(drop=True)


def jalur_usulan(tahap: str, status: str, keputusan: pd.DataFrame) -> pd.DataFrame:
    """The path of one usulan through the forum tiers, tier by tier, with the reason at each step.

    Parameters
    ----------
    tahap, status : str
        The usulan's current tier and status there.
    keputusan : DataFrame
        Its decisions (``tahap``, ``status``, ``alasan``, ``waktu``), undone ones included
        (they are dropped here by :func:`keputusan_berlaku`).

    Returns
    -------
    DataFrame
        ``Tahap``, ``Keputusan``, ``Alasan``, ``Tanggal`` (None when not decided): for each tier up to
        the current one, every decision in force there, oldest first (a tier passed without a recorded
        decision says so); "Menunggu pembahasan" when the usulan waits at its tier; then the tiers it
        has not reached ("Belum sampai tahap ini").

    Examples
    --------
    >>> k = pd.DataFrame({"tahap": ["desa"], "status": ["diterima"], "alasan": ["Prioritas"],
    ...                   "waktu": pd.to_datetime(["2026-02-01"])})
    >>> jalur_usulan("kecamatan", "diajukan", k)["Keputusan"].tolist()
    ['Diterima', 'Menunggu pembahasan', 'Belum sampai tahap ini', 'Belum sampai tahap ini']
    """
    berlaku = keputusan_berlaku(keputusan[list(KOLOM_KEPUTUSAN_LACAK)])
    urutan = list(definitions.TAHAP_FORUM)
    kini = urutan.index(tahap) if tahap in urutan else len(urutan) - 1
    baris: list[dict] = []

    def tambah(t: str, keputusan_: str, alasan: str, waktu=None) -> None:
        tanggal = None if waktu is None or pd.isna(waktu) else pd.Timestamp(waktu).date()
        baris.append(
            {"Tahap": definitions.TAHAP_FORUM[t], "Keputusan": keputusan_, "Alasan": alasan, "Tanggal": tanggal}
        )

    for i, t in enumerate(urutan):
        di_sini = berlaku[berlaku["tahap"] == t]
        if i > kini:
            tambah(t, "Belum sampai tahap ini", "")
            continue
        for k in di_sini.itertuples(index=False):
            tambah(t, definitions.STATUS_USULAN.get(k.status, k.status), k.alasan, k.waktu)
        if i == kini and status == "diajukan":
            tambah(t, "Menunggu pembahasan", "Belum dibahas di forum tahap ini")
        elif di_sini.empty:
            hasil = "diterima" if i < kini else status
            tambah(t, definitions.STATUS_USULAN.get(hasil, hasil), "Alasan tidak tercatat")
    return pd.DataFrame(baris, columns=["Tahap", "Keputusan", "Alasan", "Tanggal"])


def didanai(tahap: str, status: str) -> bool:
    """Whether an usulan is funded: accepted at the kabupaten/kota forum.

    >>> didanai("kabupaten", "diterima"), didanai("forum_pd", "diterima")
    (True, False)
    """
    return tahap == "kabupaten" and status == "diterima"


def progres_terakhir(realisasi: pd.DataFrame) -> dict | None:
    """The latest *reported* physical progress of one activity (a month without a report is skipped).

    Parameters
    ----------
    realisasi : DataFrame
        Monthly rows: ``tahun``, ``bulan``, ``rencana_fisik``, ``realisasi_fisik`` (NaN = not reported).

    Returns
    -------
    dict or None
        ``tahun``, ``bulan``, ``rencana_fisik``, ``realisasi_fisik`` of the latest reported month, or
        None when nothing was reported yet.

    Examples
    --------
    >>> r = pd.DataFrame({"tahun": [2026] * 3, "bulan": [1, 2, 3], "rencana_fisik": [5.0, 10.0, 20.0],
    ...                   "realisasi_fisik": [4.0, 9.0, None]})
    >>> progres_terakhir(r)["bulan"], progres_terakhir(r)["realisasi_fisik"]
    (2, 9.0)
    """
    lapor = realisasi[realisasi["realisasi_fisik"].notna()].sort_values(["tahun", "bulan"])
    if lapor.empty:
        return None
    r = lapor.iloc[-1]
    return {
        "tahun": int(r["tahun"]),
        "bulan": int(r["bulan"]),
        "rencana_fisik": None if pd.isna(r["rencana_fisik"]) else float(r["rencana_fisik"]),
        "realisasi_fisik": float(r["realisasi_fisik"]),
    }


#: Classes of the public progress map: (code, label, highest physical % in the class, colour), lowest first.
#: An activity that has not reported is "belum_melapor" (grey), never 0 %.
KELAS_PROGRES: tuple[tuple[str, str, float, str], ...] = (
    ("awal", "Fisik < 25 %", 25.0, "#d7191c"),
    ("berjalan", "Fisik 25–49 %", 50.0, "#fdae61"),
    ("lanjut", "Fisik 50–74 %", 75.0, "#a6d96a"),
    ("hampir", "Fisik 75–99 %", 100.0, "#66bd63"),
    ("selesai", "Selesai (100 %)", float("inf"), "#1a9641"),
)
#: Label and colour of an activity with no report yet.
BELUM_MELAPOR: tuple[str, str] = ("Belum melapor", "#9e9e9e")


def kelas_progres(realisasi_fisik: pd.Series) -> pd.Series:
    """Class code of each activity's latest physical % (:data:`KELAS_PROGRES`); NaN -> ``"belum_melapor"``.

    >>> kelas_progres(pd.Series([0.0, 24.9, 25.0, 74.9, 99.9, 100.0, None])).tolist()
    ['awal', 'awal', 'berjalan', 'lanjut', 'hampir', 'selesai', 'belum_melapor']
    """
    hasil = []
    for v in pd.to_numeric(realisasi_fisik, errors="coerce"):
        if pd.isna(v):
            hasil.append("belum_melapor")
        else:
            hasil.append(next(k for k, _, batas, _ in KELAS_PROGRES if v < batas))
    return pd.Series(hasil, index=realisasi_fisik.index, dtype=object)


def label_dan_warna_progres() -> dict[str, tuple[str, str]]:
    """Class code -> (label, colour), the "no report" class last (for the legend)."""
    return {k: (lb, w) for k, lb, _, w in KELAS_PROGRES} | {"belum_melapor": BELUM_MELAPOR}
