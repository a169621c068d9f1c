"""Candidate pairs of the crosswalk and their scores (see :func:`pipelines.cocok.cocokkan_wilayah`).

Both sides as plain arrays with normalised names (:class:`Sisi`), both geometries in one
metric CRS (:class:`Ruang`), the sure pairs fixed first (:func:`pasangan_pasti`), then every
candidate of the open sources — by overlap (IoU, share of each side) and by name in the same
kecamatan — scored and marked admissible (:func:`calon_pasangan`).
"""

from __future__ import annotations

import difflib
import functools
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain.crs import crs_utm
from pipelines.higiene import CRS_LUAS
from pipelines.kode import kunci_ketat, kunci_longgar, nama_ketat

#: Weight of the name beside the overlap (IoU): a desa of the same name in the same kecamatan
#: loses to another candidate only when that one overlaps by 0.8 IoU more (e.g. 0.85 against 0.05).
BOBOT_NAMA = 0.8
#: Overlap (IoU) enough on its own.
IOU_CUKUP = 0.5
#: Overlap enough together with a similar name (or half of either desa inside the other).
IOU_DENGAN_NAMA = 0.05
#: Name similarity (difflib ratio of the a/o-folded names) counted as similar.
NAMA_MIRIP = 0.8
#: Name similarity counted as (nearly) the same name.
NAMA_SAMA = 0.95
#: A match by name is reviewed when another desa overlaps ≥ IOU_CUKUP and it less than this share of that.
IOU_KECIL = 0.5


def _peta(nilai: np.ndarray, f) -> np.ndarray:
    """``f`` of every value, computed once per distinct value (kecamatan names repeat)."""
    unik, balik = np.unique(nilai.astype(str), return_inverse=True)
    return np.array([f(x) for x in unik], dtype=object)[balik] if len(nilai) else nilai


@dataclass
class Sisi:
    """Plain arrays of one side (element access is ~50x cheaper than ``DataFrame.at``)."""

    kode: np.ndarray
    nama: np.ndarray
    induk: np.ndarray  # the parent (kecamatan) name as given
    n: np.ndarray  # normalised name, repeated letters kept (Sukamaju I ≠ Sukamaju II)
    kunci: np.ndarray  # the same, a/o folded (Tegalreja = Tegalrejo)
    k: np.ndarray  # loose key of the parent name
    ganda: np.ndarray  # the (parent, name) key occurs more than once on this side
    urut: np.ndarray  # rank in an order that does not depend on the row order

    @classmethod
    def dari(cls, df: pd.DataFrame, kolom_kode: str) -> Sisi:
        """The arrays of ``df`` (``kolom_kode``, ``nama``, ``nama_induk``)."""
        kode = df[kolom_kode].astype(str).to_numpy(dtype=object)
        nama = df["nama"].fillna("").astype(str).to_numpy(dtype=object)
        induk = df["nama_induk"].fillna("").astype(str).to_numpy(dtype=object)
        kunci, k = _peta(nama, kunci_ketat), _peta(induk, kunci_longgar)
        urutan = pd.DataFrame({"a": kode, "b": nama, "c": induk}).sort_values(["a", "b", "c"], kind="stable").index
        urut = np.empty(len(kode), dtype=np.int64)
        urut[urutan.to_numpy()] = np.arange(len(kode))
        ganda = pd.Series(k + "\x1f" + kunci if len(k) else []).duplicated(keep=False).to_numpy(dtype=bool)
        n = _peta(nama, nama_ketat)
        return cls(kode, nama, induk, n, kunci, k, ganda, urut)


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


@functools.lru_cache(maxsize=200_000)
def mirip(a: str, b: str) -> float:
    """Similarity of two name keys (difflib ratio, 0–1)."""
    return difflib.SequenceMatcher(None, a, b).ratio()


