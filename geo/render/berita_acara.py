"""Berita acara (minutes) of a forum as a PDF, drawn with fpdf2 (offline, searchable text).

It holds the agreed priorities grouped by OPD, the usulan not agreed with their reasons,
totals against the pagu, a signature block, and a map. The data comes ready in a
:class:`DataBeritaAcara` (gathered by :func:`geo.services.berita_acara.data_berita_acara`);
this module does not touch the store.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd
from matplotlib.lines import Line2D

from geo.domain import definitions
from geo.domain.crs import crs_utm
from geo.domain.format import angka, persen, rupiah
from geo.render.catatan_forum import CatatanForum, tulis_catatan
from geo.render.cetak import _skala, _utara, kanvas, label_halo, png
from geo.render.dokumen import Dokumen, tanggal_indonesia

WARNA_SEPAKAT, WARNA_BELUM = "#1b9e77", "#d95f02"
PERAN_TANDA_TANGAN = ("Pimpinan sidang", "Notulis", "Wakil peserta")

#: Columns of the appendix tables: header, relative width, alignment.
KOLOM_PRIORITAS = (
    ("No", 7, "R"),
    ("ID", 13, "L"),
    ("Desa/Kel.", 27, "L"),
    ("Usulan", 72, "L"),
    ("Volume", 26, "R"),
    ("Biaya (Rp)", 30, "R"),
)
KOLOM_BELUM = (
    ("No", 7, "R"),
    ("ID", 13, "L"),
    ("Desa/Kel.", 25, "L"),
    ("Usulan", 54, "L"),
    ("Keputusan — alasan", 49, "L"),
    ("Biaya (Rp)", 27, "R"),
)


@dataclass
class DataBeritaAcara:
    """Everything the minutes show, gathered from the store by the service layer."""

    judul: str
    nama_forum: str
    tahun: int
    tahap: str
    prioritas: gpd.GeoDataFrame  # agreed at this tier (diterima)
    belum: gpd.GeoDataFrame  # rejected, deferred, returned, or not yet discussed
    pagu: float | None
    wilayah: gpd.GeoDataFrame  # desa of the forum's area, for the map
    sidang: pd.DataFrame | None = None  # decisions taken at this sitting (the BA date): keputusan, biaya, alasan
    catatan: CatatanForum | None = None  # the forum's own record (issue 16): team, inclusion, minutes


def _baris_usulan(df: pd.DataFrame, dengan_alasan: bool) -> list[list[str] | str]:
    """Table rows grouped by OPD: a heading row per OPD, then one row per usulan (full text)."""
    baris: list[list[str] | str] = []
    for opd, grup in df.groupby("opd", sort=True):
        baris.append(f"{opd} — {angka(len(grup))} usulan, {rupiah(grup['biaya'].sum())}")
        for no, (_, r) in enumerate(grup.iterrows(), start=1):
            if dengan_alasan:
                tengah = f"{definitions.STATUS_USULAN.get(r['keputusan'], r['keputusan'])}: {r['alasan']}"
            else:
                tengah = f"{angka(r['volume'])} {r['satuan']}"
            baris.append([str(no), f"#{int(r['id'])}", str(r["desa"]), str(r["uraian"]), tengah, angka(r["biaya"])])
    return baris


def _tabel_usulan(dok: Dokumen, judul: str, df: pd.DataFrame, dengan_alasan: bool) -> None:
    """An appendix on new pages: the usulan grouped by OPD, header row repeated on every page."""
    dok.add_page()
    dok.baris(judul, ukuran=13, tebal=True, spasi=2)
    kolom = KOLOM_BELUM if dengan_alasan else KOLOM_PRIORITAS
    dok.tabel(
        [k[0] for k in kolom],
        [k[1] for k in kolom],
        _baris_usulan(df, dengan_alasan),
        rata=[k[2] for k in kolom],
        ukuran=7.5,
        kosong="Tidak ada usulan.",
    )


def gambar_peta(data: DataBeritaAcara, ukuran: tuple[float, float] = (7.1, 7.6)) -> bytes:
    """Map of the forum's area as PNG bytes: desa (labelled), agreed usulan green, the others orange.

    Parameters
    ----------
    data : DataBeritaAcara
        The minutes' data.
    ukuran : tuple of float
        Figure size in inches.

    Returns
    -------
    bytes
        The PNG (150 dpi).
    """
    fig = kanvas(ukuran)
    ax = fig.add_axes((0.01, 0.01, 0.98, 0.98))
    crs = crs_utm(data.wilayah.to_crs(4326))
    wil = data.wilayah.to_crs(crs)
    wil.plot(ax=ax, color="#f2f2f2", edgecolor="#888888", linewidth=0.5)
    label_halo(ax, wil, ukuran=6 if len(wil) <= 60 else 4.5, tebal=False)
    for gdf, warna in ((data.belum, WARNA_BELUM), (data.prioritas, WARNA_SEPAKAT)):
        if not gdf.empty:
            gdf.to_crs(crs).plot(ax=ax, color=warna, markersize=40, linewidth=2.5, edgecolor="#222222", zorder=3)
    ax.set_axis_off()
    ax.set_aspect("equal")
    minx, _, maxx, _ = wil.total_bounds
    _skala(ax, maxx - minx)
    _utara(ax)
    ax.legend(
        handles=[
            Line2D([], [], marker="o", ls="", color=WARNA_SEPAKAT, label=f"Disepakati ({len(data.prioritas)})"),
            Line2D([], [], marker="o", ls="", color=WARNA_BELUM, label=f"Belum disepakati ({len(data.belum)})"),
        ],
        loc="lower right",
        fontsize=8,
        frameon=True,
    )
    return png(fig, dpi=150, rapat=True)


def _halaman_pertama(dok: Dokumen, data: DataBeritaAcara, tanggal: datetime.date) -> None:
    """Cover page: what was held, the totals of this forum's decisions against the pagu, per-OPD recap, signatures."""
    tahap = definitions.TAHAP_FORUM[data.tahap]
    t_prior, t_belum = data.prioritas["biaya"].sum(), data.belum["biaya"].sum()
    dok.add_page()
    dok.baris("BERITA ACARA", ukuran=18, tebal=True, rata="C", spasi=1)
    dok.baris(data.judul, ukuran=13, rata="C", spasi=0.5)
    dok.baris(f"Tahun Anggaran {data.tahun}", ukuran=11, rata="C", spasi=6)
    dok.baris(
        f"Pada tanggal {tanggal_indonesia(tanggal)} telah dilaksanakan {tahap} untuk {data.nama_forum}. "
        "Forum menyepakati daftar usulan prioritas terlampir.",
        spasi=3,
    )
    if data.sidang is not None:
        dok.judul_bagian(f"Keputusan sidang ini ({tanggal_indonesia(tanggal)})", ukuran=11)
        dok.baris(
            f"Keputusan yang diambil pada sidang tanggal ini saja; keputusan sidang {tahap} sebelumnya dihitung "
            "pada bagian kumulatif di bawahnya.",
            ukuran=8.5,
            warna=(70, 70, 70),
            spasi=2,
        )
        if data.sidang.empty:
            dok.baris("Belum ada keputusan pada tanggal ini.", spasi=1)
        for kep, grup in data.sidang.groupby("keputusan", sort=True):
            nama = definitions.STATUS_USULAN.get(kep, str(kep))
            dok.baris(f"{nama}: {angka(len(grup))} usulan, {rupiah(grup['biaya'].sum())}", spasi=0.5)
        pengecualian = data.sidang[data.sidang["alasan"].fillna("").str.contains("[pengecualian:", regex=False)]
        if len(pengecualian):
            dok.baris(
                f"Di antaranya diterima dengan alasan pengecualian (melebihi sisa pagu atau kesesuaian ruang): "
                f"{angka(len(pengecualian))} usulan — alasannya di Lampiran 1 dan riwayat usulan.",
                ukuran=9,
                spasi=1,
            )
        dok.ln(1)
    dok.judul_bagian(f"Kumulatif {tahap} sampai {tanggal_indonesia(tanggal)}", ukuran=11)
    dok.baris(
        f"Semua keputusan {tahap} ini sejak sidang pertama (bukan keputusan forum tahap lain). "
        "Usulan prioritas disepakati = usulan yang diterima di tahap ini. Usulan belum disepakati = usulan "
        "di forum ini yang ditolak, ditunda, dikembalikan, atau belum dibahas.",
        ukuran=8.5,
        warna=(70, 70, 70),
        spasi=2,
    )
    dok.baris(f"Usulan prioritas disepakati: {angka(len(data.prioritas))} usulan, {rupiah(t_prior)}", spasi=0.5)
    dok.baris(f"Usulan belum disepakati: {angka(len(data.belum))} usulan, {rupiah(t_belum)}", spasi=0.5)
    for kep, grup in data.belum.groupby("keputusan", sort=True):
        nama = definitions.STATUS_USULAN.get(kep, str(kep))
        dok.baris(f"    – {nama}: {angka(len(grup))} usulan, {rupiah(grup['biaya'].sum())}", ukuran=9, spasi=0.3)
    dok.ln(1)
    if data.pagu is not None:
        selisih = data.pagu - t_prior
        dok.baris(f"Pagu indikatif: {rupiah(data.pagu)}", spasi=0.5)
        terpakai = persen(t_prior / data.pagu * 100) if data.pagu else "–"
        dok.baris(
            f"{'Sisa pagu' if selisih >= 0 else 'Melebihi pagu'}: {rupiah(abs(selisih))} ({terpakai} pagu terpakai)",
            tebal=True,
            warna=(0, 0, 0) if selisih >= 0 else (176, 0, 32),
            spasi=3,
        )
    else:
        dok.baris("Pagu indikatif: tidak ditetapkan untuk forum ini", spasi=3)
    dok.judul_bagian("Rekap usulan prioritas per perangkat daerah", ukuran=10)
    per_opd = data.prioritas.groupby("opd", sort=True)["biaya"].agg(["size", "sum"])
    dok.tabel(
        ["Perangkat daerah", "Jumlah usulan", "Biaya (Rp)"],
        [110, 30, 40],
        [[str(opd), angka(r["size"]), angka(r["sum"])] for opd, r in per_opd.iterrows()],
        rata=["L", "R", "R"],
        ukuran=8.5,
        kosong="Belum ada usulan yang disepakati.",
    )
    dok.ln(2)
    dok.tanda_tangan(PERAN_TANDA_TANGAN, f"Tempat: ............................, {tanggal_indonesia(tanggal)}")


