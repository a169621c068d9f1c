"""The public reader behind Lacak Usulan: both database files attached READ_ONLY, a fixed set of queries.

The public entry point (``make public``, ``pages/publik/lacak.py``) may face the internet, so it does
not use :class:`geo.store.db.Gudang` (which can open ``kerja`` for writing). :class:`PembacaPublik`
attaches ``referensi.duckdb`` and ``kerja.duckdb`` with ``READ_ONLY`` — a write through it fails in
DuckDB itself — and offers only the queries below, each selecting the public columns declared in
:mod:`geo.domain.lacak`. ``kerja`` is attached for one query at a time (like the app does), so the
working app and the CLI can take the write lock between two public reads.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import duckdb
import geopandas as gpd
import pandas as pd

from geo.domain.lacak import KOLOM_KEPUTUSAN_LACAK, KOLOM_LACAK, KOLOM_REALISASI_LACAK
from geo.errors import BasisDataSibuk, KesalahanBasisData
from geo.settings import CRS_SIMPAN, BerkasData
from geo.store import db, server
from geo.store.renja import jejak_con

_KOLOM_U = ", ".join(f"u.{k}" for k in KOLOM_LACAK)

#: Funded activities (accepted at the kabupaten forum) with their latest reported physical progress.
_KEGIATAN = f"""
WITH lapor AS (
    SELECT usulan_id, arg_max(realisasi_fisik, tahun * 100 + bulan) AS realisasi_fisik,
           arg_max(rencana_fisik, tahun * 100 + bulan) AS rencana_fisik,
           max(tahun * 100 + bulan) % 100 AS bulan
    FROM kerja.realisasi WHERE realisasi_fisik IS NOT NULL GROUP BY usulan_id
)
SELECT {_KOLOM_U}, d.nama AS desa, k.nama AS kecamatan, coalesce(u.opd_akhir, u.opd_awal) AS opd,
       l.realisasi_fisik, l.rencana_fisik, l.bulan, ST_AsWKB(u.geom) AS wkb
