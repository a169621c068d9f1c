"""Invitation letters (one PDF, mail merge), the CSV for sending outside the app, and the sign-in sheet.

These, with the berita acara counts, are the only documents that carry the names of
invitees and attendees (personal data, UU 27/2022 PDP). The data comes ready from
:mod:`geo.services.peserta`; this module does not touch the store. The location map is
drawn offline from the boundaries (matplotlib ``Figure``, no tiles) once per forum and
embedded in every letter (fpdf2 stores one copy of an image used many times).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.domain import definitions
from geo.domain.acara import JENIS_KELAMIN, KATEGORI_PESERTA
from geo.domain.crs import crs_utm
from geo.render.cetak import _skala, _utara, kanvas, label_halo, png
from geo.render.dokumen import FONT, WARNA_SAMAR, Dokumen, tanggal_indonesia

#: Text-cell starts that a spreadsheet would run as a formula (CSV injection).
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class DataSurat:
    """One forum's letter: sender, event, agenda, place, and the location map."""

    pengirim: str  # e.g. "Bappeda Kabupaten Contoh"
    judul_forum: str  # e.g. "Musrenbang Kecamatan Sukamaju"
    tahun: int
    mulai: datetime.datetime
    tempat: str
    agenda: str
    tanggal_surat: datetime.date
    penandatangan: str = "Kepala Bappeda"
    peta: bytes | None = None  # PNG of the place


def waktu_indonesia(w: datetime.datetime) -> str:
    """``"Senin, 1 Februari 2027, pukul 09.00 WIB"``-style date and time (WIB is the demo's zone).

    Examples
    --------
    >>> waktu_indonesia(datetime.datetime(2027, 2, 1, 9, 0))
    'Senin, 1 Februari 2027, pukul 09.00'
    """
    hari = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")[w.weekday()]
    return f"{hari}, {tanggal_indonesia(w.date())}, pukul {w:%H.%M}"


def gambar_lokasi(wilayah: gpd.GeoDataFrame, bujur: float, lintang: float, judul: str = "") -> bytes:
    """A small static map of the forum's place: boundaries with names, the place as a marker.

    Parameters
    ----------
    wilayah : GeoDataFrame
        Polygons around the place (``nama``, geometry in EPSG:4326), e.g. the kecamatan.
    bujur, lintang : float
        The place (EPSG:4326).
    judul : str
        Label of the marker.

    Returns
    -------
    bytes
        PNG, about 9 × 6 cm at 150 dpi.
    """
    fig = kanvas((3.6, 2.4))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    utm = crs_utm(wilayah) if len(wilayah) else "EPSG:3857"
    titik = gpd.GeoSeries.from_xy([bujur], [lintang], crs="EPSG:4326").to_crs(utm)
    if len(wilayah):
        w = wilayah.to_crs(utm)
        w.plot(ax=ax, facecolor="#f4f1ea", edgecolor="#555555", linewidth=0.6)
        label_halo(ax, w, ukuran=5, tebal=False)
        minx, _, maxx, _ = w.total_bounds
        _skala(ax, maxx - minx)
        _utara(ax)
    titik.plot(ax=ax, color="#d7191c", markersize=40, marker="*", zorder=5)
    if judul:
        ax.annotate(judul, (titik.x.iloc[0], titik.y.iloc[0]), xytext=(4, 4), textcoords="offset points", fontsize=6)
    return png(fig, dpi=150)


class _Surat(Dokumen):
    """Letters: each page is its own letter, so the footer has the note but no "page X of Y"."""

    def footer(self) -> None:
        """The note at the bottom left."""
        self.set_y(-11)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*WARNA_SAMAR)
        self.cell(0, 4, self.catatan_kaki, align="L")
        self.set_text_color(0, 0, 0)


def _garis(dok: Dokumen, teks: str, ukuran: float = 10, tebal: bool = False, rata: str = "L", spasi: float = 0) -> None:
    """One line of text; wrapped (slower) only when it is wider than the page."""
    dok.set_font(FONT, "B" if tebal else "", ukuran)
    if dok.get_string_width(teks) > dok.epw:
        dok.baris(teks, ukuran=ukuran, tebal=tebal, rata=rata, spasi=spasi)
        return
    dok.cell(0, ukuran * 0.48, teks, align=rata, new_x="LMARGIN", new_y="NEXT")
    dok.ln(spasi)


