"""Writing wilayah rows: areas and display geometry, the rows themselves, and the parents derived from them.

Kemendagri-coded boundary files and name-only sets given provisional codes
(:mod:`pipelines.muat.batas_sementara`) both end as dotted codes with names: :func:`luas_dan_tampil`
measures them and builds the display geometry, :func:`tulis_wilayah` replaces their rows, and a
missing kecamatan or kabupaten becomes the union of its children (:func:`turunkan_induk`).
"""

from __future__ import annotations

import hashlib
from concurrent.futures import ThreadPoolExecutor

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain.crs import crs_metrik
from geo.render.display import geometri_tampil
from geo.settings import CRS_SIMPAN
from geo.store import referensi
from pipelines.higiene import CRS_LUAS


def jenis_wilayah(kode: str) -> str:
    """The kind of a dotted code: desa/kelurahan (desa segment 1xxx), kecamatan, kabupaten/kota (71+), provinsi.

    Examples
    --------
    >>> jenis_wilayah("33.01.01.1001"), jenis_wilayah("33.01.S1.S001"), jenis_wilayah("33.71")
    ('kelurahan', 'desa', 'kota')
    """
    seg = kode.split(".")
    if len(seg) == 4:
        return "kelurahan" if seg[3].startswith("1") else "desa"
    if len(seg) == 3:
        return "kecamatan"
    if len(seg) == 2:
        return "kota" if int(seg[1]) >= 71 else "kabupaten"
    return "provinsi"


def sidik_per_kabupaten(gdf: gpd.GeoDataFrame, versi: str) -> dict[str, str]:
    """A SHA-256 per kabupaten of its features (code, name, exact geometry) and the code version.

    Equal signatures mean the file holds exactly what was loaded last time for that kabupaten,
    so a reload can skip it (:func:`pipelines.muat.batas.PemuatBatas`).
    """
    wkb = shapely.to_wkb(np.asarray(gdf.geometry.values, dtype=object), hex=False)
    urut = np.argsort(gdf["kode"].to_numpy(dtype=str), kind="stable")
    kode, nama = gdf["kode"].to_numpy(dtype=str), gdf["nama"].astype(str).to_numpy()
    per_kab: dict[str, hashlib._Hash] = {}
    for i in urut:
        h = per_kab.setdefault(kode[i][:5], hashlib.sha256(versi.encode()))
        h.update(f"{kode[i]}|{nama[i]}|".encode())
        h.update(hashlib.sha256(wkb[i]).digest())
    return {k: h.hexdigest() for k, h in per_kab.items()}


def luas_dan_tampil(gdf: gpd.GeoDataFrame) -> tuple[gpd.GeoDataFrame, list[str]]:
    """A copy of ``gdf`` (kode, tingkat, geometry) with ``luas_ha`` and ``geom_tampil``, and notes.

    Display geometry is coverage-simplified per tier in a metric CRS (GEOS releases the GIL,
    so it runs in a second thread while this one measures areas).
    """
    gdf = gdf.copy()

    def _tampil() -> tuple[gpd.GeoSeries, list[str]]:
        hasil = gpd.GeoSeries(index=gdf.index, crs=CRS_SIMPAN, dtype="geometry")
        catatan_semua = []
        for tingkat, grup in gdf.groupby("tingkat"):
            geo_t, catatan = geometri_tampil(grup.geometry, crs_metrik(grup), kelompok=grup["kode"].str[:5].values)
            hasil[grup.index] = geo_t
            catatan_semua += [f"{tingkat}: {c}" for c in catatan]
        return hasil, catatan_semua

    with ThreadPoolExecutor(1) as ex:
        tugas = ex.submit(_tampil)
        gdf["luas_ha"] = (gdf.geometry.to_crs(CRS_LUAS).area / 10_000).round(2)
        gdf["geom_tampil"], catatan = tugas.result()
    return gdf, catatan


def tulis_wilayah(con: duckdb.DuckDBPyConnection, gdf: gpd.GeoDataFrame, versi: str) -> int:
    """Replace the wilayah rows with the codes of ``gdf`` (kode, nama, tingkat, luas_ha, geometry, geom_tampil)."""
    rows = pd.DataFrame(
        {
            "kode": gdf["kode"],
            "nama": gdf["nama"],
            "tingkat": gdf["tingkat"],
            "jenis": gdf["kode"].map(jenis_wilayah),
            "kode_induk": gdf["kode"].map(lambda k: k.rsplit(".", 1)[0]),
            "kode_bps": None,
            "versi_kode": versi,
            "luas_ha": gdf["luas_ha"],
            "geom": gdf.geometry.values,
            "geom_tampil": gdf["geom_tampil"].values,
        }
    )
    referensi.ganti_wilayah(con, rows)
    return len(rows)


