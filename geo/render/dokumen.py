"""Shared building blocks for PDF documents drawn with fpdf2 (berita acara, conflict report).

Text is real, searchable text in DejaVu Sans (bundled with matplotlib, so it works offline
and covers Indonesian text and symbols such as ``≥ × – …``). Tables wrap long text and
repeat their header row on every page; the footer says "Halaman X dari Y". Each document
is its own :class:`Dokumen` object, so documents can be made from several threads at once.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import TableBordersLayout
from fpdf.fonts import FontFace
from PIL import Image

from geo.domain.format import BULAN_PANJANG

FONT = "DejaVu"
_FOLDER_FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
BERKAS_FONT = {"": _FOLDER_FONT / "DejaVuSans.ttf", "B": _FOLDER_FONT / "DejaVuSans-Bold.ttf"}

WARNA_JUDUL_KELOMPOK = (31, 78, 121)
WARNA_KEPALA_TABEL = (225, 230, 236)
WARNA_KELOMPOK = (242, 245, 248)
WARNA_SAMAR = (90, 90, 90)

BULAN = BULAN_PANJANG  # defined once in geo.domain.format


def tanggal_indonesia(tanggal: datetime.date) -> str:
    """Write a date the Indonesian way.

    Parameters
    ----------
    tanggal : datetime.date
        The date.

    Returns
    -------
    str
        For example ``"7 Maret 2027"``.

    Examples
    --------
    >>> tanggal_indonesia(datetime.date(2027, 3, 7))
    '7 Maret 2027'
    """
    return f"{tanggal.day} {BULAN[tanggal.month - 1]} {tanggal.year}"


class Dokumen(FPDF):
    """An A4 document with a running title in the header and page numbers in the footer.

    Parameters
    ----------
    judul_halaman : str
        Small grey title at the top of every page after the first.
    orientasi : {"P", "L"}
        Portrait or landscape.
    catatan_kaki : str
        Small text at the bottom left of every page.
    """

    def __init__(self, judul_halaman: str, orientasi: str = "P", catatan_kaki: str = "") -> None:
        super().__init__(orientation=orientasi, unit="mm", format="A4")
        self.judul_halaman = judul_halaman
        self.catatan_kaki = catatan_kaki
        for gaya, berkas in BERKAS_FONT.items():
            self.add_font(FONT, gaya, str(berkas))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=16)
        self.set_title(judul_halaman)
        self.set_creator("PetaRencana")
        self.set_lang("id")
        self.set_font(FONT, size=10)

    def header(self) -> None:
        """Running title on every page but the first."""
        if self.page_no() == 1 or not self.judul_halaman:
            return
        self.set_font(FONT, size=7.5)
        self.set_text_color(*WARNA_SAMAR)
        self.cell(0, 4, self.judul_halaman, align="C", new_x="LMARGIN", new_y="NEXT")
        self.set_draw_color(180, 180, 180)
        self.line(self.l_margin, self.get_y() + 0.5, self.w - self.r_margin, self.get_y() + 0.5)
        self.ln(4)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, size=10)

    def footer(self) -> None:
        """Page "Halaman X dari Y" at the bottom right, the note at the bottom left."""
        self.set_y(-11)
        self.set_font(FONT, size=7.5)
        self.set_text_color(*WARNA_SAMAR)
        if self.catatan_kaki:
            self.cell(self.epw * 0.75, 4, self.catatan_kaki, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Halaman {self.page_no()} dari {{nb}}", align="R")
        self.set_text_color(0, 0, 0)

    # --- text -------------------------------------------------------------------------
    def baris(
        self,
        teks: str,
        ukuran: float = 10,
        tebal: bool = False,
        rata: str = "L",
        warna: tuple[int, int, int] = (0, 0, 0),
        spasi: float = 1.0,
    ) -> None:
        """Write a paragraph (wrapped to the page width), then a small gap.

        Parameters
        ----------
        teks : str
            The text.
        ukuran : float
            Font size in points.
        tebal : bool
            Bold.
        rata : {"L", "C", "R", "J"}
            Alignment.
        warna : tuple of int
            Text colour (RGB).
        spasi : float
            Gap after the paragraph, in mm.
        """
        self.set_font(FONT, "B" if tebal else "", ukuran)
        self.set_text_color(*warna)
        self.multi_cell(0, ukuran * 0.48, teks, align=rata, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)
        self.ln(spasi)

    def judul_bagian(self, teks: str, ukuran: float = 12) -> None:
        """Write a bold section heading; start a new page when there is no room for a few lines under it."""
        if self.will_page_break(ukuran * 0.5 + 25):
            self.add_page()
        self.baris(teks, ukuran=ukuran, tebal=True, spasi=2)

    # --- tables -----------------------------------------------------------------------
    def tabel(
        self,
        kolom: Sequence[str],
        lebar: Sequence[float],
        baris: Iterable[Sequence[str] | str],
        rata: Sequence[str] | None = None,
        ukuran: float = 8,
        kosong: str = "Tidak ada data.",
    ) -> None:
        """Draw a table whose cells wrap and whose header row repeats on every page.

        Parameters
        ----------
        kolom : sequence of str
            Header texts.
        lebar : sequence of float
            Column widths, relative (they are scaled to the page width).
        baris : iterable of (sequence of str or str)
            Rows; a plain string is a group heading spanning all columns.
        rata : sequence of {"L", "C", "R"}, optional
            Alignment per column (default left).
        ukuran : float
            Font size in points.
        kosong : str
            Text of the single row shown when there are no rows.
        """
        rata = tuple(rata or ["L"] * len(kolom))
        self.set_font(FONT, size=ukuran)
        gaya_kepala = FontFace(family=FONT, emphasis="BOLD", fill_color=WARNA_KEPALA_TABEL, size_pt=ukuran)
        gaya_kelompok = FontFace(
            family=FONT, emphasis="BOLD", color=WARNA_JUDUL_KELOMPOK, fill_color=WARNA_KELOMPOK, size_pt=ukuran
        )
        with self.table(
            col_widths=tuple(lebar),
            text_align=rata,
            headings_style=gaya_kepala,
            repeat_headings=1,
            line_height=ukuran * 0.45,
            padding=(1.0, 1.2),
            v_align="TOP",
            borders_layout=TableBordersLayout.ALL,
        ) as tabel:
            kepala = tabel.row()
            for teks, r in zip(kolom, rata, strict=True):
                kepala.cell(teks, align=r)
            ada = False
            for isi in baris:
                ada = True
                r = tabel.row()
                if isinstance(isi, str):
                    r.cell(isi, colspan=len(kolom), style=gaya_kelompok, align="L")
                else:
                    for teks in isi:
                        r.cell(str(teks))
            if not ada:
                tabel.row().cell(kosong, colspan=len(kolom), align="L")
        self.ln(3)

    def tanda_tangan(self, peran: Sequence[str], tempat_tanggal: str, pengantar: str = "Yang menyepakati,") -> None:
        """Draw a signature block: one box per role with room to sign, a name line and a NIP line.

        Parameters
        ----------
        peran : sequence of str
            The signing roles, e.g. Pimpinan sidang, Notulis, Wakil peserta.
        tempat_tanggal : str
            Place and date line written above the boxes.
        pengantar : str
            Line before the boxes.
        """
        if self.will_page_break(62):
            self.add_page()
        self.baris(tempat_tanggal, ukuran=10, rata="R", spasi=1)
        self.baris(pengantar, ukuran=10, spasi=2)
        n = len(peran)
        garis = "." * 30
        with self.table(
            col_widths=(1,) * n,
            text_align="CENTER",
            headings_style=FontFace(family=FONT, emphasis="BOLD", size_pt=10),
            repeat_headings=0,
            line_height=5,
            padding=(1.5, 2),
            borders_layout=TableBordersLayout.ALL,
        ) as tabel:
            kepala = tabel.row()
            for p in peran:
                kepala.cell(p)
            ruang = tabel.row()
            for _ in peran:
                ruang.cell(
                    "tanda tangan",
                    v_align="TOP",
                    style=FontFace(family=FONT, size_pt=7, color=(150, 150, 150)),
                    padding=(1.5, 2, 20, 2),
                )
            nama = tabel.row()
            for _ in peran:
                nama.cell(f"Nama: {garis}", align="L", style=FontFace(family=FONT, size_pt=9))
            nip = tabel.row()
            for _ in peran:
                nip.cell(f"NIP: {garis}", align="L", style=FontFace(family=FONT, size_pt=9))
        self.set_font(FONT, size=10)
        self.ln(3)

    # --- images -----------------------------------------------------------------------
    def gambar(self, png: bytes, lebar: float | None = None, tinggi_maks: float | None = None) -> None:
        """Place a PNG (bytes) centred at the current line, scaled to fit width and height.

        Parameters
        ----------
        png : bytes
            The image.
        lebar : float, optional
            Width in mm (default: the page width between margins).
        tinggi_maks : float, optional
            Largest height in mm (default: what is left on the page).
        """
        with Image.open(io.BytesIO(png)) as im:
            rasio = im.height / im.width
        lebar = lebar or self.epw
        sisa = tinggi_maks or (self.h - self.b_margin - self.get_y() - 8)
        if lebar * rasio > sisa:
            lebar = sisa / rasio
        x = self.l_margin + (self.epw - lebar) / 2
        self.image(io.BytesIO(png), x=x, y=self.get_y(), w=lebar)
        self.set_y(self.get_y() + lebar * rasio + 2)

    def hasil(self) -> bytes:
        """Return the finished PDF as bytes."""
        return bytes(self.output())
