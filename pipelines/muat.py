"""Loaders: one function per kind of data, shared by the CLI and the "Data" page.

Every loader reads and validates the whole file first and raises one
:class:`~geo.errors.KesalahanInput` listing every problem (row/feature, field, value, what
is expected, how to fix). Only a clean file is written, in one transaction: reference
data through :func:`geo.db.ganti_atomik` (copy, write, swap), working data through
:func:`geo.db.transaksi_kerja`. Each load is recorded in ``riwayat_muat``.
"""

from __future__ import annotations

import getpass
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo import db
from geo.display import geometri_tampil
from geo.errors import KesalahanInput, Masalah
from geo.settings import CRS_SIMPAN, BerkasData
from pipelines import kode as kd
from pipelines.baca import baca_tabel, baca_vektor
from pipelines.higiene import CRS_LUAS, LaporanGeometri, bersihkan, crs_metrik

Kemajuan = Callable[[float, str], None]


def _diam(_f: float, _p: str) -> None:
    return None


@dataclass
class OpsiMuat:
    """Options of a load (CLI flags and page widgets map onto these)."""

    crs: str | None = None
    kolom_kode: str | None = None
    kolom_nama: str | None = None
    kolom_induk: str | None = None
    awalan: str | None = None
    versi_kode: str | None = None
    resolusi: Path | None = None
    lembar: str | None = None
    tahun: int | None = None
    indikator: str | None = None
    nama_indikator: str | None = None
    satuan: str | None = None
    jenis_indikator: str | None = None
    bobot: str | None = None
    sumber: str | None = None
    kabupaten: str | None = None
    kolom: list[str] = field(default_factory=list)
    jenis_overlay: str | None = None
    kolom_kelas: str | None = None
    kolom_zona: str | None = None
    kolom_status: str | None = None
    oleh: str = field(default_factory=lambda: _pengguna())


def _pengguna() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no passwd entry in some containers
        return "tidak diketahui"


@dataclass
class LaporanMuat:
    """What a load did, for the CLI and the page."""

    jenis: str
    berkas: str
    hash: str
    baris_masuk: int
    baris_keluar: int
    peringatan: list[str] = field(default_factory=list)
    tak_cocok: pd.DataFrame | None = None
    rincian: dict = field(default_factory=dict)

    def teks(self) -> str:
        """Return the report as Indonesian text."""
        baris = [
            f"Muat {self.jenis}: {self.berkas} (sha256 {self.hash[:12]}…)",
            f"  baris masuk {self.baris_masuk}, tersimpan {self.baris_keluar}",
        ]
        baris += [f"  {k}: {v}" for k, v in self.rincian.items()]
        baris += [f"  peringatan: {p}" for p in self.peringatan]
        if self.tak_cocok is not None and len(self.tak_cocok):
            baris.append(f"  {len(self.tak_cocok)} unit belum cocok (perlu diputuskan orang):")
            for r in self.tak_cocok.itertuples():
                baris.append(
                    f"    - {r.kode_sumber} {r.nama} (kec. {r.nama_induk}): {r.alasan}; calon: {r.calon or '-'}"
                )
        return "\n".join(baris)


def hash_berkas(path: Path) -> str:
    """Return the sha256 of a file, or of every file of a folder (sorted by name)."""
    h = hashlib.sha256()
    path = Path(path)
    berkas = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for p in berkas:
        with open(p, "rb") as f:
            for blok in iter(lambda: f.read(1 << 20), b""):
                h.update(blok)
    return h.hexdigest()


def _cari_kolom(
    kolom: list[str], diminta: str | None, calon: tuple[str, ...], judul: str, peran: str, wajib: bool = True
) -> str | None:
    """Find a column by the user's name or by common names (case-insensitive)."""
    peta = {c.lower(): c for c in kolom}
    if diminta:
        if diminta.lower() in peta:
            return peta[diminta.lower()]
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    diminta,
                    diminta,
                    f"kolom {peran} yang ada: {', '.join(kolom)}",
                    "periksa ejaan nama kolom pada opsi",
                )
            ],
        )
    for c in calon:
        if c.lower() in peta:
            return peta[c.lower()]
    if wajib:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    peran,
                    ", ".join(kolom[:12]),
                    f"kolom {peran} (mis. {', '.join(calon[:4])})",
                    f"beri nama kolom itu dengan salah satu nama umum, atau sebut dengan opsi kolom {peran}",
                )
            ],
        )
    return None


