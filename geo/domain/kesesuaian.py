"""Spatial conformity of usulan: one verdict per usulan with its reasons.

It reads RTRW pola ruang, RDTR zones with the ITBX matrix, special overlays, land status
and access.

The rule is declared once, in :data:`geo.domain.definitions.ATURAN_KESESUAIAN` (with
:data:`~geo.domain.definitions.ATURAN_OVERLAY` and :data:`~geo.domain.definitions.ITBX_VERDIK`);
:func:`periksa` applies it to many usulan at once with STRtree queries on metric
geometry. :func:`muat_lapisan` reads the layers of a kabupaten from the store and
:func:`periksa_dan_simpan` keeps the results, with the version of the data they used, in
``kerja.hasil_kesesuaian``.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions as d
from geo.domain.crs import crs_metrik
from geo.domain.lahan import verdik_kelas
from geo.settings import CRS_SIMPAN

KOLOM_HASIL = [
    "id",
    "verdik",
    "alasan",
    "zona",
    "lindung",
    "status_lahan_peta",
    "lahan_cocok",
    "catatan_lahan",
    "jarak_akses_m",
]
_TINGKAT = {k: v.tingkat for k, v in d.VERDIK.items()}
_DARI_TINGKAT = {v.tingkat: k for k, v in d.VERDIK.items()}
#: Load kinds whose data the verdicts depend on (their load history is the data version).
JENIS_TATA_RUANG = ("demo", "pola-ruang", "zonasi", "overlay", "itbx", "lahan", "padanan-kegiatan")


@dataclass
class LapisanTataRuang:
    """The spatial-plan layers a check reads (EPSG:4326), plus the ITBX matrix.

    Attributes
    ----------
    pola : GeoDataFrame
        RTRW pola ruang: ``id``, ``namobj``, ``kodkws``, ``kawasan``.
    zonasi : GeoDataFrame
        RDTR zones: ``id``, ``kode_zona``, ``nama_zona``, ``matriks``.
    overlay : GeoDataFrame
        Special overlays: ``id``, ``jenis``, ``kelas``, ``nama``; lines of ``sempadan``
        (rivers, coast) are buffered by the setback width.
    lahan : GeoDataFrame
        Land parcels: ``id``, ``status``.
    itbx : DataFrame
        ``matriks``, ``kode_kegiatan``, ``kode_zona``, ``nilai``.
    padanan : DataFrame
        ``matriks``, ``kelas_kegiatan``, ``kode_kegiatan`` (activity class -> matrix activity).
    nama_kegiatan : dict
        Activity code -> name, for the reasons.
    versi : str
        Signature of the loads these layers come from.
    """

    pola: gpd.GeoDataFrame
    zonasi: gpd.GeoDataFrame
    overlay: gpd.GeoDataFrame
    lahan: gpd.GeoDataFrame
    itbx: pd.DataFrame
    padanan: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["matriks", "kelas_kegiatan", "kode_kegiatan"])
    )
    nama_kegiatan: dict = field(default_factory=dict)
    versi: str = ""
    #: Projected, cut and indexed copies of the layers, built once per metric CRS and kept with
    #: these layers (they change only when a load makes a new :attr:`versi`, i.e. new layers).
    siap: dict = field(default_factory=dict, repr=False, compare=False)

    def crs_metrik(self) -> str | None:
        """The metric CRS of the layers' extent (stable, so their prepared copies are reused), or None if empty."""
        if "crs" not in self.siap:
            ada = [g for g in (self.zonasi, self.pola, self.overlay, self.lahan) if len(g)]
            self.siap["crs"] = crs_metrik(pd.concat([g[["geometry"]] for g in ada])) if ada else None
        return self.siap["crs"]

    def disiapkan(self, kunci: tuple, buat):
        """The prepared value under ``kunci``, built by ``buat()`` the first time."""
        if kunci not in self.siap:
            self.siap[kunci] = buat()
        return self.siap[kunci]


def _persen(x: float) -> str:
    """Share as a whole percentage (integers 0–100 need no thousands separator)."""
    return f"{int(x * 100 + 0.5)} %"


def _obj(kolom: pd.Series) -> np.ndarray:
    """A column as a NumPy object array (fast to index and iterate, unlike Arrow strings)."""
    return kolom.to_numpy(dtype=object)


