"""Use case: gather what a forum's berita acara shows, from the store.

The PDF itself is drawn by :mod:`geo.render.berita_acara`, which never touches the store.
"""

from __future__ import annotations

import datetime

import pandas as pd

from geo.domain import definitions
from geo.render.berita_acara import DataBeritaAcara
from geo.services.acara import catatan_forum
from geo.store import kueri

__all__ = ["DataBeritaAcara", "data_berita_acara"]


def data_berita_acara(
    gudang, kode_kabupaten: str, tahun: int, tahap: str, kode_forum: str, tanggal: datetime.date | None = None
) -> DataBeritaAcara:
    """Collect a forum's usulan: those at the tier now or decided there, split by outcome.

    Parameters
    ----------
    gudang : geo.store.db.Gudang
        The store.
    kode_kabupaten : str
        Dotted code of the kabupaten.
    tahun : int
        Budget year.
    tahap : str
        The forum's tier.
    kode_forum : str
        The forum: a desa code (desa tier), a kecamatan code (kecamatan tier), an OPD name
        (forum perangkat daerah and kabupaten tiers) or ``*`` for the whole tier.
    tanggal : datetime.date, optional
        The sitting the minutes are for (default today): its decisions are reported on their
        own, beside the cumulative figures of the tier.

    Returns
    -------
    DataBeritaAcara
        Agreed usulan (accepted at this tier), the others (rejected, deferred, returned or
        not yet discussed at this tier), the pagu of the forum and the desa for the map.
    """
    kep = kueri.keputusan_forum(gudang, kode_kabupaten, tahun, tahap)
    semua = kueri.usulan_gdf(gudang, kode_kabupaten, tahun)
    di_sini = semua[(semua["tahap"] == tahap) | semua["id"].isin(kep["id"])].merge(
        kep[["id", "keputusan", "alasan", "waktu"]], on="id", how="left"
    )
    kolom = definitions.KELOMPOK_FORUM[tahap]
    if kode_forum != "*":
        di_sini = di_sini[di_sini[kolom].astype(str) == kode_forum]
    di_sini["keputusan"] = di_sini["keputusan"].fillna("diajukan")
    di_sini["alasan"] = di_sini["alasan"].fillna("belum dibahas")
    sepakat = di_sini["keputusan"] == "diterima"
    wil = kueri.wilayah_gdf(gudang, kode_kabupaten, "desa")
    if kode_forum != "*" and kolom in ("kode_desa", "kode_kecamatan"):
        wil = wil[wil["kode"].str.startswith(kode_forum)]
    nama = kode_forum
    if kolom in ("kode_desa", "kode_kecamatan") and kode_forum != "*":
        tingkat = "desa" if kolom == "kode_desa" else "kecamatan"
        w = kueri.wilayah_gdf(gudang, kode_kabupaten, tingkat)
        nama = f"{definitions.TINGKAT_WILAYAH[tingkat]} {w.set_index('kode').at[kode_forum, 'nama']}"
    elif kode_forum == "*":
        nama = "seluruh kabupaten/kota"
    jenis = definitions.JENIS_PAGU[tahap]
    pagu_forum = kueri.pagu(gudang, tahun, jenis)
    semua_pagu = sum(pagu_forum.values()) if pagu_forum else None
    nilai_pagu = semua_pagu if kode_forum == "*" else pagu_forum.get(kode_forum)
    tanggal = tanggal or datetime.date.today()
    waktu = pd.to_datetime(di_sini["waktu"]) if "waktu" in di_sini else pd.Series(pd.NaT, index=di_sini.index)
    sidang = di_sini[waktu.dt.date == tanggal][["id", "keputusan", "biaya", "alasan"]]
    catatan = catatan_forum(gudang, tahun, tahap, kode_forum, kode_kabupaten)  # issue 16: team, inclusion, minutes
    return DataBeritaAcara(
        judul=f"{definitions.TAHAP_FORUM[tahap]} — {nama}",
        nama_forum=nama,
        tahun=tahun,
        tahap=tahap,
        prioritas=di_sini[sepakat].sort_values(["opd", "biaya"], ascending=[True, False]),
        belum=di_sini[~sepakat].sort_values(["keputusan", "opd", "id"]),
        pagu=nilai_pagu,
        wilayah=wil,
        sidang=sidang,
        catatan=catatan,
    )
