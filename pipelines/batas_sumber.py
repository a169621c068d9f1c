"""Source boundary sets before the crosswalk: split desa merged, features outside the kabupaten set aside.

Real BPS-coded or name-only boundary files are messy: one desa drawn as two features (an
island, a part cut off by a river), and a fringe of the neighbouring kabupaten's desa along
the edge. :func:`gabung_fitur_sama` merges the features of one desa (the same normalised name
in the same kecamatan, touching or at most 50 m apart) and :func:`pisahkan_di_luar` sets aside
the features outside the kabupaten matched, so neither reaches the matching as a leftover.
Both return report rows (``digabung``, ``di_luar``), not problems; ``teks_*`` turn them and
the crosswalk's review list into the load report's sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain.crs import crs_metrik
from pipelines.kode import nama_ketat

#: Features of one desa (same name, same kecamatan) this close or closer are merged (metres).
JARAK_GABUNG_M = 50.0
#: A kabupaten of the file (its own field) with less of its area than this inside the loaded
#: Kemendagri desa lies outside the kabupaten matched.
BAGIAN_KABUPATEN_DI_DALAM = 0.5
#: Without a kabupaten field: a feature with less of its area than this inside lies outside.
BAGIAN_FITUR_DI_DALAM = 0.2
#: Kabupaten name or code columns of boundary files (BPS ``nmkab``, BIG ``wadmkk``, …).
KOLOM_KABUPATEN = (
    "nmkab",
    "wadmkk",
    "nama_kabupaten",
    "nama_kab",
    "namakab",
    "kabupaten",
    "kab_kota",
    "kabupaten_kota",
    "idkab",
    "kdpkab",
    "kode_kab",
)
KOLOM_DIGABUNG = ["kode_sumber", "nama", "nama_induk", "jumlah_fitur", "fitur", "kode_digabung", "jarak_m"]
KOLOM_DI_LUAR = ["kode_sumber", "nama", "nama_induk", "kabupaten", "bagian_di_dalam", "alasan"]


@dataclass
class Gabungan:
    """Outcome of :func:`gabung_fitur_sama`.

    Attributes
    ----------
    sumber : DataFrame
        The units to match, one row per desa (merged geometry for merged ones), with column
        ``fitur``: the 1-based feature numbers of each unit.
    digabung : DataFrame
        One report row per merged desa: kode_sumber (kept), nama, nama_induk, jumlah_fitur,
        fitur, kode_digabung (every code of its features), jarak_m (largest gap bridged).
    alias : dict
        Code of a merged feature -> code kept (a manual decision on either applies to the desa).
    ganda : dict
        Codes still held by several units (far apart, or different names) -> their feature numbers.
    """

    sumber: pd.DataFrame
    digabung: pd.DataFrame
    alias: dict[str, str]
    ganda: dict[str, list[int]]


def _komponen(n: int, sisi: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of ``n`` nodes joined by ``sisi`` (union-find), each sorted, ordered by first node."""
    induk = list(range(n))

    def akar(x: int) -> int:
        while induk[x] != x:
            induk[x] = induk[induk[x]]
            x = induk[x]
        return x

    for a, b in sisi:
        induk[akar(a)] = akar(b)
    grup: dict[int, list[int]] = {}
    for x in range(n):
        grup.setdefault(akar(x), []).append(x)
    return sorted(grup.values())


