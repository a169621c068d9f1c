"""Reads and writes of reference data used by the loaders (``python -m pipelines load``).

Every function takes the open connection a loader got from
:func:`geo.store.db.ganti_atomik` (a private copy of ``referensi.duckdb``, swapped in only
when the whole load succeeds), so a failing load leaves the served file untouched.
Parameters are always bound; table names come only from the constants below.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import shapely

from geo.store.db import koneksi, sisipkan

#: Tables whose rows are replaced per source file (column ``sumber``) and numbered by ``id``.
TABEL_PER_SUMBER: frozenset[str] = frozenset({"pola_ruang", "zonasi", "overlay", "lahan"})

#: Tables that :func:`_hapus_kunci` may delete from, with their key column.
_KUNCI: dict[str, str] = {
    "wilayah": "kode",
    "kamus_usulan": "kode",
    "crosswalk_kode": "kode_sumber",
    "kode_tak_cocok": "kode_sumber",
}


def _tabel_sah(tabel: str, sah: frozenset[str] | dict) -> None:
    if tabel not in sah:
        raise ValueError(f"tabel {tabel!r} bukan salah satu dari {sorted(sah)}")


def _hapus_kunci(con: duckdb.DuckDBPyConnection, tabel: str, kunci: list[str], skema: str | None = None) -> None:
    """Delete the rows of ``tabel`` whose key is in ``kunci`` (a hash join: fast for 100,000 keys)."""
    _tabel_sah(tabel, _KUNCI)
    kolom = _KUNCI[tabel]
    con.register("_kunci", pd.DataFrame({"k": list(kunci)}))
    try:
        if skema is None:
            con.execute(f"DELETE FROM {tabel} WHERE {kolom} IN (SELECT k FROM _kunci)")
        else:
            con.execute(f"DELETE FROM {tabel} WHERE skema = ? AND {kolom} IN (SELECT k FROM _kunci)", [skema])
    finally:
        con.unregister("_kunci")


# --------------------------------------------------------------------------- wilayah
def ganti_wilayah(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Replace the wilayah rows with the codes of ``rows`` (geometries in ``geom``, ``geom_tampil``)."""
    _hapus_kunci(con, "wilayah", list(rows["kode"]))
    return sisipkan(con, "wilayah", rows, ("geom", "geom_tampil"))


def sidik_kabupaten(path) -> dict[str, str]:
    """Stored per-kabupaten signatures of the last boundary loads in the reference file at ``path`` (read-only).

    A kabupaten that still holds provisional codes (letters in a code) is left out: loading its
    Kemendagri boundaries again must run, to replace them.
    """
    if not Path(path).exists():
        return {}
    con = koneksi(path, baca_saja=True)
    try:
        ada = con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'wilayah_sidik'").fetchone()
        if not ada or not ada[0]:
            return {}
        return dict(
            con.execute(
                "SELECT kode_kabupaten, sidik FROM wilayah_sidik WHERE kode_kabupaten NOT IN "
                "(SELECT DISTINCT left(kode, 5) FROM wilayah WHERE regexp_matches(kode, '[A-Za-z]'))"
            ).fetchall()
        )
    finally:
        con.close()


def simpan_sidik(con: duckdb.DuckDBPyConnection, sidik: dict[str, str], berkas: str) -> None:
    """Record the signatures of the kabupaten just loaded."""
    if not sidik:
        return
    con.executemany(
        "INSERT OR REPLACE INTO wilayah_sidik VALUES (?, ?, ?, current_localtimestamp())",
        [[k, v, berkas] for k, v in sidik.items()],
    )


def hapus_induk_turunan(
    con: duckdb.DuckDBPyConnection, kabupaten: list[str], tingkat_berkas: set[str]
) -> dict[str, str]:
    """Delete the derived kecamatan/kabupaten rows of ``kabupaten`` (tiers the file does not carry).

    They are derived again from the new desa; their names are returned so a parent keeps a name it had.
    """
    tingkat = [t for t in ("kecamatan", "kabupaten") if t not in tingkat_berkas]
    if not kabupaten or not tingkat:
        return {}
    syarat = "list_contains(?, left(kode, 5)) AND list_contains(?, tingkat)"
    nama = dict(con.execute(f"SELECT kode, nama FROM wilayah WHERE {syarat}", [kabupaten, tingkat]).fetchall())
    con.execute(f"DELETE FROM wilayah WHERE {syarat}", [kabupaten, tingkat])
    return nama