_NAMA_KECIL = {k: v.nama.lower() for k, v in d.VERDIK.items()}


def bagian(
    usulan: np.ndarray,
    poligon: np.ndarray,
    usulan_m: np.ndarray | None = None,
    poligon_m: np.ndarray | None = None,
    pohon: shapely.STRtree | None = None,
) -> pd.DataFrame:
    """Pairs (usulan, polygon) that intersect, with the share of the usulan in the polygon.

    Whether they intersect is decided on the geometry as stored (so a point drawn exactly on
    a border stays on it); shares are measured on the metric copies when given.

    Parameters
    ----------
    usulan, poligon : ndarray of shapely geometries
        As stored (EPSG:4326).
    usulan_m, poligon_m : ndarray of shapely geometries, optional
        The same in a metric CRS, for lengths and areas.
    pohon : shapely.STRtree, optional
        A tree already built on ``poligon`` (reused across calls).

    Returns
    -------
    DataFrame
        ``i`` (usulan position), ``j`` (polygon position), ``bagian``: 1 for a point
        (a point on a border is in both polygons), else the share of length (lines) or
        area (polygons) inside the polygon.
    """
    if len(usulan) == 0 or len(poligon) == 0:
        return pd.DataFrame({"i": np.array([], int), "j": np.array([], int), "bagian": np.array([], float)})
    i, j = (pohon or shapely.STRtree(poligon)).query(usulan, predicate="intersects")
    usulan = usulan if usulan_m is None else usulan_m
    poligon = poligon if poligon_m is None else poligon_m
    jenis = shapely.get_type_id(usulan[i])
    nilai = np.ones(len(i))
    garis = np.isin(jenis, (1, 5))  # LineString, MultiLineString
    luas = np.isin(jenis, (3, 6))  # Polygon, MultiPolygon
    if garis.any() or luas.any():
        # a geometry wholly inside the polygon has share 1: skip the (costly) intersection
        shapely.prepare(poligon)
        dalam = np.zeros(len(i), dtype=bool)
        sebagian = np.flatnonzero(garis | luas)
        dalam[sebagian] = shapely.contains_properly(poligon[j[sebagian]], usulan[i[sebagian]])
        garis &= ~dalam
        luas &= ~dalam
    if garis.any():
        potong = _potong(usulan[i[garis]], poligon[j[garis]])
        nilai[garis] = shapely.length(potong) / np.maximum(shapely.length(usulan[i[garis]]), 1e-12)
    if luas.any():
        potong = _potong(usulan[i[luas]], poligon[j[luas]])
        nilai[luas] = shapely.area(potong) / np.maximum(shapely.area(usulan[i[luas]]), 1e-12)
    hasil = pd.DataFrame({"i": i, "j": j, "bagian": np.clip(nilai, 0, 1)})
    # a line that only touches a polygon along its border has share 0 there: not in the polygon
    return hasil[(hasil["bagian"] > 1e-9) | ~(garis | luas)].reset_index(drop=True)


