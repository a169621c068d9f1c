"""Read queries the pages need, as plain functions over a :class:`geo.store.db.Gudang`.

Parameters are always bound; nothing from a widget is formatted into SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import pandas as pd

from geo.domain import definitions
from geo.domain.definitions import KELOMPOK_FORUM, STATUS_DIBATALKAN
from geo.domain.usulan import KOLOM_PUBLIK
from geo.settings import CRS_SIMPAN
from geo.store import db, skema
from geo.store.db import Gudang, skalar


def gdf_kueri(gudang: Gudang, sql: str, params: list | None = None) -> gpd.GeoDataFrame:
    """Run a read query whose ``wkb`` column holds ``ST_AsWKB`` geometry; return a GeoDataFrame (EPSG:4326)."""
    df = gudang.df(sql, params)
    wkb = df.pop("wkb")
    geom = gpd.GeoSeries.from_wkb(wkb.map(bytes), crs=CRS_SIMPAN) if len(df) else gpd.GeoSeries([], crs=CRS_SIMPAN)
    return gpd.GeoDataFrame(df, geometry=geom.values, crs=CRS_SIMPAN)


@dataclass(frozen=True)
class Kabupaten:
    """A kabupaten/kota present in the reference data."""

    kode: str
    nama: str
    versi_kode: str

    @property
    def sintetis(self) -> bool:
        """True for generated demo data (shown as *data sintetis* in the UI)."""
        return "sintetis" in self.versi_kode

    @property
    def sementara(self) -> bool:
        """True when its desa carry provisional codes from a name-only boundary set (replaced by a Kemendagri load)."""
        return "kode sementara" in self.versi_kode


def daftar_kabupaten(gudang: Gudang) -> list[Kabupaten]:
    """Return the kabupaten/kota in the reference data, by code."""
    df = gudang.df("SELECT kode, nama, versi_kode FROM ref.wilayah WHERE tingkat = 'kabupaten' ORDER BY kode")
    return [Kabupaten(*r) for r in df.itertuples(index=False)]


def tahun_usulan(gudang: Gudang) -> list[int]:
    """Return the budget years that have usulan, newest first."""
    df = gudang.df("SELECT DISTINCT tahun FROM kerja.usulan ORDER BY tahun DESC")
    return [int(t) for t in df["tahun"]]


def wilayah_gdf(
    gudang: Gudang, kode_kabupaten: str, tingkat: definitions.Tingkat, tampil: bool = True
) -> gpd.GeoDataFrame:
    """Return the polygons of one tier inside a kabupaten.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Dotted Kemendagri code, e.g. ``"99.01"``.
    tingkat : {"desa", "kecamatan", "kabupaten"}
        Tier.
    tampil : bool
        Display geometry (simplified) instead of full detail.

    Returns
    -------
    GeoDataFrame
        kode, nama, jenis, kode_induk, nama_kecamatan, luas_ha, geometry (EPSG:4326),
        ordered by kode.
    """
    if tingkat not in definitions.TINGKAT_WILAYAH:
        raise ValueError(f"tingkat {tingkat!r} tidak dikenal; pilih dari {list(definitions.TINGKAT_WILAYAH)}")
    kolom = "geom_tampil" if tampil else "geom"
    return gdf_kueri(
        gudang,
        f"""
        SELECT w.kode, w.nama, w.jenis, w.kode_induk,
               CASE WHEN w.tingkat = 'desa' THEN k.nama
                    WHEN w.tingkat = 'kecamatan' THEN w.nama END AS nama_kecamatan,
               CASE WHEN w.tingkat = 'desa' THEN w.kode_induk
                    WHEN w.tingkat = 'kecamatan' THEN w.kode END AS kode_kecamatan,
               w.luas_ha, ST_AsWKB(w.{kolom}) AS wkb
        FROM ref.wilayah w LEFT JOIN ref.wilayah k ON k.kode = w.kode_induk
        WHERE w.tingkat = ? AND (w.kode = ? OR starts_with(w.kode, ? || '.'))
        ORDER BY w.kode
        """,
        [tingkat, kode_kabupaten, kode_kabupaten],
    )


@dataclass(frozen=True)
class Ringkasan:
    """Headline figures of the home page."""

    jumlah_desa: int
    jumlah_kelurahan: int
    jumlah_kecamatan: int
    usulan_per_tahap: pd.DataFrame  # tahap, label, jumlah, diterima, ditolak, ditunda, biaya
    biaya_diusulkan: float  # all usulan of the year not rejected
    biaya_diterima_kabupaten: float  # accepted at the kabupaten forum
    pagu_total: float  # sum of pagu per kecamatan


def ringkasan(gudang: Gudang, kode_area: str, tahun: int) -> Ringkasan:
    """Compute the home page's headline figures for one area (a kabupaten or a kecamatan) and budget year."""
    pola = kode_area + "."
    with gudang.sesi() as con:
        jumlah = dict(
            con.execute(
                "SELECT jenis, count(*) FROM ref.wilayah WHERE (starts_with(kode, ?) OR kode = ?) "
                "AND tingkat IN ('desa', 'kecamatan') GROUP BY jenis",
                [pola, kode_area],
            ).fetchall()
        )
        per = con.execute(
            """
            SELECT tahap, count(*) AS jumlah,
                   count(*) FILTER (status = 'diterima') AS diterima,
                   count(*) FILTER (status = 'ditolak') AS ditolak,
                   count(*) FILTER (status = 'ditunda') AS ditunda,
                   sum(biaya) AS biaya
            FROM kerja.usulan WHERE tahun = ? AND starts_with(kode_desa, ?)
            GROUP BY tahap
            """,
            [tahun, pola],
        ).df()
        biaya = con.execute(
            "SELECT coalesce(sum(biaya) FILTER (status <> 'ditolak'), 0), "
            "coalesce(sum(biaya) FILTER (tahap = 'kabupaten' AND status = 'diterima'), 0) "
            "FROM kerja.usulan WHERE tahun = ? AND starts_with(kode_desa, ?)",
            [tahun, pola],
        ).fetchone() or (0.0, 0.0)
        pagu = db.skalar(
            con,
            "SELECT coalesce(sum(nilai), 0) FROM kerja.pagu WHERE tahun = ? AND jenis = 'kecamatan' "
            "AND (starts_with(kode, ?) OR kode = ?)",
            [tahun, pola, kode_area],
        )
    tahap = pd.DataFrame({"tahap": list(definitions.TAHAP_FORUM), "label": list(definitions.TAHAP_FORUM.values())})
    per = tahap.merge(per, on="tahap", how="left").fillna(
        {"jumlah": 0, "diterima": 0, "ditolak": 0, "ditunda": 0, "biaya": 0.0}
    )
    for k in ("jumlah", "diterima", "ditolak", "ditunda"):
        per[k] = per[k].astype(int)
    return Ringkasan(
        jumlah_desa=int(jumlah.get("desa", 0)),
        jumlah_kelurahan=int(jumlah.get("kelurahan", 0)),
        jumlah_kecamatan=int(jumlah.get("kecamatan", 0)),
        usulan_per_tahap=per,
        biaya_diusulkan=float(biaya[0]),
        biaya_diterima_kabupaten=float(biaya[1]),
        pagu_total=float(pagu),
    )


