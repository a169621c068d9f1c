"""Usulan in the store: location, duplicate candidates, inserts, decisions, carry-over, history.

Every statement binds its parameters. Writes take the caller's write connection (from
:meth:`geo.store.db.Gudang.sesi` with ``tulis=True`` or :func:`geo.store.db.transaksi_kerja`)
so a use case composes several of them in one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain.crs import crs_utm
from geo.domain.definitions import JENIS_PAGU, KELOMPOK_FORUM
from geo.domain.usulan import KOLOM_SIDIK, KOLOM_TERSIMPAN
from geo.settings import CRS_SIMPAN
from geo.store import db, rahasia
from geo.store.db import Gudang
from geo.store.server import nomor_baru
from geo.store.tulis import catat_audit


@dataclass(frozen=True)
class Lokasi:
    """Where a geometry falls: the desa holding it (or most of it) and its kecamatan.

    ``jarak_m`` is 0 when the geometry touches the desa, else its distance in metres
    (only within the caller's tolerance, see :func:`lokasi_usulan`).
    """

    kode_desa: str
    nama_desa: str
    kode_kecamatan: str
    nama_kecamatan: str
    bagian: float  # share of the geometry (length/area) in that desa, 1.0 for a point
    jarak_m: float = 0.0


#: Metres per degree of latitude (the smallest, at the equator): bounds a tolerance search in degrees.
_M_PER_DERAJAT = 110_574.0


def lokasi_usulan(
    gudang: Gudang | duckdb.DuckDBPyConnection,
    geom: shapely.Geometry | None,
    kode_kabupaten: str | None,
    toleransi_m: float = 0.0,
) -> Lokasi | None:
    """Derive the desa and kecamatan of an usulan geometry inside a kabupaten.

    A point takes the desa containing it; a point exactly on a border takes the desa with
    the lower code (declared rule). A line takes the desa holding the largest share of its
    length, a polygon the largest share of its area. A geometry touching no desa but
    within ``toleransi_m`` metres of one (a pin just past a simplified coastline or
    kabupaten edge) takes the nearest; "outside the kabupaten" is thus judged against the
    union of its loaded desa, never a kabupaten polygon from another source.

    Parameters
    ----------
    gudang : Gudang or duckdb.DuckDBPyConnection
        The store, or a connection with reference data attached as ``ref``.
    geom : shapely.Geometry
        The usulan geometry (EPSG:4326).
    kode_kabupaten : str or None
        Kemendagri kabupaten code, e.g. ``"99.01"``; None searches every loaded desa.
    toleransi_m : float
        Largest distance (metres, in the local UTM zone) to a desa for a geometry touching none.

    Returns
    -------
    Lokasi or None
        None when the geometry is farther than ``toleransi_m`` from every desa of the kabupaten.
    """
    if isinstance(gudang, Gudang):
        with gudang.sesi() as con:
            return lokasi_usulan_banyak(con, [geom], kode_kabupaten, toleransi_m)[0]
    return lokasi_usulan_banyak(gudang, [geom], kode_kabupaten, toleransi_m)[0]


def lokasi_usulan_banyak(
    con: duckdb.DuckDBPyConnection,
    geoms: Sequence[shapely.Geometry | None],
    kode_kabupaten: str | Sequence[str | None] | None,
    toleransi_m: float = 0.0,
) -> list[Lokasi | None]:
    """:func:`lokasi_usulan` for many geometries in one query (an import of thousands of rows).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        A connection with reference data attached as ``ref``.
    geoms : sequence of shapely.Geometry or None
        Geometries (EPSG:4326); None or empty gives None.
    kode_kabupaten : str, None, or a sequence of them
        One kabupaten for all, or one per geometry (None: every loaded desa).
    toleransi_m : float
        As in :func:`lokasi_usulan`.

    Returns
    -------
    list of Lokasi or None
        In the order of ``geoms``.
    """
    n = len(geoms)
    kab = [kode_kabupaten] * n if kode_kabupaten is None or isinstance(kode_kabupaten, str) else list(kode_kabupaten)
    hasil: list[Lokasi | None] = [None] * n
    ada = [i for i, g in enumerate(geoms) if g is not None and not g.is_empty]
    if not ada:
        return hasil
    g_ada = [geoms[i] for i in ada]
    lintang = np.abs(shapely.bounds(np.asarray(g_ada, dtype=object))[:, [1, 3]]).max(axis=1)
    # a search radius in degrees that surely covers toleransi_m in both directions (then measured in metres)
    m_per_derajat = np.minimum(_M_PER_DERAJAT, 111_320.0 * np.cos(np.radians(np.minimum(lintang, 80.0))))
    masukan = pd.DataFrame(
        {
            "i": ada,
            "kab": [kab[i] for i in ada],
            "wkb": [shapely.to_wkb(g, output_dimension=2) for g in g_ada],
            "radius": 1.1 * toleransi_m / m_per_derajat,
        }
    )
    con.register("_lokasi_masukan", masukan)
    try:
        kena = con.execute(
            """
            WITH g AS (SELECT i, kab, ST_GeomFromWKB(wkb) AS geom FROM _lokasi_masukan)
            SELECT g.i, d.kode, d.nama, d.kode_induk, k.nama AS nama_kec,
                   CASE ST_Dimension(g.geom)
                     WHEN 0 THEN 1.0
                     WHEN 1 THEN ST_Length(ST_Intersection(d.geom, g.geom)) / nullif(ST_Length(g.geom), 0)
                     ELSE ST_Area(ST_Intersection(d.geom, g.geom)) / nullif(ST_Area(g.geom), 0)
                   END AS bagian
            FROM g JOIN ref.wilayah d
              ON d.tingkat = 'desa' AND (g.kab IS NULL OR starts_with(d.kode, g.kab || '.'))
             AND ST_Intersects(d.geom, g.geom)
            JOIN ref.wilayah k ON k.kode = d.kode_induk
            QUALIFY row_number() OVER (PARTITION BY g.i ORDER BY bagian DESC NULLS LAST, d.kode) = 1
            """
        ).fetchall()
        for i, kode, nama, induk, nama_kec, bagian in kena:
            hasil[i] = Lokasi(kode, nama, induk, nama_kec, float(bagian or 0))
        sisa = [i for i in ada if hasil[i] is None]
        dekat = []
        if sisa and toleransi_m > 0:
            dekat = con.execute(
                """
                WITH g AS (SELECT i, kab, radius, ST_GeomFromWKB(wkb) AS geom FROM _lokasi_masukan
                           WHERE list_contains(?, i))
                SELECT g.i, d.kode, d.nama, d.kode_induk, k.nama AS nama_kec, ST_AsWKB(d.geom) AS wkb
                FROM g JOIN ref.wilayah d
                  ON d.tingkat = 'desa' AND (g.kab IS NULL OR starts_with(d.kode, g.kab || '.'))
                 AND ST_DWithin(d.geom, g.geom, g.radius)
                JOIN ref.wilayah k ON k.kode = d.kode_induk
                ORDER BY g.i, d.kode
                """,
                [sisa],
            ).fetchall()
    finally:
        con.unregister("_lokasi_masukan")
    calon: dict[int, list[tuple]] = {}
    for i, *baris in dekat:
        calon.setdefault(i, []).append(tuple(baris))
    for i, daftar in calon.items():
        jarak = _jarak_m(geoms[i], [shapely.from_wkb(bytes(b[-1])) for b in daftar])
        j = min(range(len(daftar)), key=lambda k: (jarak[k], daftar[k][0]))
        if jarak[j] <= toleransi_m:
            kode, nama, induk, nama_kec, _ = daftar[j]
            hasil[i] = Lokasi(kode, nama, induk, nama_kec, 0.0, float(jarak[j]))
    return hasil


def _jarak_m(geom: shapely.Geometry, lain: list[shapely.Geometry]) -> list[float]:
    """Distances in metres from ``geom`` to each of ``lain`` (EPSG:4326), in the UTM zone of ``geom``."""
    seri = gpd.GeoSeries([geom, *lain], crs=CRS_SIMPAN)
    metrik = seri.to_crs(crs_utm(seri.iloc[:1]))
    return [float(d) for d in metrik.iloc[1:].distance(metrik.iloc[0])]


def kecamatan_desa(gudang: Gudang, kode_desa: str) -> str | None:
    """The kecamatan code of a loaded desa, or None when the desa is not loaded."""
    r = gudang.df("SELECT kode_induk FROM ref.wilayah WHERE kode = ? AND tingkat = 'desa'", [kode_desa])
    return None if r.empty else str(r["kode_induk"].iloc[0])


def usulan_pembanding(
    con: duckdb.DuckDBPyConnection, tahun: int, tahun_didanai: int, batas: tuple[float, float, float, float]
) -> pd.DataFrame:
    """Usulan to compare new ones with: the same year, or funded in the previous ``tahun_didanai`` years.

    Only those whose bounding box meets ``batas`` (lon/lat, already widened by the caller).

    Returns
    -------
    DataFrame
        ``id``, ``tahun``, ``kode_kamus``, ``uraian``, ``desa``, ``tahap``, ``status``, ``geometry`` (shapely).
    """
    minx, miny, maxx, maxy = batas
    lama = con.execute(
        """
        SELECT u.id, u.tahun, u.kode_kamus, u.uraian, d.nama AS desa, u.tahap, u.status, ST_AsWKB(u.geom) AS wkb
        FROM kerja.usulan u LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
        WHERE (u.tahun = ? OR (u.tahun BETWEEN ? AND ? AND u.tahap = 'kabupaten' AND u.status = 'diterima'))
          AND ST_XMax(u.geom) >= ? AND ST_XMin(u.geom) <= ? AND ST_YMax(u.geom) >= ? AND ST_YMin(u.geom) <= ?
        """,
        [tahun, tahun - tahun_didanai, tahun - 1, minx, maxx, miny, maxy],
    ).df()
    lama["geometry"] = [shapely.from_wkb(bytes(b)) for b in lama.pop("wkb")]
    return lama


def sisipkan_usulan(
    con: duckdb.DuckDBPyConnection, baris: pd.DataFrame, aksi: str, alasan: list[str | None]
) -> list[int]:
    """Insert new usulan rows (from :func:`geo.domain.usulan.baris_usulan`) and one audit row each.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The caller's write connection.
    baris : DataFrame
        Stored fields, ``geom`` holding shapely geometries; ``id``, ``versi`` and timestamps are set here.
    aksi : str
        Audit action (``buat`` from the form, ``impor`` from a file).
    alasan : list of str or None
        Audit note per row.

    Returns
    -------
    list of int
        The new ids, in row order.
    """
    df = pd.DataFrame(baris).copy()
    for kolom in KOLOM_SIDIK:  # identity numbers are never stored in clear (geo.store.rahasia)
        if kolom in df and df[kolom].notna().any():
            folder = rahasia.folder_kerja(con)
            rahasia.periksa_kunci(con, folder)
            df[kolom] = [rahasia.sidik_nik(folder, n) for n in df[kolom]]
    ids = nomor_baru(con, "usulan_id", len(df))
    sekarang = pd.Timestamp.now().floor("s")
    df.insert(0, "id", ids)
    df["versi"] = 1
    df["dibuat_pada"] = sekarang
    df["diubah_pada"] = sekarang
    db.sisipkan(con, "kerja.usulan", df[[k for k in KOLOM_TERSIMPAN if k in df]], ("geom",))
    for uid, tahap, a in zip(ids, df["tahap"], alasan, strict=True):
        catat_audit(
            con,
            str(df["dibuat_oleh"].iloc[0]),
            "usulan",
            str(uid),
            aksi,
            None,
            {"tahap": tahap, "status": "diajukan"},
            a,
        )
    return [int(i) for i in ids]


def kode_sumber_ada(con: duckdb.DuckDBPyConnection) -> set[str]:
    """SIPD ids already imported (an import skips them, so a file loaded twice adds nothing)."""
    return {r[0] for r in con.execute("SELECT kode_sumber FROM kerja.usulan WHERE kode_sumber IS NOT NULL").fetchall()}


def catat_keputusan(
    con: duckdb.DuckDBPyConnection,
    usulan_id: int,
    tahap: str,
    keputusan: str,
    alasan: str,
    nilai: float | None,
    oleh: str,
) -> None:
    """Append a forum decision to ``kerja.keputusan`` (the usulan row itself goes through the versioned write)."""
    con.execute(
        "INSERT INTO kerja.keputusan VALUES (?, ?, ?, ?, ?, ?, current_localtimestamp())",
        [usulan_id, tahap, keputusan, alasan, nilai, oleh],
    )


def baris_untuk_keputusan(con: duckdb.DuckDBPyConnection, usulan_id: int) -> dict | None:
    """What a forum decision needs to know of an usulan: tier, year, cost and the columns naming its forum."""
    cur = con.execute(
        "SELECT tahap, tahun, biaya, kode_desa, kode_kecamatan, opd_awal, opd_akhir FROM kerja.usulan WHERE id = ?",
        [usulan_id],
    )
    r = cur.fetchone()
    return None if r is None else dict(zip([c[0] for c in cur.description], r, strict=True))


def verdik_tersimpan(con: duckdb.DuckDBPyConnection, usulan_id: int) -> str | None:
    """The stored conformity verdict of an usulan (None when it was never checked)."""
    r = con.execute("SELECT verdik FROM kerja.hasil_kesesuaian WHERE usulan_id = ?", [usulan_id]).fetchone()
    return None if r is None else str(r[0])


def pagu_forum(
    con: duckdb.DuckDBPyConnection, tahun: int, tahap: str, forum: str, kode_kabupaten: str
) -> tuple[float | None, float]:
    """A forum's pagu and what it has committed: (pagu or None without one, cost accepted at the tier so far).

    Read inside the caller's transaction, so decisions earlier in the same batch count.
    """
    jenis = JENIS_PAGU[tahap]
    if jenis is None:
        return None, 0.0
    r = con.execute("SELECT nilai FROM kerja.pagu WHERE tahun = ? AND jenis = ? AND kode = ?", [tahun, jenis, forum])
    pagu = r.fetchone()
    kolom = {"opd": "coalesce(u.opd_akhir, u.opd_awal)"}.get(KELOMPOK_FORUM[tahap], f"u.{KELOMPOK_FORUM[tahap]}")
    terpakai = db.skalar(
        con,
        f"""
        SELECT coalesce(sum(u.biaya), 0) FROM kerja.usulan u
        WHERE u.tahun = ? AND {kolom} = ? AND starts_with(u.kode_desa, ?)
          AND NOT (u.tahap = ? AND u.status = 'diajukan')  -- sent back and waiting again: not committed
          AND u.id IN (
            SELECT usulan_id FROM kerja.keputusan WHERE tahap = ?
            GROUP BY usulan_id HAVING arg_max(status, waktu) = 'diterima')
        """,
        [tahun, forum, kode_kabupaten + ".", tahap, tahap],
    )
    return (None if pagu is None else float(pagu[0])), float(terpakai)


def lanjutan(con: duckdb.DuckDBPyConnection, usulan_id: int) -> int | None:
    """The id of next year's copy of a deferred usulan (``kode_sumber = 'lanjut:<id>'``), if it was carried over."""
    r = con.execute("SELECT id FROM kerja.usulan WHERE kode_sumber = ?", [f"lanjut:{usulan_id}"]).fetchone()
    return None if r is None else int(r[0])


def keputusan_terakhir(con: duckdb.DuckDBPyConnection, usulan_id: int) -> tuple[str, str] | None:
    """The latest decision row of an usulan: (tier, status), or None when never decided."""
    r = con.execute(
        "SELECT tahap, status FROM kerja.keputusan WHERE usulan_id = ? ORDER BY waktu DESC LIMIT 1", [usulan_id]
    ).fetchone()
    return None if r is None else (str(r[0]), str(r[1]))


def bawa_ke_tahun_depan(con: duckdb.DuckDBPyConnection, ids: list[int], oleh: str) -> tuple[list[str], dict[int, int]]:
    """Copy deferred usulan into next year's cycle (``kode_sumber = 'lanjut:<id>'``), audited both ways.

    Returns
    -------
    (list of str, dict)
        The ids (as ``#id``) that are not deferred — nothing is written when any is — and
        old id -> new id for those carried now (an usulan already carried is skipped).
    """
    baris = con.execute(
        "SELECT id, tahun, lanjut_tahun_depan FROM kerja.usulan WHERE list_contains(?, id)", [[int(i) for i in ids]]
    ).fetchall()
    bukan = [f"#{i}" for i, _, lanjut in baris if not lanjut]
    if bukan:
        return bukan, {}
    tetap = (
        "id",
        "tahun",
        "status",
        "lanjut_tahun_depan",
        "versi",
        "dibuat_oleh",
        "dibuat_pada",
        "diubah_pada",
        "kode_sumber",
        "geom",
    )
    daftar = ", ".join([k for k in KOLOM_TERSIMPAN if k not in tetap] + ["geom"])
    hasil = {}
    for uid, tahun, _ in baris:
        sumber = f"lanjut:{uid}"
        if con.execute("SELECT 1 FROM kerja.usulan WHERE kode_sumber = ?", [sumber]).fetchone():
            continue
        baru = nomor_baru(con, "usulan_id")[0]
        con.execute(
            f"INSERT INTO kerja.usulan (id, {daftar}, tahun, status, lanjut_tahun_depan, versi, dibuat_oleh, "
            "dibuat_pada, diubah_pada, kode_sumber) "
            f"SELECT ?, {daftar}, tahun + 1, 'diajukan', false, 1, ?, current_localtimestamp(), "
            "current_localtimestamp(), ? FROM kerja.usulan WHERE id = ?",
            [baru, oleh, sumber, uid],
        )
        catat_audit(con, oleh, "usulan", str(uid), "bawa", alasan=f"dibawa ke tahun {tahun + 1} sebagai usulan #{baru}")
        catat_audit(con, oleh, "usulan", str(baru), "buat", alasan=f"lanjutan usulan #{uid} tahun {tahun}")
        hasil[int(uid)] = int(baru)
    return [], hasil


def riwayat_usulan(gudang: Gudang, usulan_id: int) -> pd.DataFrame:
    """Audit history of one usulan, oldest first: when, who, action, old -> new, reason."""
    return gudang.df(
        "SELECT waktu, oleh, aksi, lama, baru, alasan FROM kerja.audit_log "
        "WHERE tabel = 'usulan' AND kunci = ? ORDER BY id",
        [str(usulan_id)],
    )