def sisipkan_wilayah(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Insert new wilayah rows (geometries in ``geom``, ``geom_tampil``)."""
    return sisipkan(con, "wilayah", rows, ("geom", "geom_tampil"))


def jumlah_nama_sementara(con: duckdb.DuckDBPyConnection) -> int:
    """Count derived parents still named by placeholder ('Kecamatan 33.01.01')."""
    return con.execute(
        "SELECT count(*) FROM wilayah WHERE nama = 'Kecamatan ' || kode OR nama = 'Kabupaten ' || kode"
    ).fetchall()[0][0]


def induk_hilang(con: duckdb.DuckDBPyConnection, tingkat_anak: str, panjang: int) -> list[str]:
    """Parent codes (the first ``panjang`` characters) of ``tingkat_anak`` rows that have no row of their own."""
    return [
        r[0]
        for r in con.execute(
            "SELECT DISTINCT left(kode, ?) FROM wilayah WHERE tingkat = ? EXCEPT SELECT kode FROM wilayah ORDER BY 1",
            [panjang, tingkat_anak],
        ).fetchall()
    ]


def jumlah_anak(con: duckdb.DuckDBPyConnection, tingkat_anak: str, panjang: int, induk: list[str]) -> dict[str, int]:
    """Number of ``tingkat_anak`` rows under each parent code in ``induk``."""
    con.register("_induk", pd.DataFrame({"k": list(induk)}))
    try:
        return dict(
            con.execute(
                "SELECT left(kode, ?), count(*) FROM wilayah WHERE tingkat = ? "
                "AND left(kode, ?) IN (SELECT k FROM _induk) GROUP BY 1",
                [panjang, tingkat_anak, panjang],
            ).fetchall()
        )
    finally:
        con.unregister("_induk")


def anak_wilayah(con: duckdb.DuckDBPyConnection, tingkat_anak: str, panjang: int, induk: list[str]) -> pd.DataFrame:
    """The ``tingkat_anak`` rows under the parents ``induk``: columns induk, luas_ha, g, gt (shapely)."""
    con.register("_induk", pd.DataFrame({"k": list(induk)}))
    try:
        df = con.execute(
            "SELECT left(kode, ?) AS induk, luas_ha, ST_AsWKB(geom) AS g, ST_AsWKB(geom_tampil) AS gt "
            "FROM wilayah WHERE tingkat = ? AND left(kode, ?) IN (SELECT k FROM _induk) ORDER BY kode",
            [panjang, tingkat_anak, panjang],
        ).df()
    finally:
        con.unregister("_induk")
    df["g"] = shapely.from_wkb(df["g"].map(bytes).values)
    df["gt"] = shapely.from_wkb(df["gt"].map(bytes).values)
    return df


#: A provisional wilayah code holds a letter (``pipelines.kode.adalah_sementara``); Kemendagri codes never do.
_SEMENTARA = "regexp_matches({kolom}, '[A-Za-z]')"


def desa_target(
    con: duckdb.DuckDBPyConnection,
    batas: tuple[float, float, float, float] | None = None,
    awalan: str | None = None,
    sementara: bool | None = None,
) -> pd.DataFrame:
    """Desa to match against: kode, nama, nama_induk, geometry (shapely).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The loader's connection.
    batas : tuple, optional
        Only desa meeting this (minx, miny, maxx, maxy) envelope (EPSG:4326).
    awalan : str, optional
        Only codes starting with this prefix (e.g. ``"33.01."``).
    sementara : bool, optional
        True: only desa with provisional codes; False: only Kemendagri codes; None: both.
    """
    sql = (
        "SELECT w.kode, w.nama, k.nama AS nama_induk, ST_AsWKB(w.geom) AS wkb FROM wilayah w "
        "LEFT JOIN wilayah k ON k.kode = w.kode_induk WHERE w.tingkat = 'desa'"
    )
    par: list = []
    if batas is not None:
        sql += " AND ST_Intersects(w.geom, ST_MakeEnvelope(?, ?, ?, ?))"
        par += [float(b) for b in batas]
    if awalan:
        sql += " AND starts_with(w.kode, ?)"
        par.append(awalan)
    if sementara is not None:
        sql += (" AND " if sementara else " AND NOT ") + _SEMENTARA.format(kolom="w.kode")
    df = con.execute(sql + " ORDER BY w.kode", par).df()
    df["geometry"] = shapely.from_wkb(df.pop("wkb").map(bytes).values) if len(df) else []
    return df


def kode_desa(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Codes of every desa loaded."""
    return {r[0] for r in con.execute("SELECT kode FROM wilayah WHERE tingkat = 'desa'").fetchall()}


def wilayah_sementara(con: duckdb.DuckDBPyConnection, awalan: str) -> pd.DataFrame:
    """Rows under ``awalan`` (e.g. ``"33.01."``) with provisional codes: kode, nama, tingkat, kode_induk."""
    return con.execute(
        "SELECT kode, nama, tingkat, kode_induk FROM wilayah WHERE starts_with(kode, ?) AND "
        + _SEMENTARA.format(kolom="kode")
        + " ORDER BY kode",
        [awalan],
    ).df()


def baris_wilayah(con: duckdb.DuckDBPyConnection, kode: str) -> dict | None:
    """One wilayah row without geometry (kode, nama, tingkat, versi_kode), or None."""
    r = con.execute("SELECT kode, nama, tingkat, versi_kode FROM wilayah WHERE kode = ?", [kode]).fetchone()
    return None if r is None else dict(zip(("kode", "nama", "tingkat", "versi_kode"), r, strict=True))


def hapus_wilayah(con: duckdb.DuckDBPyConnection, kode: list[str]) -> None:
    """Delete the wilayah rows with these codes."""
    if kode:
        _hapus_kunci(con, "wilayah", kode)


def ganti_kode_referensi(con: duckdb.DuckDBPyConnection, peta: pd.DataFrame) -> dict[str, int]:
    """Move reference data from old wilayah codes to new ones (provisional -> Kemendagri).

    Indicator values move to the new code (a value the new code already has for the same year
    and indicator is kept, and the old one dropped and counted); crosswalk rows and manual
    decisions of other sources that pointed at an old code point at the new one.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The loader's connection.
    peta : DataFrame
        ``lama``, ``baru``: one row per old code.

    Returns
    -------
    dict
        Rows changed: ``indikator``, ``indikator_bentrok`` (dropped), ``crosswalk``, ``resolusi``.
    """
    if peta.empty:
        return {"indikator": 0, "indikator_bentrok": 0, "crosswalk": 0, "resolusi": 0}
    con.register("_peta", peta[["lama", "baru"]])
    try:
        bentrok = _jumlah(
            con,
            "SELECT count(*) FROM indikator i JOIN _peta p ON i.kode_wilayah = p.lama JOIN indikator j "
            "ON j.kode_wilayah = p.baru AND j.tahun = i.tahun AND j.indikator = i.indikator",
        )
        pindah = _jumlah(
            con,
            "INSERT INTO indikator SELECT p.baru, i.tahun, i.indikator, i.nilai, i.sumber FROM indikator i "
            "JOIN _peta p ON i.kode_wilayah = p.lama WHERE NOT EXISTS (SELECT 1 FROM indikator j WHERE "
            "j.kode_wilayah = p.baru AND j.tahun = i.tahun AND j.indikator = i.indikator)",
        )
        con.execute("DELETE FROM indikator WHERE kode_wilayah IN (SELECT lama FROM _peta)")
        cw = _jumlah(
            con,
            "UPDATE crosswalk_kode SET kode = p.baru FROM _peta p WHERE crosswalk_kode.kode = p.lama "
            "AND crosswalk_kode.skema <> 'sementara'",
        )
        res = _jumlah(
            con,
            "UPDATE kode_resolusi SET kode = p.baru FROM _peta p WHERE kode_resolusi.kode = p.lama "
            "AND kode_resolusi.skema <> 'sementara'",
        )
    finally:
        con.unregister("_peta")
    return {"indikator": pindah, "indikator_bentrok": bentrok, "crosswalk": cw, "resolusi": res}


def _jumlah(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    """The count a statement reports (rows changed), or its single value."""
    r = con.execute(sql).fetchone()
    return int(r[0]) if r is not None and r[0] is not None else 0


# --------------------------------------------------------------------------- crosswalk
def resolusi_kode(con: duckdb.DuckDBPyConnection, skema: str) -> dict[str, str]:
    """Manual matching decisions stored by earlier loads: source code -> Kemendagri code."""
    return dict(con.execute("SELECT kode_sumber, kode FROM kode_resolusi WHERE skema = ?", [skema]).fetchall())


def simpan_resolusi(con: duckdb.DuckDBPyConnection, skema: str, baru: pd.DataFrame, berkas: str) -> None:
    """Store manual decisions (columns kode_sumber, kode) read from ``berkas``."""
    for r in baru.itertuples():
        con.execute(
            "INSERT OR REPLACE INTO kode_resolusi VALUES (?, ?, ?, NULL, ?)", [skema, r.kode_sumber, r.kode, berkas]
        )


def crosswalk(con: duckdb.DuckDBPyConnection, skema: str) -> dict[str, str]:
    """The stored crosswalk of ``skema``: source code -> Kemendagri code."""
    return dict(con.execute("SELECT kode_sumber, kode FROM crosswalk_kode WHERE skema = ?", [skema]).fetchall())


def awalan_bps_kabupaten(con: duckdb.DuckDBPyConnection, kabupaten: str) -> str | None:
    """The BPS kabupaten prefix (4 digits) most used by crosswalk rows of Kemendagri ``kabupaten``."""
    r = con.execute(
        "SELECT left(kode_sumber, 4), count(*) FROM crosswalk_kode WHERE skema = 'bps' AND "
        "starts_with(kode, ?) GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
        [kabupaten + "."],
    ).fetchone()
    return r[0] if r else None


def simpan_crosswalk(
    con: duckdb.DuckDBPyConnection, skema: str, pasangan: pd.DataFrame, tak_cocok: pd.DataFrame, berkas: str
) -> None:
    """Replace the crosswalk and unmatched rows of these source codes, then refresh ``wilayah.kode_bps``.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The loader's connection.
    skema : str
        Source coding: ``"bps"`` or ``"nama"``.
    pasangan : DataFrame
        kode_sumber, kode, metode, skor, nama_sumber.
    tak_cocok : DataFrame
        kode_sumber, nama, nama_induk, alasan, calon.
    berkas : str
        Source file name.
    """
    kunci = list(pasangan["kode_sumber"]) + list(tak_cocok["kode_sumber"])
    if kunci:
        _hapus_kunci(con, "crosswalk_kode", kunci, skema)
        _hapus_kunci(con, "kode_tak_cocok", kunci, skema)
    p = pasangan.assign(skema=skema, berkas=berkas)
    sisipkan(con, "crosswalk_kode", p[["skema", "kode_sumber", "kode", "metode", "skor", "nama_sumber", "berkas"]])
    t = tak_cocok.assign(skema=skema, berkas=berkas)
    sisipkan(con, "kode_tak_cocok", t[["skema", "kode_sumber", "nama", "nama_induk", "alasan", "calon", "berkas"]])
    segarkan_kode_bps(con, buang_usang=True)


def segarkan_kode_bps(con: duckdb.DuckDBPyConnection, buang_usang: bool = False) -> None:
    """Copy BPS codes from the crosswalk into ``wilayah.kode_bps``.

    With ``buang_usang``, first clear codes that are no longer in the crosswalk.
    """
    if buang_usang:
        con.execute(
            "UPDATE wilayah SET kode_bps = NULL WHERE kode_bps IS NOT NULL AND kode_bps NOT IN "
            "(SELECT kode_sumber FROM crosswalk_kode WHERE skema = 'bps')"
        )
    con.execute(
        "UPDATE wilayah SET kode_bps = c.kode_sumber FROM crosswalk_kode c "
        "WHERE c.skema = 'bps' AND c.kode = wilayah.kode"
    )


# --------------------------------------------------------------------------- indikator
def ganti_indikator(con: duckdb.DuckDBPyConnection, data: pd.DataFrame) -> int:
    """Replace the values with the same (kode_wilayah, tahun, indikator) as ``data``."""
    con.register("_baru", data)
    try:
        con.execute(
            "DELETE FROM indikator USING _baru b WHERE indikator.kode_wilayah = b.kode_wilayah "
            "AND indikator.tahun = b.tahun AND indikator.indikator = b.indikator"
        )
    finally:
        con.unregister("_baru")
    return sisipkan(con, "indikator", data.sort_values(["kode_wilayah", "tahun", "indikator"]))


def meta_indikator(con: duckdb.DuckDBPyConnection, kode: str) -> dict | None:
    """The stored metadata of indicator ``kode`` (column -> value), or None."""
    df = con.execute("SELECT * FROM indikator_meta WHERE kode = ?", [kode]).df()
    return None if df.empty else df.iloc[0].to_dict()


def simpan_meta_indikator(
    con: duckdb.DuckDBPyConnection,
    kode: str,
    nama: str,
    satuan: str,
    jenis: str,
    bobot: str | None,
    sumber: str,
    keterangan: str,
) -> None:
    """Create or replace the metadata of a loaded indicator (no numerator/denominator)."""
    con.execute(
        "INSERT OR REPLACE INTO indikator_meta VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)",
        [kode, nama, satuan, jenis, bobot, sumber, keterangan],
    )


# --------------------------------------------------------------------------- per-source vector tables
def sisipkan_berid(con: duckdb.DuckDBPyConnection, tabel: str, rows: pd.DataFrame) -> int:
    """Insert rows into a per-source table, numbering ``id`` after the largest one there."""
    _tabel_sah(tabel, TABEL_PER_SUMBER)
    mulai = con.execute(f"SELECT coalesce(max(id), 0) FROM {tabel}").fetchall()[0][0]
    rows = rows.reset_index(drop=True)
    rows.insert(0, "id", range(mulai + 1, mulai + 1 + len(rows)))
    return sisipkan(con, tabel, rows, ("geom",))


def ganti_per_sumber(con: duckdb.DuckDBPyConnection, tabel: str, sumber: str, rows: pd.DataFrame) -> int:
    """Replace the rows of one source file: delete them, insert ``rows`` with fresh ids."""
    _tabel_sah(tabel, TABEL_PER_SUMBER)
    con.execute(f"DELETE FROM {tabel} WHERE sumber = ?", [sumber])
    return sisipkan_berid(con, tabel, rows.assign(sumber=sumber))


# --------------------------------------------------------------------------- ITBX, kamus
def daftar_matriks(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the ITBX matrices loaded."""
    return [r[0] for r in con.execute("SELECT DISTINCT matriks FROM itbx ORDER BY 1").fetchall()]


def kegiatan_matriks(con: duckdb.DuckDBPyConnection, matriks: str) -> set[str]:
    """Activity codes of one ITBX matrix."""
    return {
        r[0] for r in con.execute("SELECT DISTINCT kode_kegiatan FROM itbx WHERE matriks = ?", [matriks]).fetchall()
    }


def ganti_itbx(con: duckdb.DuckDBPyConnection, matriks: str, sel: pd.DataFrame, kegiatan: pd.DataFrame) -> int:
    """Replace the cells of ``matriks`` and upsert its activities; return the number of old cells replaced.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The loader's connection.
    matriks : str
        Matrix name.
    sel : DataFrame
        matriks, kode_kegiatan, kode_zona, nilai, catatan, sumber.
    kegiatan : DataFrame
        kode_kegiatan, kegiatan, kelompok.
    """
    diganti = con.execute("DELETE FROM itbx WHERE matriks = ?", [matriks]).fetchall()[0][0]
    sisipkan(con, "itbx", sel)
    con.register("_keg", kegiatan)
    try:
        con.execute(
            "INSERT OR REPLACE INTO kelas_kegiatan (kode, nama, kelompok) "
            "SELECT kode_kegiatan, kegiatan, kelompok FROM _keg"
        )
    finally:
        con.unregister("_keg")
    return diganti


def kelas_kamus(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Activity classes used by the kamus usulan."""
    return {r[0] for r in con.execute("SELECT DISTINCT kelas_kegiatan FROM kamus_usulan").fetchall()}


def kode_kelas_kegiatan(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Codes of the activity classes known to the ITBX matrices."""
    return {r[0] for r in con.execute("SELECT kode FROM kelas_kegiatan").fetchall()}


def ganti_padanan(con: duckdb.DuckDBPyConnection, matriks: str, rows: pd.DataFrame) -> int:
    """Replace the class -> activity table of ``matriks``."""
    con.execute("DELETE FROM padanan_kegiatan WHERE matriks = ?", [matriks])
    return sisipkan(con, "padanan_kegiatan", rows) if len(rows) else 0


def ganti_kamus(con: duckdb.DuckDBPyConnection, rows: pd.DataFrame) -> int:
    """Replace the kamus items with the codes of ``rows``."""
    _hapus_kunci(con, "kamus_usulan", list(rows["kode"]))
    return sisipkan(con, "kamus_usulan", rows)
