"""``load batas``: administrative boundaries (desa/kecamatan/kabupaten).

Kemendagri-coded files (dotted or not) replace the wilayah rows with those codes; a
missing parent tier is derived by dissolving its children. BPS-coded or name-only files
are matched to the Kemendagri desa already loaded (spatial overlap and names) and build
the BPS ↔ Kemendagri crosswalk: features of one desa are merged first and features outside
the kabupaten set aside (:mod:`pipelines.batas_sumber`); unmatched units are reported, not
guessed, and matches whose name and overlap disagree are listed for review.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain.crs import crs_metrik
from geo.errors import KesalahanInput, Masalah
from geo.render.display import geometri_tampil
from geo.settings import CRS_SIMPAN
from geo.store import referensi
from pipelines import kode as kd
from pipelines.angka import kosong
from pipelines.batas_sumber import (
    KOLOM_KABUPATEN,
    gabung_fitur_sama,
    pisahkan_di_luar,
    teks_di_luar,
    teks_digabung,
    teks_tinjau,
)
from pipelines.higiene import CRS_LUAS, LaporanGeometri
from pipelines.muat.inti import BacaanVektor, Hasil, Muatan, OpsiVektor, PemuatVektor
from pipelines.muat.kolom import (
    KOLOM_INDUK,
    KOLOM_KODE,
    KOLOM_NAMA,
    baca_resolusi,
    cari_kolom,
    simpan_cocok,
    skema_kolom,
)


@dataclass(kw_only=True)
class OpsiBatas(OpsiVektor):
    """Options of ``load batas``.

    ``kolom_kode``/``kolom_nama``/``kolom_induk`` name the code, name and kecamatan-name
    columns (default: detected); ``awalan`` keeps only codes with this prefix;
    ``versi_kode`` is the code-list version; ``resolusi`` a CSV of manual matches;
    ``kabupaten`` limits name matching to one Kemendagri kabupaten.
    """

    kolom_kode: str | None = None
    kolom_nama: str | None = None
    kolom_induk: str | None = None
    awalan: str | None = None
    versi_kode: str | None = None
    resolusi: Path | None = None
    kabupaten: str | None = None


@dataclass
class _BatasKemendagri:
    """Checked Kemendagri units: kode, nama, tingkat, luas_ha, geometry, geom_tampil."""

    gdf: gpd.GeoDataFrame
    n_masuk: int
    lap: LaporanGeometri
    versi: str
    nama_induk: dict[str, str]


@dataclass
class _BatasSumber:
    """Checked BPS-coded or name-only units to match.

    ``sumber``: kode_sumber, nama, nama_induk, geometry, fitur, optional kabupaten (one row
    per desa, split desa merged); ``digabung``/``alias``: the merges and the codes merged away.
    """

    sumber: pd.DataFrame
    n_masuk: int
    lap: LaporanGeometri
    skema: str
    kolom: str
    batas: tuple[float, float, float, float]
    baru: pd.DataFrame
    digabung: pd.DataFrame
    alias: dict[str, str]


def _jenis_wilayah(kode: str) -> str:
    seg = kode.split(".")
    if len(seg) == 4:
        return "kelurahan" if seg[3].startswith("1") else "desa"
    if len(seg) == 3:
        return "kecamatan"
    if len(seg) == 2:
        return "kota" if int(seg[1]) >= 71 else "kabupaten"
    return "provinsi"


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


#: Desa overlapping by more than this share of the smaller one are reported (slivers below it are noise).
AMBANG_TUMPANG_TINDIH = 0.01


def periksa_bentuk_dan_tingkat(gdf: gpd.GeoDataFrame, judul: str) -> None:
    """Refuse boundaries that are not polygons, and stray codes of another tier inside a desa file.

    A Point or LineString is not a boundary (its area is 0). In a file that is (≥ 90 %) desa,
    a kecamatan or kabupaten code is almost always a mistake and would replace that parent's
    polygon and name: refused, named, with how to load parents on purpose.

    Raises
    ------
    KesalahanInput
        Every offending feature.
    """
    masalah = []
    jenis = gdf.geom_type.to_numpy()
    for i in np.flatnonzero(~np.isin(jenis, ["Polygon", "MultiPolygon"])):
        masalah.append(
            Masalah(
                f"fitur {i + 1} ({gdf['kode'].iloc[i]})",
                "geometri",
                str(jenis[i]),
                "poligon batas wilayah",
                "batas wilayah harus poligon; titik atau garis bukan batas (luasnya 0)",
            )
        )
    tingkat = gdf["tingkat"]
    if len(gdf) >= 10 and (tingkat == "desa").mean() >= 0.9:
        for i in np.flatnonzero((tingkat != "desa").to_numpy()):
            masalah.append(
                Masalah(
                    f"fitur {i + 1}",
                    "kode",
                    str(gdf["kode"].iloc[i]),
                    "kode desa (PP.KK.CC.DDDD) di berkas batas desa",
                    f"kode tingkat {tingkat.iloc[i]} akan menimpa poligon dan nama {tingkat.iloc[i]}: hapus fitur "
                    "ini, atau muat batas kecamatan/kabupaten dalam berkas sendiri",
                )
            )
    if masalah:
        raise KesalahanInput(judul, masalah)


def tumpang_tindih_desa(desa: gpd.GeoDataFrame, ambang: float = AMBANG_TUMPANG_TINDIH) -> list[str]:
    """Warnings for desa that overlap a neighbour by more than ``ambang`` of the smaller one's area.

    Desa of one kabupaten form a coverage: an overlap means one was drawn onto its neighbour.
    Returns at most 20 named pairs and a count (the load goes on; the report says what to fix).
    """
    if len(desa) < 2:
        return []
    g = np.asarray(desa.geometry.to_crs(CRS_LUAS).array, dtype=object)
    i, j = shapely.STRtree(g).query(g, predicate="overlaps")
    pilih = i < j
    i, j = i[pilih], j[pilih]
    if len(i) == 0:
        return []
    luas = shapely.area(g)
    bagian = shapely.area(shapely.intersection(g[i], g[j])) / np.minimum(luas[i], luas[j])
    besar = np.flatnonzero(bagian > ambang)
    if len(besar) == 0:
        return []
    kode, nama = desa["kode"].to_numpy(), desa["nama"].to_numpy()
    contoh = "; ".join(
        f"{nama[i[k]]} ({kode[i[k]]}) × {nama[j[k]]} ({kode[j[k]]}) {bagian[k] * 100:.0f} %" for k in besar[:20]
    )
    return [
        f"{len(besar)} pasang desa bertumpang tindih lebih dari {ambang * 100:.0f} % luas yang lebih kecil "
        f"(batas desa semestinya tidak bertumpuk; periksa sumbernya): {contoh}"
    ]


def _periksa_ganda(ganda: dict[str, list[int]], skema: str, kolom: str, judul: str) -> None:
    """Refuse a code (or, without codes, a kecamatan|name key) still held by several desa after merging."""
    if not ganda:
        return
    if skema == "bps":
        harapan, perbaikan = (
            "satu kode BPS per desa",
            "fitur berkode sama tetapi bernama atau berkecamatan lain: perbaiki kodenya atau namanya",
        )
    else:
        harapan, perbaikan = (
            "satu desa per nama dalam satu kecamatan",
            "desa bernama sama di kecamatan yang sama berjarak lebih dari 50 m: bila satu desa (mis. enklave) "
            "gabungkan fiturnya (Dissolve); bila dua desa, bedakan namanya atau tambahkan kolom kode BPS",
        )
    raise KesalahanInput(
        judul,
        [Masalah(f"fitur {', '.join(map(str, f))}", kolom, k, harapan, perbaikan) for k, f in sorted(ganda.items())],
    )


class PemuatBatas(PemuatVektor[OpsiBatas]):
    """Administrative boundaries: Kemendagri codes replace wilayah rows, BPS codes or names build the crosswalk."""

    jenis = "batas"
    deskripsi = "batas wilayah desa/kecamatan/kabupaten (kode Kemendagri, BPS, atau nama)"
    Opsi = OpsiBatas

    def periksa(self, m: Muatan, opsi: OpsiBatas, b: BacaanVektor) -> _BatasKemendagri | _BatasSumber:
        """Find the code/name columns, detect the code scheme and check every unit."""
        gdf, judul = b.gdf, m.judul
        kolom = [c for c in gdf.columns if c != gdf.geometry.name]
        k_kode = cari_kolom(kolom, opsi.kolom_kode, KOLOM_KODE, judul, "kode", wajib=False)
        k_nama = cari_kolom(kolom, opsi.kolom_nama, KOLOM_NAMA, judul, "nama")
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
            skema = skema_kolom([k for k in kode if k not in ("", "nan", "None")], k_kode, judul, masalah)
        if masalah:
            raise KesalahanInput(judul, masalah)
        if skema == "kemendagri":
            return self._periksa_kemendagri(m, opsi, b, kode.map(kd.titikkan), nama)
        k_induk = cari_kolom(kolom, opsi.kolom_induk, KOLOM_INDUK, judul, "nama kecamatan", wajib=False)
        induk = gdf[k_induk].astype(str) if k_induk else pd.Series([""] * len(gdf), index=gdf.index)
        kunci = kode if skema == "bps" else induk.map(kd.normalisasi_nama) + "|" + nama.map(kd.normalisasi_nama)
        sumber = pd.DataFrame(
            {
                "kode_sumber": kunci.values,
                "nama": nama.values,
                "nama_induk": induk.values,
                "geometry": gdf.geometry.values,
            }
        )
        sisa = [c for c in kolom if c not in (k_kode, k_nama, k_induk)]
        k_kab = cari_kolom(sisa, None, KOLOM_KABUPATEN, judul, "kabupaten", wajib=False)
        if k_kab:  # the file's own kabupaten field tells a neighbour's desa along the edge
            sumber["kabupaten"] = gdf[k_kab].fillna("").astype(str).str.strip().values
        elif skema == "bps":
            sumber["kabupaten"] = kunci.str[:4].values
        gab = gabung_fitur_sama(sumber, berkode=skema == "bps")
        _periksa_ganda(gab.ganda, skema, k_kode or k_nama, judul)
        baru = baca_resolusi(opsi.resolusi, judul) if opsi.resolusi else pd.DataFrame(columns=["kode_sumber", "kode"])
        return _BatasSumber(
            gab.sumber,
            b.n_masuk,
            b.lap,
            skema,
            k_kode or k_nama,
            tuple(gdf.total_bounds),
            baru,
            gab.digabung,
            gab.alias,
        )

    def _periksa_kemendagri(
        self, m: Muatan, opsi: OpsiBatas, b: BacaanVektor, kode: pd.Series, nama: pd.Series
    ) -> _BatasKemendagri:
        judul = m.judul
        salah = ~kode.str.match(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")
        masalah = [
            Masalah(
                f"fitur {i + 1}",
                opsi.kolom_kode or "kode",
                kode.iloc[i],
                "kode PP.KK.CC.DDDD",
                "perbaiki kode wilayah",
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
        gdf = b.gdf.assign(kode=kode.values, nama=nama.values)
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
        periksa_bentuk_dan_tingkat(gdf, judul)
        b.lap.peringatan += tumpang_tindih_desa(gdf[gdf["tingkat"] == "desa"])
        nama_induk = {}
        k_induk = cari_kolom(list(gdf.columns), opsi.kolom_induk, KOLOM_INDUK, judul, "nama kecamatan", wajib=False)
        if k_induk and k_induk != "nama":
            desa = gdf[gdf["tingkat"] == "desa"]
            pasang = pd.DataFrame({"kec": desa["kode"].str[:8], "nama": desa[k_induk].astype(str).str.strip()})
            pasang = pasang[~pasang["nama"].map(kosong)]
            # the most frequent name of each kecamatan among its desa
            hitung = pasang.groupby(["kec", "nama"]).size().reset_index(name="n")
            terbanyak = hitung.sort_values(["kec", "n"], ascending=[True, False]).drop_duplicates("kec")
            nama_induk = dict(zip(terbanyak["kec"], terbanyak["nama"], strict=True))
        versi = opsi.versi_kode or f"tidak disebut (berkas {m.nama})"
        m.kemajuan(0.35, "menghitung luas dan geometri tampil")

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
            gdf["geom_tampil"], catatan = tugas.result()
        b.lap.peringatan += catatan
        return _BatasKemendagri(gdf, b.n_masuk, b.lap, versi, nama_induk)

    def tulis(
        self, m: Muatan, opsi: OpsiBatas, b: _BatasKemendagri | _BatasSumber, con: duckdb.DuckDBPyConnection
    ) -> Hasil:
        """Replace wilayah rows (Kemendagri) or build the crosswalk (BPS codes, names)."""
        if isinstance(b, _BatasKemendagri):
            return _tulis_kemendagri(m, b, con)
        return _tulis_crosswalk(m, opsi, b, con)


def _tulis_kemendagri(m: Muatan, b: _BatasKemendagri, con: duckdb.DuckDBPyConnection) -> Hasil:
    gdf, lap = b.gdf, b.lap
    rows = pd.DataFrame(
        {
            "kode": gdf["kode"],
            "nama": gdf["nama"],
            "tingkat": gdf["tingkat"],
            "jenis": gdf["kode"].map(_jenis_wilayah),
            "kode_induk": gdf["kode"].map(lambda k: k.rsplit(".", 1)[0]),
            "kode_bps": None,
            "versi_kode": b.versi,
            "luas_ha": gdf["luas_ha"],
            "geom": gdf.geometry.values,
            "geom_tampil": gdf["geom_tampil"].values,
        }
    )
    referensi.ganti_wilayah(con, rows)
    turunan = turunkan_induk(con, b.versi, b.nama_induk, gdf)
    if turunan:
        sementara = referensi.jumlah_nama_sementara(con)
        lap.peringatan.append(
            f"{turunan} wilayah induk dibentuk dari gabungan anaknya"
            + (
                f"; {sementara} masih bernama sementara (muat batas kecamatan/kabupaten untuk nama resminya)"
                if sementara
                else ""
            )
        )
    referensi.segarkan_kode_bps(con)
    per = gdf["tingkat"].value_counts().to_dict()
    return Hasil(
        b.n_masuk,
        len(rows),
        lap.peringatan,
        {"skema kode": "kemendagri", "per tingkat": per, "geometri diperbaiki": lap.diperbaiki},
        versi_kode=b.versi,
    )


def _tulis_crosswalk(m: Muatan, opsi: OpsiBatas, b: _BatasSumber, con: duckdb.DuckDBPyConnection) -> Hasil:
    m.kemajuan(0.6, "mencocokkan dengan desa Kemendagri")
    awalan = kd.titikkan(opsi.kabupaten) + "." if opsi.kabupaten else None
    target = referensi.desa_target(con, b.batas, awalan)
    if target.empty:
        raise KesalahanInput(
            m.judul,
            [
                Masalah(
                    "berkas",
                    b.kolom,
                    b.skema,
                    "desa Kemendagri di wilayah yang sama",
                    "muat dulu batas desa Kemendagri wilayah ini (`load batas` berkas "
                    "berkode 33.01.01.2001), lalu muat berkas ini untuk crosswalk",
                )
            ],
        )
    resolusi = referensi.resolusi_kode(con, b.skema)
    resolusi.update(dict(zip(b.baru["kode_sumber"], b.baru["kode"], strict=True)))
    # a decision on any feature of a merged desa applies to the desa
    resolusi = {b.alias.get(k, k): v for k, v in resolusi.items()}
    sumber, di_luar = pisahkan_di_luar(b.sumber, target, set(resolusi))
    if sumber.empty:
        raise KesalahanInput(
            m.judul,
            [
                Masalah(
                    "berkas",
                    b.kolom,
                    f"{len(di_luar)} fitur",
                    "fitur di dalam desa Kemendagri yang dimuat",
                    "semua fitur di luar desa Kemendagri yang dimuat"
                    + (f" kabupaten {opsi.kabupaten}" if awalan else "")
                    + ": muat dulu batas desa Kemendagri kabupaten berkas ini, atau periksa --kabupaten",
                )
            ],
        )
    hasil = kd.cocokkan_wilayah(sumber, _tambah_target_manual(con, target, sumber, resolusi), resolusi)
    m.kemajuan(0.8, "menyimpan crosswalk")
    nama_sumber = dict(zip(sumber["kode_sumber"], sumber["nama"], strict=True))
    simpan_cocok(con, b.skema, b.baru, hasil, nama_sumber, m.nama)
    b.lap.peringatan += [f"{len(hasil.tak_cocok)} unit belum cocok"] if len(hasil.tak_cocok) else []
    rincian = {"skema kode": b.skema, "cara cocok": dict(hasil.metode)}
    if len(b.digabung):
        rincian["fitur digabung"] = teks_digabung(b.digabung)
    if len(di_luar):
        rincian["di luar kabupaten"] = teks_di_luar(di_luar)
    if len(hasil.tinjau):
        rincian["perlu ditinjau"] = len(hasil.tinjau)
        b.lap.peringatan.append(teks_tinjau(hasil.tinjau))
    return Hasil(b.n_masuk, len(hasil.pasangan), b.lap.peringatan, rincian, hasil.tak_cocok, opsi.versi_kode)


def _tambah_target_manual(
    con: duckdb.DuckDBPyConnection, target: pd.DataFrame, sumber: pd.DataFrame, resolusi: dict[str, str]
) -> pd.DataFrame:
    """Add the desa a manual decision names when they lie outside the target set (another kabupaten)."""
    perlu = {resolusi[k] for k in sumber["kode_sumber"] if k in resolusi} - set(target["kode"])
    if not perlu:
        return target
    pilih = sumber[sumber["kode_sumber"].map(lambda k: resolusi.get(k) in perlu)]
    lain = referensi.desa_target(con, tuple(shapely.total_bounds(pilih["geometry"].to_numpy())))
    return pd.concat([target, lain[lain["kode"].isin(perlu)]], ignore_index=True)


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