def _paragraf(dok: Dokumen, teks: str) -> list[str]:
    """The lines of a paragraph at 10 pt, wrapped once per document (the same in every letter)."""
    dok.set_font(FONT, "", 10)
    return list(dok.multi_cell(0, 4.8, teks, dry_run=True, output="LINES"))


def _teks_tetap(dok: Dokumen, data: DataSurat) -> dict:
    """The parts of the letter that are the same for every invitee, paragraphs already split into lines."""
    pembuka = (
        f"Dalam rangka penyusunan Rencana Kerja Pemerintah Daerah (RKPD) tahun {data.tahun}, kami mengundang "
        f"Bapak/Ibu/Saudara untuk hadir pada {data.judul_forum}, yang akan dilaksanakan pada:"
    )
    penutup = (
        "Mengingat pentingnya acara tersebut, kami mohon kehadiran Bapak/Ibu/Saudara tepat waktu. "
        "Atas perhatian dan kehadirannya kami ucapkan terima kasih."
    )
    return {
        "perihal": _paragraf(dok, f"Perihal : Undangan {data.judul_forum}"),
        "pembuka": _paragraf(dok, pembuka),
        "rincian": [
            (label, list(dok.multi_cell(dok.epw - 38, 5, f": {isi}", dry_run=True, output="LINES")))
            for label, isi in (
                ("Hari/tanggal", waktu_indonesia(data.mulai)),
                ("Tempat", data.tempat),
                ("Acara", data.agenda or "-"),
            )
        ],
        "penutup": _paragraf(dok, penutup),
    }


def _surat(dok: Dokumen, data: DataSurat, tetap: dict, nomor: str, nama: str, lembaga: str) -> None:
    dok.add_page()
    if not tetap:  # the text every letter shares, wrapped once (a page must exist to measure it)
        tetap.update(_teks_tetap(dok, data))
    _garis(dok, data.pengirim.upper(), ukuran=13, tebal=True, rata="C", spasi=0.5)
    dok.set_draw_color(0, 0, 0)
    dok.line(dok.l_margin, dok.get_y() + 1, dok.w - dok.r_margin, dok.get_y() + 1)
    dok.ln(4)
    _garis(dok, f"Nomor   : {nomor}")
    _garis(dok, "Sifat   : Penting")
    for b in tetap["perihal"]:
        _garis(dok, b)
    dok.ln(3)
    _garis(dok, tanggal_indonesia(data.tanggal_surat), rata="R", spasi=3)
    _garis(dok, "Yth.")
    _garis(dok, nama, tebal=True)
    if lembaga:
        _garis(dok, lembaga)
    _garis(dok, "di tempat", spasi=4)
    for b in tetap["pembuka"]:
        _garis(dok, b)
    dok.ln(2)
    dok.set_font(FONT, "", 10)
    for label, baris in tetap["rincian"]:
        for i, teks in enumerate(baris):
            dok.set_x(dok.l_margin + 10)
            dok.cell(28, 5, label if i == 0 else "")
            dok.cell(0, 5, teks if i == 0 else f"  {teks}", new_x="LMARGIN", new_y="NEXT")
    dok.ln(2)
    if data.peta:
        dok.gambar(data.peta, lebar=80, tinggi_maks=55)
    for b in tetap["penutup"]:
        _garis(dok, b)
    dok.ln(6)
    _garis(dok, data.penandatangan, rata="R", spasi=14)
    _garis(dok, "(.................................)", rata="R")


def pdf_undangan(data: DataSurat, penerima: pd.DataFrame) -> bytes:
    """Render one letter per invitee into one PDF (mail merge).

    Parameters
    ----------
    data : DataSurat
        The forum's letter.
    penerima : pandas.DataFrame
        ``nomor_surat``, ``nama``, ``lembaga`` per invitee, in letter order.

    Returns
    -------
    bytes
        The PDF, one page per letter.
    """
    dok = _Surat("", catatan_kaki=f"Undangan {data.judul_forum} · dokumen berisi data pribadi")
    tetap: dict = {}
    for r in penerima.itertuples():
        nama = "" if pd.isna(r.nama) else str(r.nama)
        _surat(dok, data, tetap, str(r.nomor_surat), nama, "" if pd.isna(r.lembaga) else str(r.lembaga))
    return dok.hasil()