def riwayat_muat(gudang: Gudang) -> pd.DataFrame:
    """Return the load history of both databases, newest first."""
    return gudang.df(
        """
        SELECT waktu, 'referensi' AS basis_data, jenis, berkas, left(hash, 12) AS hash, baris_masuk, baris_keluar,
               len(peringatan) AS peringatan, versi_kode, oleh FROM ref.riwayat_muat
        UNION ALL
        SELECT waktu, 'kerja', jenis, berkas, left(hash, 12), baris_masuk, baris_keluar, len(peringatan),
               versi_kode, oleh FROM kerja.riwayat_muat
        ORDER BY waktu DESC
        """
    )


def isi_data(gudang: Gudang) -> pd.DataFrame:
    """Return row counts of the main tables, for the Data page."""
    tabel = [
        ("ref" if jenis == "referensi" else "kerja", t) for jenis, daftar in skema.TABEL_UTAMA.items() for t in daftar
    ]
    sql = " UNION ALL ".join(
        f"SELECT '{k}' AS basis_data, '{t}' AS tabel, count(*) AS baris FROM {k}.{t}" for k, t in tabel
    )
    return gudang.df(sql)


def kode_tak_cocok(gudang: Gudang) -> pd.DataFrame:
    """Return the units still waiting for a person to match them to Kemendagri codes."""
    return gudang.df(
        "SELECT skema, kode_sumber, nama, nama_induk, alasan, calon, berkas FROM ref.kode_tak_cocok "
        "ORDER BY berkas, kode_sumber"
    )