def gabung_fitur_sama(sumber: pd.DataFrame, berkode: bool, jarak_m: float = JARAK_GABUNG_M) -> Gabungan:
    """Merge the features of one desa: same normalised name in the same kecamatan, ≤ ``jarak_m`` apart.

    In a coded file (``berkode``), features with the same code and the same name are one
    desa however far apart (an enclave). The code kept is the smallest of the group.

    Parameters
    ----------
    sumber : DataFrame
        ``kode_sumber``, ``nama``, ``nama_induk``, ``geometry`` (EPSG:4326), one row per feature
        in file order; other columns are taken from the kept feature.
    berkode : bool
        The codes come from the file (BPS), not from the names.
    jarak_m : float
        Largest gap between two features of one desa, in metres.

    Returns
    -------
    Gabungan

    Examples
    --------
    >>> from shapely import box
    >>> s = pd.DataFrame({"kode_sumber": ["3301010001", "3301010002", "3301010003"],
    ...                   "nama": ["Sukamaju", "SUKAMAJU", "Cibodas"], "nama_induk": "Barat",
    ...                   "geometry": [box(110, -7, 110.01, -6.99), box(110.01, -7, 110.02, -6.99),
    ...                                box(110.02, -7, 110.03, -6.99)]})
    >>> g = gabung_fitur_sama(s, berkode=True)
    >>> g.sumber[["kode_sumber", "fitur"]].values.tolist()
    [['3301010001', [1, 2]], ['3301010003', [3]]]
    >>> g.alias
    {'3301010002': '3301010001'}
    """
    s = sumber.reset_index(drop=True)
    kunci = (s["nama_induk"].fillna("").map(nama_ketat) + "|" + s["nama"].fillna("").map(nama_ketat)).values
    kode = s["kode_sumber"].astype(str).to_numpy()
    ganda_kunci = pd.Series(kunci).duplicated(keep=False).to_numpy()
    sisi: list[tuple[int, int]] = []
    idx = np.flatnonzero(ganda_kunci)
    g_m = np.empty(len(s), dtype=object)
    if len(idx):
        bagian = gpd.GeoSeries(s["geometry"].to_numpy()[idx], crs="EPSG:4326")
        g_m[idx] = np.asarray(bagian.to_crs(crs_metrik(gpd.GeoDataFrame(geometry=bagian))).array, dtype=object)
        for anggota in pd.Series(idx).groupby(kunci[idx]).agg(list):
            for p, a in enumerate(anggota):
                for b in anggota[p + 1 :]:
                    if (berkode and kode[a] == kode[b]) or shapely.dwithin(g_m[a], g_m[b], jarak_m):
                        sisi.append((a, b))
    geom = s["geometry"].to_numpy().copy()
    fitur = [[x + 1] for x in range(len(s))]
    buang = np.zeros(len(s), dtype=bool)
    digabung, alias = [], {}
    for grup in _komponen(len(s), sisi) if sisi else []:
        if len(grup) == 1:
            continue
        utama = min(grup, key=lambda x: (kode[x], x))
        geom[utama] = shapely.union_all(shapely.make_valid(s["geometry"].to_numpy()[grup]))
        fitur[utama] = [x + 1 for x in grup]
        buang[[x for x in grup if x != utama]] = True
        alias.update({kode[x]: kode[utama] for x in grup if kode[x] != kode[utama]})
        jarak = max(min(shapely.distance(g_m[a], g_m[b]) for b in grup if b != a) for a in grup)
        digabung.append(
            {
                "kode_sumber": kode[utama],
                "nama": s.at[utama, "nama"],
                "nama_induk": s.at[utama, "nama_induk"],
                "jumlah_fitur": len(grup),
                "fitur": ", ".join(str(x + 1) for x in grup),
                "kode_digabung": ", ".join(sorted(set(kode[grup]))),
                "jarak_m": round(float(jarak), 1),
            }
        )
    hasil = s.assign(geometry=geom, fitur=fitur)[~buang].reset_index(drop=True)
    jumlah = hasil["kode_sumber"].value_counts()
    ganda = {
        k: sorted(x for f in hasil.loc[hasil["kode_sumber"] == k, "fitur"] for x in f) for k in jumlah.index[jumlah > 1]
    }
    return Gabungan(hasil, pd.DataFrame(digabung, columns=KOLOM_DIGABUNG), alias, ganda)


def _bagian_di_dalam(gs: np.ndarray, gt: np.ndarray) -> np.ndarray:
    """Share of each source's area inside the targets (1 when its inner point is inside one).

    Only sources whose inner point lies outside every target are measured (few: the fringe);
    areas in degrees are fine for a ratio of neighbouring shapes.
    """
    bagian = np.ones(len(gs))
    if not len(gt):
        return np.zeros(len(gs))
    pohon = shapely.STRtree(gt)
    di_dalam = np.zeros(len(gs), dtype=bool)
    di_dalam[pohon.query(shapely.point_on_surface(gs), predicate="intersects")[0]] = True
    luar = np.flatnonzero(~di_dalam)
    bagian[luar] = 0.0
    if len(luar):
        ki, ka = pohon.query(gs[luar], predicate="intersects")
        irisan = shapely.area(shapely.intersection(gs[luar][ki], gt[ka]))
        jumlah = np.bincount(ki, weights=irisan, minlength=len(luar))
        with np.errstate(invalid="ignore", divide="ignore"):
            bagian[luar] = np.clip(np.nan_to_num(jumlah / shapely.area(gs[luar])), 0, 1)
    return bagian