def _potong(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Pairwise intersection, split over threads (GEOS releases the GIL) when there are many pairs."""
    n_utas = min(4, os.cpu_count() or 1)
    if len(a) < 20_000 or n_utas == 1:
        return shapely.intersection(a, b)
    batas = np.linspace(0, len(a), n_utas + 1).astype(int)
    with ThreadPoolExecutor(n_utas) as ex:
        bagian_ = list(
            ex.map(
                lambda k: shapely.intersection(a[batas[k] : batas[k + 1]], b[batas[k] : batas[k + 1]]), range(n_utas)
            )
        )
    return np.concatenate(bagian_)


#: Polygons whose bounding box is larger than this (degrees, ~2 km) are cut into grid pieces
#: before indexing: one long river setback or a forest polygon with thousands of vertices
#: would otherwise be a candidate (and a costly intersection) for every usulan in its box.
UKURAN_PECAH = 0.02


def _pecah(asli: np.ndarray, metrik: np.ndarray, crs: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Cut large polygons into grid pieces; return (pieces as stored, pieces metric, original index)."""
    if len(asli) == 0:
        return asli, metrik, np.arange(0)
    b = shapely.bounds(asli)
    besar = np.flatnonzero(((b[:, 2] - b[:, 0]) > UKURAN_PECAH) | ((b[:, 3] - b[:, 1]) > UKURAN_PECAH))
    besar = besar[np.isin(shapely.get_type_id(asli[besar]), (3, 6))]
    if len(besar) == 0:
        return asli, metrik, np.arange(len(asli))
    kecil = np.setdiff1d(np.arange(len(asli)), besar)
    potong, asal = [], []
    for k in besar:
        x0, y0, x1, y1 = b[k]
        xs = np.arange(x0, x1, UKURAN_PECAH)
        ys = np.arange(y0, y1, UKURAN_PECAH)
        gx, gy = np.meshgrid(xs, ys)
        sel = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + UKURAN_PECAH, gy.ravel() + UKURAN_PECAH)
        shapely.prepare(asli[k])
        sel = sel[shapely.intersects(asli[k], sel)]
        bagian_ = shapely.intersection(asli[k], sel)
        bagian_ = bagian_[~shapely.is_empty(bagian_) & (shapely.area(bagian_) > 0)]
        potong.append(bagian_)
        asal.append(np.full(len(bagian_), k))
    pa = np.concatenate([asli[kecil], *potong])
    idx = np.concatenate([kecil, *asal])
    pm = np.concatenate(
        [
            metrik[kecil],
            np.asarray(gpd.GeoSeries(np.concatenate(potong), crs=CRS_SIMPAN).to_crs(crs).array, dtype=object),
        ]
    )
    return pa, pm, idx


def siapkan_lapisan(asli: np.ndarray, metrik: np.ndarray, crs: str) -> tuple:
    """A layer ready for many checks: large polygons cut, metric pieces prepared, the tree built.

    Returns
    -------
    (pieces as stored, pieces metric, original index, STRtree on the pieces, number of originals)
    """
    pa, pm, idx = _pecah(asli, metrik, crs)
    if len(pm):
        shapely.prepare(pm)
    return pa, pm, idx, shapely.STRtree(pa) if len(pa) else None, len(asli)


def bagian_lapisan(ua: np.ndarray, ug: np.ndarray, siap: tuple) -> pd.DataFrame:
    """:func:`bagian` against a layer prepared by :func:`siapkan_lapisan`; shares summed per original polygon."""
    pa, pm, idx, pohon, asli_len = siap
    p = bagian(ua, pa, ug, pm, pohon)
    if len(pa) == asli_len or p.empty:
        return p.assign(j=idx[p["j"].to_numpy()]) if len(p) else p
    p["j"] = idx[p["j"].to_numpy()]
    p = p.groupby(["i", "j"], as_index=False, sort=False)["bagian"].sum()
    p["bagian"] = p["bagian"].clip(upper=1.0)  # a point on a cut line is in two pieces of one polygon
    return p


def _metrik(gdf: gpd.GeoDataFrame, crs: str) -> np.ndarray:
    return np.asarray(gdf.geometry.to_crs(crs).array, dtype=object) if len(gdf) else np.array([], dtype=object)


def _asli(gdf: gpd.GeoDataFrame) -> np.ndarray:
    return np.asarray(gdf.geometry.array, dtype=object) if len(gdf) else np.array([], dtype=object)


def _sempadan(overlay: gpd.GeoDataFrame, geom: np.ndarray) -> np.ndarray:
    """Buffer river/coast lines of the ``sempadan`` overlay by the setback width (metric CRS)."""
    keluar = geom.copy()
    garis = np.isin(shapely.get_type_id(geom), (1, 5)) if len(geom) else np.array([], bool)
    for k in np.flatnonzero(garis):
        pantai = "pantai" in str(overlay["kelas"].iloc[k]).lower() or "pantai" in str(overlay["nama"].iloc[k]).lower()
        lebar = d.ATURAN_KESESUAIAN["sempadan_pantai_m" if pantai else "sempadan_sungai_m"]
        keluar[k] = shapely.buffer(geom[k], lebar)
    return keluar


def _yang_menentukan(pasangan: pd.DataFrame, ambang: float) -> pd.Series:
    """Which pairs decide: share >= ambang, or the largest share when none of an usulan's reaches it."""
    if pasangan.empty:
        return pd.Series(dtype=bool)
    cukup = pasangan["bagian"] >= ambang - 1e-12
    ada = cukup.groupby(pasangan["i"]).transform("any")
    terbesar = pasangan["bagian"] == pasangan.groupby("i")["bagian"].transform("max")
    return cukup | (~ada & terbesar)


