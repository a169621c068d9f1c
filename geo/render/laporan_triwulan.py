"""Laporan triwulan (PDF and XLSX) for pimpinan, Bappeda and DPRD.

Summary against plan, achievement per OPD in RKPD bands, critical activities with their kendala and
follow-up, the achievement map and the kurva S.

No store access: the frames come from :mod:`geo.domain.monitoring` (as on the Monitoring page). The PDF is
drawn with fpdf2 (:class:`~geo.render.dokumen.Dokumen`: wrapping tables whose header repeats); the map is a
matplotlib Figure (:func:`geo.render.cetak.gambar_peta`), unreported kecamatan hatched, never coloured as 0.
"""

from __future__ import annotations

import datetime

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.domain.definitions import PITA_CAPAIAN
from geo.domain.format import BULAN_PANJANG as BULAN
from geo.domain.format import angka, persen, rupiah
from geo.domain.tematik import Kelas
from geo.render import cetak
from geo.render.dokumen import Dokumen, tanggal_indonesia
from geo.render.ekspor import xlsx_dengan_keterangan
from geo.render.monitoring import label_pita, png_kurva_s

ROMAWI = ("I", "II", "III", "IV")


def ringkasan(keadaan: pd.DataFrame, total: pd.Series, bulan: int) -> list[str]:
    """Summary sentences against plan (the first lines of the PDF and of the XLSX notes)."""
    n = len(keadaan)
    lapor = int(keadaan["melapor"].sum())
    cap = (
        f"capaian fisik terhadap rencana {persen(total['capaian'])} ({label_pita(total['pita'])})"
        if pd.notna(total["capaian"])
        else "capaian fisik: tidak melapor"
    )
    keu = keadaan["realisasi_keuangan"].sum(min_count=1)
    rak = keadaan["rencana_keuangan"].sum(min_count=1)
    return [
        f"{angka(n)} kegiatan didanai, pagu {rupiah(keadaan['pagu'].sum())}; {angka(lapor)} melapor sampai "
        f"{BULAN[bulan - 1]} ({angka(n - lapor)} tidak melapor); {cap}.",
        f"Realisasi keuangan kumulatif {rupiah(keu) if pd.notna(keu) else 'tidak melapor'} dari rencana kas (RAK) "
        f"{rupiah(rak) if pd.notna(rak) else '–'}.",
        f"{angka(int(keadaan['kritis'].sum()))} kontrak kritis; {angka(int(keadaan['lebih_pagu'].sum()))} kegiatan "
        "dengan realisasi keuangan melebihi pagu.",
    ]


def tabel_opd(per_opd: pd.DataFrame) -> pd.DataFrame:
    """Achievement per OPD (from :func:`geo.domain.monitoring.capaian_kelompok`), numbers kept as numbers."""
    return pd.DataFrame(
        {
            "Perangkat daerah": per_opd.index,
            "Kegiatan": per_opd["kegiatan"].to_numpy(),
            "Melapor": per_opd["melapor"].to_numpy(),
            "Kontrak kritis": per_opd["kritis"].to_numpy(),
            "Pagu (Rp)": per_opd["pagu"].to_numpy(),
            "Capaian fisik (%)": per_opd["capaian"].round(2).to_numpy(),
            "Kategori": per_opd["pita"].map(label_pita).to_numpy(),
        }
    )


def _peta_capaian(kecamatan: gpd.GeoDataFrame, per_kec: pd.DataFrame, judul: str) -> bytes:
    c = per_kec.reindex(kecamatan["kode"])
    urut = [p.kode for p in PITA_CAPAIAN]
    idx = [urut.index(p) if isinstance(p, str) and p in urut else -1 for p in c["pita"]]
    kelas = Kelas(
        batas=tuple(p.batas_atas for p in PITA_CAPAIAN),
        kelas=np.array(idx),
        warna=tuple(p.warna for p in PITA_CAPAIAN),
        label=tuple(p.label for p in PITA_CAPAIAN),
        jumlah=tuple(idx.count(i) for i in range(len(PITA_CAPAIAN))),
    )
    fig = cetak.gambar_peta(kecamatan, idx, kelas, judul, "realisasi fisik (RFK) di PetaRencana", label=kecamatan)
    return cetak.png(fig, dpi=130)


