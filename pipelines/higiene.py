"""Geometry hygiene for every vector load.

One function per step (InaSAFE style), and :func:`bersihkan` chaining them: CRS present
(or given), reprojected to EPSG:4326, Z/M dropped, empty geometries rejected by feature
number, swapped lat/lon and coordinates outside Indonesia detected, invalid polygons
repaired with ``make_valid`` and counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import shapely
from pyproj import CRS
from pyproj.exceptions import CRSError

from geo.errors import KesalahanInput, Masalah
from geo.settings import CRS_SIMPAN

#: Indonesia's extent with a margin (lon_min, lat_min, lon_max, lat_max).
BATAS_INDONESIA = (94.0, -11.5, 141.5, 6.5)
_MAKS_LAPOR = 25


@dataclass
class LaporanGeometri:
    """What hygiene changed (warnings, not errors)."""

    diperbaiki: int = 0
    dibuang_bukan_poligon: int = 0
    diproyeksikan_dari: str | None = None
    peringatan: list[str] = field(default_factory=list)


def _fitur(i: int) -> str:
    return f"fitur {i + 1}"


def _ringkas(masalah: list[Masalah], sisa: int, contoh: Masalah) -> list[Masalah]:
    if sisa > 0:
        masalah.append(Masalah(f"dan {sisa} fitur lain", contoh.kolom, "…", contoh.harapan, contoh.perbaikan))
    return masalah


def pastikan_crs(gdf: gpd.GeoDataFrame, crs_paksa: str | None, judul: str) -> gpd.GeoDataFrame:
    """Return ``gdf`` with a CRS: its own, or ``crs_paksa`` when it has none.

    A file with no CRS is refused unless the user states one: guessing would silently put
    a kabupaten in the sea.
    """
    if crs_paksa:
        try:
            crs = CRS.from_user_input(crs_paksa)
        except CRSError:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "opsi --crs",
                        "crs",
                        crs_paksa,
                        "kode CRS seperti EPSG:4326",
                        "tulis --crs EPSG:4326 (derajat) atau EPSG:32749 (UTM 49S)",
                    )
                ],
            ) from None
        if gdf.crs is None:
            return gdf.set_crs(crs)
        return gdf
    if gdf.crs is None:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    "crs",
                    "tidak ada",
                    "sistem koordinat (CRS) yang tertulis di berkas",
                    "berkas tidak menyebut sistem koordinatnya (mis. .prj shapefile hilang). Bila koordinat berupa "
                    "derajat bujur/lintang, muat ulang dengan --crs EPSG:4326; bila meter UTM, mis. --crs EPSG:32749",
                )
            ],
        )
    return gdf


def periksa_kosong(gdf: gpd.GeoDataFrame, judul: str) -> None:
    """Refuse features without geometry, naming every feature number."""
    kosong = np.flatnonzero(gdf.geometry.isna().values | gdf.geometry.is_empty.values)
    if len(kosong):
        masalah = [
            Masalah(
                _fitur(i),
                "geometry",
                "kosong",
                "geometri titik/garis/poligon",
                "gambar ulang atau hapus fitur ini di QGIS",
            )
            for i in kosong[:_MAKS_LAPOR]
        ]
        raise KesalahanInput(judul, _ringkas(masalah, len(kosong) - _MAKS_LAPOR, masalah[0]))


def periksa_wilayah_indonesia(gdf: gpd.GeoDataFrame, judul: str) -> None:
    """Detect swapped lat/lon and features outside Indonesia (after reprojection to 4326)."""
    b = gdf.geometry.bounds.values  # minx, miny, maxx, maxy
    x0, y0, x1, y1 = BATAS_INDONESIA
    di_luar = ~((b[:, 0] >= x0) & (b[:, 2] <= x1) & (b[:, 1] >= y0) & (b[:, 3] <= y1))
    if not di_luar.any():
        return
    tertukar = (b[:, 1] >= x0) & (b[:, 3] <= x1) & (b[:, 0] >= y0) & (b[:, 2] <= y1)
    masalah = []
    if (tertukar | ~di_luar).all():
        i = int(np.flatnonzero(di_luar)[0])
        masalah.append(
            Masalah(
                "berkas",
                "koordinat",
                f"{_fitur(i)}: x={b[i, 0]:.4f}, y={b[i, 1]:.4f}",
                "bujur 94–141 dan lintang -11–6 (urutan x=bujur, y=lintang)",
                f"koordinat lintang dan bujur tertukar pada {int(di_luar.sum())} fitur; tukar kolomnya "
                "(di QGIS: Processing › Swap X and Y) lalu muat ulang",
            )
        )
    else:
        for i in np.flatnonzero(di_luar)[:_MAKS_LAPOR]:
            masalah.append(
                Masalah(
                    _fitur(int(i)),
                    "koordinat",
                    f"x={b[i, 0]:.4f}..{b[i, 2]:.4f}, y={b[i, 1]:.4f}..{b[i, 3]:.4f}",
                    "di dalam wilayah Indonesia (bujur 94–141, lintang -11–6)",
                    "periksa CRS berkas (--crs) atau hapus fitur yang salah tempat",
                )
            )
        _ringkas(masalah, int(di_luar.sum()) - _MAKS_LAPOR, masalah[0])
    raise KesalahanInput(judul, masalah)


def perbaiki_poligon(gdf: gpd.GeoDataFrame, laporan: LaporanGeometri) -> gpd.GeoDataFrame:
    """Repair invalid polygons with ``make_valid``, keep polygonal parts, count repairs."""
    geom = gdf.geometry.values
    tidak_sah = ~shapely.is_valid(geom)
    if not tidak_sah.any():
        return gdf
    baru = np.array(geom, dtype=object)
    diperbaiki = shapely.make_valid(baru[tidak_sah])
    poligonal = shapely.get_type_id(baru[tidak_sah]) >= 3  # polygons in, polygons out
    for k, (g, p) in enumerate(zip(diperbaiki, poligonal, strict=True)):
        if p and g.geom_type == "GeometryCollection":
            bagian = [x for x in g.geoms if x.geom_type in ("Polygon", "MultiPolygon")]
            g = shapely.union_all(bagian) if bagian else shapely.Polygon()
            laporan.dibuang_bukan_poligon += 1
        diperbaiki[k] = g
    baru[tidak_sah] = diperbaiki
    laporan.diperbaiki += int(tidak_sah.sum())
    laporan.peringatan.append(f"{int(tidak_sah.sum())} geometri tidak sah diperbaiki dengan make_valid")
    return gdf.set_geometry(gpd.GeoSeries(baru, index=gdf.index, crs=gdf.crs))


def bersihkan(
    gdf: gpd.GeoDataFrame, judul: str, crs_paksa: str | None = None
) -> tuple[gpd.GeoDataFrame, LaporanGeometri]:
    """Run every hygiene step; return geometries in EPSG:4326, 2-D and valid.

    Parameters
    ----------
    gdf : GeoDataFrame
        As read from the file.
    judul : str
        Name used in error messages (the file name).
    crs_paksa : str, optional
        CRS to assume when the file has none (``--crs``).

    Returns
    -------
    (GeoDataFrame, LaporanGeometri)

    Raises
    ------
    KesalahanInput
        Missing CRS, empty geometries, swapped or out-of-Indonesia coordinates — every
        offending feature named.
    """
    laporan = LaporanGeometri()
    gdf = pastikan_crs(gdf, crs_paksa, judul)
    periksa_kosong(gdf, judul)
    if shapely.has_z(gdf.geometry.values).any() or shapely.has_m(gdf.geometry.values).any():
        gdf = gdf.set_geometry(gpd.GeoSeries(shapely.force_2d(gdf.geometry.values), index=gdf.index, crs=gdf.crs))
        laporan.peringatan.append("koordinat Z/M dibuang (hanya x, y yang disimpan)")
    if not CRS.from_user_input(gdf.crs).equals(CRS.from_user_input(CRS_SIMPAN)):
        laporan.diproyeksikan_dari = gdf.crs.to_string()
        gdf = gdf.to_crs(CRS_SIMPAN)
        laporan.peringatan.append(f"diproyeksikan dari {laporan.diproyeksikan_dari} ke EPSG:4326")
    periksa_wilayah_indonesia(gdf, judul)
    gdf = perbaiki_poligon(gdf, laporan)
    periksa_kosong(gdf, judul)
    return gdf, laporan


#: Equal-area CRS for areas anywhere in Indonesia (WGS 84 / NSIDC EASE-Grid 2.0 Global).
CRS_LUAS = "EPSG:6933"