def _gabung(geoms: np.ndarray) -> shapely.Geometry:
    """Union of neighbouring polygons.

    The fast coverage union when they form a clean coverage (checked by area), else a
    robust overlay union.
    """
    if len(geoms) == 1:
        return geoms[0]
    try:
        cepat = shapely.coverage_union_all(geoms)
        if cepat.is_valid and abs(cepat.area - shapely.area(geoms).sum()) <= 1e-9 * max(cepat.area, 1e-12) + 1e-12:
            return cepat
    except shapely.errors.GEOSException:
        pass  # not a clean coverage (real files: slivers, unmatched vertices)
    return shapely.union_all(shapely.make_valid(geoms))


def turunkan_induk(
    con: duckdb.DuckDBPyConnection,
    versi: str,
    nama_induk: dict[str, str] | None = None,
    baru: gpd.GeoDataFrame | None = None,
) -> int:
    """Create missing kecamatan/kabupaten rows as the union of their children.

    Children loaded just now (``baru``: kode, tingkat, luas_ha, geometry, geom_tampil) are
    taken from memory; others are read back from the database. Unions run on two threads.
    Names come from ``nama_induk`` (code -> name, e.g. a kecamatan-name column of the
    desa file) or are placeholders until the parent tier's own file is loaded.

    Returns
    -------
    int
        Parent rows created.
    """
    nama_induk = nama_induk or {}
    total = 0
    mem = pd.DataFrame(columns=["kode", "tingkat", "luas_ha", "g", "gt"])
    if baru is not None and len(baru):
        mem = pd.DataFrame(
            {
                "kode": baru["kode"].values,
                "tingkat": baru["tingkat"].values,
                "luas_ha": baru["luas_ha"].values,
                "g": baru.geometry.values,
                "gt": np.asarray(baru["geom_tampil"].values, dtype=object),
            }
        )
    for anak, induk, panjang in (("desa", "kecamatan", 8), ("kecamatan", "kabupaten", 5)):
        hilang = referensi.induk_hilang(con, anak, panjang)
        if not hilang:
            continue
        di_db = referensi.jumlah_anak(con, anak, panjang, hilang)
        m = mem[mem["tingkat"] == anak]
        m = m.assign(induk=m["kode"].str[:panjang])
        di_mem = m["induk"].value_counts()
        dari_mem = {k for k in hilang if di_mem.get(k, 0) == di_db.get(k, -1)}
        bagian = [m[m["induk"].isin(dari_mem)][["induk", "luas_ha", "g", "gt"]]]
        sisa = [k for k in hilang if k not in dari_mem]
        if sisa:
            bagian.append(referensi.anak_wilayah(con, anak, panjang, sisa))
        anak_df = pd.concat(bagian, ignore_index=True)
        g, gt, luas = anak_df["g"].values, anak_df["gt"].values, anak_df["luas_ha"].values
        grup = sorted(anak_df.groupby("induk", sort=True).indices.items())

        def _satu(item, induk=induk, panjang=panjang, g=g, gt=gt, luas=luas):
            kode, idx = item
            jenis = "kota" if induk == "kabupaten" and int(kode[-2:]) >= 71 else induk
            return {
                "kode": kode,
                "nama": nama_induk.get(kode, f"{induk.title()} {kode}"),
                "tingkat": induk,
                "jenis": jenis,
                "kode_induk": kode[: panjang - 3],
                "kode_bps": None,
                "versi_kode": versi,
                "luas_ha": round(float(luas[idx].sum()), 2),
                "geom": _gabung(g[idx]),
                "geom_tampil": _gabung(gt[idx]),
            }

        with ThreadPoolExecutor(2) as ex:
            baris = list(ex.map(_satu, grup, chunksize=64))
        induk_df = pd.DataFrame(baris)
        total += referensi.sisipkan_wilayah(con, induk_df)
        mem = pd.concat(
            [
                mem,
                pd.DataFrame(
                    {
                        "kode": induk_df["kode"],
                        "tingkat": induk,
                        "luas_ha": induk_df["luas_ha"],
                        "g": induk_df["geom"],
                        "gt": induk_df["geom_tampil"],
                    }
                ),
            ],
            ignore_index=True,
        )
    return total