FROM kerja.usulan u
LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
LEFT JOIN ref.wilayah k ON k.kode = u.kode_kecamatan
LEFT JOIN lapor l ON l.usulan_id = u.id
WHERE u.tahap = 'kabupaten' AND u.status = 'diterima' AND u.tahun = ? AND starts_with(u.kode_desa, ? || '.')
ORDER BY u.id
"""


class PembacaPublik:
    """Read-only access for the public page: nothing but the queries of this class.

    Parameters
    ----------
    berkas : BerkasData
        The data folder (the same one the working app uses).
    tunggu : float
        Seconds to wait while another process holds a file's write lock.
    """

    def __init__(self, berkas: BerkasData, tunggu: float = 10.0):
        self.berkas = berkas
        self.tunggu = tunggu
        self._kunci = threading.RLock()
        self._con = db.koneksi(":memory:")
        if berkas.server:  # server mode: the shared database, attached read-only
            server.sambung(self._con, berkas.server, berkas.folder, baca_saja=True)
            server.periksa_versi(self._con, berkas.server)

    def _attach(self, path, nama: str) -> None:
        if not path.exists():
            raise KesalahanBasisData(f"Basis data {path.name} belum tersedia; halaman publik belum dapat dibuka.")
        batas = time.monotonic() + self.tunggu
        while True:
            try:
                self._con.execute(f"ATTACH '{path}' AS {nama} (READ_ONLY)")
                return
            except duckdb.Error as e:
                if "lock" in str(e).lower() and time.monotonic() < batas:
                    time.sleep(0.2)
                    continue
                if "lock" in str(e).lower():
                    raise BasisDataSibuk("Data sedang diperbarui; coba lagi sebentar lagi.") from e
                raise KesalahanBasisData(
                    f"Basis data {path.name} tidak dapat dibaca; hubungi Bappeda pengelola aplikasi."
                ) from e

    @contextlib.contextmanager
    def sesi(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield a cursor with ``ref`` and ``kerja`` attached READ_ONLY (detached afterwards)."""
        with self._kunci:
            if self.berkas.server:
                with server.sesi(self._con, self.berkas.server, tulis=False) as cur:
                    yield cur
                return
            self._attach(self.berkas.referensi, "ref")
            try:
                self._attach(self.berkas.kerja, "kerja")
                cur = self._con.cursor()
                try:
                    yield cur
                finally:
                    cur.close()
                    self._con.execute("USE memory")
                    self._con.execute("DETACH kerja")
            finally:
                self._con.execute("USE memory")
                self._con.execute("DETACH DATABASE IF EXISTS ref")

    def _df(self, sql: str, params: list) -> pd.DataFrame:
        with self.sesi() as con:
            return con.execute(sql, params).df()

    def kabupaten(self) -> pd.DataFrame:
        """Kabupaten/kota with usulan: ``kode``, ``nama``, ``sintetis`` (demo data)."""
        return self._df(
            "SELECT kode, nama, contains(versi_kode, 'sintetis') AS sintetis FROM ref.wilayah "
            "WHERE tingkat = 'kabupaten' ORDER BY kode",
            [],
        )

    def wilayah(self, kode_kabupaten: str) -> pd.DataFrame:
        """Kecamatan and desa of a kabupaten: ``kode``, ``nama``, ``tingkat``, ``kode_induk`` (no geometry)."""
        return self._df(
            "SELECT kode, nama, tingkat, kode_induk FROM ref.wilayah "
            "WHERE tingkat IN ('kecamatan', 'desa') AND starts_with(kode, ? || '.') ORDER BY kode",
            [kode_kabupaten],
        )

    def usulan(self, usulan_id: int) -> dict | None:
        """One usulan's public fields (:data:`geo.domain.lacak.KOLOM_LACAK`) with desa, kecamatan and OPD names."""
        with self.sesi() as con:
            cur = con.execute(
                f"SELECT {_KOLOM_U}, d.nama AS desa, k.nama AS kecamatan, coalesce(u.opd_akhir, u.opd_awal) AS opd "
                "FROM kerja.usulan u LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa "
                "LEFT JOIN ref.wilayah k ON k.kode = u.kode_kecamatan WHERE u.id = ?",
                [int(usulan_id)],
            )
            r = cur.fetchone()
            return None if r is None else dict(zip([c[0] for c in cur.description], r, strict=True))

    def usulan_desa(self, kode_desa: str) -> pd.DataFrame:
        """The usulan of one desa, newest year first: ``id``, ``tahun``, ``uraian``, ``tahap``, ``status``."""
        return self._df(
            "SELECT id, tahun, uraian, tahap, status FROM kerja.usulan WHERE kode_desa = ? ORDER BY tahun DESC, id",
            [kode_desa],
        )

    def keputusan(self, usulan_id: int) -> pd.DataFrame:
        """Every forum decision on one usulan (undone ones included), without who recorded it."""
        kolom = ", ".join(KOLOM_KEPUTUSAN_LACAK)
        return self._df(f"SELECT {kolom} FROM kerja.keputusan WHERE usulan_id = ? ORDER BY waktu", [int(usulan_id)])

    def anggaran(self, usulan_id: int) -> dict[str, pd.DataFrame]:
        """The budget steps of one usulan (Renja, DPA, realisasi; :func:`geo.store.renja.jejak_con`)."""
        with self.sesi() as con:
            return jejak_con(con, usulan_id)

    def realisasi(self, usulan_id: int) -> pd.DataFrame:
        """Monthly physical progress of one activity (plan and actual %, no notes, no names)."""
        kolom = ", ".join(KOLOM_REALISASI_LACAK)
        return self._df(
            f"SELECT {kolom} FROM kerja.realisasi WHERE usulan_id = ? ORDER BY tahun, bulan", [int(usulan_id)]
        )

    def tahun_didanai(self, kode_kabupaten: str) -> list[int]:
        """Budget years with funded activities in a kabupaten, newest first."""
        df = self._df(
            "SELECT DISTINCT tahun FROM kerja.usulan WHERE tahap = 'kabupaten' AND status = 'diterima' "
            "AND starts_with(kode_desa, ? || '.') ORDER BY tahun DESC",
            [kode_kabupaten],
        )
        return [int(t) for t in df["tahun"]]

    def kegiatan_didanai(self, kode_kabupaten: str, tahun: int) -> gpd.GeoDataFrame:
        """Funded activities of a year with their latest reported progress and geometry (EPSG:4326)."""
        df = self._df(_KEGIATAN, [int(tahun), kode_kabupaten])
        wkb = df.pop("wkb")
        geom = gpd.GeoSeries.from_wkb(wkb.map(bytes), crs=CRS_SIMPAN) if len(df) else gpd.GeoSeries([], crs=CRS_SIMPAN)
        return gpd.GeoDataFrame(df, geometry=geom.values, crs=CRS_SIMPAN)

    def kecamatan_gdf(self, kode_kabupaten: str) -> gpd.GeoDataFrame:
        """Display polygons of the kecamatan of a kabupaten: ``kode``, ``nama``, geometry."""
        df = self._df(
            "SELECT kode, nama, ST_AsWKB(geom_tampil) AS wkb FROM ref.wilayah "
            "WHERE tingkat = 'kecamatan' AND starts_with(kode, ? || '.') ORDER BY kode",
            [kode_kabupaten],
        )
        wkb = df.pop("wkb")
        geom = gpd.GeoSeries.from_wkb(wkb.map(bytes), crs=CRS_SIMPAN) if len(df) else gpd.GeoSeries([], crs=CRS_SIMPAN)
        return gpd.GeoDataFrame(df, geometry=geom.values, crs=CRS_SIMPAN)

    def tutup(self) -> None:
        """Close the connection."""
        self._con.close()