def periksa(
    usulan: gpd.GeoDataFrame,
    lapisan: LapisanTataRuang,
    aturan: dict | None = None,
    crs: str | None = None,
    lahan: bool = True,
    akses: bool = True,
) -> pd.DataFrame:
    """Check many usulan against the spatial plan; one row per usulan.

    Parameters
    ----------
    usulan : GeoDataFrame
        ``id``, ``kelas_kegiatan``, ``status_lahan`` (declared) and geometry (EPSG:4326).
    lapisan : LapisanTataRuang
        The layers (see :func:`muat_lapisan`).
    aturan : dict, optional
        Overrides of :data:`geo.domain.definitions.ATURAN_KESESUAIAN`.
    crs : str, optional
        Metric CRS (default: chosen from the usulan).
    lahan, akses : bool
        Also read the land status and the distance to road/settlement (the feasibility
        inputs); without them those columns are empty and only the verdict is computed.

    Returns
    -------
    DataFrame
        :data:`KOLOM_HASIL`: ``verdik`` (key of :data:`geo.domain.definitions.VERDIK`),
        ``alasan`` (list of Indonesian sentences, worst first), ``zona`` (list of
        ``{lapisan, id, kode, nama, bagian, verdik}`` touched), ``lindung`` (touches
        kawasan lindung, sempadan, LP2B or kawasan hutan), land status found on the map and
        whether it agrees with the declared one, and the distance to the nearest road or
        settlement (NaN when none is loaded).
    """
    at = {**d.ATURAN_KESESUAIAN, **(aturan or {})}
    ambang = float(at["ambang_bagian"])
    n = len(usulan)
    if n == 0:
        return pd.DataFrame(columns=KOLOM_HASIL)
    crs = crs or lapisan.crs_metrik() or crs_metrik(usulan)
    ua, ug = _asli(usulan), _metrik(usulan, crs)
    kelas = usulan["kelas_kegiatan"].astype(str).to_numpy()
    fisik = ~np.isin(kelas, list(d.KEGIATAN_NONFISIK))
    baris: list[pd.DataFrame] = []  # contributions: i, lapisan, id, kode, nama, bagian, verdik, alasan, menentukan

    # --- RDTR zones + ITBX -------------------------------------------------------------
    z = lapisan.zonasi.reset_index(drop=True)
    pz = bagian_lapisan(
        ua, ug, lapisan.disiapkan(("zonasi", crs), lambda: siapkan_lapisan(_asli(z), _metrik(z, crs), crs))
    )
    if len(pz):
        pz["menentukan"] = _yang_menentukan(pz, ambang).to_numpy()
        jj, ii = pz["j"].to_numpy(), pz["i"].to_numpy()
        kode_zona = _obj(z["kode_zona"])[jj]
        nama_zona = _obj(z["nama_zona"])[jj]
        matriks = _obj(z["matriks"])[jj]
        padanan = {
            (m, k): g
            for m, k, g in zip(
                _obj(lapisan.padanan["matriks"]),
                _obj(lapisan.padanan["kelas_kegiatan"]),
                _obj(lapisan.padanan["kode_kegiatan"]),
                strict=True,
            )
        }
        it = lapisan.itbx
        sel = dict(
            zip(
                zip(_obj(it["matriks"]), _obj(it["kode_kegiatan"]), _obj(it["kode_zona"]), strict=True),
                _obj(it["nilai"]),
                strict=True,
            )
        )
        ada_keg = {(m, k) for m, k, _ in sel}
        nama_keg = lapisan.nama_kegiatan
        arti = {k: v.split(" (")[0].lower() for k, v in d.ITBX.items()}
        verdik_z, alasan = [], []
        for kz, nz, m, kg, b in zip(kode_zona, nama_zona, matriks, kelas[ii], pz["bagian"].tolist(), strict=True):
            keg = padanan.get((m, kg)) or (kg if (m, kg) in ada_keg else None)
            nilai = sel.get((m, keg, kz)) if keg is not None else None
            nk = nama_keg.get(keg or kg, keg or kg)
            kepala = f"Zona RDTR {kz} {nz} ({_persen(b)})"
            if not isinstance(m, str):
                alasan.append(f"{kepala}: zona belum terhubung ke matriks ITBX — perlu kajian")
            elif keg is None or (m, keg) not in ada_keg:
                alasan.append(f"{kepala}: kegiatan '{nk}' tidak ada di matriks ITBX {m} — perlu kajian")
            elif nilai is None:
                alasan.append(f"{kepala}: sel ITBX '{nk}' × {kz} kosong — perlu kajian")
            else:
                alasan.append(f"{kepala}: ITBX '{nk}' = {nilai} ({arti[nilai]})")
            verdik_z.append(d.ITBX_VERDIK[nilai] if nilai is not None else "perlu_kajian")
        pz["verdik"] = verdik_z
        pz["alasan"] = alasan
        baris.append(pz.assign(lapisan="zonasi", id=_obj(z["id"])[jj], kode=kode_zona, nama=nama_zona))

    # --- RTRW pola ruang -----------------------------------------------------------------
    p = lapisan.pola.reset_index(drop=True)
    pp = bagian_lapisan(
        ua, ug, lapisan.disiapkan(("pola", crs), lambda: siapkan_lapisan(_asli(p), _metrik(p, crs), crs))
    )
    lindung = np.zeros(n, dtype=bool)
    if len(pp):
        pp["menentukan"] = _yang_menentukan(pp, ambang).to_numpy()
        jj = pp["j"].to_numpy()
        kawasan = _obj(p["kawasan"])[jj]
        namobj = _obj(p["namobj"])[jj]
        is_lindung = kawasan == "lindung"
        lindung[pp["i"].to_numpy()[is_lindung]] = True
        pp["verdik"] = np.where(is_lindung & fisik[pp["i"].to_numpy()], "tidak_sesuai", "sesuai")
        pp["alasan"] = [
            f"Pola ruang RTRW {nm} ({_persen(b)}): "
            + ("kawasan lindung — kegiatan fisik tidak sesuai" if v == "tidak_sesuai" else f"kawasan {kw}")
            for nm, b, v, kw in zip(namobj, pp["bagian"].tolist(), pp["verdik"].tolist(), kawasan, strict=True)
        ]
        baris.append(pp.assign(lapisan="pola_ruang", id=_obj(p["id"])[jj], kode=_obj(p["kodkws"])[jj], nama=namobj))

    # --- special overlays ------------------------------------------------------------------
    o = lapisan.overlay.reset_index(drop=True)
    po = bagian_lapisan(ua, ug, lapisan.disiapkan(("overlay", crs), lambda: _siapkan_overlay(o, crs)))
    if len(po):
        po["menentukan"] = True  # any hit counts
        jj, ii = po["j"].to_numpy(), po["i"].to_numpy()
        jenis = _obj(o["jenis"])[jj]
        kls = np.array([str(x).lower() for x in _obj(o["kelas"])], dtype=object)[jj] if len(o) else np.array([])
        aturan_o = {
            k: (dict(a.per_kelas), dict(a.pengecualian), a.verdik, a.alasan) for k, a in d.ATURAN_OVERLAY.items()
        }
        verdik_o, alasan = [], []
        for jn, kl, kg, b, f in zip(jenis, kls, kelas[ii], po["bagian"].tolist(), fisik[ii], strict=True):
            a = aturan_o.get(jn)
            if a is None:
                v, teks = "sesuai", f"overlay {jn}"
            else:
                v = a[1].get(kg) or verdik_kelas(a[0], kl, a[2])
                teks = a[3]
            if not f:
                v = "sesuai"
            verdik_o.append(v)
            kelas_teks = f" kelas {kl}" if kl not in ("none", "nan", "", str(jn)) else ""
            alasan.append(f"Overlay {teks}{kelas_teks} ({_persen(b)}) → {_NAMA_KECIL[v]}")
        po["verdik"] = verdik_o
        po["alasan"] = alasan
        lindung[ii[np.isin(jenis, list(d.OVERLAY_LINDUNG))]] = True
        baris.append(po.assign(lapisan="overlay", id=_obj(o["id"])[jj], kode=jenis, nama=_obj(o["nama"])[jj]))

    # --- combine: worst deciding contribution per usulan -------------------------------------
    kolom = ["i", "lapisan", "id", "kode", "nama", "bagian", "verdik", "alasan", "menentukan"]
    semua = pd.concat([b[kolom] for b in baris], ignore_index=True) if baris else pd.DataFrame(columns=kolom)
    semua["t"] = semua["verdik"].map(_TINGKAT).astype(int)
    semua.loc[~semua["menentukan"].astype(bool), "t"] = -1  # listed, but below the share that decides
    zoning = semua[semua["lapisan"] != "overlay"].groupby("i")["t"].max()
    lain = semua[semua["lapisan"] == "overlay"].groupby("i")["t"].max()
    t_zon = zoning.reindex(range(n)).to_numpy()
    t_ov = lain.reindex(range(n)).to_numpy()
    t = np.where(np.isnan(t_zon), np.where(t_ov > 0, t_ov, -1), np.fmax(t_zon, np.nan_to_num(t_ov, nan=-1)))
    t = np.nan_to_num(t, nan=-1).astype(int)
    t[~fisik & (t >= 0)] = 0
    verdik = [_DARI_TINGKAT[x] for x in t]

    semua = semua.sort_values(["i", "t", "bagian"], ascending=[True, False, False])
    alasan_l: list[list[str]] = [[] for _ in range(n)]
    zona_l: list[list[dict]] = [[] for _ in range(n)]
    for i, lp, id_, kode, nama, b, v, a in zip(
        semua["i"].tolist(),
        semua["lapisan"].tolist(),
        semua["id"].tolist(),
        semua["kode"].tolist(),
        semua["nama"].tolist(),
        semua["bagian"].round(4).tolist(),
        semua["verdik"].tolist(),
        semua["alasan"].tolist(),
        strict=True,
    ):
        if a not in alasan_l[i]:  # the same class from two source files is one reason
            alasan_l[i].append(a)
        zona_l[i].append({"lapisan": lp, "id": id_, "kode": kode, "nama": nama, "bagian": b, "verdik": v})
    for k in np.flatnonzero(~fisik):
        alasan_l[k].insert(0, "Kegiatan nonfisik: tidak memanfaatkan ruang — sesuai")
    for k in np.flatnonzero(t < 0):
        alasan_l[k].insert(0, "Tidak ada data pola ruang RTRW atau zona RDTR di lokasi ini")
    hasil = pd.DataFrame(
        {"id": usulan["id"].to_numpy(), "verdik": verdik, "alasan": alasan_l, "zona": zona_l, "lindung": lindung}
    )
    if lahan:
        hasil[["status_lahan_peta", "lahan_cocok", "catatan_lahan"]] = _status_lahan(usulan, ua, ug, lapisan, crs)
    else:
        hasil[["status_lahan_peta", "lahan_cocok", "catatan_lahan"]] = None
    hasil["jarak_akses_m"] = _jarak_akses(ug, lapisan, crs) if akses else np.nan
    return hasil[KOLOM_HASIL]


