"""``load batas``: administrative boundaries (desa/kecamatan/kabupaten).

Kemendagri-coded files (dotted or not) replace the wilayah rows with those codes; a
missing parent tier is derived by dissolving its children (:mod:`pipelines.muat.batas_tulis`).
BPS-coded or name-only files are matched to the Kemendagri desa already loaded (spatial
overlap and names) and build the BPS ↔ Kemendagri crosswalk: features of one desa are merged
first and features outside the kabupaten set aside (:mod:`pipelines.batas_sumber`); unmatched
units are reported, not guessed, and matches whose name and overlap disagree are listed for
review. A name-only set of a kabupaten without Kemendagri desa, loaded with ``--kabupaten``
and ``--nama-kabupaten``, becomes its wilayah under provisional codes, replaced (working data
included) when the Kemendagri desa are loaded (:mod:`pipelines.muat.batas_sementara`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.errors import KesalahanInput, Masalah
from geo.settings import BerkasData
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
from pipelines.muat import batas_sementara as sementara
from pipelines.muat.batas_tulis import luas_dan_tampil, sidik_per_kabupaten, tulis_wilayah, turunkan_induk
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
    ``kabupaten`` limits name matching to one Kemendagri kabupaten. With ``nama_kabupaten`` too,
    a name-only file of a kabupaten without Kemendagri desa becomes its wilayah under
    provisional codes (:mod:`pipelines.muat.batas_sementara`).
    """

    kolom_kode: str | None = None
    kolom_nama: str | None = None
    kolom_induk: str | None = None
    awalan: str | None = None
    versi_kode: str | None = None
    resolusi: Path | None = None
    kabupaten: str | None = None
    nama_kabupaten: str | None = None


_TANPA_RESOLUSI = pd.DataFrame(columns=["kode_sumber", "kode"])


@dataclass
class _BatasKemendagri:
    """Checked Kemendagri units: kode, nama, tingkat, luas_ha, geometry, geom_tampil.

    ``baru``: manual decisions (``--resolusi``) for provisional desa these codes replace.
    """

    gdf: gpd.GeoDataFrame
    n_masuk: int
    lap: LaporanGeometri
    versi: str
    nama_induk: dict[str, str]
    baru: pd.DataFrame = field(default_factory=lambda: _TANPA_RESOLUSI)
    sidik: dict[str, str] = field(default_factory=dict)  # kabupaten written now -> signature


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
        baru = baca_resolusi(opsi.resolusi, judul) if opsi.resolusi else _TANPA_RESOLUSI
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
        versi = opsi.versi_kode or f"tidak disebut (berkas {m.nama})"
        # a reload re-checks and re-simplifies only the kabupaten whose features changed
        sidik = sidik_per_kabupaten(gdf, versi)
        # (manual decisions given with --resolusi apply to the file as a whole: nothing is skipped then)
        lama = referensi.sidik_kabupaten(m.berkas.referensi) if m.berkas is not None and not opsi.resolusi else {}
        sama = sorted(k for k, v in sidik.items() if lama.get(k) == v)
        if sama:
            gdf = gdf[~gdf["kode"].str[:5].isin(sama)].reset_index(drop=True)
            sidik = {k: v for k, v in sidik.items() if k not in sama}
            b.lap.peringatan.append(
                f"{len(sama)} kabupaten/kota tidak berubah sejak muat sebelumnya dan dilewati; "
                f"{len(sidik)} diperiksa dan ditulis ulang"
            )
        if gdf.empty:  # nothing changed: nothing to check, simplify or write
            kosong_ = gdf.assign(luas_ha=pd.Series(dtype=float), geom_tampil=gdf.geometry)
            return _BatasKemendagri(kosong_, b.n_masuk, b.lap, versi, {}, _TANPA_RESOLUSI, {})
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
        m.kemajuan(0.35, "menghitung luas dan geometri tampil")
        gdf, catatan = luas_dan_tampil(gdf)
        b.lap.peringatan += catatan
        baru = baca_resolusi(opsi.resolusi, judul) if opsi.resolusi else _TANPA_RESOLUSI
        return _BatasKemendagri(gdf, b.n_masuk, b.lap, versi, nama_induk, baru, sidik)

    def tulis(
        self, m: Muatan, opsi: OpsiBatas, b: _BatasKemendagri | _BatasSumber, con: duckdb.DuckDBPyConnection
    ) -> Hasil:
        """Replace wilayah rows (Kemendagri; provisional codes) or build the crosswalk (BPS codes, names)."""
        if isinstance(b, _BatasKemendagri):
            return _tulis_kemendagri(m, b, con)
        if opsi.nama_kabupaten:
            return _tulis_sementara(m, opsi, b, con)
        return _tulis_crosswalk(m, opsi, b, con)

    def sesudah(self, m: Muatan, opsi: OpsiBatas, hasil: Hasil, berkas: BerkasData) -> None:
        """Move working data still on provisional codes that Kemendagri codes replaced (this load or an earlier one)."""
        pindah = sementara.terapkan_ganti_kode(berkas, opsi.oleh, m.nama)
        if pindah:
            hasil.rincian["data kerja pindah ke kode Kemendagri"] = pindah