def daftar_indikator(gudang: Gudang, kode_kabupaten: str) -> pd.DataFrame:
    """Return the indicators with desa data in a kabupaten: metadata plus available years."""
    return gudang.df(
        """
        SELECT m.kode, m.nama, m.satuan, m.jenis, m.pembilang, m.penyebut, m.pengali, m.bobot, m.sumber,
               list(DISTINCT i.tahun ORDER BY i.tahun DESC) AS tahun
        FROM ref.indikator_meta m JOIN ref.indikator i ON i.indikator = m.kode
        WHERE starts_with(i.kode_wilayah, ? || '.')
        GROUP BY ALL ORDER BY m.nama
        """,
        [kode_kabupaten],
    )


def nilai_desa_indikator(gudang: Gudang, kode_kabupaten: str, indikator: list[str], tahun: int) -> pd.DataFrame:
    """Desa values of some indicators in one year, one row per desa and indicator (no row for missing data).

    Returns
    -------
    DataFrame
        ``kode``, ``kode_induk``, ``luas_ha``, ``indikator``, ``nilai`` (every desa of the
        kabupaten appears at least once, with NaN when it has none of the indicators).
    """
    return gudang.df(
        """
        SELECT w.kode, w.kode_induk, w.luas_ha, i.indikator, i.nilai
        FROM ref.wilayah w LEFT JOIN ref.indikator i
          ON i.kode_wilayah = w.kode AND i.tahun = ? AND list_contains(?, i.indikator)
        WHERE w.tingkat = 'desa' AND starts_with(w.kode, ? || '.')
        """,
        [int(tahun), list(indikator), kode_kabupaten],
    )


def fasilitas(gudang: Gudang, kode_kabupaten: str) -> gpd.GeoDataFrame:
    """Facility points (overlay ``fasilitas``: schools, health posts…) inside a kabupaten."""
    return gdf_kueri(
        gudang,
        """
        SELECT o.kelas, o.nama, ST_AsWKB(o.geom) AS wkb FROM ref.overlay o, ref.wilayah k
        WHERE o.jenis = 'fasilitas' AND k.kode = ? AND ST_Intersects(o.geom, k.geom) ORDER BY o.id
        """,
        [kode_kabupaten],
    )


def usulan_gdf(
    gudang: Gudang,
    kode_kabupaten: str,
    tahun: int,
    tahap: str | None = None,
    kode_kecamatan: str | None = None,
    ids: list[int] | None = None,
    batas: int | None = None,
) -> gpd.GeoDataFrame:
    """Usulan with geometry, names, OPD, latest reason and votes at their tier (no personal data).

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Dotted code of the kabupaten.
    tahun : int
        Budget year.
    tahap : str, optional
        Only usulan currently at this tier.
    kode_kecamatan : str, optional
        Only this kecamatan.
    ids : list of int, optional
        Only these usulan (then ``tahun`` and ``tahap`` are ignored).
    batas : int, optional
        Only the newest ``batas`` usulan (highest ids).
    """
    kolom = ", ".join(f"u.{c}" for c in KOLOM_PUBLIK)  # never NIK/KK
    sql = f"""
        SELECT {kolom}, d.nama AS desa, k.nama AS kecamatan, coalesce(u.opd_akhir, u.opd_awal) AS opd,
               s.jumlah AS suara, kp.alasan AS alasan_terakhir, ST_AsWKB(u.geom) AS wkb
        FROM kerja.usulan u
        LEFT JOIN ref.wilayah d ON d.kode = u.kode_desa
        LEFT JOIN ref.wilayah k ON k.kode = u.kode_kecamatan
        LEFT JOIN kerja.suara s ON s.usulan_id = u.id AND s.tahap = u.tahap
        LEFT JOIN (SELECT usulan_id, arg_max(alasan, waktu) AS alasan FROM kerja.keputusan GROUP BY usulan_id) kp
               ON kp.usulan_id = u.id
        WHERE starts_with(u.kode_desa, ? || '.')
    """
    par: list = [kode_kabupaten]
    if ids is not None:
        sql += " AND list_contains(?, u.id)"
        par.append([int(i) for i in ids])
    else:
        sql += " AND u.tahun = ?"
        par.append(int(tahun))
        if tahap:
            sql += " AND u.tahap = ?"
            par.append(tahap)
    if kode_kecamatan:
        sql += " AND u.kode_kecamatan = ?"
        par.append(kode_kecamatan)
    if batas is not None:
        return gdf_kueri(gudang, f"SELECT * FROM ({sql} ORDER BY u.id DESC LIMIT ?) ORDER BY id", [*par, int(batas)])
    return gdf_kueri(gudang, sql + " ORDER BY u.id", par)