KOLOM_KODE = (
    "kode",
    "kode_wilayah",
    "kode_desa",
    "kd_desa",
    "kdepum",
    "kode_nodot",
    "iddesa",
    "idkec",
    "kode_kec",
    "kdcpum",
    "kode_kab",
    "kdpkab",
    "kode_bps",
)
KOLOM_NAMA = (
    "nama",
    "nama_wilayah",
    "nama_desa",
    "nmdesa",
    "namadesa",
    "wadmkd",
    "desa",
    "kelurahan",
    "nmkec",
    "namakec",
    "wadmkc",
    "nama_kec",
    "kecamatan",
    "wiadkc",
    "nmkab",
    "wadmkk",
)
KOLOM_INDUK = ("nama_kecamatan", "nmkec", "namakec", "wadmkc", "kecamatan", "nama_kec", "wiadkc")


# --------------------------------------------------------------------------- batas
def _jenis_wilayah(kode: str) -> str:
    seg = kode.split(".")
    if len(seg) == 4:
        return "kelurahan" if seg[3].startswith("1") else "desa"
    if len(seg) == 3:
        return "kecamatan"
    if len(seg) == 2:
        return "kota" if int(seg[1]) >= 71 else "kabupaten"
    return "provinsi"


def _resolusi(con, skema: str, opsi: OpsiMuat, judul: str) -> tuple[dict[str, str], pd.DataFrame]:
    """Manual decisions: those stored from earlier loads plus the ``--resolusi`` file."""
    lama = dict(con.execute("SELECT kode_sumber, kode FROM kode_resolusi WHERE skema = ?", [skema]).fetchall())
    baru = pd.DataFrame(columns=["kode_sumber", "kode"])
    if opsi.resolusi:
        t = baca_tabel(Path(opsi.resolusi), kata_kunci=("kode",))[0]
        kolom = {c.lower(): c for c in t.data.columns}
        if "kode_sumber" not in kolom or "kode" not in kolom:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        f"berkas {Path(opsi.resolusi).name}",
                        "kode_sumber, kode",
                        ", ".join(t.data.columns),
                        "kolom kode_sumber dan kode",
                        "isi kolom 'kode' pada berkas tak_cocok-*.csv yang dibuat laporan",
                    )
                ],
            )
        baru = t.data.rename(columns={kolom["kode_sumber"]: "kode_sumber", kolom["kode"]: "kode"})
        baru = baru[baru["kode"].str.strip() != ""][["kode_sumber", "kode"]]
        baru["kode"] = baru["kode"].map(kd.titikkan)
        lama.update(dict(zip(baru["kode_sumber"], baru["kode"], strict=True)))
    return lama, baru


def _simpan_resolusi(con, skema: str, baru: pd.DataFrame, berkas: str) -> None:
    for r in baru.itertuples():
        con.execute(
            "INSERT OR REPLACE INTO kode_resolusi VALUES (?, ?, ?, NULL, ?)", [skema, r.kode_sumber, r.kode, berkas]
        )


def _simpan_crosswalk(con, skema: str, hasil: kd.HasilCocok, nama_sumber: dict[str, str], berkas: str) -> None:
    kunci = list(hasil.pasangan["kode_sumber"]) + list(hasil.tak_cocok["kode_sumber"])
    if kunci:
        con.execute("DELETE FROM crosswalk_kode WHERE skema = ? AND list_contains(?, kode_sumber)", [skema, kunci])
        con.execute("DELETE FROM kode_tak_cocok WHERE skema = ? AND list_contains(?, kode_sumber)", [skema, kunci])
    p = hasil.pasangan.assign(skema=skema, berkas=berkas, nama_sumber=hasil.pasangan["kode_sumber"].map(nama_sumber))
    db.sisipkan(con, "crosswalk_kode", p[["skema", "kode_sumber", "kode", "metode", "skor", "nama_sumber", "berkas"]])
    t = hasil.tak_cocok.assign(skema=skema, berkas=berkas)
    db.sisipkan(con, "kode_tak_cocok", t[["skema", "kode_sumber", "nama", "nama_induk", "alasan", "calon", "berkas"]])
    con.execute(
        "UPDATE wilayah SET kode_bps = NULL WHERE kode_bps IS NOT NULL AND kode_bps NOT IN "
        "(SELECT kode_sumber FROM crosswalk_kode WHERE skema = 'bps')"
    )
    con.execute(
        "UPDATE wilayah SET kode_bps = c.kode_sumber FROM crosswalk_kode c "
        "WHERE c.skema = 'bps' AND c.kode = wilayah.kode"
    )


