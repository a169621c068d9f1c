"""Kode wilayah: Kemendagri vs BPS schemes and name normalisation.

Kemendagri ``PP.KK.CC.DDDD`` (desa segment 1xxx kelurahan, 2xxx desa); BPS
``PPKKCCCDDD`` (kecamatan and desa 3 digits each, numbered differently). Province and
kabupaten mostly coincide but not always (Kuantan Singingi: BPS 1401, Kemendagri 14.09),
so kecamatan and desa are matched by spatial overlap and by normalised names — the
crosswalk itself is :mod:`pipelines.cocok` (``cocokkan_wilayah`` and ``HasilCocok`` are
reachable from here too). Provisional codes (a letter in a segment, :func:`adalah_sementara`)
stand in for Kemendagri codes of a name-only boundary set until the real ones are loaded.
"""

from __future__ import annotations

import functools
import importlib
import re
import unicodedata
from collections import Counter
from typing import Literal

SkemaKode = Literal["kemendagri", "bps"]

_DOT = re.compile(r"^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$")


def deteksi_skema(kode: list[str]) -> SkemaKode:
    """Detect which coding scheme a column of codes uses.

    Dotted codes are Kemendagri. Undotted 10-digit desa codes are Kemendagri when the
    7th digit (first of the desa segment) is always 1 or 2, BPS when the 7th digit (last
    of the 3-digit BPS kecamatan) is anything else. 7-digit codes are BPS kecamatan.

    Raises
    ------
    ValueError
        When the codes fit neither scheme (the caller names the column and rows).

    Examples
    --------
    >>> deteksi_skema(["33.01.01.2001"])
    'kemendagri'
    >>> deteksi_skema(["3301012001", "3301011001"])
    'kemendagri'
    >>> deteksi_skema(["3301010001", "3301121002", "3301020001"])
    'bps'
    """
    kode = [str(k).strip() for k in kode if str(k).strip()]
    if not kode:
        raise ValueError("tidak ada kode")
    bertitik = [k for k in kode if "." in k]
    salah = [k for k in bertitik if not _DOT.match(k)]
    if salah:
        raise ValueError(f"kode bertitik tidak berpola PP.KK.CC.DDDD: {', '.join(salah[:3])}")
    bukan_angka = [k for k in kode if not k.replace(".", "").isdigit()]
    if bukan_angka:
        raise ValueError(f"kode berisi karakter selain angka dan titik: {', '.join(bukan_angka[:3])}")
    if bertitik:
        return "kemendagri"
    panjang = Counter(len(k) for k in kode)
    if set(panjang) <= {7}:
        return "bps"
    if set(panjang) <= {10}:
        # Kemendagri's desa segment always starts with 1 (kelurahan) or 2 (desa); anything
        # else in the 7th digit can only be the last digit of a 3-digit BPS kecamatan code
        digit7 = Counter(k[6] for k in kode)
        return "kemendagri" if set(digit7) <= {"1", "2"} else "bps"
    if set(panjang) <= {6}:
        return "kemendagri"
    raise ValueError(f"panjang kode {dict(panjang)} tidak cocok dengan skema Kemendagri (10/6/4) atau BPS (10/7/4)")


def titikkan(kode: str) -> str:
    """Turn an undotted Kemendagri code into the dotted form.

    Examples
    --------
    >>> titikkan("3301012001")
    '33.01.01.2001'
    >>> titikkan("33.01")
    '33.01'
    """
    k = str(kode).strip()
    if "." in k:
        return k
    bagian = [k[:2], k[2:4], k[4:6], k[6:10]]
    return ".".join(b for b in bagian if b)


def tingkat_dari_kode(kode: str) -> str:
    """Return the tier of a dotted Kemendagri code."""
    return {1: "provinsi", 2: "kabupaten", 3: "kecamatan", 4: "desa"}[kode.count(".") + 1]


_AWALAN = re.compile(r"^(desa|kelurahan|kel|ds|kec|kecamatan|kabupaten|kab|kota)\b\.?\s*")
_EJAAN_LAMA = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))


@functools.lru_cache(maxsize=200_000)
def nama_ketat(nama: str) -> str:
    """Normalise a place name but keep repeated letters: case, accents, spacing, prefixes, old spelling.

    What tells the crosswalk (and merging) apart "Sukamaju I" from "Sukamaju II", which
    :func:`normalisasi_nama` folds together.

    Examples
    --------
    >>> nama_ketat("Sukamaju II"), nama_ketat("Sukamaju I")
    ('sukamajuii', 'sukamajui')
    """
    t = unicodedata.normalize("NFKD", str(nama)).encode("ascii", "ignore").decode().lower().strip()
    t = _AWALAN.sub("", t)
    for lama, baru in _EJAAN_LAMA:
        t = t.replace(lama, baru)
    return re.sub(r"[^a-z0-9]", "", t)