def _siapkan_overlay(o: gpd.GeoDataFrame, crs: str) -> tuple:
    """Overlays ready for checks: river/coast lines of ``sempadan`` buffered by the setback, then cut and indexed."""
    og = _sempadan(o, _metrik(o, crs))
    oa = np.asarray(gpd.GeoSeries(og, crs=crs).to_crs(CRS_SIMPAN).array, dtype=object) if len(og) else og
    oa = np.where(np.isin(shapely.get_type_id(_asli(o)), (1, 5)), oa, _asli(o)) if len(og) else oa
    return siapkan_lapisan(oa, og, crs)


def _status_lahan(
    usulan: gpd.GeoDataFrame, ua: np.ndarray, ug: np.ndarray, lapisan: LapisanTataRuang, crs: str
) -> pd.DataFrame:
    """Mapped land status under each usulan (largest share) against the declared one."""
    n = len(usulan)
    peta = np.full(n, None, dtype=object)
    lh = lapisan.lahan.reset_index(drop=True)
    la, lm = lapisan.disiapkan(("lahan", crs), lambda: (_asli(lh), _metrik(lh, crs)))
    pohon = lapisan.disiapkan(("lahan-pohon", crs), lambda: shapely.STRtree(la) if len(la) else None)
    pl = bagian(ua, la, ug, lm, pohon)
    if len(pl):
        pl = pl.sort_values(["i", "bagian", "j"], ascending=[True, False, True]).drop_duplicates("i")
        peta[pl["i"].to_numpy()] = lh["status"].to_numpy()[pl["j"]]
    diakui = usulan["status_lahan"].to_numpy()
    cocok = np.array(
        [p is not None and p in d.PADANAN_STATUS_LAHAN.get(a, frozenset()) for p, a in zip(peta, diakui, strict=True)]
    )
    tambahan = {
        "sengketa": " — sengketa, selesaikan sebelum dianggarkan",
        "kawasan_hutan": " — kawasan hutan, perlu persetujuan penggunaan kawasan hutan",
        "milik_warga": " — perlu pengadaan tanah",
    }
    catatan = [
        "tidak ada data bidang tanah di lokasi"
        if p is None
        else f"peta: {d.STATUS_LAHAN_PETA.get(p, (p,))[0]}; diakui: {d.STATUS_LAHAN_USULAN.get(a, a)}"
        + tambahan.get(p, "")
        + ("" if c else " — status yang diakui berbeda dengan peta")
        for p, a, c in zip(peta, diakui, cocok, strict=True)
    ]
    ada = peta != None  # noqa: E711 - element-wise on an object array
    return pd.DataFrame(
        {
            "status_lahan_peta": peta,
            "lahan_cocok": np.where(ada, cocok, np.array(None, dtype=object)),
            "catatan_lahan": catatan,
        }
    )