def pdf_laporan_triwulan(
    judul: str,
    tw: int,
    keadaan: pd.DataFrame,
    total: pd.Series,
    per_opd: pd.DataFrame,
    per_kec: pd.DataFrame,
    kecamatan: gpd.GeoDataFrame,
    kurva: pd.DataFrame,
) -> bytes:
    """A4 landscape PDF of one quarter.

    Parameters
    ----------
    judul : str
        Title (scope and year).
    tw : int
        Quarter 1–4 (its value is the cumulative value at month 3·tw).
    keadaan : DataFrame
        :func:`geo.domain.monitoring.keadaan_bulan` at the quarter's last month (with uraian, opd, desa, kecamatan).
    total : Series
        The whole scope's row of :func:`~geo.domain.monitoring.capaian_kelompok`.
    per_opd, per_kec : DataFrame
        Achievement per OPD and per kecamatan code.
    kecamatan : GeoDataFrame
        Kecamatan polygons (``kode``, ``nama``) for the map.
    kurva : DataFrame
        :func:`geo.domain.monitoring.kurva_s` of the scope.

    Returns
    -------
    bytes
    """
    bulan = 3 * tw
    hari_ini = tanggal_indonesia(datetime.date.today())
    dok = Dokumen(judul, orientasi="L", catatan_kaki=f"PetaRencana · dicetak {hari_ini}")
    dok.add_page()
    dok.baris(f"Laporan Triwulan {ROMAWI[tw - 1]}: {judul}", ukuran=15, tebal=True, spasi=1)
    dok.baris(f"Keadaan kumulatif sampai akhir {BULAN[bulan - 1]}.", ukuran=9, spasi=2)
    for kalimat in ringkasan(keadaan, total, bulan):
        dok.baris(f"• {kalimat}", ukuran=10)
    dok.judul_bagian("Capaian fisik per kecamatan")
    dok.gambar(_peta_capaian(kecamatan, per_kec, f"Capaian fisik Triwulan {ROMAWI[tw - 1]}"), tinggi_maks=150)
    dok.baris("Arsir: kecamatan yang kegiatannya tidak melapor atau tanpa kegiatan (bukan capaian 0 %).", ukuran=8)
    dok.judul_bagian("Kurva S")
    dok.gambar(png_kurva_s(kurva, f"Kurva S {judul}", "RFK PetaRencana"), tinggi_maks=120)
    dok.judul_bagian("Capaian per perangkat daerah")
    t = tabel_opd(per_opd)
    dok.tabel(
        list(t.columns),
        [60, 16, 16, 18, 34, 22, 34],
        [
            [
                r[0],
                angka(r[1]),
                angka(r[2]),
                angka(r[3]),
                angka(r[4]),
                "tidak melapor" if pd.isna(r[5]) else persen(r[5]),
                r[6],
            ]
            for r in t.itertuples(index=False)
        ],
        rata=["L", "R", "R", "R", "R", "R", "L"],
    )
    dok.judul_bagian("Kontrak kritis: kendala dan tindak lanjut")
    kritis = keadaan[keadaan["kritis"]].sort_values("lag", ascending=False)
    dok.tabel(
        ["No. usulan", "Kegiatan", "Perangkat daerah", "Rencana / realisasi fisik", "Kendala", "Tindak lanjut"],
        [14, 50, 34, 26, 50, 50],
        [
            [
                f"#{int(r.id)}",
                f"{r.uraian} ({r.desa}, Kec. {r.kecamatan})",
                str(r.opd),
                f"{persen(r.rencana_fisik)} / {persen(r.realisasi_fisik)} (−{angka(r.lag, 1)} poin)",
                str(r.kendala) if isinstance(r.kendala, str) else "–",
                str(r.tindak_lanjut) if isinstance(r.tindak_lanjut, str) else "–",
            ]
            for r in kritis.itertuples()
        ],
        kosong="Tidak ada kontrak kritis.",
    )
    return dok.hasil()


def xlsx_laporan_triwulan(judul: str, tw: int, keadaan: pd.DataFrame, total: pd.Series, per_opd: pd.DataFrame) -> bytes:
    """XLSX of one quarter: achievement per OPD (sheet ``Capaian OPD``) and the summary in ``Keterangan``."""
    return xlsx_dengan_keterangan(
        tabel_opd(per_opd),
        "Capaian OPD",
        [f"Laporan Triwulan {ROMAWI[tw - 1]}: {judul}", *ringkasan(keadaan, total, 3 * tw)],
        judul_di_lembar=True,
    )
