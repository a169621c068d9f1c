"""Small hand-made input files, written in every format a data team has.

Four desa of a fictional kabupaten 98.01, a 2 × 2 grid of 0.01° squares near
110.00–110.02 E, 7.00–7.02 S; kecamatan 98.01.01 is the west column, 98.01.02 the east.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

X0, Y0, D = 110.0, -7.02, 0.01

DESA = [  # kode, nama, column, row
    ("98.01.01.2001", "Sukamaju", 0, 1),
    ("98.01.01.2002", "Tegalreja", 0, 0),
    ("98.01.02.2001", "Mekarsari", 1, 1),
    ("98.01.02.1002", "Kota Lama", 1, 0),
]
KEC = {"98.01.01": "Barat", "98.01.02": "Timur"}


def gdf_desa() -> gpd.GeoDataFrame:
    """The four desa with Kemendagri codes (EPSG:4326)."""
    return gpd.GeoDataFrame(
        {"kode": [d[0] for d in DESA], "nama": [d[1] for d in DESA], "nama_kecamatan": [KEC[d[0][:8]] for d in DESA]},
        geometry=[box(X0 + c * D, Y0 + r * D, X0 + (c + 1) * D, Y0 + (r + 1) * D) for _, _, c, r in DESA],
        crs="EPSG:4326",
    )


def tulis_vektor(gdf: gpd.GeoDataFrame, folder: Path, fmt: str) -> Path:
    """Write ``gdf`` in format ``fmt``; return the path a user would pass."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "geojson":
        p = folder / "desa.geojson"
        gdf.to_file(p, driver="GeoJSON")
    elif fmt == "gpkg":
        p = folder / "desa.gpkg"
        gdf.to_file(p, driver="GPKG", layer="desa")
    elif fmt in ("shp-folder", "shp-zip"):
        d = folder / "shp"
        d.mkdir(exist_ok=True)
        gdf.to_file(d / "desa.shp")
        p = d
        if fmt == "shp-zip":
            p = folder / "desa_shp.zip"
            with zipfile.ZipFile(p, "w") as z:
                for f in sorted(d.iterdir()):
                    z.write(f, f"desa/{f.name}")
    elif fmt == "kml":
        p = folder / "desa.kml"
        gdf.rename(columns={"nama": "Name"}).assign(nama=gdf["nama"]).to_file(p, driver="KML")
    elif fmt == "kmz":
        kml = tulis_vektor(gdf, folder / "kml", "kml")
        p = folder / "desa.kmz"
        with zipfile.ZipFile(p, "w") as z:
            z.write(kml, "doc.kml")
    elif fmt == "parquet":
        p = folder / "desa.parquet"
        gdf.to_parquet(p)
    else:  # pragma: no cover
        raise ValueError(fmt)
    return p


FORMAT = ("geojson", "gpkg", "shp-folder", "shp-zip", "kml", "kmz", "parquet")


def tulis_csv(path: Path, baris: list[list], pemisah: str = ",") -> Path:
    path.write_text("\n".join(pemisah.join(str(v) for v in r) for r in baris) + "\n", encoding="utf-8")
    return path


def tulis_xlsx_bps(path: Path) -> Path:
    """An XLSX the way BPS tables look: title rows, a merged group header, footnotes, 2 sheets."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Penduduk"
    ws.append(["Tabel 3.1 Jumlah Penduduk menurut Desa, 2023–2024"])
    ws.append([])
    ws.append(["Kecamatan", "Desa", "Jumlah Penduduk", None])  # merged over two year columns
    ws.merge_cells("C3:D3")
    ws.append([None, None, "2023", "2024"])
    ws.append(["Barat", "Sukamaju", "1.234", "1.250"])
    ws.append(["Barat", "Tegalrejo", "2.001", "-"])  # a/o spelling variant; missing value
    ws.append(["Timur", "Mekarsari", "987", "1.002"])
    ws.append(["Timur", "Kota Lama", "…", "3.456"])
    ws.append(["Sumber: BPS Kabupaten Contoh Dua"])
    ws.append(["Catatan: angka 2024 sementara"])
    ws2 = wb.create_sheet("Sekolah")
    ws2.append(["Kecamatan", "Desa", "Jumlah SD"])
    ws2.append(["Barat", "Sukamaju", "3"])
    wb.save(path)
    return path


def tulis_dataframe(df: pd.DataFrame, path: Path) -> Path:
    if path.suffix == ".xlsx":
        df.to_excel(path, index=False)
    else:
        df.to_csv(path, index=False)
    return path