def _catat_turunan(con: duckdb.DuckDBPyConnection, turunan: int, peringatan: list[str]) -> None:
    if turunan:
        bernama = referensi.jumlah_nama_sementara(con)
        peringatan.append(
            f"{turunan} wilayah induk dibentuk dari gabungan anaknya"
            + (
                f"; {bernama} masih bernama sementara (muat batas kecamatan/kabupaten untuk nama resminya)"
                if bernama
                else ""
            )
        )


def _tulis_kemendagri(m: Muatan, b: _BatasKemendagri, con: duckdb.DuckDBPyConnection) -> Hasil:
    gdf, lap = b.gdf, b.lap
    if gdf.empty:  # every kabupaten of the file is unchanged
        return Hasil(
            b.n_masuk, 0, lap.peringatan, {"skema kode": "kemendagri", "tidak berubah": True}, versi_kode=b.versi
        )
    n = tulis_wilayah(con, gdf, b.versi)
    ganti = sementara.ganti_sementara(con, gdf, b.nama_induk, b.baru, m.nama)
    # parents the file does not carry are derived again from the new desa (keeping names they had)
    nama_lama = referensi.hapus_induk_turunan(con, sorted(b.sidik), set(gdf["tingkat"]))
    nama = {**nama_lama, **b.nama_induk, **ganti.nama_induk}
    _catat_turunan(con, turunkan_induk(con, b.versi, nama, gdf), lap.peringatan)
    referensi.simpan_sidik(con, b.sidik, m.nama)
    referensi.segarkan_kode_bps(con)
    rincian: dict = {
        "skema kode": "kemendagri",
        "per tingkat": gdf["tingkat"].value_counts().to_dict(),
        "geometri diperbaiki": lap.diperbaiki,
    }
    hasil = Hasil(b.n_masuk, n, lap.peringatan, rincian, versi_kode=b.versi)
    if ganti.cocok is None:
        return hasil
    c = ganti.cocok
    rincian["kode sementara diganti"] = (
        f"{len(c.pasangan)} desa ({dict(c.metode)}); indikator dipindah {ganti.referensi['indikator']} nilai"
    )
    if ganti.referensi["indikator_bentrok"]:
        lap.peringatan.append(
            f"{ganti.referensi['indikator_bentrok']} nilai indikator berkode sementara tidak dipindah: kode "
            "Kemendagri-nya sudah bernilai untuk tahun dan indikator yang sama (nilai Kemendagri dipertahankan)"
        )
    if len(c.tak_cocok):
        lap.peringatan.append(
            f"{len(c.tak_cocok)} desa berkode sementara belum cocok dengan desa Kemendagri dan TETAP disimpan "
            "dengan kode sementaranya (usulan dan indikatornya tidak hilang): isi kolom 'kode' di daftar tak cocok "
            "lalu muat ulang berkas ini dengan --resolusi"
        )
    if len(c.tinjau):
        lap.peringatan.append(teks_tinjau(c.tinjau))
    hasil.tak_cocok = c.tak_cocok
    hasil.daftar = {"ganti_kode": ganti.daftar, "tinjau": c.tinjau}
    return hasil