def _target_desa(con, batas: tuple[float, float, float, float] | None, kabupaten: str | None) -> pd.DataFrame:
    sql = (
        "SELECT w.kode, w.nama, k.nama AS nama_induk, ST_AsWKB(w.geom) AS wkb FROM wilayah w "
        "LEFT JOIN wilayah k ON k.kode = w.kode_induk WHERE w.tingkat = 'desa'"
    )
    par: list = []
    if batas is not None:
        sql += " AND ST_Intersects(w.geom, ST_MakeEnvelope(?, ?, ?, ?))"
        par += list(batas)
    if kabupaten:
        sql += " AND starts_with(w.kode, ?)"
        par.append(kd.titikkan(kabupaten) + ".")
    df = con.execute(sql + " ORDER BY w.kode", par).df()
    df["geometry"] = shapely.from_wkb(df.pop("wkb").map(bytes).values) if len(df) else []
    return df


def muat_batas(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load administrative boundaries (desa/kecamatan/kabupaten).

    Kemendagri-coded files (dotted or not) replace the wilayah rows with those codes; a
    missing parent tier is derived by dissolving its children. BPS-coded or name-only
    files are matched to the Kemendagri desa already loaded (spatial overlap and names)
    and build the BPS ↔ Kemendagri crosswalk; unmatched units are reported, not guessed.

    Parameters
    ----------
    path : Path
        GeoJSON, GeoPackage, Shapefile (folder/zip), KML/KMZ or GeoParquet.
    opsi : OpsiMuat
        ``crs``, ``kolom_kode``, ``kolom_nama``, ``kolom_induk``, ``awalan`` (keep codes with
        this prefix), ``versi_kode`` (code-list version), ``resolusi`` (manual matches).
    berkas : BerkasData
        Data folder.
    kemajuan : callable
        Progress callback ``(fraction, message)``.

    Returns
    -------
    LaporanMuat
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    kemajuan(0.05, "membaca berkas")
    gdf = baca_vektor(path)
    n_masuk = len(gdf)
    kemajuan(0.2, "memeriksa geometri")
    gdf, lap = bersihkan(gdf, judul, opsi.crs)
    kolom = [c for c in gdf.columns if c != gdf.geometry.name]
    k_kode = _cari_kolom(kolom, opsi.kolom_kode, KOLOM_KODE, judul, "kode", wajib=False)
    k_nama = _cari_kolom(kolom, opsi.kolom_nama, KOLOM_NAMA, judul, "nama")
    nama = gdf[k_nama].astype(str).str.strip()
    masalah = [
        Masalah(f"fitur {i + 1}", k_nama, "(kosong)", "nama wilayah", "isi nama wilayah")
        for i in np.flatnonzero((nama == "") | gdf[k_nama].isna().values)
    ]
    if k_kode is None:
        skema = "nama"
        kode = pd.Series([""] * len(gdf), index=gdf.index)
    else:
        kode = gdf[k_kode].astype(str).str.strip().str.replace(r"\.0$", "", regex=True)
        kosong_ = np.flatnonzero(kode.isin(["", "nan", "None"]).values)
        masalah += [
            Masalah(f"fitur {i + 1}", k_kode, "(kosong)", "kode wilayah", "isi kode Kemendagri atau BPS")
            for i in kosong_
        ]
        try:
            skema = kd.deteksi_skema([k for k in kode if k not in ("", "nan", "None")])
        except ValueError as e:
            raise KesalahanInput(
                judul,
                [
                    *masalah,
                    Masalah(
                        "berkas",
                        k_kode,
                        ", ".join(kode.head(3)),
                        "kode Kemendagri (33.01.01.2001 / 3301012001) atau BPS (3301010001)",
                        str(e),
                    ),
                ],
            ) from None
    if masalah:
        raise KesalahanInput(judul, masalah)
    if skema == "kemendagri":
        return _muat_batas_kemendagri(path, gdf, kode.map(kd.titikkan), nama, lap, opsi, berkas, n_masuk, kemajuan)
    k_induk = _cari_kolom(kolom, opsi.kolom_induk, KOLOM_INDUK, judul, "nama kecamatan", wajib=False)
    induk = gdf[k_induk].astype(str) if k_induk else pd.Series([""] * len(gdf), index=gdf.index)
    kunci = kode if skema == "bps" else induk.map(kd.normalisasi_nama) + "|" + nama.map(kd.normalisasi_nama)
    sumber = pd.DataFrame(
        {"kode_sumber": kunci.values, "nama": nama.values, "nama_induk": induk.values, "geometry": gdf.geometry.values}
    )
    kemajuan(0.4, "mencocokkan dengan desa Kemendagri")
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        target = _target_desa(con, tuple(gdf.total_bounds), opsi.kabupaten)
        if target.empty:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "berkas",
                        k_kode or k_nama,
                        skema,
                        "desa Kemendagri di wilayah yang sama",
                        "muat dulu batas desa Kemendagri wilayah ini (`load batas` berkas "
                        "berkode 33.01.01.2001), lalu muat berkas ini untuk crosswalk",
                    )
                ],
            )
        resolusi, baru = _resolusi(con, skema, opsi, judul)
        hasil = kd.cocokkan_wilayah(sumber, target, resolusi)
        kemajuan(0.8, "menyimpan crosswalk")
        _simpan_resolusi(con, skema, baru, path.name)
        _simpan_crosswalk(con, skema, hasil, dict(zip(sumber["kode_sumber"], sumber["nama"], strict=True)), path.name)
        lap.peringatan += [f"{len(hasil.tak_cocok)} unit belum cocok"] if len(hasil.tak_cocok) else []
        db.catat_muat(
            con,
            "batas",
            path.name,
            hash_berkas(path),
            n_masuk,
            len(hasil.pasangan),
            lap.peringatan,
            opsi.versi_kode,
            opsi.oleh,
        )
    kemajuan(1.0, "selesai")
    return LaporanMuat(
        "batas",
        path.name,
        hash_berkas(path),
        n_masuk,
        len(hasil.pasangan),
        lap.peringatan,
        hasil.tak_cocok,
        {"skema kode": skema, "cara cocok": dict(hasil.metode)},
    )