def jumlah_usulan(gudang: Gudang, kode_kabupaten: str, tahun: int, kode_kecamatan: str | None = None) -> int:
    """How many usulan a kabupaten (or one kecamatan) has for a year."""
    sql = "SELECT count(*) FROM kerja.usulan WHERE starts_with(kode_desa, ? || '.') AND tahun = ?"
    par: list = [kode_kabupaten, int(tahun)]
    if kode_kecamatan:
        sql += " AND kode_kecamatan = ?"
        par.append(kode_kecamatan)
    with gudang.sesi() as con:
        return int(skalar(con, sql, par))


def usulan_satu(gudang: Gudang, usulan_id: int) -> dict | None:
    """One usulan's public columns (never NIK), its routed OPD and its WKT geometry, or None."""
    kolom = ", ".join(KOLOM_PUBLIK)
    with gudang.sesi() as con:
        cur = con.execute(
            f"SELECT {kolom}, coalesce(opd_akhir, opd_awal) AS opd, ST_AsText(geom) AS wkt "
            "FROM kerja.usulan WHERE id = ?",
            [usulan_id],
        )
        r = cur.fetchone()
        return None if r is None else dict(zip([c[0] for c in cur.description], r, strict=True))


def kamus(gudang: Gudang) -> pd.DataFrame:
    """The kamus usulan (catalogue with satuan and unit cost), indexed by code."""
    return gudang.df("SELECT * FROM ref.kamus_usulan ORDER BY bidang, nama").set_index("kode")


def pagu(gudang: Gudang, tahun: int, jenis: str | None) -> dict[str, float]:
    """Pagu indikatif of one kind (kecamatan/kelurahan/opd) for a year: code -> Rp."""
    if jenis is None:
        return {}
    df = gudang.df("SELECT kode, nilai FROM kerja.pagu WHERE tahun = ? AND jenis = ?", [tahun, jenis])
    return dict(zip(df["kode"], df["nilai"].astype(float), strict=True))


def keputusan_forum(gudang: Gudang, kode_kabupaten: str, tahun: int, tahap: str) -> pd.DataFrame:
    """The latest decision taken at a tier for each usulan that was decided there."""
    return gudang.df(
        """
        SELECT k.usulan_id AS id, arg_max(k.status, k.waktu) AS keputusan, arg_max(k.alasan, k.waktu) AS alasan,
               max(k.waktu) AS waktu
        FROM kerja.keputusan k JOIN kerja.usulan u ON u.id = k.usulan_id
        WHERE u.tahun = ? AND k.tahap = ? AND starts_with(u.kode_desa, ? || '.')
        GROUP BY k.usulan_id
        HAVING arg_max(k.status, k.waktu) <> ?  -- an undone decision: the usulan waits again
        """,
        [tahun, tahap, kode_kabupaten, STATUS_DIBATALKAN],
    )


def kebutuhan_desa(gudang: Gudang, kode_kabupaten: str, indikator: str | None, tahun: int) -> pd.Series:
    """Need from data: each desa's latest value (before ``tahun``) of a baseline indicator."""
    if not indikator:
        return pd.Series(dtype=float)
    df = gudang.df(
        "SELECT kode_wilayah, arg_max(nilai, tahun) AS nilai FROM ref.indikator "
        "WHERE indikator = ? AND nilai IS NOT NULL AND tahun < ? AND starts_with(kode_wilayah, ? || '.') "
        "GROUP BY kode_wilayah",
        [indikator, tahun, kode_kabupaten],
    )
    return pd.Series(df["nilai"].to_numpy(float), index=df["kode_wilayah"])


def pagu_terpakai(gudang: Gudang, kode_kabupaten: str, tahun: int, tahap: str) -> dict[str, float]:
    """Cost of usulan already accepted at a tier, per forum of that tier (what the pagu has committed)."""
    kolom = {"opd": "coalesce(u.opd_akhir, u.opd_awal)"}.get(KELOMPOK_FORUM[tahap], f"u.{KELOMPOK_FORUM[tahap]}")
    df = gudang.df(
        f"""
        SELECT {kolom} AS forum, sum(u.biaya) AS biaya FROM kerja.usulan u
        WHERE u.tahun = ? AND starts_with(u.kode_desa, ? || '.')
          AND NOT (u.tahap = ? AND u.status = 'diajukan')  -- sent back and waiting again: not committed
          AND u.id IN (
            SELECT usulan_id FROM kerja.keputusan WHERE tahap = ?
            GROUP BY usulan_id HAVING arg_max(status, waktu) = 'diterima')
        GROUP BY ALL
        """,
        [tahun, kode_kabupaten, tahap, tahap],
    )
    return dict(zip(df["forum"], df["biaya"].astype(float), strict=True))
