"""Spatial-plan layers and conformity results in the store.

Reads the zoning, overlay, ITBX and land layers a check needs, the usulan to check (only
the stale ones), and stores and reads the results with the data version they were made with.
"""

from __future__ import annotations

import hashlib
import json

import geopandas as gpd
import pandas as pd
import shapely

from geo.domain.kesesuaian import JENIS_TATA_RUANG, LapisanTataRuang
from geo.store.db import Gudang
from geo.store.kueri import gdf_kueri


def versi_tata_ruang(gudang: Gudang) -> str:
    """Signature of the zoning/overlay/ITBX/land loads (changes when any of them is reloaded)."""
    df = gudang.df(
        "SELECT id, jenis, hash FROM ref.riwayat_muat WHERE list_contains(?, jenis) ORDER BY id",
        [list(JENIS_TATA_RUANG)],
    )
    teks = "|".join(f"{r.id}:{r.jenis}:{r.hash}" for r in df.itertuples())
    return hashlib.sha1(teks.encode()).hexdigest()[:16]


def muat_lapisan(
    gudang, kode_kabupaten: str | None = None, batas: tuple[float, float, float, float] | None = None
) -> LapisanTataRuang:
    """Read the spatial-plan layers that intersect a kabupaten (or a lon/lat box) from the store."""
    if batas is not None:
        kode_kabupaten = None
        kotak = "ST_MakeEnvelope(?, ?, ?, ?)"
    else:
        kotak = "(SELECT geom FROM ref.wilayah WHERE kode = ?)"
    syarat = f"ST_Intersects(t.geom, {kotak})"
    par = list(batas) if batas is not None else [kode_kabupaten]
    return LapisanTataRuang(
        pola=gdf_kueri(
            gudang,
            f"SELECT id, namobj, kodkws, kawasan, ST_AsWKB(geom) wkb FROM ref.pola_ruang t WHERE {syarat} ORDER BY id",
            par,
        ),
        zonasi=gdf_kueri(
            gudang,
            f"SELECT id, kode_zona, nama_zona, matriks, ST_AsWKB(geom) wkb FROM ref.zonasi t "
            f"WHERE {syarat} ORDER BY id",
            par,
        ),
        overlay=gdf_kueri(
            gudang,
            f"SELECT id, jenis, kelas, nama, ST_AsWKB(geom) wkb FROM ref.overlay t WHERE {syarat} "
            "AND jenis <> 'fasilitas' ORDER BY id",
            par,
        ),
        lahan=gdf_kueri(
            gudang,
            f"SELECT id, status, ST_AsWKB(geom) wkb FROM ref.lahan t WHERE {syarat} ORDER BY id",
            par,
        ),
        itbx=gudang.df("SELECT matriks, kode_kegiatan, kode_zona, nilai FROM ref.itbx"),
        padanan=gudang.df("SELECT matriks, kelas_kegiatan, kode_kegiatan FROM ref.padanan_kegiatan"),
        nama_kegiatan=dict(gudang.df("SELECT kode, nama FROM ref.kelas_kegiatan").itertuples(index=False)),
        versi=versi_tata_ruang(gudang),
    )


#: An usulan whose result is missing, or older than the usulan or than the zoning data (``?`` = data version).
_USANG = "(h.usulan_id IS NULL OR h.versi_usulan <> u.versi OR h.versi_tata_ruang <> ?)"


def usulan_periksa(
    gudang: Gudang, kode_kabupaten: str, ids: list[int] | None, tahun: int | None, usang_terhadap: str | None
) -> gpd.GeoDataFrame:
    """Usulan to check; with ``usang_terhadap`` (a data version) only those whose result is stale."""
    sql = """
        SELECT u.id, u.versi, coalesce(k.kelas_kegiatan, 'tidak_dikenal') AS kelas_kegiatan, u.status_lahan,
               ST_AsWKB(u.geom) wkb
        FROM kerja.usulan u LEFT JOIN ref.kamus_usulan k ON k.kode = u.kode_kamus
        LEFT JOIN kerja.hasil_kesesuaian h ON h.usulan_id = u.id
        WHERE starts_with(u.kode_desa, ? || '.')
    """
    par: list = [kode_kabupaten]
    if usang_terhadap is not None:
        sql += f" AND {_USANG}"
        par.append(usang_terhadap)
    if ids is not None:
        sql += " AND list_contains(?, u.id)"
        par.append([int(i) for i in ids])
    if tahun is not None:
        sql += " AND u.tahun = ?"
        par.append(int(tahun))
    return gdf_kueri(gudang, sql + " ORDER BY u.id", par)


def jumlah_usang(gudang, kode_kabupaten: str, tahun: int) -> int:
    """How many usulan of a year have no result or a stale one."""
    return int(
        gudang.df(
            f"""
            SELECT count(*) n FROM kerja.usulan u LEFT JOIN kerja.hasil_kesesuaian h ON h.usulan_id = u.id
            WHERE u.tahun = ? AND starts_with(u.kode_desa, ? || '.') AND {_USANG}
            """,
            [tahun, kode_kabupaten, versi_tata_ruang(gudang)],
        )["n"][0]
    )


