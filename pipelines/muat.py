"""Loaders: one function per kind of data, shared by the CLI and the "Data" page.

Every loader reads and validates the whole file first and raises one
:class:`~geo.errors.KesalahanInput` listing every problem (row/feature, field, value, what
is expected, how to fix). Only a clean file is written, in one transaction: reference
data through :func:`geo.store.db.ganti_atomik` (copy, write, swap), working data through
:func:`geo.store.db.transaksi_kerja`. Each load is recorded in ``riwayat_muat``.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import re
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.crs import crs_metrik
from geo.domain.lahan import kawasan_dari_namobj, status_lahan_dari_teks
from geo.domain.usulan import KOLOM_IMPOR, KOLOM_WAJIB, baris_usulan, periksa_usulan
from geo.errors import KesalahanInput, Masalah
from geo.render.display import geometri_tampil
from geo.settings import CRS_SIMPAN, BerkasData
from geo.store import db
from geo.store import usulan as simpanan_usulan
from pipelines import kode as kd
from pipelines.angka import deteksi_konvensi, kosong, parse_angka
from pipelines.baca import Tabel, baca_tabel, baca_vektor
from pipelines.higiene import CRS_LUAS, LaporanGeometri, bersihkan

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
    matriks: str | None = None
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
def _skema_kolom(kode: list[str], kolom: str, judul: str, masalah: list[Masalah] | None = None) -> str:
    """Detect the coding scheme of a code column, or raise one report with every problem so far."""
    try:
        return kd.deteksi_skema(kode)
    except ValueError as e:
        raise KesalahanInput(
            judul,
            [
                *(masalah or []),
                Masalah(
                    "berkas",
                    kolom,
                    ", ".join(kode[:3]),
                    "kode Kemendagri (33.01.01.2001 / 3301012001) atau BPS (3301010001)",
                    str(e),
                ),
            ],
        ) from None


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


def _hapus_kunci(
    con, tabel: str, kolom: str, kunci: list[str], syarat: str = "true", params: list | None = None
) -> None:
    """Delete the rows whose ``kolom`` is in ``kunci`` (a hash join: fast for 100,000 keys)."""
    con.register("_kunci", pd.DataFrame({"k": list(kunci)}))
    try:
        con.execute(f"DELETE FROM {tabel} WHERE {syarat} AND {kolom} IN (SELECT k FROM _kunci)", params or [])
    finally:
        con.unregister("_kunci")


def _simpan_resolusi(con, skema: str, baru: pd.DataFrame, berkas: str) -> None:
    for r in baru.itertuples():
        con.execute(
            "INSERT OR REPLACE INTO kode_resolusi VALUES (?, ?, ?, NULL, ?)", [skema, r.kode_sumber, r.kode, berkas]
        )


def _simpan_crosswalk(con, skema: str, hasil: kd.HasilCocok, nama_sumber: dict[str, str], berkas: str) -> None:
    kunci = list(hasil.pasangan["kode_sumber"]) + list(hasil.tak_cocok["kode_sumber"])
    if kunci:
        _hapus_kunci(con, "crosswalk_kode", "kode_sumber", kunci, "skema = ?", [skema])
        _hapus_kunci(con, "kode_tak_cocok", "kode_sumber", kunci, "skema = ?", [skema])
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
        skema = _skema_kolom([k for k in kode if k not in ("", "nan", "None")], k_kode, judul, masalah)
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
    for k in ganda.unique():
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
    nama_induk = {}
    k_induk = _cari_kolom(list(gdf.columns), opsi.kolom_induk, KOLOM_INDUK, judul, "nama kecamatan", wajib=False)
    if k_induk and k_induk != "nama":
        desa = gdf[gdf["tingkat"] == "desa"]
        pasang = pd.DataFrame({"kec": desa["kode"].str[:8], "nama": desa[k_induk].astype(str).str.strip()})
        pasang = pasang[~pasang["nama"].map(kosong)]
        # the most frequent name of each kecamatan among its desa
        hitung = pasang.groupby(["kec", "nama"]).size().reset_index(name="n")
        terbanyak = hitung.sort_values(["kec", "n"], ascending=[True, False]).drop_duplicates("kec")
        nama_induk = dict(zip(terbanyak["kec"], terbanyak["nama"], strict=True))
    versi = opsi.versi_kode or f"tidak disebut (berkas {path.name})"
    kemajuan(0.35, "menghitung luas dan geometri tampil")

    def _tampil() -> tuple[gpd.GeoSeries, list[str]]:
        hasil = gpd.GeoSeries(index=gdf.index, crs=CRS_SIMPAN, dtype="geometry")
        catatan_semua = []
        for tingkat, grup in gdf.groupby("tingkat"):
            geo_t, catatan = geometri_tampil(grup.geometry, crs_metrik(grup), kelompok=grup["kode"].str[:5].values)
            hasil[grup.index] = geo_t
            catatan_semua += [f"{tingkat}: {c}" for c in catatan]
        return hasil, catatan_semua

    # display geometry (GEOS, releases the GIL) in a second thread while this one measures areas
    with ThreadPoolExecutor(1) as ex:
        tugas = ex.submit(_tampil)
        gdf["luas_ha"] = (gdf.geometry.to_crs(CRS_LUAS).area / 10_000).round(2)
        h = hash_berkas(path)
        gdf["geom_tampil"], catatan = tugas.result()
    lap.peringatan += catatan
    kemajuan(0.6, "menulis basis data")
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        _hapus_kunci(con, "wilayah", "kode", list(gdf["kode"]))
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
        turunan = _turunkan_induk(con, versi, nama_induk, gdf)
        if turunan:
            sementara = con.execute(
                "SELECT count(*) FROM wilayah WHERE nama = 'Kecamatan ' || kode OR nama = 'Kabupaten ' || kode"
            ).fetchone()[0]
            lap.peringatan.append(
                f"{turunan} wilayah induk dibentuk dari gabungan anaknya"
                + (
                    f"; {sementara} masih bernama sementara (muat batas kecamatan/kabupaten untuk nama resminya)"
                    if sementara
                    else ""
                )
            )
        con.execute(
            "UPDATE wilayah SET kode_bps = c.kode_sumber FROM crosswalk_kode c "
            "WHERE c.skema = 'bps' AND c.kode = wilayah.kode"
        )
        kemajuan(0.9, "mencatat riwayat")
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


def _turunkan_induk(
    con, versi: str, nama_induk: dict[str, str] | None = None, baru: gpd.GeoDataFrame | None = None
) -> int:
    """Create missing kecamatan/kabupaten rows as the union of their children.

    Children loaded just now (``baru``: kode, tingkat, luas_ha, geometry, geom_tampil) are
    taken from memory; others are read back from the database. Unions run on two threads.
    Names come from ``nama_induk`` (code -> name, e.g. a kecamatan-name column of the
    desa file) or are placeholders until the parent tier's own file is loaded.
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
        hilang = [
            r[0]
            for r in con.execute(
                f"SELECT DISTINCT left(kode, {panjang}) FROM wilayah WHERE tingkat = ? "
                "EXCEPT SELECT kode FROM wilayah ORDER BY 1",
                [anak],
            ).fetchall()
        ]
        if not hilang:
            continue
        con.register("_hilang", pd.DataFrame({"k": hilang}))
        di_db = dict(
            con.execute(
                f"SELECT left(kode, {panjang}), count(*) FROM wilayah WHERE tingkat = ? "
                f"AND left(kode, {panjang}) IN (SELECT k FROM _hilang) GROUP BY 1",
                [anak],
            ).fetchall()
        )
        m = mem[mem["tingkat"] == anak]
        m = m.assign(induk=m["kode"].str[:panjang])
        di_mem = m["induk"].value_counts()
        dari_mem = {k for k in hilang if di_mem.get(k, 0) == di_db.get(k, -1)}
        bagian = [m[m["induk"].isin(dari_mem)][["induk", "luas_ha", "g", "gt"]]]
        sisa = [k for k in hilang if k not in dari_mem]
        if sisa:
            con.register("_sisa", pd.DataFrame({"k": sisa}))
            df = con.execute(
                f"SELECT left(kode, {panjang}) AS induk, luas_ha, ST_AsWKB(geom) AS g, "
                f"ST_AsWKB(geom_tampil) AS gt FROM wilayah WHERE tingkat = ? "
                f"AND left(kode, {panjang}) IN (SELECT k FROM _sisa) ORDER BY kode",
                [anak],
            ).df()
            con.unregister("_sisa")
            df["g"] = shapely.from_wkb(df["g"].map(bytes).values)
            df["gt"] = shapely.from_wkb(df["gt"].map(bytes).values)
            bagian.append(df)
        con.unregister("_hilang")
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
        total += db.sisipkan(con, "wilayah", induk_df, ("geom", "geom_tampil"))
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


