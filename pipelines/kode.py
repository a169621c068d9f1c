"""Kode wilayah: Kemendagri vs BPS schemes, name normalisation, and the crosswalk.

Kemendagri ``PP.KK.CC.DDDD`` (desa segment 1xxx kelurahan, 2xxx desa); BPS
``PPKKCCCDDD`` (kecamatan and desa 3 digits each, numbered differently). Province and
kabupaten mostly coincide but not always (Kuantan Singingi: BPS 1401, Kemendagri 14.09),
so kecamatan and desa are matched by spatial overlap and by normalised names.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain.crs import crs_utm
from pipelines.higiene import CRS_LUAS

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
def normalisasi_nama(nama: str) -> str:
    """Normalise a place name for matching: case, accents, spacing, prefixes, old spelling.

    Examples
    --------
    >>> normalisasi_nama("  DESA Tegal-Rejo ")
    'tegalrejo'
    >>> normalisasi_nama("Kel. Tjikoneng") == normalisasi_nama("Cikoneng")
    True
    """
    t = unicodedata.normalize("NFKD", str(nama)).encode("ascii", "ignore").decode().lower().strip()
    t = _AWALAN.sub("", t)
    for lama, baru in _EJAAN_LAMA:
        t = t.replace(lama, baru)
    t = re.sub(r"[^a-z0-9]", "", t)
    return re.sub(r"(.)\1+", r"\1", t)


def kunci_longgar(nama: str) -> str:
    """A looser key that also folds the Javanese a/o spelling variant (Tegalreja/Tegalrejo)."""
    return normalisasi_nama(nama).replace("o", "a")


@dataclass
class HasilCocok:
    """Outcome of matching source units to target (Kemendagri) units."""

    pasangan: pd.DataFrame  # kode_sumber, kode, metode, skor
    tak_cocok: pd.DataFrame  # kode_sumber, nama, nama_induk, alasan, calon
    metode: Counter = field(default_factory=Counter)


def _crs_luas_lokal(gdf: gpd.GeoDataFrame) -> str:
    """CRS for overlap ratios: the local UTM zone, or equal-area EPSG:6933 beyond 6° of longitude."""
    g = gdf.to_crs("EPSG:4326")
    minx, _, maxx, _ = g.total_bounds
    return CRS_LUAS if maxx - minx > 6 else crs_utm(g)


def _luas_irisan(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Intersection areas of pairs: identical pairs short-cut, the rest on two threads."""
    luas = np.zeros(len(a))
    sama = shapely.equals_exact(a, b, tolerance=0)
    luas[sama] = shapely.area(a[sama])
    beda = np.flatnonzero(~sama)
    if len(beda):
        bagian = np.array_split(beda, 2 if len(beda) > 5000 else 1)
        with ThreadPoolExecutor(len(bagian)) as ex:
            for idx, hasil in zip(
                bagian, ex.map(lambda i: shapely.area(shapely.intersection(a[i], b[i])), bagian), strict=True
            ):
                luas[idx] = hasil
    return luas


def _mirip(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b).ratio()


def _nama_unik(
    t: pd.DataFrame,
    sa: dict[str, np.ndarray],
    ta: dict[str, np.ndarray],
    hasil: dict[int, tuple[str, str, float]],
    dipakai: set[int],
) -> None:
    """Rule 3b of :func:`cocokkan_wilayah`, filling ``hasil`` and ``dipakai`` in place.

    ``sa``/``ta`` are the plain column arrays of sources and targets.

    Kecamatan names unknown on one side (e.g. parents derived with placeholder names):
    a name unique in the whole target set still identifies the desa.
    """
    kec_target = set(t["_k"])
    bebas = t[~t.index.isin(dipakai)]
    per_nama = bebas.groupby("_l").groups
    jumlah_nama = t.groupby("_l").size()
    for i in range(len(sa["_k"])):
        if i in hasil or sa["_k"][i] in kec_target:
            continue
        calon = list(per_nama.get(sa["_l"][i], []))
        if len(calon) == 1 and jumlah_nama[sa["_l"][i]] == 1 and calon[0] not in dipakai:
            hasil[i] = (ta["kode"][calon[0]], "nama-unik", 1.0)
            dipakai.add(calon[0])


