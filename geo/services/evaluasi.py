"""Use case of the Evaluasi page: gather a year's usulan, progress, need and population, and compute the figures.

The computations are the pure functions of :mod:`geo.domain.evaluasi` and :mod:`geo.domain.monitoring`;
this module only reads (through :mod:`geo.store`) and hands them frames.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.domain import evaluasi as ev
from geo.domain.akses import Pengguna
from geo.domain.monitoring import capaian_kelompok, keadaan_bulan
from geo.services.realisasi import data_monitoring
from geo.store import evaluasi as simpanan
from geo.store import kueri
from geo.store.db import Gudang

#: Indicator giving each desa's population (for funded value per capita).
INDIKATOR_PENDUDUK = "jumlah_penduduk"


@dataclass
class DataEvaluasi:
    """Every figure of the Evaluasi page for one kabupaten and year."""

    rekap_desa: pd.DataFrame  # geo.domain.evaluasi.rekap_tahap per desa, with nama, kode_kecamatan
    rekap_kecamatan: pd.DataFrame  # the same per kecamatan, with nama
    total: pd.Series  # kabupaten total
    ekuitas: pd.DataFrame  # geo.domain.evaluasi.ekuitas, with nama_kecamatan
    capaian_opd: pd.DataFrame  # geo.domain.monitoring.capaian_kelompok per OPD (empty without realisasi)
    bulan_capaian: int | None  # the month the OPD achievement is read at (latest with a report)


def evaluasi(gudang: Gudang, kode_kabupaten: str, tahun: int, indikator: str, pelaku: Pengguna) -> DataEvaluasi:
    """Compute the Evaluasi figures of a kabupaten's budget year.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Dotted code of the kabupaten.
    tahun : int
        Budget year evaluated.
    indikator : str
        Code of the need indicator (e.g. ``persen_miskin``); its latest value before ``tahun`` is used.
    pelaku : Pengguna
        The reading account (its read scope applies to the realisasi rows).
    """
    usulan = simpanan.usulan_evaluasi(gudang, kode_kabupaten, tahun)
    progres = simpanan.progres_terakhir(gudang, tahun)
    desa = kueri.wilayah_gdf(gudang, kode_kabupaten, "desa")
    kec = kueri.wilayah_gdf(gudang, kode_kabupaten, "kecamatan")

    rekap_desa = ev.rekap_tahap(usulan, progres, "kode_desa").reindex(desa["kode"], fill_value=0)
    rekap_desa = ev.tambah_akomodasi(rekap_desa.drop(columns=[c for c in rekap_desa if c.startswith("akomodasi")]))
    rekap_desa.insert(0, "nama", desa.set_index("kode")["nama"])
    rekap_desa.insert(1, "kecamatan", desa.set_index("kode")["nama_kecamatan"])
    rekap_kec = ev.rekap_tahap(usulan, progres, "kode_kecamatan").reindex(kec["kode"], fill_value=0)
    rekap_kec = ev.tambah_akomodasi(rekap_kec.drop(columns=[c for c in rekap_kec if c.startswith("akomodasi")]))
    rekap_kec.insert(0, "nama", kec.set_index("kode")["nama"])

    kebutuhan = kueri.kebutuhan_desa(gudang, kode_kabupaten, indikator, tahun)
    penduduk = kueri.kebutuhan_desa(gudang, kode_kabupaten, INDIKATOR_PENDUDUK, tahun)
    tabel_desa = pd.DataFrame(
        {
            "kode": desa["kode"],
            "nama": desa["nama"],
            "nama_kecamatan": desa["nama_kecamatan"],
            "penduduk": desa["kode"].map(penduduk),
            "kebutuhan": desa["kode"].map(kebutuhan),
        }
    )
    didanai = usulan[ev.diterima_di(usulan["tahap"], usulan["status"], ev.TAHAP[-1])]
    ekuitas = ev.ekuitas(tabel_desa, didanai.rename(columns={"nilai": "nilai"})[["kode_desa", "nilai"]])

    mon = data_monitoring(gudang, kode_kabupaten, tahun, pelaku)
    lapor = mon.realisasi[mon.realisasi["realisasi_fisik"].notna()]
    bulan = int(lapor["bulan"].max()) if len(lapor) else None
    if bulan is None:
        capaian = pd.DataFrame(columns=["kegiatan", "melapor", "kritis", "pagu", "capaian", "pita"])
    else:
        capaian = capaian_kelompok(keadaan_bulan(mon.kegiatan, mon.realisasi, bulan), "opd")
    return DataEvaluasi(rekap_desa, rekap_kec, ev.total_rekap(rekap_desa), ekuitas, capaian, bulan)