def _tulis_sementara(m: Muatan, opsi: OpsiBatas, b: _BatasSumber, con: duckdb.DuckDBPyConnection) -> Hasil:
    """A name-only set as the wilayah of a kabupaten without Kemendagri desa, under provisional codes."""
    kab = sementara.periksa_kabupaten(opsi.kabupaten, opsi.nama_kabupaten, m.judul)
    nyata = referensi.desa_target(con, None, kab + ".", sementara=False)
    if len(nyata):
        raise KesalahanInput(
            m.judul,
            [
                Masalah(
                    "opsi --nama-kabupaten",
                    "kabupaten",
                    kab,
                    "kabupaten yang belum punya desa berkode Kemendagri",
                    f"kabupaten {kab} sudah punya {len(nyata)} desa Kemendagri: muat berkas ini tanpa "
                    "--nama-kabupaten agar dicocokkan (crosswalk) ke desa itu",
                )
            ],
        )
    m.kemajuan(0.6, "memberi kode sementara")
    ks = sementara.beri_kode(con, b.sumber, kab, str(opsi.nama_kabupaten), m.judul)
    periksa_bentuk_dan_tingkat(ks.gdf, m.judul)
    b.lap.peringatan += tumpang_tindih_desa(ks.gdf)
    gdf, catatan = luas_dan_tampil(ks.gdf)
    b.lap.peringatan += catatan
    versi = sementara.versi_sementara(opsi.versi_kode or f"batas bernama saja, berkas {m.nama}")
    m.kemajuan(0.8, "menulis wilayah")
    referensi.hapus_wilayah(con, ks.hapus)
    n = tulis_wilayah(con, gdf, versi)
    _catat_turunan(con, turunkan_induk(con, versi, ks.nama_induk, gdf), b.lap.peringatan)
    b.lap.peringatan.append(
        f"KODE SEMENTARA: {n} desa kabupaten {kab} {opsi.nama_kabupaten} diberi kode sementara (huruf di kode, "
        "mis. " + ks.daftar["kode"].iloc[0] + "). Muat batas desa Kemendagri kabupaten ini bila ada: kodenya "
        "diganti, dan usulan, indikator, pagu dan akun yang terkait ikut pindah"
    )
    if len(ks.tetap):
        b.lap.peringatan.append(
            f"{len(ks.tetap)} desa berkode sementara dari muatan sebelumnya tidak ada di berkas ini dan tetap "
            "disimpan: " + "; ".join(f"{r.kode} {r.nama}" for r in ks.tetap.head(20).itertuples())
        )
    rincian: dict = {
        "skema kode": "nama saja → kode sementara",
        "kabupaten": f"{kab} {opsi.nama_kabupaten}",
        "per tingkat": {"desa": n, "kecamatan": int(ks.daftar["kode_kecamatan"].nunique())},
    }
    if len(b.digabung):
        rincian["fitur digabung"] = teks_digabung(b.digabung)
    daftar = {"kode_sementara": ks.daftar, "digabung": b.digabung}
    return Hasil(b.n_masuk, n, b.lap.peringatan, rincian, versi_kode=versi, daftar=daftar)


def _tulis_crosswalk(m: Muatan, opsi: OpsiBatas, b: _BatasSumber, con: duckdb.DuckDBPyConnection) -> Hasil:
    m.kemajuan(0.6, "mencocokkan dengan desa Kemendagri")
    awalan = kd.titikkan(opsi.kabupaten) + "." if opsi.kabupaten else None
    target = referensi.desa_target(con, b.batas, awalan)
    nyata = ~target["kode"].map(kd.adalah_sementara).astype(bool)
    if nyata.any():  # desa left provisional beside real ones are not matched again
        target = target[nyata].reset_index(drop=True)
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
                    "berkode 33.01.01.2001), lalu muat berkas ini untuk crosswalk"
                    + (
                        "; atau, bila belum ada, muat berkas ini sebagai batas kabupaten itu dengan kode "
                        'sementara: --kabupaten 33.01 --nama-kabupaten "Nama"'
                        if b.skema == "nama"
                        else ""
                    ),
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
    daftar = {"tinjau": hasil.tinjau, "di_luar": di_luar.assign(kode=""), "digabung": b.digabung.assign(kode="")}
    return Hasil(b.n_masuk, len(hasil.pasangan), b.lap.peringatan, rincian, hasil.tak_cocok, opsi.versi_kode, daftar)


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