# --------------------------------------------------------------------------- indikator
KOLOM_DESA = ("nama_desa", "namadesa", "nmdesa", "desa", "kelurahan", "desa_kelurahan", "nama")
KOLOM_KEC = ("nama_kecamatan", "namakec", "nmkec", "kecamatan", "nama_kec", "kec")
KOLOM_ABAI = frozenset({"id", "no", "no.", "nomor", "kdprov", "kdkab", "kdkec", "kddesa", "kode_kec", "idkec", "fid"})
_TAHUN = re.compile(r"(?:^|[_\s-])((?:19|20)\d{2})(?:$|[_\s-]|sm\d|s\d)", re.IGNORECASE)

_KATA_EKSTENSIF = (
    "jml",
    "jumlah",
    "t_",
    "laki",
    "pr_",
    "perempuan",
    "penduduk",
    "luas",
    "posyandu",
    "puskes",
    "pustu",
    "apotik",
    "rs_",
    "sd",
    "sltp",
    "slta",
    "smp",
    "sma",
    "pt",
    "sekolah",
    "rumah",
    "kk",
)
_KATA_INTENSIF = (
    "persen",
    "pct",
    "rasio",
    "rjk",
    "density",
    "kepadatan",
    "pertumb",
    "prevalensi",
    "angka",
    "ipm",
    "dist",
    "rata",
    "indeks",
    "jarak",
)


def _tebak_jenis(kode: str) -> str:
    k = kode.lower()
    if any(w in k for w in _KATA_INTENSIF):
        return "intensif"
    return "ekstensif"


def _tabel_pertama(
    path: Path, opsi: OpsiMuat, judul: str, kata_kunci: tuple[str, ...] | None = None
) -> tuple[Tabel, list[str]]:
    tabel = baca_tabel(path, opsi.lembar, kata_kunci) if kata_kunci else baca_tabel(path, opsi.lembar)
    if not tabel:
        raise KesalahanInput(judul, [Masalah("berkas", "", "kosong", "tabel berisi data", "periksa isi berkas")])
    catatan = []
    if len(tabel) > 1:
        catatan.append(
            f"berkas berisi {len(tabel)} lembar berdata; yang dimuat: '{tabel[0].nama}' "
            f"(pilih lain dengan --lembar: {', '.join(t.nama for t in tabel[1:])})"
        )
    return tabel[0], catatan


def _lokasi_tabel(con, tabel: Tabel, opsi: OpsiMuat, judul: str) -> tuple[pd.Series, pd.DataFrame, dict, list[str]]:
    """Map each table row to a Kemendagri desa code (None when unmatched).

    Returns the codes, the unmatched report, the method counts and notes.
    """
    df = tabel.data
    kolom = list(df.columns)
    lower = {c.lower(): c for c in kolom}
    catatan: list[str] = []
    k_kode = _cari_kolom(kolom, opsi.kolom_kode, KOLOM_KODE, judul, "kode", wajib=False)
    k_desa = _cari_kolom(kolom, opsi.kolom_nama, KOLOM_DESA, judul, "nama desa", wajib=False)
    k_kec = _cari_kolom(kolom, opsi.kolom_induk, KOLOM_KEC, judul, "nama kecamatan", wajib=False)
    kode_bps = pd.Series([None] * len(df), index=df.index, dtype=object)
    hasil = pd.Series([None] * len(df), index=df.index, dtype=object)
    skema = None
    if k_kode:
        nilai = df[k_kode].str.strip()
        skema = _skema_kolom([v for v in nilai if v], k_kode, judul)
        if skema == "kemendagri":
            hasil = nilai.map(lambda v: kd.titikkan(v) if v else None)
        else:
            kode_bps = nilai
    elif "kdkec" in lower and "kddesa" in lower:
        skema = "bps"
        prefiks = None
        if "kdprov" in lower and "kdkab" in lower:
            prefiks = df[lower["kdprov"]].str.zfill(2) + df[lower["kdkab"]].str.zfill(2)
        elif opsi.kabupaten:
            kab = kd.titikkan(opsi.kabupaten)
            dari_cw = con.execute(
                "SELECT left(kode_sumber, 4), count(*) FROM crosswalk_kode WHERE skema = 'bps' AND "
                "starts_with(kode, ?) GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
                [kab + "."],
            ).fetchone()
            prefiks = dari_cw[0] if dari_cw else kab.replace(".", "")
            if not dari_cw:
                catatan.append(
                    f"kode BPS kabupaten dianggap {prefiks} (sama dengan Kemendagri {kab}); bila berbeda "
                    "(mis. Kuantan Singingi BPS 1401 = Kemendagri 14.09) muat dulu batas desa BPS-nya"
                )
        else:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "berkas",
                        "kdkec, kddesa",
                        "kode terpisah",
                        "opsi --kabupaten",
                        "sebut kabupaten Kemendagri-nya, mis. --kabupaten 33.01",
                    )
                ],
            )
        kode_bps = [
            f"{p}{int(a):03d}{int(b):03d}" if a.isdigit() and b.isdigit() else None
            for p, a, b in zip(pd.Series(prefiks, index=df.index), df[lower["kdkec"]], df[lower["kddesa"]], strict=True)
        ]
        kode_bps = pd.Series(kode_bps, index=df.index, dtype=object)
    if skema == "bps":
        cw = dict(con.execute("SELECT kode_sumber, kode FROM crosswalk_kode WHERE skema = 'bps'").fetchall())
        hasil = kode_bps.map(lambda v: cw.get(v) if v else None)
    metode = {"kode langsung" if skema == "kemendagri" else "crosswalk tersimpan": int(hasil.notna().sum())}
    tak = pd.DataFrame(columns=["kode_sumber", "nama", "nama_induk", "alasan", "calon"])
    sisa = hasil.isna()
    if sisa.any():
        if not k_desa:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        f"baris {tabel.nomor_baris(int(i))}",
                        k_kode or "kode",
                        str(kode_bps.get(i) or ""),
                        "kode yang ada di crosswalk, atau kolom nama desa dan kecamatan",
                        "tambahkan kolom nama desa/kecamatan, atau muat batas desa BPS agar crosswalk terbentuk",
                    )
                    for i in np.flatnonzero(sisa.values)[:25]
                ],
            )
        kab = kd.titikkan(opsi.kabupaten) if opsi.kabupaten else None
        if kab is None:
            dikenal = hasil.dropna()
            if dikenal.empty:
                raise KesalahanInput(
                    judul,
                    [
                        Masalah(
                            "berkas",
                            k_desa,
                            "nama saja",
                            "opsi --kabupaten",
                            "sebut kabupaten Kemendagri-nya, mis. --kabupaten 33.01",
                        )
                    ],
                )
            kab = dikenal.iloc[0][:5]
        target = _target_desa(con, None, kab).drop(columns="geometry")
        if target.empty:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "opsi --kabupaten",
                        "kabupaten",
                        kab,
                        "kabupaten yang batas desanya sudah dimuat",
                        "muat dulu batas desa Kemendagri kabupaten itu",
                    )
                ],
            )
        skema_cw = "bps" if skema == "bps" else "nama"
        kunci = (
            kode_bps
            if skema == "bps"
            else (
                df[k_kec].map(kd.normalisasi_nama) + "|" + df[k_desa].map(kd.normalisasi_nama)
                if k_kec
                else df[k_desa].map(kd.normalisasi_nama)
            )
        )
        sumber = pd.DataFrame(
            {
                "kode_sumber": kunci[sisa].values,
                "nama": df.loc[sisa, k_desa].values,
                "nama_induk": df.loc[sisa, k_kec].values if k_kec else "",
            }
        )
        resolusi, baru = _resolusi(con, skema_cw, opsi, judul)
        cocok = kd.cocokkan_wilayah(sumber, target, resolusi)
        peta = dict(zip(cocok.pasangan["kode_sumber"], cocok.pasangan["kode"], strict=True))
        hasil[sisa] = kunci[sisa].map(peta)
        metode.update({f"nama: {k}": v for k, v in cocok.metode.items()})
        tak = cocok.tak_cocok
        _simpan_resolusi(con, skema_cw, baru, tabel.nama)
        _simpan_crosswalk(
            con, skema_cw, cocok, dict(zip(sumber["kode_sumber"], sumber["nama"], strict=True)), tabel.nama
        )
    # codes that do not exist in wilayah are errors, not silent drops
    ada = {r[0] for r in con.execute("SELECT kode FROM wilayah WHERE tingkat = 'desa'").fetchall()}
    asing = [i for i, v in zip(df.index, hasil, strict=True) if pd.notna(v) and v not in ada]
    if asing:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    f"baris {tabel.nomor_baris(int(i))}",
                    k_kode or "kode",
                    str(hasil[i]),
                    "kode desa yang sudah dimuat",
                    "muat batas desa wilayah itu dulu",
                )
                for i in asing[:25]
            ],
        )
    return hasil, tak, metode, catatan


