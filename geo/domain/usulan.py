"""The usulan record, declared once, and the rules on one usulan. Pure: no I/O.

:data:`KOLOM` lists every field of an usulan with its type, its Indonesian label, whether
it is required, editable after capture, public (shown and exported) or personal, part of
the import template, and its SIPD column header. The capture form, the import template
and loader, the exports, the public queries and the database schema all derive from it
(``tests/geo/test_rekaman_usulan.py`` asserts they agree).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions
from geo.domain.crs import crs_metrik as pilih_crs
from geo.errors import Masalah

Tipe = Literal["teks", "angka", "bulat", "bool", "waktu", "geom"]


@dataclass(frozen=True)
class Kolom:
    """One field of the usulan record.

    Attributes
    ----------
    nama : str
        Column name in the store and in files.
    tipe : {"teks", "angka", "bulat", "bool", "waktu", "geom"}
        Value type.
    label : str
        Indonesian label on forms and in documents.
    sipd : str or None
        Column header in the SIPD-shaped export (None: not exported).
    wajib : bool
        Required on capture and import.
    ubah : bool
        An operator may change it after capture (tier and status change only through
        forum decisions).
    publik : bool
        May be listed, mapped and exported. False only for personal data (NIK/KK, UU 27/2022).
    impor : bool
        A column of the import template.
    tersimpan : bool
        Stored in the ``usulan`` table (False: derived when read, e.g. the desa name).
    """

    nama: str
    tipe: Tipe
    label: str
    sipd: str | None = None
    wajib: bool = False
    ubah: bool = False
    publik: bool = True
    impor: bool = False
    tersimpan: bool = True


#: Every field of an usulan, in SIPD order (domain §2).
KOLOM: tuple[Kolom, ...] = (
    Kolom("id", "bulat", "ID usulan", "ID Usulan"),
    Kolom("kode_sumber", "teks", "Kode usulan SIPD", "Kode Usulan SIPD", impor=True),
    Kolom("tahun", "bulat", "Tahun anggaran", "Tahun Anggaran", wajib=True, impor=True),
    Kolom("jenis_usulan", "teks", "Jenis usulan", "Jenis Usulan"),
    Kolom("pengusul", "teks", "Pengusul", "Pengusul", wajib=True, ubah=True, impor=True),
    Kolom("tingkat_pengusul", "teks", "Tingkat pengusul", "Tingkat Pengusul", impor=True),
    Kolom("nik_pengusul", "teks", "NIK pengusul (opsional, tidak pernah ditampilkan)", publik=False),
    Kolom("kk_pengusul", "teks", "Nomor KK pengusul (opsional, tidak pernah ditampilkan)", publik=False),
    Kolom("tahap_asal", "teks", "Tahap asal", "Tahap Asal"),
    Kolom("kode_desa", "teks", "Desa/kelurahan", "Kode Desa/Kelurahan", wajib=True, impor=True),
    Kolom("desa", "teks", "Desa/kelurahan", "Desa/Kelurahan", tersimpan=False),
    Kolom("kode_kecamatan", "teks", "Kode kecamatan", "Kode Kecamatan"),
    Kolom("kecamatan", "teks", "Kecamatan", "Kecamatan", tersimpan=False),
    Kolom("alamat", "teks", "Alamat / patokan lokasi", "Alamat", ubah=True, impor=True),
    Kolom("masalah", "teks", "Permasalahan", "Permasalahan", wajib=True, ubah=True, impor=True),
    Kolom("uraian", "teks", "Usulan (kegiatan yang diminta)", "Usulan", wajib=True, ubah=True, impor=True),
    Kolom("kode_kamus", "teks", "Item kamus usulan", "Kode Kamus Usulan", wajib=True, impor=True),
    Kolom("volume", "angka", "Volume", "Volume", wajib=True, ubah=True, impor=True),
    Kolom("satuan", "teks", "Satuan", "Satuan"),
    Kolom("harga_satuan", "angka", "Harga satuan (Rp)", "Harga Satuan (Rp)"),
    Kolom("biaya", "angka", "Perkiraan biaya (Rp)", "Perkiraan Biaya (Rp)", ubah=True, impor=True),
    Kolom(
        "alasan_biaya",
        "teks",
        "Alasan biaya berbeda dari hitungan kamus",
        "Alasan Perbedaan Biaya",
        ubah=True,
        impor=True,
    ),
    Kolom("bidang", "teks", "Bidang urusan", "Bidang Urusan"),
    Kolom("opd_awal", "teks", "Perangkat daerah awal", "Perangkat Daerah Awal"),
    Kolom("opd_akhir", "teks", "Perangkat daerah akhir", "Perangkat Daerah Akhir", ubah=True),
    Kolom("sumber_dana", "teks", "Sumber dana", "Sumber Dana", wajib=True, ubah=True, impor=True),
    Kolom("penerima_laki", "bulat", "Penerima manfaat laki-laki", "Penerima Manfaat Laki-laki", ubah=True, impor=True),
    Kolom(
        "penerima_perempuan",
        "bulat",
        "Penerima manfaat perempuan",
        "Penerima Manfaat Perempuan",
        ubah=True,
        impor=True,
    ),
    Kolom(
        "penerima_rentan",
        "bulat",
        "Penerima manfaat kelompok rentan (disabilitas, lansia, miskin)",
        "Penerima Manfaat Kelompok Rentan",
        ubah=True,
        impor=True,
    ),
    Kolom("status_lahan", "teks", "Status lahan", "Status Lahan", wajib=True, ubah=True, impor=True),
    Kolom("sertifikat", "bool", "Ada sertifikat lahan", "Sertifikat", ubah=True, impor=True),
    Kolom("gambar_teknis", "bool", "Ada gambar teknis", "Gambar Teknis", ubah=True, impor=True),
    Kolom("rab", "bool", "Ada RAB", "RAB", ubah=True, impor=True),
    Kolom("tahap", "teks", "Tahap saat ini", "Tahap Saat Ini"),
    Kolom("status", "teks", "Status", "Status"),
    Kolom("alasan_terakhir", "teks", "Alasan keputusan terakhir", "Alasan Keputusan Terakhir", tersimpan=False),
    Kolom("lanjut_tahun_depan", "bool", "Lanjut tahun depan", "Lanjut Tahun Depan"),
    Kolom("versi", "bulat", "Versi"),
    Kolom("dibuat_oleh", "teks", "Dibuat oleh"),
    Kolom("dibuat_pada", "waktu", "Dibuat pada"),
    Kolom("diubah_pada", "waktu", "Diubah pada"),
    Kolom("urgensi", "bulat", "Urgensi (1–5)", ubah=True),
    Kolom("dampak", "bulat", "Dampak sosial-ekonomi (1–5)", ubah=True),
    Kolom("selaras_rpjmd", "bulat", "Keselarasan dengan RPJMD (1–5)", ubah=True),
    Kolom("lintang", "angka", "Lintang", "Lintang", impor=True, tersimpan=False),
    Kolom("bujur", "angka", "Bujur", "Bujur", impor=True, tersimpan=False),
    Kolom("wkt", "teks", "Geometri (WKT)", "Geometri (WKT)", impor=True, tersimpan=False),
    Kolom("geom", "geom", "Lokasi", publik=False),
)

_PER_NAMA = {k.nama: k for k in KOLOM}

#: Stored fields, in order (the ``usulan`` table; ``geom`` last).
KOLOM_TERSIMPAN: tuple[str, ...] = tuple(k.nama for k in KOLOM if k.tersimpan)
#: Required on capture and import.
KOLOM_WAJIB: tuple[str, ...] = tuple(k.nama for k in KOLOM if k.wajib)
#: Fields an operator may change after capture (tier and status change only through forum decisions).
KOLOM_UBAH: tuple[str, ...] = tuple(k.nama for k in KOLOM if k.ubah)
#: Stored fields safe to list, map and export: never NIK/KK.
KOLOM_PUBLIK: tuple[str, ...] = tuple(k.nama for k in KOLOM if k.tersimpan and k.publik and k.tipe != "geom")
#: Columns of the import template, in order.
KOLOM_IMPOR: tuple[str, ...] = tuple(k.nama for k in KOLOM if k.impor)
#: Our column -> SIPD column header, in SIPD order. Personal data is never among them.
KOLOM_SIPD: dict[str, str] = {k.nama: k.sipd for k in KOLOM if k.sipd and k.publik}
#: Personal fields: stored, never listed, mapped or exported.
KOLOM_PRIBADI: frozenset[str] = frozenset(k.nama for k in KOLOM if not k.publik and k.tipe != "geom")
#: Identity numbers (NIK, KK): stored only as a keyed hash (:mod:`geo.store.rahasia`), never in clear.
KOLOM_SIDIK: tuple[str, ...] = ("nik_pengusul", "kk_pengusul")


def label(nama: str, tanda_wajib: bool = True) -> str:
    """The Indonesian label of a field, with ``*`` when it is required.

    Examples
    --------
    >>> label("masalah")
    'Permasalahan *'
    >>> label("alamat")
    'Alamat / patokan lokasi'
    """
    k = _PER_NAMA[nama]
    return f"{k.label} *" if tanda_wajib and k.wajib else k.label


def baris_usulan(data: dict, item: dict, kode_kecamatan: str, oleh: str) -> dict:
    """The stored row of a new usulan, from checked form or import values and its kamus item.

    The form and the import both build their rows here, so a new field is added once.
    The kamus item fills satuan, unit cost, bidang and OPD; the usulan starts ``diajukan``
    at its tier of origin.

    Parameters
    ----------
    data : dict
        Values already checked by :func:`periksa_usulan` (``biaya`` filled).
    item : dict
        Kamus record: ``satuan``, ``harga_satuan``, ``bidang``, ``opd``.
    kode_kecamatan : str
        Kecamatan of the desa (from the store).
    oleh : str
        Who captures or imports it.

    Returns
    -------
    dict
        Every stored field except ``id``, ``versi``, the timestamps and ``geom``.
    """

    def bulat(v):
        return None if v in (None, "") or (isinstance(v, float) and np.isnan(v)) else int(float(v))

    def teks(v):
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        v = _KONTROL.sub("", str(v)).strip()  # control characters never reach the store
        return v or None

    tahap_asal = data.get("tahap_asal") or "desa"
    return {
        "kode_sumber": teks(data.get("kode_sumber")),
        "tahun": int(float(data["tahun"])),
        "jenis_usulan": data.get("jenis_usulan") or "musrenbang",
        "pengusul": teks(data["pengusul"]),
        "tingkat_pengusul": teks(data.get("tingkat_pengusul")) or "RT/RW",
        "nik_pengusul": teks(data.get("nik_pengusul")),
        "kk_pengusul": teks(data.get("kk_pengusul")),
        "tahap_asal": tahap_asal,
        "kode_desa": data["kode_desa"],
        "kode_kecamatan": kode_kecamatan,
        "alamat": teks(data.get("alamat")),
        "kode_kamus": data["kode_kamus"],
        "masalah": teks(data["masalah"]),
        "uraian": teks(data["uraian"]),
        "volume": float(data["volume"]),
        "satuan": item["satuan"],
        "harga_satuan": float(item["harga_satuan"]),
        "biaya": float(data["biaya"]),
        "alasan_biaya": teks(data.get("alasan_biaya")),
        "bidang": item["bidang"],
        "opd_awal": item["opd"],
        "opd_akhir": None,
        "sumber_dana": teks(data["sumber_dana"]),
        "penerima_laki": bulat(data.get("penerima_laki")),
        "penerima_perempuan": bulat(data.get("penerima_perempuan")),
        "penerima_rentan": bulat(data.get("penerima_rentan")),
        "status_lahan": teks(data["status_lahan"]),
        "sertifikat": bool(data.get("sertifikat")),
        "gambar_teknis": bool(data.get("gambar_teknis")),
        "rab": bool(data.get("rab")),
        "tahap": tahap_asal,
        "status": "diajukan",
        "lanjut_tahun_depan": False,
        "dibuat_oleh": oleh,
        "urgensi": bulat(data.get("urgensi")),
        "dampak": bulat(data.get("dampak")),
        "selaras_rpjmd": bulat(data.get("selaras_rpjmd")),
    }


#: Control characters (but tab and newline) removed from every text field.
_KONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: A NIK is 16 digits (Dukcapil).
_NIK = re.compile(r"^\d{16}$")


def geometri_sketsa(simpul: list[tuple[float, float]], jenis: str) -> shapely.Geometry | None:
    """The geometry the operator's map clicks make: the last click (titik), a line, or a polygon.

    Parameters
    ----------
    simpul : list of (lon, lat)
        Clicks in order.
    jenis : {"titik", "garis", "poligon"}
        What is being drawn.

    Returns
    -------
    shapely.Geometry or None
        None until there are enough clicks (1, 2 or 3).

    Examples
    --------
    >>> geometri_sketsa([(110.0, -7.0), (110.1, -7.0)], "garis").wkt
    'LINESTRING (110 -7, 110.1 -7)'
    >>> geometri_sketsa([(110.0, -7.0)], "poligon") is None
    True
    """
    if jenis == "titik" and simpul:
        return shapely.Point(simpul[-1])
    if jenis == "garis" and len(simpul) >= 2:
        return shapely.LineString(simpul)
    if jenis == "poligon" and len(simpul) >= 3:
        return shapely.Polygon(simpul)
    return None


def periksa_usulan(
    baris: dict, kamus: dict[str, dict], ambang_deviasi: float = 0.25, label: str = "usulan"
) -> tuple[list[Masalah], list[str]]:
    """Check one usulan: blocking problems, and flags that only warn.

    Blocking: required fields, positive volume, unknown kamus item, satuan or land-status
    code, cost not positive, and a cost that differs from volume × unit cost without ``alasan_biaya``
    (the estimate is editable, with a reason). Flag (not block): a cost deviating by
    more than ``ambang_deviasi`` (e.g. 0,25 = 25 %).

    Parameters
    ----------
    baris : dict
        Fields of the form/import row.
    kamus : dict
        Kamus item code -> {"satuan", "harga_satuan"}.
    ambang_deviasi : float
        Allowed relative deviation before flagging.
    label : str
        Row label for messages (e.g. "baris 12").

    Returns
    -------
    (list of Masalah, list of str)
    """
    masalah, tanda = [], []
    for k in KOLOM_WAJIB:
        if k == "tahun" and "tahun" not in baris:
            continue  # an edit re-checks a stored row: the year is fixed
        if baris.get(k) in (None, "") or (isinstance(baris.get(k), float) and np.isnan(baris[k])):
            masalah.append(Masalah(label, k, "(kosong)", f"{k} terisi", f"isi {k}"))
    item = kamus.get(str(baris.get("kode_kamus") or ""))
    if baris.get("kode_kamus") and item is None:
        masalah.append(
            Masalah(
                label, "kode_kamus", str(baris["kode_kamus"]), "item kamus usulan yang ada", "pilih dari kamus usulan"
            )
        )
    for kolom, nama, cara in (
        ("nik_pengusul", "16 angka NIK", "periksa NIK di KTP/KK, atau kosongkan"),
        ("kk_pengusul", "16 angka nomor KK", "periksa nomor di Kartu Keluarga, atau kosongkan"),
    ):
        nomor = baris.get(kolom)
        if isinstance(nomor, str) and nomor.strip() and not _NIK.match(nomor.strip()):
            masalah.append(Masalah(label, kolom, "(disembunyikan)", nama, cara))
    lahan = baris.get("status_lahan")
    if lahan not in (None, "") and lahan not in definitions.STATUS_LAHAN_USULAN:
        masalah.append(
            Masalah(
                label,
                "status_lahan",
                str(lahan),
                ", ".join(definitions.STATUS_LAHAN_USULAN),
                "pakai salah satu kode itu",
            )
        )
    volume = baris.get("volume")
    if isinstance(volume, (int, float)) and not np.isnan(volume) and volume <= 0:
        masalah.append(Masalah(label, "volume", str(volume), "lebih dari 0", "isi volume pekerjaan"))
    if item is not None and baris.get("satuan") and baris["satuan"] != item["satuan"]:
        masalah.append(
            Masalah(
                label,
                "satuan",
                str(baris["satuan"]),
                f"satuan kamus '{item['satuan']}'",
                "pakai satuan kamus atau pilih item lain",
            )
        )
    biaya = baris.get("biaya")
    if biaya is not None and not (isinstance(biaya, float) and np.isnan(biaya)) and biaya <= 0:
        masalah.append(Masalah(label, "biaya", str(biaya), "lebih dari 0", "isi perkiraan biaya"))
    elif item is not None and isinstance(volume, (int, float)) and volume > 0 and biaya:
        acuan = volume * item["harga_satuan"]
        deviasi = abs(biaya - acuan) / acuan
        if deviasi > ambang_deviasi:
            tanda.append(f"{label}: biaya menyimpang {deviasi * 100:.0f} % dari volume × harga satuan kamus")
        if abs(biaya - acuan) >= 1 and not baris.get("alasan_biaya"):
            masalah.append(
                Masalah(
                    label,
                    "alasan_biaya",
                    "(kosong)",
                    "alasan bila biaya ≠ volume × harga satuan",
                    f"jelaskan mengapa biaya berbeda dari hitungan kamus ({acuan:,.0f})",
                )
            )
    return masalah, tanda


def _kata(teks: str) -> frozenset[str]:
    return frozenset(w for w in _POLA_KATA.findall(str(teks).lower()) if len(w) > 2)


_POLA_KATA = re.compile(r"[a-z0-9]+")


def cari_duplikat(
    baru: pd.DataFrame,
    lama: pd.DataFrame,
    jarak_m: float = definitions.ATURAN_FORUM["jarak_duplikat_m"],
    ambang_teks: float = definitions.ATURAN_FORUM["kemiripan_teks_duplikat"],
    crs_metrik: str | None = None,
) -> pd.DataFrame:
    """Find earlier usulan that look like the same proposal.

    A pair matches when both use the same kamus item, lie within ``jarak_m`` metres of
    each other, and their texts share at least ``ambang_teks`` of their words (Jaccard
    over words of three letters or more). An usulan never matches itself.

    Parameters
    ----------
    baru, lama : DataFrame
        ``id``, ``kode_kamus``, ``uraian`` and ``geometry`` (shapely, EPSG:4326).
    jarak_m : float
        Distance threshold in metres.
    ambang_teks : float
        Word-overlap threshold (0..1).
    crs_metrik : str, optional
        Metric CRS for distances (default: chosen from the data, see :func:`geo.domain.crs.crs_metrik`).

    Returns
    -------
    DataFrame
        ``id_baru``, ``id_lama``, ``jarak_m``, ``kemiripan``, nearest first.
    """
    kolom = ["id_baru", "id_lama", "jarak_m", "kemiripan"]
    if baru.empty or lama.empty:
        return pd.DataFrame(columns=kolom)
    sb = gpd.GeoSeries(baru["geometry"].values, crs="EPSG:4326")
    sl = gpd.GeoSeries(lama["geometry"].values, crs="EPSG:4326")
    crs = crs_metrik or pilih_crs(gpd.GeoDataFrame(geometry=pd.concat([sb, sl], ignore_index=True)))
    gb = np.asarray(sb.to_crs(crs).array, dtype=object)
    gl = np.asarray(sl.to_crs(crs).array, dtype=object)
    kiri, kanan = shapely.STRtree(gl).query(gb, predicate="dwithin", distance=jarak_m)
    kb, kl = baru["kode_kamus"].to_numpy(), lama["kode_kamus"].to_numpy()
    ib, il = baru["id"].to_numpy(), lama["id"].to_numpy()
    sama = (kb[kiri] == kl[kanan]) & (ib[kiri] != il[kanan])
    kiri, kanan = kiri[sama], kanan[sama]
    if len(kiri) == 0:
        return pd.DataFrame(columns=kolom)
    ub, ul = baru["uraian"].to_numpy(), lama["uraian"].to_numpy()
    cache_b: dict[int, frozenset[str]] = {}
    cache_l: dict[int, frozenset[str]] = {}
    mirip = np.empty(len(kiri))
    for n, (i, j) in enumerate(zip(kiri.tolist(), kanan.tolist(), strict=True)):
        a = cache_b.get(i)
        if a is None:
            a = cache_b[i] = _kata(ub[i])
        b = cache_l.get(j)
        if b is None:
            b = cache_l[j] = _kata(ul[j])
        gabung = len(a | b)
        mirip[n] = len(a & b) / gabung if gabung else 0.0
    ok = mirip >= ambang_teks
    kiri, kanan = kiri[ok], kanan[ok]
    hasil = pd.DataFrame(
        {
            "id_baru": ib[kiri],
            "id_lama": il[kanan],
            "jarak_m": shapely.distance(gb[kiri], gl[kanan]),
            "kemiripan": mirip[ok],
        }
    )
    return hasil.sort_values(["id_baru", "jarak_m", "id_lama"]).reset_index(drop=True)