@dataclass
class Ruang:
    """Both sides' geometry in one metric CRS, their areas and a tree of the targets."""

    gs: np.ndarray
    gt: np.ndarray
    luas_s: np.ndarray
    luas_t: np.ndarray
    pohon: shapely.STRtree

    @classmethod
    def dari(cls, sumber: pd.DataFrame, target: pd.DataFrame) -> Ruang | None:
        """None unless both sides have a geometry for every row."""
        if not ("geometry" in sumber and "geometry" in target) or not len(sumber) or not len(target):
            return None
        if sumber["geometry"].isna().any() or target["geometry"].isna().any():
            return None
        gs = gpd.GeoSeries(sumber["geometry"].to_numpy(), crs="EPSG:4326")
        minx, _, maxx, _ = gs.total_bounds  # ratios: the local UTM zone, or equal-area beyond 6° of longitude
        crs = CRS_LUAS if maxx - minx > 6 else crs_utm(gpd.GeoDataFrame(geometry=gs))
        gs = np.asarray(gs.to_crs(crs).array, dtype=object)
        gt = np.asarray(gpd.GeoSeries(target["geometry"].to_numpy(), crs="EPSG:4326").to_crs(crs).array, dtype=object)
        return cls(gs, gt, shapely.area(gs), shapely.area(gt), shapely.STRtree(gt))

    def irisan(self, ki: np.ndarray, ka: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """IoU, share of the source and share of the target of pairs (ki, ka)."""
        luas = _luas_irisan(self.gs[ki], self.gt[ka])
        gabung = self.luas_s[ki] + self.luas_t[ka] - luas
        with np.errstate(invalid="ignore", divide="ignore"):
            return (
                np.nan_to_num(luas / gabung),
                np.nan_to_num(luas / self.luas_s[ki]),
                np.nan_to_num(luas / self.luas_t[ka]),
            )


def pasangan_pasti(ru: Ruang, sb: Sisi, tg: Sisi, hasil: dict, dipakai: set[int]) -> None:
    """Pairs no assignment would undo, fixed first so national files stay fast.

    The target under the source's inner point, when the names are the same, each name is
    unique in its kecamatan on both sides, no other source's point falls in that target and
    the IoU is ≥ ``IOU_CUKUP`` (a same-named pair worth ≥ 1.3 that no exchange can beat).
    """
    bebas = np.array([i for i in range(len(sb.kode)) if i not in hasil], dtype=np.int64)
    if not len(bebas):
        return
    ki, ka = ru.pohon.query(shapely.point_on_surface(ru.gs[bebas]), predicate="intersects")
    ki = bebas[ki]
    pilih = (np.bincount(ki, minlength=len(sb.kode))[ki] == 1) & (np.bincount(ka, minlength=len(tg.kode))[ka] == 1)
    pilih &= (sb.kunci[ki] == tg.kunci[ka]).astype(bool) & ~sb.ganda[ki] & ~tg.ganda[ka]
    pilih &= ~np.isin(ka, np.fromiter(dipakai, dtype=np.int64, count=len(dipakai)))
    ki, ka = ki[pilih], ka[pilih]
    iou = ru.irisan(ki, ka)[0]
    for i, j, v in zip(ki, ka, iou, strict=True):
        if v >= IOU_CUKUP:
            hasil[int(i)] = (int(j), "nama+spasial", round(float(v), 4))
            dipakai.add(int(j))


def _calon_nama(sb: Sisi, tg: Sisi, sisa: np.ndarray, ambang_mirip: float) -> list[tuple[int, int]]:
    """Name candidates of the open sources.

    The targets of the same (a/o-folded) name in the same kecamatan; when there is none, the
    targets of that kecamatan whose name is at least ``ambang_mirip`` similar; when the
    source's kecamatan is unknown to the target, the one target of that name in the whole set.
    """
    per_induk: dict[str, list[int]] = defaultdict(list)
    per_nama: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, (k, n) in enumerate(zip(tg.k, tg.kunci, strict=True)):
        per_induk[k].append(j)
        per_nama[(k, n)].append(j)
    jumlah = Counter(tg.kunci)
    satu = {n: j for j, n in enumerate(tg.kunci) if jumlah[n] == 1}
    pasangan = []
    for i in sisa:
        k, n = sb.k[i], sb.kunci[i]
        if k in per_induk:
            sama = per_nama.get((k, n))
            calon = sama or [j for j in per_induk[k] if mirip(n, tg.kunci[j]) >= ambang_mirip]
            pasangan += [(int(i), j) for j in calon]
        elif n in satu:
            pasangan.append((int(i), satu[n]))
    return pasangan


def _nilai_calon(c: pd.DataFrame, sb: Sisi, tg: Sisi, ambang_mirip: float) -> pd.DataFrame:
    """Score candidate pairs (columns i, j, iou, bs, bt) and say which are admissible.

    ``nilai`` ranks the names (1 same normalised name, 0.99 same a/o-folded name, else the
    similarity); a similar name counts for nothing (``konflik``) when either side has a
    namesake in its kecamatan, so "Sukamaju Kaler" is never matched to "Sukamaju Kidul" on
    the strength of the name while a "Sukamaju Kaler" exists.
    """
    nama_t, nama_s = set(zip(tg.k, tg.kunci, strict=True)), set(zip(sb.k, sb.kunci, strict=True))
    induk_t, jumlah = set(tg.k), Counter(tg.kunci)
    i, j = c["i"].to_numpy(), c["j"].to_numpy()
    sama = (sb.kunci[i] == tg.kunci[j]).astype(bool)
    persis = (sb.n[i] == tg.n[j]).astype(bool)
    nilai = np.array(
        [
            1.0 if p else 0.99 if s else mirip(sb.kunci[a], tg.kunci[b])
            for a, b, s, p in zip(i, j, sama, persis, strict=True)
        ]
    )
    konflik = ~sama & np.array(
        [(sb.k[a], sb.kunci[a]) in nama_t or (tg.k[b], tg.kunci[b]) in nama_s for a, b in zip(i, j, strict=True)],
        dtype=bool,
    )
    efektif = np.where(konflik, 0.0, nilai)
    nama = np.where(persis, 1.0, np.where(sama, 0.95, np.clip((efektif - 0.5) / 0.5, 0, 1) * 0.8))
    seinduk = (sb.k[i] == tg.k[j]).astype(bool)
    unik = sama & np.array(
        [sb.k[a] not in induk_t and jumlah[tg.kunci[b]] == 1 for a, b in zip(i, j, strict=True)], dtype=bool
    )
    iou = c["iou"].to_numpy()
    # a similar name with a little overlap, or with half of either desa inside the other
    bagian = np.maximum(c["bs"].to_numpy(), c["bt"].to_numpy())
    spasial = (iou >= IOU_CUKUP) | (((iou >= IOU_DENGAN_NAMA) | (bagian >= 0.5)) & (efektif >= NAMA_MIRIP))
    spasial |= (iou > 0) & (efektif >= NAMA_SAMA)
    oleh_nama = (seinduk & (sama | (efektif >= ambang_mirip))) | unik
    return c.assign(
        sama=sama,
        persis=persis,
        nilai=nilai,
        efektif=efektif,
        konflik=konflik,
        unik=unik,
        spasial=spasial,
        boleh=spasial | oleh_nama,
        skor=iou + BOBOT_NAMA * nama,
    )


def calon_pasangan(
    ru: Ruang | None, sb: Sisi, tg: Sisi, hasil: dict, dipakai: set[int], ambang_mirip: float
) -> pd.DataFrame:
    """Every candidate pair of the open sources (taken targets too, for the report), scored."""
    sisa = np.array([i for i in range(len(sb.kode)) if i not in hasil], dtype=np.int64)
    kolom = {"i": np.int64, "j": np.int64, "iou": float, "bs": float, "bt": float}
    bagian = []
    if ru is not None and len(sisa):
        ki, ka = ru.pohon.query(ru.gs[sisa], predicate="intersects")
        ki = sisa[ki]
        iou, bs, bt = ru.irisan(ki, ka)
        ada = (iou > 0) | (bs > 0)
        bagian.append(pd.DataFrame({"i": ki[ada], "j": ka[ada], "iou": iou[ada], "bs": bs[ada], "bt": bt[ada]}))
    nama = np.array(_calon_nama(sb, tg, sisa, ambang_mirip), dtype=np.int64).reshape(-1, 2)
    bagian.append(pd.DataFrame({"i": nama[:, 0], "j": nama[:, 1], "iou": 0.0, "bs": 0.0, "bt": 0.0}))
    c = pd.concat(bagian, ignore_index=True).astype(kolom).drop_duplicates(["i", "j"], ignore_index=True)
    c = _nilai_calon(c, sb, tg, ambang_mirip)
    c["bebas"] = ~c["j"].isin(dipakai)
    return c