def cocokkan_wilayah(
    sumber: pd.DataFrame,
    target: pd.DataFrame,
    resolusi: dict[str, str] | None = None,
    ambang_mirip: float = 0.85,
) -> HasilCocok:
    """Match source desa (BPS codes or names) one-to-one to target Kemendagri desa.

    Rules, in order; a target is never given to two sources:

    1. a manual resolution (``resolusi``: source code -> Kemendagri code) — ``manual``;
    2. when both sides have geometry: candidate pairs scored by area overlap (IoU) plus
       name similarity, assigned greedily best-first; a pair is accepted when IoU ≥ 0.5,
       or IoU ≥ 0.05 with similar names (ratio ≥ 0.8), or any overlap with the same name
       (ratio ≥ 0.95) — ``spasial`` / ``nama+spasial`` (boundary sources differ a lot:
       the same desa can overlap its namesake by only 10 %);
    3. the same normalised name inside the same kecamatan (``nama``), then the a/o-folded
       name (``nama-longgar``), each only when exactly one free target has it;
    3b. when the source's kecamatan name is unknown to the target, a desa name that is
       unique in the whole target set (``nama-unik``);
    4. a close name (difflib ratio ≥ ``ambang_mirip``) inside the same kecamatan, only when
       the best free candidate is clearly ahead of the next (``nama-mirip``).

    Everything else is reported in ``tak_cocok`` with the reason and the best candidates,
    for a person to resolve; no guess is stored.

    Parameters
    ----------
    sumber : DataFrame
        ``kode_sumber``, ``nama``, ``nama_induk`` (kecamatan name), optional ``geometry``.
    target : DataFrame
        ``kode``, ``nama``, ``nama_induk``, optional ``geometry`` (EPSG:4326).
    resolusi : dict, optional
        Manual decisions from a previous report.
    ambang_mirip : float
        Minimum similarity for rule 4.

    Returns
    -------
    HasilCocok
    """
    resolusi = resolusi or {}
    s = sumber.reset_index(drop=True).copy()
    t = target.reset_index(drop=True).copy()
    s["_n"], t["_n"] = s["nama"].map(normalisasi_nama), t["nama"].map(normalisasi_nama)
    s["_l"], t["_l"] = s["nama"].map(kunci_longgar), t["nama"].map(kunci_longgar)
    s["_k"] = s["nama_induk"].fillna("").map(kunci_longgar)
    t["_k"] = t["nama_induk"].fillna("").map(kunci_longgar)
    # plain arrays: element access in the loops below is ~50x cheaper than DataFrame.at
    S = {c: s[c].to_numpy(dtype=object) for c in ("kode_sumber", "nama", "nama_induk", "_n", "_l", "_k")}
    T = {c: t[c].to_numpy(dtype=object) for c in ("kode", "nama", "_n", "_l", "_k")}
    hasil: dict[int, tuple[str, str, float]] = {}
    indeks_target = {k: j for j, k in enumerate(t["kode"])}
    dipakai: set[int] = set()
    for i, k in enumerate(s["kode_sumber"]):
        if k in resolusi and resolusi[k] in indeks_target and indeks_target[resolusi[k]] not in dipakai:
            hasil[i] = (resolusi[k], "manual", 1.0)
            dipakai.add(indeks_target[resolusi[k]])

    calon_spasial: dict[int, list[tuple[float, int]]] = {}
    spasial = "geometry" in s and "geometry" in t and s["geometry"].notna().all() and t["geometry"].notna().all()
    if spasial and len(t):
        gs = gpd.GeoDataFrame(s[["geometry"]], geometry="geometry", crs="EPSG:4326")
        crs = _crs_luas_lokal(gs)
        gs = np.asarray(gs.to_crs(crs).geometry.array, dtype=object)
        gt = np.asarray(
            gpd.GeoDataFrame(t[["geometry"]], geometry="geometry", crs="EPSG:4326").to_crs(crs).geometry.array,
            dtype=object,
        )
        pohon = shapely.STRtree(gt)

        def _pasangan(kiri: np.ndarray, kanan: np.ndarray) -> None:
            if not len(kiri):
                return
            irisan = _luas_irisan(gs[kiri], gt[kanan])
            iou = irisan / (shapely.area(gs[kiri]) + shapely.area(gt[kanan]) - irisan)
            nama = np.array([_mirip(S["_l"][i], T["_l"][j]) for i, j in zip(kiri, kanan, strict=True)])
            for q in np.lexsort((kanan, kiri, -(iou + 0.5 * nama))):
                i, j = int(kiri[q]), int(kanan[q])
                if iou[q] > 0:
                    calon_spasial.setdefault(i, []).append((float(iou[q]), j))
                if i in hasil or j in dipakai:
                    continue
                if iou[q] >= 0.5 or (iou[q] >= 0.05 and nama[q] >= 0.8) or (iou[q] > 0 and nama[q] >= 0.95):
                    metode = "nama+spasial" if nama[q] >= 0.8 else "spasial"
                    hasil[i] = (T["kode"][j], metode, round(float(iou[q]), 4))
                    dipakai.add(j)

        # first the target under each source's inner point (one intersection per source, fast
        # at national scale), then every overlapping target for the sources still open
        titik = shapely.point_on_surface(gs)
        kiri, kanan = pohon.query(titik, predicate="intersects")
        _pasangan(kiri, kanan)
        sisa = np.array([i for i in range(len(s)) if i not in hasil], dtype=int)
        if len(sisa):
            calon_spasial.clear()
            kiri, kanan = pohon.query(gs[sisa], predicate="intersects")
            _pasangan(sisa[kiri], kanan)

    def _unik(kolom: str, metode: str) -> None:
        bebas = t[~t.index.isin(dipakai)]
        grup = bebas.groupby(["_k", kolom]).groups
        for i in range(len(s)):
            if i in hasil:
                continue
            calon = list(grup.get((S["_k"][i], S[kolom][i]), []))
            if len(calon) == 1 and calon[0] not in dipakai:
                hasil[i] = (T["kode"][calon[0]], metode, 1.0)
                dipakai.add(calon[0])

    _unik("_n", "nama")
    _unik("_l", "nama-longgar")
    _nama_unik(t, S, T, hasil, dipakai)
    tak = []
    kec_dikenal = set(t["_k"])
    for i in range(len(s)):
        if i in hasil:
            continue
        sekec = t[(t["_k"] == S["_k"][i])]
        skor = sorted(((_mirip(S["_n"][i], n), j) for j, n in zip(sekec.index, sekec["_n"], strict=True)), reverse=True)
        bebas = [(sk, j) for sk, j in skor if j not in dipakai]
        if bebas and bebas[0][0] >= ambang_mirip and bebas[0][0] - (bebas[1][0] if len(bebas) > 1 else 0) >= 0.05:
            hasil[i] = (T["kode"][bebas[0][1]], "nama-mirip", round(bebas[0][0], 3))
            dipakai.add(bebas[0][1])
            continue
        if i in calon_spasial:
            alasan = "tumpang tindih tidak cukup atau desa tujuan sudah dipakai unit lain"
            daftar = [(sk, j) for sk, j in sorted(calon_spasial[i], reverse=True)[:3]]
            teks = "; ".join(f"{T['nama'][j]} ({T['kode'][j]}, IoU {sk:.2f})" for sk, j in daftar)
        else:
            alasan = (
                "nama kecamatan tidak dikenal"
                if S["_k"][i] not in kec_dikenal
                else "tidak ada desa bernama mirip yang belum dipakai di kecamatan yang sama"
            )
            teks = "; ".join(f"{T['nama'][j]} ({T['kode'][j]}, {sk:.2f})" for sk, j in skor[:3])
        tak.append(
            {
                "kode_sumber": S["kode_sumber"][i],
                "nama": S["nama"][i],
                "nama_induk": S["nama_induk"][i],
                "alasan": alasan,
                "calon": teks,
            }
        )
    pasangan = pd.DataFrame(
        [
            {"kode_sumber": S["kode_sumber"][i], "kode": v[0], "metode": v[1], "skor": v[2]}
            for i, v in sorted(hasil.items())
        ],
        columns=["kode_sumber", "kode", "metode", "skor"],
    )
    return HasilCocok(
        pasangan,
        pd.DataFrame(tak, columns=["kode_sumber", "nama", "nama_induk", "alasan", "calon"]),
        Counter(pasangan["metode"]),
    )


def kode_bps_desa(kdprov_kab: str, kdkec, kddesa) -> str:
    """Build a 10-digit BPS desa code from split columns (leading zeros restored).

    Examples
    --------
    >>> kode_bps_desa("3301", "10", 1)
    '3301010001'
    """
    return f"{kdprov_kab}{int(kdkec):03d}{int(kddesa):03d}"


__all__ = ["HasilCocok", "cocokkan_wilayah", "deteksi_skema", "kode_bps_desa", "normalisasi_nama", "titikkan"]