#: Access is searched this far (m); beyond it the distance is infinite (no road or settlement near).
JARAK_AKSES_MAKS_M = 20_000.0


def _jarak_akses(ug: np.ndarray, lapisan: LapisanTataRuang, crs: str) -> np.ndarray:
    """Distance (m) to the nearest road (overlay ``jalan``) or settlement (pola ruang/zone of housing)."""
    target = []
    if len(lapisan.overlay):
        target.append(lapisan.overlay[lapisan.overlay["jenis"] == "jalan"])
    if len(lapisan.pola):
        p = lapisan.pola
        target.append(
            p[(p["kodkws"].astype(str).str.upper() == "PK") | p["namobj"].str.lower().str.contains("permukiman")]
        )
    if len(lapisan.zonasi):
        target.append(lapisan.zonasi[lapisan.zonasi["kode_zona"].astype(str).str.match(r"^R(-\d)?$")])
    target = [t for t in target if len(t)]
    if not target or len(ug) == 0:
        return np.full(len(ug), np.nan)
    tg, pohon = lapisan.disiapkan(("akses", crs), lambda: _pohon_akses(target, crs))
    jarak = np.full(len(ug), np.inf)  # inf: farther than JARAK_AKSES_MAKS_M
    kena, _ = pohon.query(ug, predicate="intersects")
    jarak[kena] = 0.0
    sisa = np.flatnonzero(jarak > 0)
    i, j = pohon.query_nearest(ug[sisa], max_distance=JARAK_AKSES_MAKS_M, return_distance=False, all_matches=False)
    jarak[sisa[i]] = shapely.distance(ug[sisa[i]], tg[j])
    return jarak