def pdf_berita_acara(data: DataBeritaAcara, tanggal: datetime.date | None = None) -> bytes:
    """Render the minutes: a cover page with totals vs pagu and signatures, the two lists, and the map.

    Parameters
    ----------
    data : DataBeritaAcara
        What to show (see :func:`geo.services.berita_acara.data_berita_acara`).
    tanggal : datetime.date, optional
        Date of the forum (default today).

    Returns
    -------
    bytes
        The PDF (A4 portrait; real text in an embedded Unicode font, so it can be searched).
    """
    tanggal = tanggal or datetime.date.today()
    dok = Dokumen(
        f"Berita Acara {data.judul} · Tahun Anggaran {data.tahun}",
        catatan_kaki=f"PetaRencana · dicetak {tanggal_indonesia(datetime.date.today())}",
    )
    _halaman_pertama(dok, data, tanggal)
    if data.catatan is not None:
        tulis_catatan(dok, data.catatan)
    _tabel_usulan(dok, "Lampiran 1. Daftar usulan prioritas (per perangkat daerah)", data.prioritas, False)
    _tabel_usulan(dok, "Lampiran 2. Daftar usulan belum disepakati", data.belum, True)
    dok.add_page()
    dok.baris(f"Peta usulan — {data.judul}", ukuran=13, tebal=True, rata="C", spasi=0.5)
    dok.baris(f"Tahun anggaran {data.tahun}", ukuran=10, rata="C", spasi=3)
    if len(data.wilayah):
        dok.gambar(gambar_peta(data), tinggi_maks=dok.h - dok.b_margin - dok.get_y() - 14)
    else:
        dok.baris("Batas wilayah tidak tersedia; peta tidak dapat digambar.", spasi=3)
    dok.baris(
        "Batas wilayah dan lokasi usulan: basis data PetaRencana. Hijau: usulan prioritas disepakati; "
        "jingga: usulan belum disepakati.",
        ukuran=8,
        warna=(70, 70, 70),
    )
    return dok.hasil()
