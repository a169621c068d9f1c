"""Provisional codes: a name-only desa set as a kabupaten's boundaries until its Kemendagri desa come.

Some kabupaten have only a name-only boundary set at first (names and kecamatan names, no
codes — e.g. an export from a local spatial-planning web app). ``load batas --kabupaten 33.01
--nama-kabupaten "Cilacap"`` loads it as the kabupaten's wilayah with *provisional* codes
(:func:`beri_kode`; kecamatan ``33.01.S1``, desa ``33.01.S1.S001``, see
:func:`pipelines.kode.adalah_sementara`), marked ``kode sementara`` in ``wilayah.versi_kode``.
Usulan, indicators, pagu and accounts can be attached to them like to any desa.

When the kabupaten's Kemendagri desa are loaded later, :func:`ganti_sementara` matches the
provisional desa to them with the crosswalk (:func:`pipelines.cocok.cocokkan_wilayah`: overlap
and names), moves the reference data (indicators, other crosswalks) to the real codes, stores
the pairs as crosswalk ``sementara`` and removes the provisional rows; a provisional desa
left unmatched is kept and reported, never dropped. :func:`terapkan_ganti_kode` then moves the
working data (usulan, pagu, forum weights, accounts) in one audited transaction, after a
backup; it reads the stored pairs, so a run that failed is completed by the next boundary load.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import duckdb
import geopandas as gpd
import pandas as pd

from geo.errors import KesalahanBasisData, KesalahanInput, Masalah
from geo.settings import CRS_SIMPAN, BerkasData
from geo.store import cadangan, db, impor, referensi
from pipelines import kode as kd
from pipelines.muat.kolom import simpan_cocok

log = logging.getLogger(__name__)

#: Crosswalk scheme of provisional -> Kemendagri pairs (``crosswalk_kode``, ``kode_tak_cocok``, ``kode_resolusi``).
SKEMA = "sementara"


def versi_sementara(sumber: str) -> str:
    """The ``versi_kode`` of provisional rows: the marker and where the set came from."""
    return f"{kd.PENANDA_SEMENTARA} — {sumber}"


@dataclass
class KodeSementara:
    """Outcome of :func:`beri_kode`.

    Attributes
    ----------
    gdf : GeoDataFrame
        One row per desa: kode (provisional), nama, tingkat, geometry.
    nama_induk : dict
        Kecamatan code -> name, and the kabupaten code -> its name.
    hapus : list of str
        Provisional kecamatan (and a provisional kabupaten row) to delete before their
        parents are derived again from the new desa.
    tetap : DataFrame
        Provisional desa loaded before and absent from this file: kode, nama (kept, reported).
    daftar : DataFrame
        The codes given: kode, nama, kode_kecamatan, nama_kecamatan.
    """

    gdf: gpd.GeoDataFrame
    nama_induk: dict[str, str]
    hapus: list[str]
    tetap: pd.DataFrame
    daftar: pd.DataFrame


def _kunci_kec(nama: str) -> str:
    return kd.normalisasi_nama(nama)


def _kunci_desa(nama_kec: str, nama: str) -> str:
    return _kunci_kec(nama_kec) + "|" + kd.nama_ketat(nama)


def periksa_kabupaten(kabupaten: str | None, nama_kabupaten: str | None, judul: str) -> str:
    """The dotted kabupaten code of a provisional load, or one report of what is missing or malformed."""
    kab = kd.titikkan(kabupaten) if kabupaten else ""
    masalah = []
    if not kab:
        masalah.append(
            Masalah(
                "opsi --kabupaten",
                "kabupaten",
                "(kosong)",
                "kode Kemendagri kabupaten/kota, mis. 33.01",
                "batas bernama saja dimuat sebagai wilayah kabupaten yang Anda sebut: isi --kabupaten",
            )
        )
    elif not (len(kab) == 5 and kab[2] == "." and kab.replace(".", "").isdigit()):
        masalah.append(
            Masalah("opsi --kabupaten", "kabupaten", kab, "kode kabupaten PP.KK, mis. 33.01", "perbaiki kodenya")
        )
    if not (nama_kabupaten or "").strip():
        masalah.append(
            Masalah(
                "opsi --nama-kabupaten",
                "nama_kabupaten",
                "(kosong)",
                'nama kabupaten/kota, mis. "Cilacap"',
                "isi nama kabupaten/kota untuk batas bernama saja",
            )
        )
    if masalah:
        raise KesalahanInput(judul, masalah)
    return kab


def beri_kode(
    con: duckdb.DuckDBPyConnection, sumber: pd.DataFrame, kabupaten: str, nama_kabupaten: str, judul: str
) -> KodeSementara:
    """Give provisional codes to a name-only desa set of ``kabupaten``.

    Kecamatan are numbered by normalised name (``33.01.S1`` …), desa by normalised name within
    their kecamatan (``33.01.S1.S001`` …). A desa or kecamatan already loaded with a provisional
    code under the same names keeps it, so reloading the set (or a corrected one) never moves
    usulan or indicators to another desa; new ones get the next free numbers.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The loader's connection.
    sumber : DataFrame
        One row per desa: nama, nama_induk (kecamatan name), geometry (EPSG:4326).
    kabupaten : str
        Dotted Kemendagri kabupaten code (given by the user).
    nama_kabupaten : str
        Its name.
    judul : str
        Title of error reports.

    Returns
    -------
    KodeSementara

    Raises
    ------
    KesalahanInput
        Features without a kecamatan name, or more kecamatan or desa than the scheme numbers.
    """
    induk = sumber["nama_induk"].fillna("").astype(str).str.strip()
    tanpa = [i for i, v in enumerate(induk) if not v]
    if tanpa:
        raise KesalahanInput(
            judul,
            [
                Masalah(
                    f"fitur {', '.join(str(i + 1) for i in tanpa[:50])}",
                    "nama kecamatan",
                    "(kosong)",
                    "nama kecamatan setiap desa (batas bernama saja dimuat per kecamatan)",
                    "isi nama kecamatan, atau sebut kolomnya dengan --kolom-induk",
                )
            ],
        )
    lama = referensi.wilayah_sementara(con, kabupaten + ".")
    lama_kec = lama[lama["tingkat"] == "kecamatan"]
    lama_desa = lama[lama["tingkat"] == "desa"]
    nama_kec_lama = dict(zip(lama_kec["kode"], lama_kec["nama"], strict=True))
    kode_kec = {_kunci_kec(n): k for k, n in nama_kec_lama.items()}
    kode_desa = {
        _kunci_desa(nama_kec_lama.get(i, ""), n): k
        for k, n, i in zip(lama_desa["kode"], lama_desa["nama"], lama_desa["kode_induk"], strict=True)
    }
    s = sumber.assign(nama_induk=induk.values, _kk=induk.map(_kunci_kec).values).reset_index(drop=True)
    s["_kd"] = [_kunci_desa(a, b) for a, b in zip(s["nama_induk"], s["nama"], strict=True)]
    s["_urut"] = s["nama"].map(kd.nama_ketat)
    nomor_kec = max((kd.nomor_kecamatan_sementara(k) for k in kode_kec.values()), default=0)
    nama_induk: dict[str, str] = {kabupaten: nama_kabupaten.strip()}
    kode = pd.Series("", index=s.index, dtype=object)
    masalah: list[Masalah] = []
    for kk, grup in s.sort_values(["_kk", "_urut", "nama"], kind="stable").groupby("_kk", sort=True):
        if kk not in kode_kec:
            nomor_kec += 1
            if nomor_kec > kd.MAKS_KECAMATAN_SEMENTARA:
                masalah.append(
                    Masalah(
                        "berkas",
                        "nama kecamatan",
                        kk,
                        f"paling banyak {kd.MAKS_KECAMATAN_SEMENTARA} kecamatan per kabupaten",
                        "periksa kolom nama kecamatan (--kolom-induk)",
                    )
                )
                continue
            kode_kec[kk] = kd.kode_kecamatan_sementara(kabupaten, nomor_kec)
        kec = kode_kec[kk]
        nama_induk[kec] = grup["nama_induk"].mode().iloc[0]
        nomor = max((int(k[-3:]) for k in kode_desa.values() if k.startswith(kec + ".")), default=0)
        for i, kunci in zip(grup.index, grup["_kd"], strict=True):
            if kunci in kode_desa and kode_desa[kunci].startswith(kec + "."):
                kode[i] = kode_desa[kunci]
                continue
            nomor += 1
            if nomor > kd.MAKS_DESA_SEMENTARA:
                masalah.append(
                    Masalah(
                        "berkas",
                        "nama desa",
                        kunci,
                        f"paling banyak {kd.MAKS_DESA_SEMENTARA} desa per kecamatan",
                        "periksa kolom nama kecamatan (--kolom-induk)",
                    )
                )
                break
            kode[i] = kd.kode_desa_sementara(kec, nomor)
    if masalah:
        raise KesalahanInput(judul, masalah)
    for k, n in nama_kec_lama.items():  # kecamatan of desa kept from before keep their names
        nama_induk.setdefault(k, n)
    gdf = gpd.GeoDataFrame(
        {"kode": kode.values, "nama": s["nama"].values, "tingkat": "desa"}, geometry=list(s["geometry"]), crs=CRS_SIMPAN
    )
    tetap = lama_desa[~lama_desa["kode"].isin(set(kode))][["kode", "nama"]].reset_index(drop=True)
    kab_lama = referensi.baris_wilayah(con, kabupaten)
    hapus = list(lama_kec["kode"])
    if kab_lama is not None and kd.PENANDA_SEMENTARA in kab_lama["versi_kode"]:
        hapus.append(kabupaten)
    daftar = pd.DataFrame(
        {
            "kode": gdf["kode"],
            "nama": gdf["nama"],
            "kode_kecamatan": gdf["kode"].str[:8],
            "nama_kecamatan": gdf["kode"].str[:8].map(nama_induk),
        }
    ).sort_values("kode", ignore_index=True)
    return KodeSementara(gdf, nama_induk, hapus, tetap, daftar)


@dataclass
class GantiSementara:
    """Outcome of :func:`ganti_sementara` (empty when no provisional desa were there)."""

    peta: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["lama", "baru", "tingkat"]))
    cocok: kd.HasilCocok | None = None
    nama_induk: dict[str, str] = field(default_factory=dict)
    referensi: dict[str, int] = field(default_factory=dict)
    daftar: pd.DataFrame | None = None


def _peta_kecamatan(pasangan: pd.DataFrame, sisa_desa: set[str]) -> pd.DataFrame:
    """Provisional kecamatan -> the Kemendagri kecamatan most of its desa went to, once none is left provisional."""
    if pasangan.empty:
        return pd.DataFrame(columns=["lama", "baru", "tingkat"])
    k = pd.DataFrame({"lama": pasangan["kode_sumber"].str[:8], "baru": pasangan["kode"].str[:8]})
    n = k.value_counts().reset_index(name="n").sort_values(["lama", "n", "baru"], ascending=[True, False, True])
    peta = n.drop_duplicates("lama")[["lama", "baru"]].assign(tingkat="kecamatan")
    sisa_kec = {d[:8] for d in sisa_desa}
    return peta[~peta["lama"].isin(sisa_kec)].reset_index(drop=True)


def ganti_sementara(
    con: duckdb.DuckDBPyConnection,
    baru: gpd.GeoDataFrame,
    nama_induk: dict[str, str],
    resolusi: pd.DataFrame,
    berkas: str,
) -> GantiSementara:
    """Replace the provisional desa of the kabupaten of ``baru`` (Kemendagri desa just written) by real codes.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        The loader's connection (the new Kemendagri rows already written).
    baru : GeoDataFrame
        The units of the Kemendagri file: kode, tingkat.
    nama_induk : dict
        Kecamatan code -> name from the file (targets whose kecamatan row is not there yet).
    resolusi : DataFrame
        Manual decisions of this load (``--resolusi``): kode_sumber (provisional code), kode.
    berkas : str
        File name (recorded with the crosswalk).

    Returns
    -------
    GantiSementara
        The code pairs (desa, and kecamatan emptied of provisional desa), the matching outcome
        (``tak_cocok``: provisional desa kept), the names of provisional kabupaten rows removed
        (so their derived parents keep the name), counts of reference rows moved, and the
        report list of replaced codes.
    """
    kabupaten = sorted({k[:5] for k in baru.loc[baru["tingkat"] == "desa", "kode"]})
    sementara = [referensi.desa_target(con, None, k + ".", sementara=True) for k in kabupaten]
    sementara = [s for s in sementara if len(s)]
    if not sementara:
        return GantiSementara()
    sumber = pd.concat(sementara, ignore_index=True).rename(columns={"kode": "kode_sumber"})
    target = pd.concat([referensi.desa_target(con, None, k + ".", sementara=False) for k in kabupaten])
    dari_berkas = target["kode"].str[:8].map(nama_induk)
    bernama = target["nama_induk"].notna() & (target["nama_induk"] != "Kecamatan " + target["kode"].str[:8])
    target = target.assign(nama_induk=target["nama_induk"].where(bernama, dari_berkas)).reset_index(drop=True)
    putusan = referensi.resolusi_kode(con, SKEMA)
    putusan.update(dict(zip(resolusi["kode_sumber"], resolusi["kode"], strict=True)))
    cocok = kd.cocokkan_wilayah(sumber, target, putusan)
    nama_sumber = dict(zip(sumber["kode_sumber"], sumber["nama"], strict=True))
    simpan_cocok(con, SKEMA, resolusi, cocok, nama_sumber, berkas)
    p = cocok.pasangan
    sisa = set(cocok.tak_cocok["kode_sumber"])
    peta = pd.concat(
        [
            pd.DataFrame({"lama": p["kode_sumber"], "baru": p["kode"], "tingkat": "desa"}),
            _peta_kecamatan(p, sisa),
        ],
        ignore_index=True,
    )
    jumlah = referensi.ganti_kode_referensi(con, peta)
    hapus = list(peta["lama"])
    nama_kab = {}
    for k in kabupaten:
        r = referensi.baris_wilayah(con, k)
        if r is not None and kd.PENANDA_SEMENTARA in r["versi_kode"]:
            hapus.append(k)  # derived again from the real desa, under the same name
            nama_kab[k] = r["nama"]
    referensi.hapus_wilayah(con, hapus)
    nama_t = dict(zip(target["kode"], target["nama"], strict=True))
    daftar = pd.DataFrame(
        {
            "kode_sementara": p["kode_sumber"],
            "nama": p["kode_sumber"].map(nama_sumber),
            "kode": p["kode"],
            "nama_kemendagri": p["kode"].map(nama_t),
            "metode": p["metode"],
            "skor": p["skor"],
        }
    )
    return GantiSementara(peta, cocok, nama_kab, jumlah, daftar)


def terapkan_ganti_kode(berkas: BerkasData, oleh: str, berkas_muat: str) -> dict[str, int]:
    """Move working data still on replaced provisional codes to the Kemendagri codes.

    Nothing is done (and no backup taken) when no working row holds such a code. Otherwise the
    working file is backed up (``sebelum-ganti-kode``) and every row moved in one transaction,
    each with an audit row.

    Parameters
    ----------
    berkas : BerkasData
        Data folder (the new reference file already in place).
    oleh : str
        Who loads (the audit rows' ``oleh``).
    berkas_muat : str
        The boundary file that brought the real codes (in the audit reason).

    Returns
    -------
    dict
        Records moved per table (empty when nothing was pending).

    Raises
    ------
    KesalahanBasisData
        The working file could not be written (busy, disk full): the boundaries are loaded and the
        pairs stored, and the next boundary load completes the move.
    """
    if not berkas.server and not berkas.kerja.exists():
        return {}
    try:
        with db.transaksi_kerja(berkas) as con:
            tertunda = impor.jumlah_kode_sementara_kerja(con)
        if not tertunda:
            return {}
        cadangan.buat_cadangan(berkas, "kerja", "sebelum-ganti-kode")
        with db.transaksi_kerja(berkas) as con:
            hasil = impor.ganti_kode_kerja(
                con, oleh, f"kode wilayah sementara diganti kode Kemendagri (muat batas {berkas_muat})"
            )
    except KesalahanBasisData as e:
        raise KesalahanBasisData(
            f"Batas {berkas_muat} sudah dimuat dan pasangan kode sementara → Kemendagri tersimpan, tetapi data "
            f"kerja (usulan, pagu, bobot forum, akun) belum dipindahkan ke kode Kemendagri: {e} Data kerja masih "
            "utuh dengan kode sementaranya; muat ulang berkas batas ini (atau batas lain) untuk menyelesaikannya."
        ) from e
    log.info("kode sementara diganti di data kerja: %s", hasil)
    return hasil


__all__ = [
    "SKEMA",
    "GantiSementara",
    "KodeSementara",
    "beri_kode",
    "ganti_sementara",
    "periksa_kabupaten",
    "terapkan_ganti_kode",
    "versi_sementara",
]