def _muat_batas_kemendagri(path, gdf, kode, nama, lap: LaporanGeometri, opsi, berkas, n_masuk, kemajuan) -> LaporanMuat:
    judul = f"Berkas {path.name}"
    masalah = []
    salah = ~kode.str.match(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
    masalah += [
        Masalah(
            f"fitur {i + 1}", opsi.kolom_kode or "kode", kode.iloc[i], "kode PP.KK.CC.DDDD", "perbaiki kode wilayah"
        )
        for i in np.flatnonzero(salah.values)
    ]
    ganda = kode[kode.duplicated(keep=False)]
    for k, grup in ganda.groupby(ganda):
        fitur = ", ".join(str(i + 1) for i in np.flatnonzero((kode == k).values))
        masalah.append(
            Masalah(
                f"fitur {fitur}",
                "kode",
                k,
                "kode unik per wilayah",
                "gabungkan poligon berkode sama (Dissolve) atau perbaiki kodenya",
            )
        )
    if masalah:
        raise KesalahanInput(judul, masalah)
    gdf = gdf.assign(kode=kode.values, nama=nama.values)
    if opsi.awalan:
        gdf = gdf[gdf["kode"].str.startswith(kd.titikkan(opsi.awalan))]
        if gdf.empty:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "opsi --awalan",
                        "kode",
                        opsi.awalan,
                        "awalan kode yang ada di berkas",
                        "periksa awalan, mis. 33.01",
                    )
                ],
            )
    gdf = gdf.reset_index(drop=True)
    gdf["tingkat"] = gdf["kode"].map(kd.tingkat_dari_kode)
    gdf = gdf[gdf["tingkat"] != "provinsi"].reset_index(drop=True)
    versi = opsi.versi_kode or f"tidak disebut (berkas {path.name})"
    kemajuan(0.35, "menghitung luas dan geometri tampil")
    gdf["luas_ha"] = (gdf.geometry.to_crs(CRS_LUAS).area / 10_000).round(2)
    tampil = gpd.GeoSeries(index=gdf.index, crs=CRS_SIMPAN, dtype="geometry")
    for tingkat, grup in gdf.groupby("tingkat"):
        geo_t, catatan = geometri_tampil(grup.geometry, crs_metrik(grup))
        tampil[grup.index] = geo_t
        lap.peringatan += [f"{tingkat}: {c}" for c in catatan]
    gdf["geom_tampil"] = tampil
    kemajuan(0.6, "menulis basis data")
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        con.execute("DELETE FROM wilayah WHERE list_contains(?, kode)", [list(gdf["kode"])])
        rows = pd.DataFrame(
            {
                "kode": gdf["kode"],
                "nama": gdf["nama"],
                "tingkat": gdf["tingkat"],
                "jenis": gdf["kode"].map(_jenis_wilayah),
                "kode_induk": gdf["kode"].map(lambda k: k.rsplit(".", 1)[0]),
                "kode_bps": None,
                "versi_kode": versi,
                "luas_ha": gdf["luas_ha"],
                "geom": gdf.geometry.values,
                "geom_tampil": gdf["geom_tampil"].values,
            }
        )
        db.sisipkan(con, "wilayah", rows, ("geom", "geom_tampil"))
        turunan = _turunkan_induk(con, versi)
        if turunan:
            lap.peringatan.append(
                f"{turunan} wilayah induk dibentuk dari gabungan anaknya (nama sementara; muat batas "
                "kecamatan/kabupaten untuk nama resminya)"
            )
        con.execute(
            "UPDATE wilayah SET kode_bps = c.kode_sumber FROM crosswalk_kode c "
            "WHERE c.skema = 'bps' AND c.kode = wilayah.kode"
        )
        kemajuan(0.9, "mencatat riwayat")
        h = hash_berkas(path)
        db.catat_muat(con, "batas", path.name, h, n_masuk, len(rows), lap.peringatan, versi, opsi.oleh)
    kemajuan(1.0, "selesai")
    per = gdf["tingkat"].value_counts().to_dict()
    return LaporanMuat(
        "batas",
        path.name,
        h,
        n_masuk,
        len(rows),
        lap.peringatan,
        None,
        {"skema kode": "kemendagri", "per tingkat": per, "geometri diperbaiki": lap.diperbaiki},
    )


def _turunkan_induk(con, versi: str) -> int:
    """Create missing kecamatan/kabupaten rows as the union of their children."""
    total = 0
    for anak, induk, panjang in (("desa", "kecamatan", 8), ("kecamatan", "kabupaten", 5)):
        n = con.execute(
            f"""
            INSERT INTO wilayah
            SELECT k, '{induk.title()} ' || k, '{induk}',
                   CASE WHEN '{induk}' = 'kabupaten' AND CAST(right(k, 2) AS INTEGER) >= 71 THEN 'kota'
                        ELSE '{induk}' END,
                   left(k, {panjang - 3}), NULL, ?, luas, g, gt
            FROM (SELECT left(a.kode, {panjang}) AS k, sum(a.luas_ha) AS luas,
                         ST_Union_Agg(ST_MakeValid(a.geom)) AS g,
                         ST_Union_Agg(ST_MakeValid(a.geom_tampil)) AS gt
                  FROM wilayah a
                  WHERE a.tingkat = '{anak}' AND left(a.kode, {panjang}) NOT IN (SELECT kode FROM wilayah)
                  GROUP BY 1)
            """,
            [versi],
        ).fetchone()[0]
        total += int(n or 0)
    return total