@functools.lru_cache(maxsize=200_000)
def normalisasi_nama(nama: str) -> str:
    """Normalise a place name for matching: case, accents, spacing, prefixes, old spelling, doubled letters.

    Examples
    --------
    >>> normalisasi_nama("  DESA Tegal-Rejo ")
    'tegalrejo'
    >>> normalisasi_nama("Kel. Tjikoneng") == normalisasi_nama("Cikoneng")
    True
    """
    return re.sub(r"(.)\1+", r"\1", nama_ketat(nama))


def kunci_longgar(nama: str) -> str:
    """A looser key that also folds the Javanese a/o spelling variant (Tegalreja/Tegalrejo)."""
    return normalisasi_nama(nama).replace("o", "a")


def kunci_ketat(nama: str) -> str:
    """The a/o-folded :func:`nama_ketat`: Tegalreja = Tegalrejo, but Sukamaju I ≠ Sukamaju II."""
    return nama_ketat(nama).replace("o", "a")


#: Marker in ``wilayah.versi_kode`` of rows with provisional codes (shown wherever the code list is named).
PENANDA_SEMENTARA = "kode sementara"
_BASIS36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: The first provisional kecamatan segment is "S1" (base 36: S = 28): S1…SZ, T0…ZZ — 287 kecamatan.
_AWAL_KECAMATAN = 28 * 36
MAKS_KECAMATAN_SEMENTARA = 36 * 36 - 1 - _AWAL_KECAMATAN
MAKS_DESA_SEMENTARA = 999


def adalah_sementara(kode: str) -> bool:
    """Whether a wilayah code is provisional: it holds a letter (Kemendagri codes are digits and dots only).

    Provisional codes are given to a name-only boundary set loaded before the kabupaten's Kemendagri
    desa (``load batas --kabupaten 33.01 --nama-kabupaten …``) and replaced by the real codes when
    those are loaded. They have the lengths of Kemendagri codes (kecamatan ``PP.KK.S1``, desa
    ``PP.KK.S1.S001``), so they nest by ``kode.startswith(induk + ".")``, slice like real codes
    (``kode[:8]`` is the kecamatan) and sort after every real code of the same parent.

    Examples
    --------
    >>> adalah_sementara("33.01.S1.S001"), adalah_sementara("33.01.01.2001")
    (True, False)
    """
    return any(c.isalpha() for c in str(kode))


def kode_kecamatan_sementara(kabupaten: str, nomor: int) -> str:
    """The provisional code of the ``nomor``-th kecamatan (1-based) of a kabupaten.

    Examples
    --------
    >>> kode_kecamatan_sementara("33.01", 1), kode_kecamatan_sementara("33.01", 36)
    ('33.01.S1', '33.01.T0')
    """
    if not 1 <= nomor <= MAKS_KECAMATAN_SEMENTARA:
        raise ValueError(f"nomor kecamatan sementara {nomor} di luar 1–{MAKS_KECAMATAN_SEMENTARA}")
    n = _AWAL_KECAMATAN + nomor
    return f"{kabupaten}.{_BASIS36[n // 36]}{_BASIS36[n % 36]}"


def nomor_kecamatan_sementara(kode: str) -> int:
    """The number of a provisional kecamatan code (inverse of :func:`kode_kecamatan_sementara`)."""
    seg = kode.split(".")[2]
    return _BASIS36.index(seg[0]) * 36 + _BASIS36.index(seg[1]) - _AWAL_KECAMATAN


def kode_desa_sementara(kecamatan: str, nomor: int) -> str:
    """The provisional code of the ``nomor``-th desa (1-based) of a (provisional) kecamatan.

    Examples
    --------
    >>> kode_desa_sementara("33.01.S1", 7)
    '33.01.S1.S007'
    """
    if not 1 <= nomor <= MAKS_DESA_SEMENTARA:
        raise ValueError(f"nomor desa sementara {nomor} di luar 1–{MAKS_DESA_SEMENTARA}")
    return f"{kecamatan}.S{nomor:03d}"


def kode_bps_desa(kdprov_kab: str, kdkec, kddesa) -> str:
    """Build a 10-digit BPS desa code from split columns (leading zeros restored).

    Examples
    --------
    >>> kode_bps_desa("3301", "10", 1)
    '3301010001'
    """
    return f"{kdprov_kab}{int(kdkec):03d}{int(kddesa):03d}"


def __getattr__(nama: str):
    """Reach ``cocokkan_wilayah`` and ``HasilCocok`` of :mod:`pipelines.cocok` (which imports this module)."""
    if nama in ("HasilCocok", "cocokkan_wilayah"):
        return getattr(importlib.import_module("pipelines.cocok"), nama)
    raise AttributeError(f"module {__name__!r} has no attribute {nama!r}")


__all__ = [
    "PENANDA_SEMENTARA",
    "HasilCocok",  # noqa: F822 - from pipelines.cocok, see __getattr__
    "adalah_sementara",
    "cocokkan_wilayah",  # noqa: F822
    "deteksi_skema",
    "kode_bps_desa",
    "kode_desa_sementara",
    "kode_kecamatan_sementara",
    "kunci_ketat",
    "kunci_longgar",
    "nama_ketat",
    "nomor_kecamatan_sementara",
    "normalisasi_nama",
    "titikkan",
]