def _pohon_akses(target: list[gpd.GeoDataFrame], crs: str) -> tuple[np.ndarray, shapely.STRtree]:
    tg = np.concatenate([_metrik(t, crs) for t in target])
    return tg, shapely.STRtree(tg)


def saring(
    hasil: pd.DataFrame, verdik: list[str], kode_kecamatan: str | None, opd: str | None, tahap: str | None
) -> pd.DataFrame:
    """Results with one of ``verdik``, optionally only one kecamatan, OPD and tier (None = all)."""
    pilih = hasil["verdik"].isin(verdik)
    for kolom, nilai in (("kode_kecamatan", kode_kecamatan), ("opd", opd), ("tahap", tahap)):
        if nilai:
            pilih &= hasil[kolom] == nilai
    return hasil[pilih]


def periksa_satu(
    geom: shapely.Geometry, kelas_kegiatan: str, status_lahan: str, lapisan: LapisanTataRuang
) -> pd.Series:
    """Check one geometry being captured (nothing is stored): :func:`periksa` for a single usulan."""
    u = gpd.GeoDataFrame(
        {"id": [0], "kelas_kegiatan": [kelas_kegiatan], "status_lahan": [status_lahan]}, geometry=[geom], crs=CRS_SIMPAN
    )
    return periksa(u, lapisan).iloc[0]
