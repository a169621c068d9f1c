"""Exports of usulan in the column layout SIPD operators import (XLSX), without personal data."""

from __future__ import annotations

import io
from datetime import datetime

import geopandas as gpd
import pandas as pd
import shapely

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


def xlsx_dengan_keterangan(tabel: pd.DataFrame, lembar: str, keterangan: list[str]) -> bytes:
    """An XLSX workbook: the table (header frozen, columns sized) and a sheet ``Keterangan``."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xw:
        tabel.to_excel(xw, sheet_name=lembar, index=False)
        pd.DataFrame({"Keterangan": keterangan}).to_excel(xw, sheet_name="Keterangan", index=False)
        ws = xw.sheets[lembar]
        for kol in ws.iter_cols(min_row=1, max_row=1):
            ws.column_dimensions[kol[0].column_letter].width = min(45, max(10, len(str(kol[0].value)) + 2))
        ws.freeze_panes = "A2"
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