def bagian_zona_duckdb(gudang, usulan: gpd.GeoDataFrame, crs: str) -> pd.DataFrame:
    """Zone shares computed by DuckDB spatial (for the differential test against :func:`bagian`).

    Returns
    -------
    DataFrame
        ``id`` (usulan), ``zona_id``, ``bagian``.
    """
    df = pd.DataFrame({"id": usulan["id"].to_numpy(), "wkb": shapely.to_wkb(usulan.geometry.values)})
    with gudang.sesi() as con:
        con.register("_u", df)
        try:
            return con.execute(
                f"""
                WITH u AS (SELECT id, ST_Transform(ST_GeomFromWKB(wkb), 'EPSG:4326', '{crs}', always_xy := true) g
                           FROM _u),
                     z AS (SELECT id, ST_Transform(geom, 'EPSG:4326', '{crs}', always_xy := true) g FROM ref.zonasi)
                SELECT u.id, z.id AS zona_id,
                       CASE WHEN ST_Dimension(u.g) = 0 THEN 1.0
                            WHEN ST_Dimension(u.g) = 1 THEN ST_Length(ST_Intersection(u.g, z.g)) / ST_Length(u.g)
                            ELSE ST_Area(ST_Intersection(u.g, z.g)) / ST_Area(u.g) END AS bagian
                FROM u JOIN z ON ST_Intersects(u.g, z.g)
                ORDER BY u.id, z.id
                """
            ).df()
        finally:
            con.unregister("_u")


def sidik_hasil(gudang: Gudang, kode_kabupaten: str, tahun: int) -> tuple:
    """A cheap signature of a year's usulan and their stored results.

    It changes whenever :func:`baca_hasil` would return something else: an usulan added, edited
    or decided (every such write bumps ``versi`` and ``diubah_pada``) or a result recomputed.
    """
    with gudang.sesi() as con:
        return tuple(
            con.execute(
                """
                SELECT count(*), sum(u.versi), max(u.diubah_pada), count(h.usulan_id), max(h.dihitung_pada)
                FROM kerja.usulan u LEFT JOIN kerja.hasil_kesesuaian h ON h.usulan_id = u.id
                WHERE u.tahun = ? AND starts_with(u.kode_desa, ? || '.')
                """,
                [tahun, kode_kabupaten],
            ).fetchone()
            or ()
        )


def baca_hasil(gudang, kode_kabupaten: str, tahun: int, sejak=None) -> gpd.GeoDataFrame:
    """Stored results of a year's usulan with what the pages show and filter on (no personal data).

    ``sejak`` (a timestamp): only the usulan edited or decided, or whose result was computed, after
    it — what changed since an earlier read whose newest ``diubah_pada``/``dihitung_pada`` it is.
    Writes to the kerja file are serialised (one writer at a time, each stamped when its
    transaction starts), so a write after that read carries a later time.
    """
    hasil = gdf_kueri(
        gudang,
        """
        SELECT u.id, u.uraian, u.kode_desa, d.nama AS desa, u.kode_kecamatan, k.nama AS kecamatan,
               coalesce(u.opd_akhir, u.opd_awal) AS opd, u.tahap, u.status, u.biaya, u.volume, u.harga_satuan,
               u.status_lahan, u.gambar_teknis, u.rab, u.sertifikat, coalesce(km.kelas_kegiatan, '') AS kelas_kegiatan,
               km.nama AS item_kamus, h.verdik, h.alasan, h.zona, h.lindung, h.status_lahan_peta, h.lahan_cocok,
               h.catatan_lahan, h.jarak_akses_m, h.versi_tata_ruang, h.dihitung_pada, u.diubah_pada,
               ST_AsWKB(u.geom) AS wkb
        FROM kerja.usulan u
        JOIN kerja.hasil_kesesuaian h ON h.usulan_id = u.id
        LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
        LEFT JOIN ref.wilayah k ON k.kode = u.kode_kecamatan
        LEFT JOIN ref.kamus_usulan km ON km.kode = u.kode_kamus
        WHERE u.tahun = ? AND starts_with(u.kode_desa, ? || '.')
          AND (CAST(? AS TIMESTAMP) IS NULL OR u.diubah_pada > ? OR h.dihitung_pada > ?)
        ORDER BY u.id
        """,
        [tahun, kode_kabupaten, sejak, sejak, sejak],
    )
    hasil["zona"] = [json.loads(z) if isinstance(z, str) else list(z) for z in hasil["zona"]]
    hasil["alasan"] = [list(a) for a in hasil["alasan"]]
    return hasil


def gabung_hasil(lama: gpd.GeoDataFrame, baru: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """An earlier :func:`baca_hasil` frame brought up to date with the rows read ``sejak`` it (by id)."""
    if baru.empty:
        return lama
    tetap = lama[~lama["id"].isin(baru["id"])]
    return pd.concat([tetap, baru], ignore_index=True).sort_values("id", kind="stable").reset_index(drop=True)


def simpan_hasil(gudang: Gudang, hasil: pd.DataFrame) -> None:
    """Replace the stored results of the usulan in ``hasil`` (one transaction)."""
    with gudang.sesi(tulis=True) as con:
        con.register("_hasil", hasil)
        try:
            con.execute(
                "DELETE FROM kerja.hasil_kesesuaian USING _hasil WHERE hasil_kesesuaian.usulan_id = _hasil.usulan_id"
            )
            con.execute(
                "INSERT INTO kerja.hasil_kesesuaian (usulan_id, versi_usulan, versi_tata_ruang, verdik, alasan, zona, "
                "lindung, status_lahan_peta, lahan_cocok, catatan_lahan, jarak_akses_m, dihitung_pada) "
                "SELECT usulan_id, versi_usulan, versi_tata_ruang, verdik, alasan, zona::JSON, lindung, "
                "status_lahan_peta, lahan_cocok, catatan_lahan, jarak_akses_m, dihitung_pada FROM _hasil"
            )
        finally:
            con.unregister("_hasil")
