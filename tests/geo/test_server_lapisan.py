"""Server mode for QGIS: GDAL/OGR (what QGIS uses) reads the published layers with SRID 4326 and right counts."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from geo.store import db
from tests.conftest import wajib_atau_lewati

pytestmark = pytest.mark.lambat


@pytest.fixture
def data_demo(data_backend):
    return data_backend


def _ogrinfo(url: str, *arg: str) -> str:
    """Run Debian's ogrinfo (GDAL with the PostgreSQL driver; the pyogrio wheel ships without it)."""
    pilihan, lapis = [a for a in arg if a.startswith("-")], [a for a in arg if not a.startswith("-")]
    perintah = ["ogrinfo", "-ro", *pilihan, f"PG:{url}", *lapis]
    return subprocess.run(perintah, capture_output=True, text=True, check=True).stdout


def test_lapisan_qgis_dibaca_gdal(data_demo):
    if not data_demo.server:
        pytest.skip("lapisan QGIS hanya ada di mode server")
    wajib_atau_lewati(shutil.which("ogrinfo") is not None, "ogrinfo (paket Debian gdal-bin) tidak terpasang")
    g = db.Gudang(data_demo)
    harap = {
        "usulan_verdik": g.df("SELECT count(*) AS n FROM kerja.usulan")["n"][0],
        "desa": g.df("SELECT count(*) AS n FROM ref.wilayah WHERE tingkat = 'desa'")["n"][0],
        "desa_indikator": g.df(
            "SELECT count(*) AS n FROM ref.indikator i JOIN ref.wilayah w ON w.kode = i.kode_wilayah "
            "WHERE w.tingkat = 'desa'"
        )["n"][0],
        "kegiatan_progres": g.df(
            "SELECT count(*) AS n FROM kerja.usulan WHERE tahap = 'kabupaten' AND status = 'diterima'"
        )["n"][0],
    }
    g.tutup()
    assert min(harap.values()) > 0
    daftar = _ogrinfo(data_demo.server, "-q")
    for nama in harap:
        assert f"lapisan.{nama}" in daftar
    for nama, n in harap.items():
        info = _ogrinfo(data_demo.server, "-so", f"lapisan.{nama}")
        assert f"Feature Count: {n}" in info, (nama, info[:400])
        assert re.search(r'ID\["EPSG",4326\]', info), (nama, info[:800])
    # the tables under them carry a spatial index (QGIS draws from it)
    con = db.koneksi(":memory:")
    try:
        from geo.store import server

        server.sambung(con, data_demo.server)
        indeks = {
            r[0]
            for r in con.execute(
                "SELECT * FROM postgres_query('kerja', 'SELECT indexname::text FROM pg_indexes "
                "WHERE indexdef ILIKE ''%USING gist%''')"
            ).fetchall()
        }
    finally:
        con.close()
    assert {"usulan_geom_gist", "wilayah_geom_gist", "wilayah_geom_tampil_gist"} <= indeks