def pisahkan_di_luar(
    sumber: pd.DataFrame, target: pd.DataFrame, tetap: set[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Set aside the source features outside the kabupaten matched.

    With a ``kabupaten`` column (the file's own kabupaten name or code): every feature of a
    kabupaten with less than half its area inside the target desa. Without one (or where it
    is empty): every feature with less than 20 % of its area inside. Features whose code has a manual decision
    (``tetap``) always stay.

    Parameters
    ----------
    sumber : DataFrame
        ``kode_sumber``, ``nama``, ``nama_induk``, ``geometry`` (EPSG:4326), optional ``kabupaten``.
    target : DataFrame
        The Kemendagri desa matched against: ``geometry`` (EPSG:4326).
    tetap : set of str, optional
        Codes never set aside.

    Returns
    -------
    tuple of DataFrame
        The features inside (to match) and the report rows of those outside: kode_sumber,
        nama, nama_induk, kabupaten, bagian_di_dalam (0–1), alasan.
    """
    tetap = tetap or set()
    gs = np.asarray(sumber["geometry"].to_numpy(), dtype=object)
    bagian = _bagian_di_dalam(gs, np.asarray(target["geometry"].to_numpy(), dtype=object))
    kab = sumber["kabupaten"].fillna("").astype(str).str.strip() if "kabupaten" in sumber else None
    luar = bagian < BAGIAN_FITUR_DI_DALAM
    alasan = [f"hanya {b:.0%} luasnya di dalam desa Kemendagri yang dicocokkan" for b in bagian]
    if kab is not None:  # the field decides for every feature that fills it in
        bobot = pd.Series(shapely.area(gs), index=sumber.index)
        per_kab = (bobot * bagian).groupby(kab).sum() / bobot.groupby(kab).sum().replace(0, np.nan)
        bagian_kab = kab.map(per_kab.fillna(0)).to_numpy()
        isi = (kab != "").to_numpy()
        luar = np.where(isi, bagian_kab < BAGIAN_KABUPATEN_DI_DALAM, luar)
        for x in np.flatnonzero(isi):
            alasan[x] = f"kabupaten {kab.iloc[x]} di berkas: {bagian_kab[x]:.0%} luasnya di dalam desa Kemendagri"
    luar &= ~sumber["kode_sumber"].isin(tetap).to_numpy()
    laporan = pd.DataFrame(
        {
            "kode_sumber": sumber["kode_sumber"].to_numpy()[luar],
            "nama": sumber["nama"].to_numpy()[luar],
            "nama_induk": sumber["nama_induk"].to_numpy()[luar],
            "kabupaten": kab.to_numpy()[luar] if kab is not None else "",
            "bagian_di_dalam": np.round(bagian[luar], 3),
            "alasan": np.array(alasan, dtype=object)[luar] if len(alasan) else [],
        },
        columns=KOLOM_DI_LUAR,
    )
    return sumber[~luar], laporan


def _daftar(butir: list[str], paling: int = 20) -> str:
    return "; ".join(butir[:paling]) + (f"; dan {len(butir) - paling} lagi" if len(butir) > paling else "")


def teks_digabung(digabung: pd.DataFrame) -> str:
    """The merged desa as one Indonesian sentence (a report, not a problem)."""
    return f"{len(digabung)} desa dari {int(digabung['jumlah_fitur'].sum())} fitur (nama dan kecamatan sama, " + (
        "bersentuhan atau berjarak ≤ 50 m): "
        + _daftar(
            [
                f"{r.nama} (kec. {r.nama_induk}; fitur {r.fitur}; kode {r.kode_digabung} → {r.kode_sumber}, "
                f"jarak {r.jarak_m:.0f} m)"
                for r in digabung.itertuples()
            ]
        )
    )


def teks_di_luar(di_luar: pd.DataFrame) -> str:
    """The features set aside outside the kabupaten, with how to take one back."""
    return (
        f"{len(di_luar)} fitur tidak dicocokkan (bila ternyata bagian kabupaten ini, putuskan kodenya dengan "
        "--resolusi): " + _daftar([f"{r.kode_sumber} {r.nama} ({r.alasan})" for r in di_luar.itertuples()])
    )


def teks_tinjau(tinjau: pd.DataFrame) -> str:
    """The matches to review: kept, but a person should look (and correct with ``--resolusi``)."""
    return (
        f"{len(tinjau)} pasangan sudah disimpan tetapi perlu ditinjau karena nama dan tumpang tindih tidak sepakat "
        "(bila keliru, putuskan dengan --resolusi kode_sumber,kode): "
        + _daftar(
            [
                f"{r.kode_sumber} {r.nama} → {r.kode} {r.nama_target} [{r.metode}]: {r.alasan}"
                + (f"; alternatif {r.alternatif}" if r.alternatif else "")
                for r in tinjau.itertuples()
            ]
        )
    )


__all__ = [
    "KOLOM_KABUPATEN",
    "Gabungan",
    "gabung_fitur_sama",
    "pisahkan_di_luar",
    "teks_di_luar",
    "teks_digabung",
    "teks_tinjau",
]
