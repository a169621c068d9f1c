"""Use cases of monitoring: record monthly realisasi (page and loader), read what the Monitoring page shows.

Every write checks the acting account (:func:`geo.domain.akses.pastikan` with
``realisasi.tulis``: an OPD account only its OPD's activities, Bappeda all of its kabupaten),
then the rules of :func:`geo.domain.monitoring.periksa_realisasi` (one report naming each row and
field), then writes each month through :func:`geo.store.realisasi.tulis_realisasi` (version check
and audit row) — all in the caller's transaction, so a rejected file or table changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd

from geo.domain.akses import Pengguna, pastikan, saring_baca
from geo.domain.anggaran import rak_kumulatif, versi_berlaku
from geo.domain.monitoring import KOLOM_NILAI, periksa_realisasi
from geo.errors import KesalahanInput
from geo.store import realisasi as simpanan
from geo.store import renja as simpanan_renja
from geo.store.db import Gudang


def terapkan(
    con: duckdb.DuckDBPyConnection,
    tahun: int,
    baris: pd.DataFrame,
    *,
    pelaku: Pengguna | None,
    oleh: str,
    judul: str,
    aksi: str = "simpan",
    versi: dict[tuple[int, int], int] | None = None,
) -> int:
    """Check and write monthly realisasi rows inside the caller's write transaction.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Write connection (``kerja`` and ``ref`` attached).
    tahun : int
        Budget year of the rows.
    baris : DataFrame
        ``lokasi`` (row name in messages), ``usulan_id``, ``bulan`` and
        :data:`geo.domain.monitoring.KOLOM_NILAI`.
    pelaku : Pengguna or None
        The acting account (None: the server's command line, which owns the files anyway).
    oleh : str
        Who is recorded on the rows and in the audit log.
    judul : str
        Title of the error report (``"Berkas rfk.xlsx"``, ``"Realisasi tidak disimpan"``).
    aksi : str
        Audit action (``simpan`` from the page, ``impor`` from a file).
    versi : dict, optional
        (usulan_id, bulan) -> version the user saw (0: no row yet); None skips the check (a file).

    Returns
    -------
    int
        Rows created or changed.

    Raises
    ------
    KesalahanAkses
        A row names an activity outside the account's OPD or wilayah.
    KesalahanInput
        Every problem of the rows; nothing is written.
    KonflikVersi
        Someone saved one of the months since the user opened it.
    """
    keg = simpanan.kegiatan(con, tahun, None, geometri=False).set_index("id")
    if pelaku is not None:
        for uid in pd.unique(baris["usulan_id"]):
            if uid in keg.index:
                pastikan(pelaku, "realisasi.tulis", kode_desa=str(keg.at[uid, "kode_desa"]), opd=keg.at[uid, "opd"])
            else:
                pastikan(pelaku, "realisasi.tulis")
    ids = [int(u) for u in pd.unique(baris["usulan_id"]) if u in keg.index]
    tersimpan = simpanan.baris_realisasi(con, tahun, ids)
    masalah = periksa_realisasi(baris, tersimpan, keg["pagu"])
    if masalah:
        raise KesalahanInput(judul, masalah)
    ada = {
        (int(u), int(b)): int(v)
        for u, b, v in zip(tersimpan["usulan_id"], tersimpan["bulan"], tersimpan["versi"], strict=True)
    }
    n = 0
    for r in baris.to_dict("records"):
        kunci = (int(r["usulan_id"]), int(r["bulan"]))
        nilai = {k: (None if pd.isna(r.get(k)) else r.get(k)) for k in KOLOM_NILAI}
        for k in ("kendala", "tindak_lanjut", "catatan_verifikator"):
            if isinstance(nilai[k], str):
                nilai[k] = nilai[k].strip() or None
        versi_baru = simpanan.tulis_realisasi(
            con, kunci[0], tahun, kunci[1], nilai, None if versi is None else versi.get(kunci, 0), oleh, aksi
        )
        n += versi_baru != ada.get(kunci)
    return n


def simpan_realisasi(
    gudang: Gudang, tahun: int, baris: pd.DataFrame, versi: dict[tuple[int, int], int], pelaku: Pengguna
) -> int:
    """Save the rows of the page's editable table (one transaction); return how many changed.

    ``versi`` is what the user saw per (usulan_id, bulan), 0 for a month not reported yet.
    """
    with gudang.sesi(tulis=True) as con:
        return terapkan(
            con,
            tahun,
            baris,
            pelaku=pelaku,
            oleh=pelaku.nama_pengguna,
            judul="Realisasi tidak disimpan",
            versi=versi,
        )


@dataclass
class DataMonitoring:
    """What the Monitoring page computes from: the activities the account may read and their monthly rows."""

    kegiatan: pd.DataFrame
    realisasi: pd.DataFrame


def rak_berlaku(rows: pd.DataFrame, versi: pd.DataFrame, rak: pd.DataFrame) -> pd.DataFrame:
    """Replace each month's ``rencana_keuangan`` with the RAK of the DPA version in force that month.

    Only activities whose DPA line answers exactly this usulan; others keep the plan reported with
    their realisasi rows.
    """
    if versi.empty or rak.empty or rows.empty:
        return rows
    kum = rak_kumulatif(rak, versi_berlaku(versi))
    uid = rak.drop_duplicates("renja_id").set_index("renja_id")["usulan_id"].map(lambda v: int(v[0]))
    kum["usulan_id"] = kum["renja_id"].map(uid)
    rencana = kum.set_index(["usulan_id", "bulan"])["rencana_keuangan"]
    kunci = pd.MultiIndex.from_arrays([rows["usulan_id"].astype(int), rows["bulan"].astype(int)])
    baru = rencana.reindex(kunci).to_numpy()
    rows = rows.copy()
    rows["rencana_keuangan"] = np.where(np.isnan(baru), rows["rencana_keuangan"].to_numpy(dtype=float), baru)
    return rows


def data_monitoring(gudang: Gudang, kode_kabupaten: str, tahun: int, pelaku: Pengguna) -> DataMonitoring:
    """Funded activities of the kabupaten and year within ``pelaku``'s read scope, and their realisasi rows."""
    with gudang.sesi() as con:
        keg = saring_baca(pelaku, simpanan.kegiatan(con, tahun, kode_kabupaten))
        rows = simpanan.baris_realisasi(con, tahun)
        versi, rak = simpanan_renja.rak_con(con, kode_kabupaten, tahun)
    rows = rak_berlaku(rows, versi, rak)  # the cash plan of the DPA version in force each month (issue 15)
    return DataMonitoring(keg.reset_index(drop=True), rows[rows["usulan_id"].isin(keg["id"])].reset_index(drop=True))


def tahun_kegiatan(gudang: Gudang, kode_kabupaten: str) -> list[int]:
    """Budget years with funded activities, newest first."""
    with gudang.sesi() as con:
        return simpanan.tahun_kegiatan(con, kode_kabupaten)


def tanda(gudang: Gudang, tahun: int) -> tuple:
    """Signature of a year's monitoring data (changes on every write): the page's cache key."""
    with gudang.sesi() as con:
        return (*simpanan.tanda(con, tahun), *simpanan_renja.tanda_rak(con, tahun))  # a new DPA version counts too
