"""Kode wilayah: Kemendagri vs BPS schemes and name normalisation.

Kemendagri ``PP.KK.CC.DDDD`` (desa segment 1xxx kelurahan, 2xxx desa); BPS
``PPKKCCCDDD`` (kecamatan and desa 3 digits each, numbered differently). Province and
kabupaten mostly coincide but not always (Kuantan Singingi: BPS 1401, Kemendagri 14.09),
so kecamatan and desa are matched by spatial overlap and by normalised names — the
crosswalk itself is :mod:`pipelines.cocok` (``cocokkan_wilayah`` and ``HasilCocok`` are
reachable from here too).
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
    "HasilCocok",  # noqa: F822 - from pipelines.cocok, see __getattr__
    "cocokkan_wilayah",  # noqa: F822
    "deteksi_skema",
    "kode_bps_desa",
    "kunci_ketat",
    "kunci_longgar",
    "nama_ketat",
    "normalisasi_nama",
    "titikkan",
]