def teks_aman(nilai: object) -> str:
    """A cell text that a spreadsheet never runs as a formula (a leading apostrophe when it would).

    Examples
    --------
    >>> teks_aman("=HYPERLINK(1)"), teks_aman("Siti")
    ("'=HYPERLINK(1)", 'Siti')
    """
    teks = "" if nilai is None or (isinstance(nilai, float) and pd.isna(nilai)) else str(nilai)
    return "'" + teks if teks.startswith(_AWAL_RUMUS) else teks


def csv_undangan(data: DataSurat, penerima: pd.DataFrame) -> bytes:
    """The invitation list as CSV for sending by WhatsApp or e-mail outside the app.

    One row per invitee: nomor_surat, nama, lembaga, kontak, pesan (the message text with
    date, time, place and agenda). UTF-8 with BOM (opens correctly in Excel), ``;``-separated.
    """
    buf = io.StringIO()
    tulis = csv.writer(buf, delimiter=";", lineterminator="\n")
    tulis.writerow(["nomor_surat", "nama", "lembaga", "kontak", "pesan"])
    for r in penerima.itertuples():
        pesan = (
            f"Yth. {r.nama}, {data.pengirim} mengundang Bapak/Ibu ke {data.judul_forum} pada "
            f"{waktu_indonesia(data.mulai)} di {data.tempat}. Acara: {data.agenda or '-'}. Surat nomor {r.nomor_surat}."
        )
        tulis.writerow([teks_aman(v) for v in (r.nomor_surat, r.nama, r.lembaga, r.kontak, pesan)])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def pdf_daftar_hadir(data: DataSurat, peserta: pd.DataFrame, nama_desa: dict[str, str] | None = None) -> bytes:
    """The attendance sheet to sign at the door, printed before the forum (landscape).

    Parameters
    ----------
    data : DataSurat
        The forum (title, date, place).
    peserta : pandas.DataFrame
        ``nama``, ``lembaga``, ``kategori``, ``jenis_kelamin``, ``kode_desa`` per invitee;
        empty rows are added for walk-ins.
    nama_desa : dict, optional
        Desa code -> name.
    """
    nama_desa = nama_desa or {}
    dok = Dokumen(f"Daftar Hadir {data.judul_forum}", orientasi="L", catatan_kaki="Dokumen berisi data pribadi")
    dok.add_page()
    dok.baris(f"DAFTAR HADIR {data.judul_forum.upper()}", ukuran=13, tebal=True, rata="C", spasi=0.5)
    dok.baris(f"{waktu_indonesia(data.mulai)} · {data.tempat}", rata="C", spasi=3)
    baris = []
    for i, r in enumerate(peserta.itertuples(), start=1):
        baris.append(
            [
                str(i),
                str(r.nama or ""),
                "" if pd.isna(r.lembaga) else str(r.lembaga),
                KATEGORI_PESERTA.get(r.kategori, (str(r.kategori), False))[0],
                r.jenis_kelamin if r.jenis_kelamin in JENIS_KELAMIN else "L / P",
                nama_desa.get(r.kode_desa, "") if isinstance(r.kode_desa, str) else "",
                "",
            ]
        )
    n = len(baris)
    for i in range(n + 1, n + 11):  # room for walk-ins
        baris.append([str(i), "", "", "", "L / P", "", ""])
    dok.tabel(
        ["No", "Nama", "Lembaga/jabatan", "Kategori", "L/P", "Desa/Kel.", "Tanda tangan"],
        [7, 45, 40, 35, 10, 28, 39],
        baris,
        rata=["R", "L", "L", "L", "C", "L", "L"],
        ukuran=11,
    )
    return dok.hasil()


def judul_forum(tahap: str, nama: str) -> str:
    """``"Musrenbang Kecamatan — Sukamaju"``-style title of a forum."""
    return f"{definitions.TAHAP_FORUM.get(tahap, tahap)} — {nama}"