def _spesifikasi_kolom(tabel: Tabel, opsi: OpsiMuat, abai: set[str], judul: str) -> list[tuple[str, str, int]]:
    """Return (column, indicator code, year) for every value column."""
    kolom = [c for c in tabel.data.columns if c not in abai and c.lower() not in KOLOM_ABAI]
    hasil, masalah = [], []
    if opsi.kolom:
        kolom_ada = {c.lower(): c for c in tabel.data.columns}
        for spek in opsi.kolom:
            c, _, sisa = spek.partition("=")
            ind, _, th = sisa.partition("@")
            if c.lower() not in kolom_ada:
                masalah.append(
                    Masalah(
                        "opsi --kolom", c, spek, f"kolom yang ada: {', '.join(tabel.data.columns)}", "periksa ejaan"
                    )
                )
                continue
            c = kolom_ada[c.lower()]
            m = _TAHUN.search(c)
            tahun = int(th) if th else (int(m.group(1)) if m else opsi.tahun)
            kode_ind = (ind or opsi.indikator or (_TAHUN.sub("", c) if m else c)).strip("_ ").lower()
            hasil.append((c, kode_ind, tahun))
    else:
        for c in kolom:
            m = _TAHUN.search(c)
            tahun = int(m.group(1)) if m else opsi.tahun
            kode_ind = opsi.indikator if (opsi.indikator and m) else (_TAHUN.sub("_", c).strip("_ ") if m else c)
            hasil.append((c, re.sub(r"\W+", "_", kode_ind.lower()).strip("_"), tahun))
    for c, _ind, tahun in hasil:
        if tahun is None:
            masalah.append(
                Masalah(
                    "berkas",
                    c,
                    c,
                    "tahun data (kolom bernama mis. 2020 atau t_2020, atau opsi --tahun)",
                    "tambahkan opsi --tahun 2024, atau --kolom 'kolom=indikator@2024'",
                )
            )
    if not hasil:
        masalah.append(
            Masalah(
                "berkas",
                "",
                ", ".join(tabel.data.columns),
                "minimal satu kolom nilai",
                "tambahkan kolom angka indikator",
            )
        )
    if masalah:
        raise KesalahanInput(judul, masalah)
    return hasil


