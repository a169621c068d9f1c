"""Exports of usulan in the column layout SIPD operators import (XLSX), without personal data."""

from __future__ import annotations

import io
from datetime import datetime

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from geo.domain import definitions
from geo.domain.usulan import KOLOM_SIPD


def tabel_sipd(usulan: gpd.GeoDataFrame) -> pd.DataFrame:
    """Usulan as a SIPD-shaped table: labels in Indonesian, point of the location, WKT of lines."""
    df = pd.DataFrame(usulan.drop(columns="geometry"))
    titik = usulan.geometry.representative_point()
    df["lintang"], df["bujur"] = titik.y.round(6), titik.x.round(6)
    df["wkt"] = [None if g.geom_type == "Point" else shapely.to_wkt(g, rounding_precision=6) for g in usulan.geometry]
    df["tahap"] = df["tahap"].map(definitions.TAHAP_FORUM)
    df["tahap_asal"] = df["tahap_asal"].map(definitions.TAHAP_FORUM).fillna(df["tahap_asal"])
    df["status"] = df["status"].map(definitions.STATUS_USULAN)
    df["status_lahan"] = df["status_lahan"].map(definitions.STATUS_LAHAN_USULAN).fillna(df["status_lahan"])
    for k in ("sertifikat", "gambar_teknis", "rab", "lanjut_tahun_depan"):
        df[k] = df[k].map({True: "Ya", False: "Tidak"})
    for k in KOLOM_SIPD:
        if k not in df:
            df[k] = None
    return df[list(KOLOM_SIPD)].rename(columns=KOLOM_SIPD)


def xlsx_dengan_keterangan(
    tabel: pd.DataFrame, lembar: str, keterangan: list[str], judul_di_lembar: bool = False
) -> bytes:
    """An XLSX workbook for people: the table and a sheet ``Keterangan``.

    The header is bold, frozen and filterable; columns are sized to their content (long text
    wraps); every text cell is written as text, so a value such as ``=HYPERLINK(…)`` from a
    file or a form never becomes a live formula. With ``judul_di_lembar`` the first
    ``keterangan`` line (the title: what, which area) and the export date stand above the
    table; the SIPD export leaves them out so its header stays on row 1 for SIPD's importer.

    Parameters
    ----------
    tabel : DataFrame
        The rows, with the column headers people read.
    lembar : str
        Name of the table sheet.
    keterangan : list of str
        Notes for the ``Keterangan`` sheet; the first is the title.
    judul_di_lembar : bool
        Put the title and date above the table.

    Returns
    -------
    bytes
    """
    wb = Workbook()
    ws = wb.active
    ws.title = lembar
    baris = 1
    if judul_di_lembar and keterangan:
        ws.cell(1, 1, str(keterangan[0])).font = Font(bold=True, size=12)
        ws.cell(2, 1, f"Diekspor {datetime.now():%d-%m-%Y %H:%M} · PetaRencana").font = Font(italic=True, size=9)
        baris = 4
    kolom = [str(k) for k in tabel.columns]
    for j, nama in enumerate(kolom, start=1):
        sel = ws.cell(baris, j, nama)
        sel.font = Font(bold=True)
        sel.fill = PatternFill("solid", fgColor="DDE7F0")
        sel.alignment = Alignment(wrap_text=True, vertical="top")
    lebar = [len(n) for n in kolom]
    for i, rekaman in enumerate(tabel.itertuples(index=False), start=baris + 1):
        for j, nilai in enumerate(rekaman, start=1):
            if nilai is None or (pd.api.types.is_scalar(nilai) and pd.isna(nilai)):
                continue  # None, NaN, pd.NA, NaT: an empty cell, never the text "<NA>"
            if isinstance(nilai, np.integer | np.floating) and not isinstance(nilai, bool):
                nilai = nilai.item()
            if isinstance(nilai, str | bool) or not isinstance(nilai, int | float):
                teks = str(nilai) if not isinstance(nilai, bool) else ("Ya" if nilai else "Tidak")
                sel = ws.cell(i, j)
                sel.value = teks
                sel.data_type = "s"  # never a formula, whatever the text starts with
                if len(teks) > 50:
                    sel.alignment = Alignment(wrap_text=True, vertical="top")
                lebar[j - 1] = max(lebar[j - 1], min(len(teks), 60))
            else:
                ws.cell(i, j, float(nilai) if isinstance(nilai, float) else int(nilai))
                lebar[j - 1] = max(lebar[j - 1], len(f"{nilai:,.0f}") if isinstance(nilai, float) else len(str(nilai)))
    for j, n in enumerate(lebar, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(60, max(10, n + 2))
    ws.freeze_panes = ws.cell(baris + 1, 1)
    if len(kolom):
        ws.auto_filter.ref = f"A{baris}:{get_column_letter(len(kolom))}{baris + max(len(tabel), 1)}"
    ket = wb.create_sheet("Keterangan")
    ket.cell(1, 1, "Keterangan").font = Font(bold=True)
    for i, teks in enumerate(keterangan, start=2):
        sel = ket.cell(i, 1)
        sel.value = str(teks)
        sel.data_type = "s"
        sel.alignment = Alignment(wrap_text=True)
    ket.column_dimensions["A"].width = 100
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_sipd(usulan: gpd.GeoDataFrame, judul: str) -> bytes:
    """An XLSX workbook: sheet ``Usulan`` (SIPD columns) and sheet ``Keterangan``."""
    return xlsx_dengan_keterangan(
        tabel_sipd(usulan),
        "Usulan",
        [
            judul,
            f"Diekspor PetaRencana {datetime.now():%d-%m-%Y %H:%M}",
            f"{len(usulan)} usulan",
            "NIK/KK pengusul tidak diekspor (UU 27/2022 Pelindungan Data Pribadi).",
            "Koordinat EPSG:4326; usulan garis/poligon juga dalam kolom WKT.",
        ],
    )
