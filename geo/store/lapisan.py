"""QGIS/GDAL layers of server mode: PostGIS views in schema ``lapisan``.

Bappeda's GIS staff open the same data in QGIS (or GeoServer) straight from the server:
usulan with their spatial-conformity verdict, desa with their indicators (one feature per
desa × indicator × year: filter on ``indikator`` in QGIS), and funded activities with their
latest reported progress. Geometry columns are typed ``geometry(Geometry, 4326)`` (from the
tables, which carry a GiST index each), so GDAL/OGR and QGIS read the SRID from
``geometry_columns``. No personal data: the proposer's name, NIK/KK, contact and address are
left out, as in the public views.

The views are PostgreSQL-only (DuckDB files have no server to publish on); they are dropped
before a migration and created again after it, so migrations never trip over them.
"""

from __future__ import annotations

import duckdb

#: name -> SELECT of each published layer (PostgreSQL dialect, schemas referensi/data_kerja).
LAPISAN: dict[str, str] = {
    "usulan_verdik": """
SELECT u.id, u.tahun, u.jenis_usulan, u.kode_desa, u.kode_kecamatan, u.kode_kamus, u.uraian, u.volume, u.satuan,
       u.biaya, u.bidang, coalesce(u.opd_akhir, u.opd_awal) AS opd, u.sumber_dana, u.tahap, u.status,
       h.verdik, array_to_string(h.alasan, '; ') AS alasan_verdik, h.lindung, h.dihitung_pada AS verdik_dihitung,
       u.geom
FROM data_kerja.usulan u LEFT JOIN data_kerja.hasil_kesesuaian h ON h.usulan_id = u.id""",
    "desa": """
SELECT w.kode, w.nama, w.jenis, w.kode_induk AS kode_kecamatan, w.luas_ha, w.versi_kode, w.geom
FROM referensi.wilayah w WHERE w.tingkat = 'desa'""",
    "desa_indikator": """
SELECT w.kode, w.nama, w.kode_induk AS kode_kecamatan, i.tahun, i.indikator, m.nama AS nama_indikator, m.satuan,
       i.nilai, i.sumber, w.geom
FROM referensi.wilayah w
JOIN referensi.indikator i ON i.kode_wilayah = w.kode
LEFT JOIN referensi.indikator_meta m ON m.kode = i.indikator
WHERE w.tingkat = 'desa'""",
    "kegiatan_progres": """
SELECT u.id, u.tahun, u.kode_desa, u.kode_kecamatan, u.kode_kamus, u.uraian, coalesce(u.opd_akhir, u.opd_awal) AS opd,
       u.biaya, r.bulan AS bulan_terakhir, r.rencana_fisik, r.realisasi_fisik, r.rencana_keuangan,
       r.realisasi_keuangan, u.geom
FROM data_kerja.usulan u
LEFT JOIN LATERAL (
    SELECT * FROM data_kerja.realisasi x WHERE x.usulan_id = u.id AND x.tahun = u.tahun ORDER BY x.bulan DESC LIMIT 1
) r ON true
WHERE u.tahap = 'kabupaten' AND u.status = 'diterima'""",
}


def _jalankan(con: duckdb.DuckDBPyConnection, katalog: str, sql: str) -> None:
    con.execute(f"CALL postgres_execute('{katalog}', '{sql.replace(chr(39), chr(39) * 2)}')")


def hapus(con: duckdb.DuckDBPyConnection, katalog: str) -> None:
    """Drop the published views (before a migration changes the tables under them)."""
    _jalankan(con, katalog, "DROP SCHEMA IF EXISTS lapisan CASCADE")


def terbitkan(con: duckdb.DuckDBPyConnection, katalog: str) -> None:
    """(Re)create schema ``lapisan`` with every view of :data:`LAPISAN` in one statement batch (one transaction)."""
    teks = ["DROP SCHEMA IF EXISTS lapisan CASCADE; CREATE SCHEMA lapisan;"]
    teks += [f"CREATE VIEW lapisan.{nama} AS {sql};" for nama, sql in LAPISAN.items()]
    _jalankan(con, katalog, "\n".join(teks))