def muat_indikator(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load a BPS/sector table (CSV/XLSX, long or wide) as desa indicators.

    Long tables have columns ``indikator``, ``tahun``, ``nilai``. Wide tables have one
    column per indicator (year from ``--tahun``) or per year (``2019``, ``t_2019``; the
    indicator from ``--indikator``). Rows are tied to Kemendagri desa by code, by the
    stored BPS crosswalk, or by kecamatan + desa names (unmatched rows reported by name,
    not loaded). Numbers follow the column's convention (``1.234,5`` or ``11.00``);
    ``-``, ``…``, ``NA`` and blanks are missing, never zero. Indicator metadata (unit,
    extensive/intensive, weight, source) is recorded for correct aggregation.

    Parameters
    ----------
    path : Path
        CSV or XLSX.
    opsi : OpsiMuat
        ``kolom_kode``/``kolom_nama``/``kolom_induk``, ``kabupaten``, ``tahun``,
        ``indikator``, ``kolom`` (``col=indikator@tahun`` specs), ``nama_indikator``,
        ``satuan``, ``jenis_indikator``, ``bobot``, ``sumber``, ``lembar``, ``resolusi``.
    berkas : BerkasData
        Data folder.
    kemajuan : callable
        Progress callback.

    Returns
    -------
    LaporanMuat
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    kemajuan(0.05, "membaca tabel")
    tabel, catatan = _tabel_pertama(path, opsi, judul)
    df = tabel.data
    n_masuk = len(df)
    lower = {c.lower(): c for c in df.columns}
    panjang = {"indikator", "tahun", "nilai"} <= set(lower)
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        kemajuan(0.25, "mencocokkan wilayah")
        kode, tak, metode, cat2 = _lokasi_tabel(con, tabel, opsi, judul)
        catatan += cat2
        lokasi = {c for c in (opsi.kolom_kode, opsi.kolom_nama, opsi.kolom_induk) if c}
        lokasi |= {lower[c] for c in (*KOLOM_KODE, *KOLOM_DESA, *KOLOM_KEC) if c in lower}
        kemajuan(0.5, "membaca angka")
        masalah: list[Masalah] = []
        baris = []
        if panjang:
            kolom_nilai = lower["nilai"]
            konv = deteksi_konvensi(df[kolom_nilai])
            for i, r in df.iterrows():
                no = tabel.nomor_baris(int(i))
                th = r[lower["tahun"]].strip()
                if not th.isdigit():
                    masalah.append(Masalah(f"baris {no}", lower["tahun"], th, "tahun 4 angka", "isi tahun, mis. 2024"))
                    continue
                try:
                    v = parse_angka(r[kolom_nilai], konv)
                except ValueError as e:
                    masalah.append(Masalah(f"baris {no}", kolom_nilai, r[kolom_nilai], "angka (mis. 1.234,5)", str(e)))
                    continue
                baris.append((i, r[lower["indikator"]].strip().lower(), int(th), v))
        else:
            for c, ind, th in _spesifikasi_kolom(tabel, opsi, lokasi, judul):
                konv = deteksi_konvensi(df[c])
                for i, sel in df[c].items():
                    try:
                        v = parse_angka(sel, konv)
                    except ValueError as e:
                        masalah.append(
                            Masalah(
                                f"baris {tabel.nomor_baris(int(i))}",
                                c,
                                sel,
                                "angka (mis. 1.234,5) atau '-' bila tidak ada data",
                                str(e),
                            )
                        )
                        continue
                    baris.append((i, ind, th, v))
        data = pd.DataFrame(baris, columns=["i", "indikator", "tahun", "nilai"])
        data["kode_wilayah"] = data["i"].map(kode)
        data = data[data["kode_wilayah"].notna()]
        ganda = data[data.duplicated(["kode_wilayah", "tahun", "indikator"], keep=False)]
        for (kw, th, ind), g in list(ganda.groupby(["kode_wilayah", "tahun", "indikator"]))[:25]:
            nomor = ", ".join(str(tabel.nomor_baris(int(i))) for i in g["i"])
            masalah.append(
                Masalah(
                    f"baris {nomor}",
                    ind,
                    kw,
                    f"satu nilai per desa, tahun {th}, indikator",
                    "hapus baris ganda, atau periksa nama desa yang tertukar",
                )
            )
        if masalah:
            raise KesalahanInput(judul, masalah)
        kemajuan(0.75, "menulis basis data")
        sumber = opsi.sumber or f"berkas {path.name}"
        data = data.assign(sumber=sumber)[["kode_wilayah", "tahun", "indikator", "nilai", "sumber"]]
        con.register("_baru", data)
        con.execute(
            "DELETE FROM indikator USING _baru b WHERE indikator.kode_wilayah = b.kode_wilayah "
            "AND indikator.tahun = b.tahun AND indikator.indikator = b.indikator"
        )
        con.unregister("_baru")
        db.sisipkan(con, "indikator", data.sort_values(["kode_wilayah", "tahun", "indikator"]))
        ditebak = []
        for ind in sorted(data["indikator"].unique()):
            lama = con.execute("SELECT * FROM indikator_meta WHERE kode = ?", [ind]).df()
            satu = len(data["indikator"].unique()) == 1
            jenis = opsi.jenis_indikator if (opsi.jenis_indikator and satu) else None
            if lama.empty or jenis or (satu and (opsi.satuan or opsi.nama_indikator)):
                if jenis is None:
                    jenis = lama["jenis"].iloc[0] if len(lama) else _tebak_jenis(ind)
                    if lama.empty:
                        ditebak.append(f"{ind}={jenis}")
                con.execute(
                    "INSERT OR REPLACE INTO indikator_meta VALUES (?, ?, ?, ?, NULL, NULL, NULL, ?, ?, ?)",
                    [
                        ind,
                        (opsi.nama_indikator if satu and opsi.nama_indikator else ind.replace("_", " ")),
                        (opsi.satuan if satu and opsi.satuan else (lama["satuan"].iloc[0] if len(lama) else "-")),
                        jenis,
                        opsi.bobot if jenis == "intensif" else None,
                        sumber,
                        f"dimuat dari {path.name}",
                    ],
                )
        if ditebak:
            catatan.append(
                "jenis agregasi ditebak dari nama kolom (periksa; ubah dengan --jenis): " + ", ".join(ditebak)
            )
        if len(tak):
            catatan.append(f"{len(tak)} baris tidak cocok dengan desa mana pun dan tidak dimuat (lihat daftar)")
        h = hash_berkas(path)
        n_desa = data["kode_wilayah"].nunique()
        db.catat_muat(con, "indikator", path.name, h, n_masuk, len(data), catatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat(
        "indikator",
        path.name,
        h,
        n_masuk,
        len(data),
        catatan,
        tak,
        {
            "desa tercocok": f"{n_desa} dari {n_masuk} baris",
            "cara cocok": metode,
            "indikator": sorted(data["indikator"].unique()),
        },
    )


# --------------------------------------------------------------------------- zoning, overlays, land
_ATRIBUT_OVERLAY = (  # RTRW attribute -> overlay kind (ATR/BPN pola ruang schema)
    ("KP2B_2", "lp2b"),
    ("KRB_03", "rawan_bencana"),
    ("KKOP_1", "kkop"),
    ("CAGBUD", "cagar_budaya"),
)
JENIS_OVERLAY = (
    "lp2b",
    "rawan_bencana",
    "kkop",
    "sempadan",
    "kawasan_hutan",
    "cagar_budaya",
    "resapan_air",
    "fasilitas",
)


def _ada_isi(v) -> bool:
    return not kosong(v) and str(v).strip().lower() not in ("tidak ada", "tidak", "0", "-")


def _ganti_per_sumber(con, tabel: str, sumber: str, rows: pd.DataFrame) -> int:
    """Replace the rows of one source file: delete them, insert new ones with fresh ids."""
    con.execute(f"DELETE FROM {tabel} WHERE sumber = ?", [sumber])
    mulai = con.execute(f"SELECT coalesce(max(id), 0) FROM {tabel}").fetchone()[0]
    rows = rows.reset_index(drop=True)
    rows.insert(0, "id", np.arange(mulai + 1, mulai + 1 + len(rows)))
    return db.sisipkan(con, tabel, rows.assign(sumber=sumber), ("geom",))


def _baca_poligon(path: Path, opsi: OpsiMuat, judul: str) -> tuple[gpd.GeoDataFrame, LaporanGeometri, int]:
    gdf = baca_vektor(path)
    n = len(gdf)
    gdf, lap = bersihkan(gdf, judul, opsi.crs)
    return gdf.reset_index(drop=True), lap, n


def _json_atribut(r: pd.Series, buang: set[str]) -> str:
    isi = {}
    for k, v in r.items():
        if k in buang or k == "geometry":
            continue
        if isinstance(v, (np.integer, np.floating)):
            v = v.item()
        if isinstance(v, float) and v != v:
            v = None
        isi[k] = v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
    return json.dumps(isi, ensure_ascii=False, sort_keys=True)


def muat_pola_ruang(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load RTRW pola ruang polygons (ATR/BPN attributes NAMOBJ, KODKWS, ...).

    The class name is read from ``NAMOBJ`` (or ``--kolom-nama``); kawasan lindung / budi
    daya is decided from it (:func:`geo.domain.lahan.kawasan_dari_namobj`). Every other attribute
    is kept as JSON. Special-overlay attributes of the standard schema (``KP2B_2`` LP2B,
    ``KRB_03`` hazard, ``KKOP_1`` airport safety, ``CAGBUD`` heritage) also become rows of
    ``overlay`` with their value as class. Reloading the same file replaces its rows.
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    kemajuan(0.05, "membaca berkas")
    gdf, lap, n = _baca_poligon(path, opsi, judul)
    kolom = [c for c in gdf.columns if c != "geometry"]
    k_nama = _cari_kolom(
        kolom,
        opsi.kolom_nama,
        ("NAMOBJ", "namobj", "pola_ruang", "pola", "keterangan", "kawasan"),
        judul,
        "nama kelas pola ruang",
    )
    k_kode = _cari_kolom(
        kolom, opsi.kolom_kode, ("KODKWS", "kodkws", "kode", "kode_kawasan"), judul, "kode", wajib=False
    )
    nama = gdf[k_nama].astype(str).str.strip()
    masalah = [
        Masalah(
            f"fitur {i + 1}",
            k_nama,
            "(kosong)",
            "nama kelas pola ruang, mis. Kawasan Permukiman",
            "isi NAMOBJ fitur ini",
        )
        for i in np.flatnonzero(gdf[k_nama].map(kosong).values)
    ]
    poligon = shapely.get_type_id(gdf.geometry.values) >= 3
    masalah += [
        Masalah(
            f"fitur {i + 1}", "geometry", gdf.geometry.iloc[i].geom_type, "poligon", "pola ruang harus berupa poligon"
        )
        for i in np.flatnonzero(~poligon)
    ]
    if masalah:
        raise KesalahanInput(judul, masalah)
    rows = pd.DataFrame(
        {
            "namobj": nama,
            "kodkws": gdf[k_kode].astype(str) if k_kode else nama.str.upper(),
            "kawasan": nama.map(kawasan_dari_namobj),
            "atribut": [_json_atribut(r, {k_nama}) for _, r in gdf.iterrows()],
            "geom": gdf.geometry.values,
        }
    )
    ov = []
    kol_upper = {c.upper(): c for c in kolom}
    for atr, jenis in _ATRIBUT_OVERLAY:
        if atr in kol_upper:
            c = kol_upper[atr]
            m = gdf[c].map(_ada_isi)
            for i in np.flatnonzero(m.values):
                ov.append(
                    {
                        "jenis": jenis,
                        "kelas": str(gdf[c].iloc[i]).strip(),
                        "nama": f"{atr} dari {path.name}",
                        "geom": gdf.geometry.iloc[i],
                    }
                )
    kemajuan(0.6, "menulis basis data")
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        keluar = _ganti_per_sumber(con, "pola_ruang", path.name, rows)
        n_ov = _ganti_per_sumber(
            con, "overlay", f"{path.name} (atribut)", pd.DataFrame(ov, columns=["jenis", "kelas", "nama", "geom"])
        )
        h = hash_berkas(path)
        db.catat_muat(con, "pola-ruang", path.name, h, n, keluar, lap.peringatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat(
        "pola-ruang",
        path.name,
        h,
        n,
        keluar,
        lap.peringatan,
        None,
        {
            "kelas": rows["namobj"].value_counts().to_dict(),
            "geometri diperbaiki": lap.diperbaiki,
            "overlay dari atribut": pd.Series([o["jenis"] for o in ov]).value_counts().to_dict() if ov else {},
            "baris overlay": n_ov,
        },
    )


def _simpan_per_sumber(
    path: Path,
    opsi: OpsiMuat,
    berkas: BerkasData,
    jenis: str,
    tabel: str,
    rows: pd.DataFrame,
    n_masuk: int,
    lap: LaporanGeometri,
    rincian: dict,
    kemajuan: Kemajuan,
) -> LaporanMuat:
    """Write the rows of one vector source in one swap (replacing that file's earlier rows) and record it."""
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        keluar = _ganti_per_sumber(con, tabel, path.name, rows)
        h = hash_berkas(path)
        db.catat_muat(con, jenis, path.name, h, n_masuk, keluar, lap.peringatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat(
        jenis, path.name, h, n_masuk, keluar, lap.peringatan, None, {**rincian, "geometri diperbaiki": lap.diperbaiki}
    )


def muat_zonasi(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load RDTR zone polygons; the zone code column (``--kolom-zona``) is required."""
    path = Path(path)
    judul = f"Berkas {path.name}"
    gdf, lap, n = _baca_poligon(path, opsi, judul)
    kolom = [c for c in gdf.columns if c != "geometry"]
    k_zona = _cari_kolom(
        kolom,
        opsi.kolom_zona,
        ("kode_zona", "KODZON", "kdzona", "zona", "SUBZONA", "kode_subzona", "kode"),
        judul,
        "kode zona",
    )
    k_nama = _cari_kolom(
        kolom, opsi.kolom_nama, ("nama_zona", "NAMZON", "NAMOBJ", "nama", "keterangan"), judul, "nama zona", wajib=False
    )
    masalah = [
        Masalah(f"fitur {i + 1}", k_zona, "(kosong)", "kode zona, mis. R-2 atau K-1", "isi kode zona")
        for i in np.flatnonzero(gdf[k_zona].map(kosong).values)
    ]
    if masalah:
        raise KesalahanInput(judul, masalah)
    kode = gdf[k_zona].astype(str).str.strip().str.upper()
    rows = pd.DataFrame(
        {
            "kode_zona": kode,
            "nama_zona": gdf[k_nama].astype(str) if k_nama else kode.map(lambda z: definitions.ZONA_RDTR.get(z, z)),
            "matriks": opsi.matriks,
            "geom": gdf.geometry.values,
        }
    )
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        if opsi.matriks is None:  # the one matrix loaded, if there is exactly one
            ada = [r[0] for r in con.execute("SELECT DISTINCT matriks FROM itbx ORDER BY 1").fetchall()]
            rows["matriks"] = ada[0] if len(ada) == 1 else None
            if len(ada) != 1:
                lap.peringatan.append(
                    f"zona belum terhubung ke matriks ITBX ({len(ada)} matriks dimuat): muat ulang dengan --matriks; "
                    "sampai itu, pemeriksaan kesesuaian memberi 'perlu kajian'"
                )
        keluar = _ganti_per_sumber(con, "zonasi", path.name, rows)
        h = hash_berkas(path)
        db.catat_muat(con, "zonasi", path.name, h, n, keluar, lap.peringatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    matriks = rows["matriks"].iloc[0] if len(rows) else None
    return LaporanMuat(
        "zonasi",
        path.name,
        h,
        n,
        keluar,
        lap.peringatan,
        None,
        {"zona": kode.value_counts().to_dict(), "matriks ITBX": matriks or "—", "geometri diperbaiki": lap.diperbaiki},
    )


def muat_overlay(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load a special overlay (``--jenis``: lp2b, rawan_bencana, kkop, sempadan, kawasan_hutan, ...).

    Lines (rivers, coast) are accepted for ``sempadan``; they are stored as drawn, and the
    conformity check buffers them.
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    if opsi.jenis_overlay not in JENIS_OVERLAY:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "opsi --jenis",
                    "jenis",
                    str(opsi.jenis_overlay),
                    f"salah satu dari {', '.join(JENIS_OVERLAY)}",
                    "sebut jenis overlay",
                )
            ],
        )
    gdf, lap, n = _baca_poligon(path, opsi, judul)
    kolom = [c for c in gdf.columns if c != "geometry"]
    k_kelas = _cari_kolom(
        kolom, opsi.kolom_kelas, ("kelas", "tingkat", "kategori", "class"), judul, "kelas", wajib=False
    )
    k_nama = _cari_kolom(
        kolom, opsi.kolom_nama, ("nama", "NAMOBJ", "keterangan", "Q_Name19", "WIADKC"), judul, "nama", wajib=False
    )
    rows = pd.DataFrame(
        {
            "jenis": opsi.jenis_overlay,
            "kelas": gdf[k_kelas].astype(str) if k_kelas else None,
            "nama": gdf[k_nama].astype(str) if k_nama else None,
            "geom": gdf.geometry.values,
        }
    )
    return _simpan_per_sumber(
        path, opsi, berkas, "overlay", "overlay", rows, n, lap, {"jenis": opsi.jenis_overlay}, kemajuan
    )


def muat_lahan(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load land parcels with a status column (free text mapped to the status codes)."""
    path = Path(path)
    judul = f"Berkas {path.name}"
    gdf, lap, n = _baca_poligon(path, opsi, judul)
    kolom = [c for c in gdf.columns if c != "geometry"]
    k_status = _cari_kolom(
        kolom, opsi.kolom_status, ("status", "status_lahan", "status_tanah", "hak", "jenis_hak"), judul, "status lahan"
    )
    status = gdf[k_status].map(status_lahan_dari_teks)
    kode_sah = ", ".join(definitions.STATUS_LAHAN_PETA)
    masalah = [
        Masalah(
            f"fitur {i + 1}",
            k_status,
            str(gdf[k_status].iloc[i]),
            f"status lahan: {kode_sah}",
            "tulis status dengan salah satu istilah itu (mis. 'tanah kas desa', 'aset pemda')",
        )
        for i in np.flatnonzero(status.isna().values)
    ]
    if masalah:
        raise KesalahanInput(judul, masalah)
    k_ket = _cari_kolom(kolom, None, ("keterangan", "ket", "nama", "pemilik"), judul, "keterangan", wajib=False)
    rows = pd.DataFrame(
        {"status": status, "keterangan": gdf[k_ket].astype(str) if k_ket else None, "geom": gdf.geometry.values}
    )
    rincian = {"status": status.value_counts().to_dict()}
    return _simpan_per_sumber(path, opsi, berkas, "lahan", "lahan", rows, n, lap, rincian, kemajuan)


# --------------------------------------------------------------------------- ITBX, kamus
def _slug(teks: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(teks).lower()).strip("_")


def muat_itbx(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load an ITBX matrix (activity × zone -> I/T/B/X/TB).

    Accepted: a long CSV (kegiatan, kode_zona, itbx), a wide CSV/XLSX (kegiatan + one
    column per zone), or the SIMTARU JSON (``[{Zonasi, Kegiatan, skrk: {zona: nilai}}]``).

    Cells must be I, T, B, X or TB; empty cells are reported as warnings and not stored,
    so the conformity check treats them as "perlu kajian", never as allowed.
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(path.read_text())
            panjang = pd.DataFrame(
                [
                    {
                        "kelompok": d.get("Zonasi"),
                        "kegiatan": d["Kegiatan"],
                        "kode_zona": z,
                        "nilai": v,
                        "letak": f"rekaman {k + 1}",
                    }
                    for k, d in enumerate(data)
                    for z, v in d["skrk"].items()
                ]
            )
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "berkas",
                        "",
                        str(e)[:100],
                        "daftar {Zonasi, Kegiatan, skrk}",
                        "gunakan CSV panjang (kegiatan, kode_zona, itbx) atau lebar",
                    )
                ],
            ) from e
    else:
        tabel, _ = _tabel_pertama(path, opsi, judul)
        df = tabel.data
        lower = {c.lower(): c for c in df.columns}
        k_keg = _cari_kolom(
            list(df.columns), opsi.kolom_nama, ("kegiatan", "aktivitas", "nama_kegiatan"), judul, "kegiatan"
        )
        k_kel = next((lower[c] for c in ("zonasi_kelompok", "kelompok", "zonasi") if c in lower), None)
        nomor = [f"baris {tabel.nomor_baris(i)}" for i in range(len(df))]
        if {"kode_zona"} <= set(lower) and ({"itbx"} & set(lower) or {"nilai"} & set(lower)):
            k_nilai = lower.get("itbx") or lower["nilai"]
            panjang = pd.DataFrame(
                {
                    "kelompok": df[k_kel] if k_kel else None,
                    "kegiatan": df[k_keg],
                    "kode_zona": df[lower["kode_zona"]],
                    "nilai": df[k_nilai],
                    "letak": nomor,
                }
            )
        else:
            zona = [c for c in df.columns if c not in (k_keg, k_kel)]
            panjang = pd.concat(
                [
                    pd.DataFrame(
                        {
                            "kelompok": df[k_kel] if k_kel else None,
                            "kegiatan": df[k_keg],
                            "kode_zona": z,
                            "nilai": df[z],
                            "letak": nomor,
                        }
                    )
                    for z in zona
                ]
            )
    n = len(panjang)
    panjang["nilai"] = panjang["nilai"].fillna("").astype(str).str.strip().str.upper()
    kosong_ = panjang["nilai"] == ""
    salah = ~kosong_ & ~panjang["nilai"].isin(list(definitions.ITBX))
    masalah = [
        Masalah(r.letak, r.kode_zona, r.nilai, "I, T, B, X atau TB", "perbaiki sel matriks")
        for r in panjang[salah].itertuples()
    ]
    if masalah:
        raise KesalahanInput(judul, masalah[:50])
    peringatan = [
        f"sel kosong (perlu kajian kasus per kasus): {r.kegiatan} × {r.kode_zona} ({r.letak})"
        for r in panjang[kosong_].itertuples()
    ]
    isi = panjang[~kosong_].copy()
    isi["kode_kegiatan"] = isi["kegiatan"].map(_slug)
    ganda = isi[isi.duplicated(["kode_kegiatan", "kode_zona"], keep=False)]
    if len(ganda):
        raise KesalahanInput(
            judul,
            [
                Masalah(r.letak, r.kode_zona, r.kegiatan, "satu nilai per kegiatan dan zona", "hapus baris ganda")
                for r in ganda.itertuples()
            ][:50],
        )
    kegiatan = isi.drop_duplicates("kode_kegiatan")[["kode_kegiatan", "kegiatan", "kelompok"]]
    matriks = opsi.matriks or path.stem
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        diganti = con.execute("DELETE FROM itbx WHERE matriks = ?", [matriks]).fetchone()[0]
        if diganti:
            peringatan.append(f"matriks '{matriks}' dimuat ulang: {diganti} sel lama diganti")
        db.sisipkan(
            con,
            "itbx",
            pd.DataFrame(
                {
                    "matriks": matriks,
                    "kode_kegiatan": isi["kode_kegiatan"],
                    "kode_zona": isi["kode_zona"],
                    "nilai": isi["nilai"],
                    "catatan": None,
                    "sumber": path.name,
                }
            ),
        )
        con.register("_keg", kegiatan)
        con.execute(
            "INSERT OR REPLACE INTO kelas_kegiatan (kode, nama, kelompok) "
            "SELECT kode_kegiatan, kegiatan, kelompok FROM _keg"
        )
        con.unregister("_keg")
        h = hash_berkas(path)
        db.catat_muat(con, "itbx", path.name, h, n, len(isi), peringatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat(
        "itbx",
        path.name,
        h,
        n,
        len(isi),
        peringatan,
        None,
        {
            "matriks": matriks,
            "kegiatan": len(kegiatan),
            "zona": isi["kode_zona"].nunique(),
            "nilai": isi["nilai"].value_counts().to_dict(),
        },
    )


def muat_padanan(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load the activity-class table of one ITBX matrix: kamus ``kelas_kegiatan`` -> matrix activity.

    Columns ``kelas_kegiatan`` and ``kegiatan`` (the activity name or code as in the
    matrix); ``--matriks`` names the matrix (default: the only one loaded). Every class
    and activity must exist; the matrix's earlier table is replaced. A class without a
    row here (and not itself an activity of the matrix) is "perlu kajian" in the check.
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    tabel, catatan = _tabel_pertama(path, opsi, judul, ("kelas", "kegiatan"))
    kolom = _kolom_wajib(tabel, ("kelas_kegiatan", "kegiatan"), judul)
    df = tabel.data
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        ada = [r[0] for r in con.execute("SELECT DISTINCT matriks FROM itbx ORDER BY 1").fetchall()]
        matriks = opsi.matriks or (ada[0] if len(ada) == 1 else None)
        if matriks not in ada:
            raise KesalahanInput(
                judul,
                [
                    Masalah(
                        "opsi --matriks",
                        "matriks",
                        str(matriks),
                        ", ".join(ada) or "matriks ITBX yang dimuat",
                        "sebut matriksnya",
                    )
                ],
            )
        kelas = {r[0] for r in con.execute("SELECT DISTINCT kelas_kegiatan FROM kamus_usulan").fetchall()}
        kelas |= set(definitions.KELAS_KEGIATAN)
        keg = {
            r[0] for r in con.execute("SELECT DISTINCT kode_kegiatan FROM itbx WHERE matriks = ?", [matriks]).fetchall()
        }
        masalah, rows = [], []
        for i, r in df.iterrows():
            no = f"baris {tabel.nomor_baris(int(i))}"
            k, g = str(r[kolom["kelas_kegiatan"]]).strip(), _slug(r[kolom["kegiatan"]])
            if k not in kelas:
                masalah.append(
                    Masalah(no, "kelas_kegiatan", k, "kelas kegiatan kamus usulan", "pakai kode kelas dari kamus")
                )
            if g not in keg:
                masalah.append(
                    Masalah(
                        no,
                        "kegiatan",
                        str(r[kolom["kegiatan"]]),
                        f"kegiatan di matriks {matriks}",
                        "salin nama kegiatan dari matriks",
                    )
                )
            rows.append({"matriks": matriks, "kelas_kegiatan": k, "kode_kegiatan": g, "sumber": path.name})
        rows_df = pd.DataFrame(rows)
        ganda = rows_df[rows_df.duplicated("kelas_kegiatan", keep=False)] if len(rows_df) else rows_df
        masalah += [
            Masalah("berkas", "kelas_kegiatan", k, "satu baris per kelas", "hapus baris ganda")
            for k in sorted(set(ganda.get("kelas_kegiatan", [])))
        ]
        if masalah:
            raise KesalahanInput(judul, masalah)
        con.execute("DELETE FROM padanan_kegiatan WHERE matriks = ?", [matriks])
        if len(rows_df):
            db.sisipkan(con, "padanan_kegiatan", rows_df)
        h = hash_berkas(path)
        db.catat_muat(con, "padanan-kegiatan", path.name, h, len(df), len(rows_df), catatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat("padanan-kegiatan", path.name, h, len(df), len(rows_df), catatan, None, {"matriks": matriks})


def _angka_baris(
    df: pd.DataFrame, kolom: str, tabel: Tabel, masalah: list[Masalah], wajib: bool = True, positif: bool = False
) -> pd.Series:
    konv = deteksi_konvensi(df[kolom])
    out = []
    for i, v in df[kolom].items():
        try:
            x = parse_angka(v, konv)
        except ValueError as e:
            masalah.append(Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v, "angka", str(e)))
            out.append(None)
            continue
        if x is None and wajib:
            masalah.append(
                Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v or "(kosong)", "angka", "isi nilainya")
            )
        elif x is not None and positif and x <= 0:
            masalah.append(
                Masalah(f"baris {tabel.nomor_baris(int(i))}", kolom, v, "angka lebih dari 0", "periksa nilainya")
            )
        out.append(x)
    return pd.Series(out, index=df.index, dtype=float)


def _kolom_wajib(tabel: Tabel, wajib: tuple[str, ...], judul: str) -> dict[str, str]:
    lower = {c.lower().strip(): c for c in tabel.data.columns}
    hilang = [k for k in wajib if k not in lower]
    if hilang:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    "berkas",
                    k,
                    "(tidak ada)",
                    f"kolom '{k}'",
                    f"tambahkan kolom '{k}' (lihat templat); kolom yang ada: {', '.join(tabel.data.columns)}",
                )
                for k in hilang
            ],
        )
    return lower


def muat_kamus(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load the kamus usulan with unit costs (SSH/HSPK): every row checked, all or nothing."""
    path = Path(path)
    judul = f"Berkas {path.name}"
    tabel, catatan = _tabel_pertama(path, opsi, judul)
    wajib = ("kode", "nama", "satuan", "harga_satuan", "bidang", "opd", "kelas_kegiatan", "jenis_geometri")
    lower = _kolom_wajib(tabel, wajib, judul)
    df = tabel.data.rename(columns={v: k for k, v in lower.items()})
    masalah: list[Masalah] = []
    harga = _angka_baris(df, "harga_satuan", tabel, masalah, positif=True)
    for i, r in df.iterrows():
        no = f"baris {tabel.nomor_baris(int(i))}"
        for k in ("kode", "nama", "satuan", "bidang", "opd"):
            if kosong(r[k]):
                masalah.append(Masalah(no, k, "(kosong)", f"{k} terisi", f"isi {k}"))
        if r["jenis_geometri"].strip().lower() not in ("titik", "garis", "poligon"):
            masalah.append(
                Masalah(
                    no,
                    "jenis_geometri",
                    r["jenis_geometri"],
                    "titik, garis atau poligon",
                    "jalan/saluran = garis, bangunan = titik, kawasan = poligon",
                )
            )
    ganda = df[df["kode"].duplicated(keep=False)]
    masalah += [
        Masalah(f"baris {tabel.nomor_baris(int(i))}", "kode", r["kode"], "kode unik", "beri kode lain")
        for i, r in ganda.iterrows()
    ]
    if masalah:
        raise KesalahanInput(judul, masalah)
    tahun = opsi.tahun or pd.Timestamp.today().year
    rows = pd.DataFrame(
        {
            "kode": df["kode"].str.strip(),
            "nama": df["nama"],
            "satuan": df["satuan"],
            "harga_satuan": harga,
            "tahun_harga": tahun,
            "bidang": df["bidang"],
            "opd": df["opd"],
            "kelas_kegiatan": df["kelas_kegiatan"].str.strip(),
            "jenis_geometri": df["jenis_geometri"].str.strip().str.lower(),
            "sumber": path.name,
        }
    )
    with db.ganti_atomik(berkas.referensi, "referensi") as con:
        kelas = {r[0] for r in con.execute("SELECT kode FROM kelas_kegiatan").fetchall()}
        asing = sorted(set(rows["kelas_kegiatan"]) - kelas)
        if asing:
            catatan.append(
                f"kelas kegiatan belum ada di matriks ITBX (cek kesesuaian = perlu kajian): {', '.join(asing)}"
            )
        _hapus_kunci(con, "kamus_usulan", "kode", list(rows["kode"]))
        db.sisipkan(con, "kamus_usulan", rows)
        h = hash_berkas(path)
        db.catat_muat(con, "kamus", path.name, h, len(df), len(rows), catatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat("kamus", path.name, h, len(df), len(rows), catatan, None, {"tahun harga": tahun})


# --------------------------------------------------------------------------- working data
def templat_usulan() -> pd.DataFrame:
    """Return an empty usulan import template with one example row."""
    return pd.DataFrame(
        [
            {
                "kode_sumber": "SIPD-2027-0001",
                "tahun": 2027,
                "pengusul": "RW 03 Sukamaju",
                "tingkat_pengusul": "RT/RW",
                "kode_desa": "99.01.02.2001",
                "alamat": "Dusun Krajan",
                "kode_kamus": "K-JLN-01",
                "masalah": "Jalan rusak saat hujan",
                "uraian": "Rabat beton jalan lingkungan",
                "volume": 250,
                "biaya": "",
                "alasan_biaya": "",
                "sumber_dana": "APBD Kabupaten",
                "penerima_laki": 120,
                "penerima_perempuan": 130,
                "penerima_rentan": 20,
                "status_lahan": "tanah_desa",
                "sertifikat": "ya",
                "gambar_teknis": "tidak",
                "rab": "ya",
                "lintang": -7.35,
                "bujur": 109.25,
                "wkt": "",
            }
        ],
        columns=list(KOLOM_IMPOR),
    )


def templat_usulan_xlsx() -> bytes:
    """The usulan import template as an XLSX file."""
    import io

    buf = io.BytesIO()
    templat_usulan().to_excel(buf, index=False)
    return buf.getvalue()


def _bool(v) -> bool:
    return str(v).strip().lower() in ("ya", "y", "1", "true", "benar", "ada")


def _catatan_duplikat(con, rows: pd.DataFrame, baris_asal: list[str]) -> list[str]:
    """Warn about imported rows that look like an existing usulan (same year or recently funded).

    They are imported anyway, since a file cannot ask, but named so the operator can check.
    """
    from geo.services.usulan import duplikat_usulan

    catatan = []
    for tahun, grup in rows.assign(_no=baris_asal, id=range(-1, -len(rows) - 1, -1)).groupby("tahun"):
        dup = duplikat_usulan(con, grup.rename(columns={"geom": "geometry"}), int(tahun))
        no = dict(zip(grup["id"], grup["_no"], strict=True))
        for _, d in dup.iterrows():
            catatan.append(
                f"{no[d['id_baru']]} mirip usulan #{d['id_lama']} ({d['uraian']}, {d['desa']}, {d['tahun']}; "
                f"{d['jarak_m']:.0f} m): periksa apakah duplikat"
            )
    return catatan


def muat_usulan(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Import SIPD-shaped usulan (CSV/XLSX, see :func:`templat_usulan`) into the working data.

    Every row is checked — required fields, positive volume, known kamus item and desa,
    location inside its kabupaten (point from ``lintang``/``bujur`` or a WKT line/polygon)
    — and the file is imported all or nothing. Cost defaults to volume × kamus unit
    cost; a different ``biaya`` needs ``alasan_biaya``. Rows whose ``kode_sumber`` is
    already present are skipped, so importing the same file twice adds nothing.
    """
    path = Path(path)
    judul = f"Berkas {path.name}"
    tabel, catatan = _tabel_pertama(path, opsi, judul)
    lower = _kolom_wajib(tabel, KOLOM_WAJIB, judul)
    df = tabel.data.rename(columns={v: k for k, v in lower.items()})
    for k in KOLOM_IMPOR:
        if k not in df:
            df[k] = ""
    masalah: list[Masalah] = []
    volume = _angka_baris(df, "volume", tabel, masalah, positif=True)
    biaya = _angka_baris(df, "biaya", tabel, masalah, wajib=False, positif=True)
    lintang = _angka_baris(df, "lintang", tabel, masalah, wajib=False)
    bujur = _angka_baris(df, "bujur", tabel, masalah, wajib=False)
    with db.transaksi_kerja(berkas) as con:
        kamus = (
            con.execute("SELECT kode, satuan, harga_satuan, bidang, opd FROM ref.kamus_usulan").df().set_index("kode")
        )
        kamus_dict = kamus.to_dict("index")
        desa = con.execute("SELECT kode, kode_induk, ST_AsWKB(geom) g FROM ref.wilayah WHERE tingkat = 'desa'").df()
        desa = desa.set_index("kode")
        kab = con.execute("SELECT kode, ST_AsWKB(geom) g FROM ref.wilayah WHERE tingkat = 'kabupaten'").df()
        kab_geom = {k: shapely.from_wkb(bytes(g)) for k, g in zip(kab["kode"], kab["g"], strict=True)}
        ada = simpanan_usulan.kode_sumber_ada(con)
        rows, lewati, baris_asal = [], 0, []
        for i, r in df.iterrows():
            no = f"baris {tabel.nomor_baris(int(i))}"
            if kosong(r["tahun"]):
                masalah.append(Masalah(no, "tahun", "(kosong)", "tahun anggaran", "isi kolom tahun"))
            if not kosong(r["kode_sumber"]) and r["kode_sumber"].strip() in ada:
                lewati += 1
                continue
            kd_desa = kd.titikkan(r["kode_desa"]) if not kosong(r["kode_desa"]) else ""
            if kd_desa and kd_desa not in desa.index:
                masalah.append(
                    Masalah(
                        no,
                        "kode_desa",
                        r["kode_desa"],
                        "kode desa Kemendagri yang sudah dimuat",
                        "periksa kode (mis. 33.01.01.2001)",
                    )
                )
            item = r["kode_kamus"].strip()
            harga = float(kamus.at[item, "harga_satuan"]) if item in kamus.index else np.nan
            # an empty cost is volume × unit cost (a bad volume is reported on its own, not as a bad cost)
            b = (volume[i] * harga if volume[i] > 0 else np.nan) if np.isnan(biaya[i]) else biaya[i]
            # the same field rules as the capture form; a field the number parser already named is not repeated
            m, tanda = periksa_usulan(
                {
                    **{k: r[k].strip() for k in ("pengusul", "masalah", "uraian", "sumber_dana", "status_lahan")},
                    "kode_desa": kd_desa,
                    "kode_kamus": item,
                    "volume": volume[i],
                    "biaya": None if np.isnan(b) else b,
                    "alasan_biaya": r["alasan_biaya"].strip(),
                },
                kamus_dict,
                definitions.ATURAN_FORUM["ambang_deviasi_biaya"],
                no,
            )
            sudah = {(x.lokasi, x.kolom) for x in masalah}
            masalah += [x for x in m if (x.lokasi, x.kolom) not in sudah]
            catatan += tanda
            geom = None
            if not kosong(r["wkt"]):
                try:
                    geom = shapely.from_wkt(r["wkt"])
                except shapely.errors.GEOSException:
                    masalah.append(
                        Masalah(
                            no,
                            "wkt",
                            r["wkt"][:60],
                            "WKT, mis. LINESTRING (109.2 -7.3, 109.21 -7.3)",
                            "perbaiki teks geometri",
                        )
                    )
            elif not (np.isnan(lintang[i]) or np.isnan(bujur[i])):
                geom = shapely.Point(bujur[i], lintang[i])
            else:
                masalah.append(
                    Masalah(no, "lintang/bujur", "(kosong)", "lokasi titik atau wkt", "isi lintang dan bujur")
                )
            if geom is not None and kd_desa in desa.index:
                kk = kd_desa[:5]
                if kk in kab_geom and not kab_geom[kk].intersects(geom):
                    masalah.append(
                        Masalah(
                            no,
                            "lintang/bujur",
                            f"{geom.wkt[:60]}",
                            f"lokasi di dalam kabupaten {kk}",
                            "periksa koordinat (lintang negatif di selatan khatulistiwa; lintang/bujur tertukar?)",
                        )
                    )
            if item in kamus.index and not np.isnan(volume[i]) and geom is not None and kd_desa in desa.index:
                baris_asal.append(no)
                rows.append(
                    {
                        **baris_usulan(
                            {
                                **r.to_dict(),
                                "kode_desa": kd_desa,
                                "kode_kamus": item,
                                "volume": volume[i],
                                "biaya": b,
                                "sertifikat": _bool(r["sertifikat"]),
                                "gambar_teknis": _bool(r["gambar_teknis"]),
                                "rab": _bool(r["rab"]),
                            },
                            kamus_dict[item],
                            desa.at[kd_desa, "kode_induk"],
                            opsi.oleh,
                        ),
                        "geom": geom,
                    }
                )
        if masalah:
            raise KesalahanInput(judul, masalah)
        if rows:
            rows_df = pd.DataFrame(rows)
            catatan += _catatan_duplikat(con, rows_df, baris_asal)
            simpanan_usulan.sisipkan_usulan(con, rows_df, "impor", [f"impor {path.name}"] * len(rows_df))
        if lewati:
            catatan.append(f"{lewati} baris dilewati: kode_sumber sudah ada (impor sebelumnya)")
        h = hash_berkas(path)
        db.catat_muat(con, "usulan", path.name, h, len(df), len(rows), catatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat("usulan", path.name, h, len(df), len(rows), catatan)


def _ganti_baris(con, tabel: str, rows: pd.DataFrame, kunci: tuple[str, ...]) -> None:
    """Upsert: delete the rows of ``tabel`` with the same key as ``rows``, then insert ``rows``."""
    con.register("_baru", rows)
    try:
        syarat = " AND ".join(f"{tabel}.{k} = _baru.{k}" for k in kunci)
        con.execute(f"DELETE FROM {tabel} USING _baru WHERE {syarat}")
    finally:
        con.unregister("_baru")
    db.sisipkan(con, tabel, rows)


def muat_pagu(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load pagu indikatif (tahun, jenis kecamatan/kelurahan/opd, kode, nilai); replaces same keys."""
    path = Path(path)
    judul = f"Berkas {path.name}"
    tabel, catatan = _tabel_pertama(path, opsi, judul)
    lower = _kolom_wajib(tabel, ("tahun", "jenis", "kode", "nilai"), judul)
    df = tabel.data.rename(columns={v: k for k, v in lower.items()})
    masalah: list[Masalah] = []
    nilai = _angka_baris(df, "nilai", tabel, masalah)
    for i, r in df.iterrows():
        if r["jenis"].strip().lower() not in ("kecamatan", "kelurahan", "opd"):
            masalah.append(
                Masalah(
                    f"baris {tabel.nomor_baris(int(i))}",
                    "jenis",
                    r["jenis"],
                    "kecamatan, kelurahan atau opd",
                    "perbaiki jenis pagu",
                )
            )
        if not r["tahun"].strip().isdigit():
            masalah.append(
                Masalah(f"baris {tabel.nomor_baris(int(i))}", "tahun", r["tahun"], "tahun 4 angka", "isi tahun")
            )
        if not np.isnan(nilai[i]) and nilai[i] < 0:
            masalah.append(Masalah(f"baris {tabel.nomor_baris(int(i))}", "nilai", r["nilai"], "≥ 0", "periksa nilai"))
    if masalah:
        raise KesalahanInput(judul, masalah)
    rows = pd.DataFrame(
        {
            "tahun": df["tahun"].astype(int),
            "jenis": df["jenis"].str.strip().str.lower(),
            "kode": [kd.titikkan(k) if k.replace(".", "").isdigit() else k.strip() for k in df["kode"]],
            "nilai": nilai,
        }
    )
    with db.transaksi_kerja(berkas) as con:
        _ganti_baris(con, "pagu", rows, ("tahun", "jenis", "kode"))
        h = hash_berkas(path)
        db.catat_muat(con, "pagu", path.name, h, len(df), len(rows), catatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat("pagu", path.name, h, len(df), len(rows), catatan)


def muat_realisasi(path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Load quarterly realisasi (RFK) of funded usulan; replaces the same (usulan, tahun, triwulan)."""
    path = Path(path)
    judul = f"Berkas {path.name}"
    tabel, catatan = _tabel_pertama(path, opsi, judul)
    wajib = (
        "usulan_id",
        "tahun",
        "triwulan",
        "rencana_fisik",
        "realisasi_fisik",
        "rencana_keuangan",
        "realisasi_keuangan",
    )
    lower = _kolom_wajib(tabel, wajib, judul)
    df = tabel.data.rename(columns={v: k for k, v in lower.items()})
    masalah: list[Masalah] = []
    angka = {k: _angka_baris(df, k, tabel, masalah, wajib=k.startswith("rencana")) for k in wajib[3:]}
    for k in ("rencana_fisik", "realisasi_fisik"):
        for i, v in angka[k].items():
            if not np.isnan(v) and not 0 <= v <= 100:
                masalah.append(
                    Masalah(
                        f"baris {tabel.nomor_baris(int(i))}",
                        k,
                        df.at[i, k],
                        "persen 0–100",
                        "tulis kemajuan kumulatif dalam persen",
                    )
                )
    for i, r in df.iterrows():
        if r["triwulan"].strip() not in ("1", "2", "3", "4"):
            masalah.append(
                Masalah(
                    f"baris {tabel.nomor_baris(int(i))}",
                    "triwulan",
                    r["triwulan"],
                    "1, 2, 3 atau 4",
                    "isi nomor triwulan",
                )
            )
    with db.transaksi_kerja(berkas) as con:
        ada = {r[0] for r in con.execute("SELECT id FROM usulan").fetchall()}
        for i, r in df.iterrows():
            if not r["usulan_id"].strip().isdigit() or int(r["usulan_id"]) not in ada:
                masalah.append(
                    Masalah(
                        f"baris {tabel.nomor_baris(int(i))}",
                        "usulan_id",
                        r["usulan_id"],
                        "id usulan yang ada",
                        "periksa id usulan",
                    )
                )
        if masalah:
            raise KesalahanInput(judul, masalah)
        rows = pd.DataFrame(
            {
                "usulan_id": df["usulan_id"].astype(int),
                "tahun": df["tahun"].astype(int),
                "triwulan": df["triwulan"].astype(int),
                **{k: v for k, v in angka.items()},
                "masalah": df.get("masalah"),
                "catatan_verifikator": df.get("catatan_verifikator"),
            }
        )
        _ganti_baris(con, "realisasi", rows, ("usulan_id", "tahun", "triwulan"))
        h = hash_berkas(path)
        db.catat_muat(con, "realisasi", path.name, h, len(df), len(rows), catatan, None, opsi.oleh)
    kemajuan(1.0, "selesai")
    return LaporanMuat("realisasi", path.name, h, len(df), len(rows), catatan)


#: Kind -> (loader, one-line description). The CLI and the Data page both read this.
JENIS_MUAT: dict[str, tuple[Callable[..., LaporanMuat], str]] = {
    "batas": (muat_batas, "batas wilayah desa/kecamatan/kabupaten (kode Kemendagri, BPS, atau nama)"),
    "indikator": (muat_indikator, "tabel BPS/sektoral per desa (CSV/XLSX, lebar atau panjang)"),
    "pola-ruang": (muat_pola_ruang, "pola ruang RTRW (NAMOBJ, KODKWS, KRB/KKOP/LP2B)"),
    "zonasi": (muat_zonasi, "zona RDTR"),
    "itbx": (muat_itbx, "matriks ITBX kegiatan × zona (--matriks: nama matriks, baku nama berkas)"),
    "padanan-kegiatan": (muat_padanan, "padanan kelas kegiatan kamus → kegiatan matriks ITBX (--matriks)"),
    "overlay": (muat_overlay, "overlay khusus: LP2B, rawan bencana, KKOP, sempadan, kawasan hutan…"),
    "lahan": (muat_lahan, "bidang tanah dengan status"),
    "kamus": (muat_kamus, "kamus usulan dan harga satuan (SSH/HSPK)"),
    "usulan": (muat_usulan, "usulan berformat SIPD (CSV/XLSX)"),
    "pagu": (muat_pagu, "pagu indikatif per kecamatan/kelurahan/OPD"),
    "realisasi": (muat_realisasi, "realisasi fisik & keuangan per triwulan"),
}


def muat(jenis: str, path: Path, opsi: OpsiMuat, berkas: BerkasData, kemajuan: Kemajuan = _diam) -> LaporanMuat:
    """Run the loader of ``jenis`` (a key of :data:`JENIS_MUAT`)."""
    if jenis not in JENIS_MUAT:
        raise KesalahanInput(
            "Perintah muat", [Masalah("argumen", "jenis", jenis, ", ".join(JENIS_MUAT), "pilih salah satu jenis")]
        )
    return JENIS_MUAT[jenis][0](Path(path), opsi, berkas, kemajuan)
