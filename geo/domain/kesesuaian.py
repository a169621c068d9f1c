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

import contextlib
import gc
from dataclasses import dataclass, field

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.domain import definitions as d
from geo.domain.crs import crs_metrik
from geo.domain.lahan import verdik_kelas
from geo.domain.potong import bagian, bagian_lapisan, geom_asli, geom_metrik, siapkan_lapisan
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


#: "0 %" … "100 %": shares as whole percentages, looked up instead of formatted per pair.
_PERSEN = np.array([f"{k} %" for k in range(101)], dtype=object)


def _persen(x: float) -> str:
    """Share as a whole percentage (integers 0–100 need no thousands separator)."""
    return str(_PERSEN[int(x * 100 + 0.5)])


def _persen_larik(x: np.ndarray) -> np.ndarray:
    """:func:`_persen` of many shares at once."""
    return _PERSEN[np.clip((np.asarray(x, dtype=float) * 100 + 0.5).astype(int), 0, 100)]


def _kode(kolom) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes and distinct values of a column (missing values are a value of their own)."""
    k, u = pd.factorize(np.asarray(kolom, dtype=object), use_na_sentinel=False)
    return k.astype(np.int64), np.asarray(u, dtype=object)


def _ambil(kolom: pd.Series, jj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_kode` of a layer's column, taken at the pairs' polygon positions ``jj``."""
    k, u = _kode(kolom)
    return k[jj], u


def _per_kombinasi(kunci: list[tuple[np.ndarray, np.ndarray]], f) -> tuple[np.ndarray, ...]:
    """Apply ``f`` once per distinct combination of the keys; spread its outputs to every row.

    Each key is ``(codes per row, distinct values)`` (see :func:`_kode`), so a column of a
    layer is factorised once per layer, not once per pair. Many pairs share one (matrix,
    activity, zone class): the rule runs once per combination, not once per pair.
    """
    gabung = np.zeros(len(kunci[0][0]), dtype=np.int64)
    for kode, nilai in kunci:  # mixed-radix: one integer per combination
        gabung = gabung * max(len(nilai), 1) + kode
    unik, kembali = np.unique(gabung, return_inverse=True)
    keluaran = []
    for g in unik.tolist():
        bagian_ = []
        for _, nilai in reversed(kunci):
            g, sisa = divmod(g, max(len(nilai), 1))
            bagian_.append(nilai[sisa])
        keluaran.append(f(*reversed(bagian_)))
    if not keluaran:
        return ()
    return tuple(np.array([o[m] for o in keluaran], dtype=object)[kembali] for m in range(len(keluaran[0])))


def _obj(kolom: pd.Series) -> np.ndarray:
    """A column as a NumPy object array (fast to index and iterate, unlike Arrow strings)."""
    return kolom.to_numpy(dtype=object)


_NAMA_KECIL = {k: v.nama.lower() for k, v in d.VERDIK.items()}


def _sempadan(overlay: gpd.GeoDataFrame, geom: np.ndarray) -> np.ndarray:
    """Buffer river/coast lines of the ``sempadan`` overlay by the setback width (metric CRS)."""
    keluar = geom.copy()
    garis = np.isin(shapely.get_type_id(geom), (1, 5)) if len(geom) else np.array([], bool)
    for k in np.flatnonzero(garis):
        pantai = "pantai" in str(overlay["kelas"].iloc[k]).lower() or "pantai" in str(overlay["nama"].iloc[k]).lower()
        lebar = d.ATURAN_KESESUAIAN["sempadan_pantai_m" if pantai else "sempadan_sungai_m"]
        keluar[k] = shapely.buffer(geom[k], lebar)
    return keluar


_KOLOM_SUMBANGAN = ("i", "lapisan", "id", "kode", "nama", "bagian", "verdik", "alasan", "menentukan")


def _sumbangan(
    p: pd.DataFrame,
    lapisan: str,
    id_: np.ndarray,
    kode: np.ndarray,
    nama: np.ndarray,
    verdik: np.ndarray,
    alasan: np.ndarray,
    menentukan: np.ndarray,
) -> dict:
    """One layer's contributions as plain arrays (the combine step works on arrays, not frames)."""
    return {
        "i": p["i"].to_numpy(dtype=np.int64),
        "lapisan": np.full(len(p), lapisan, dtype=object),
        "id": np.asarray(id_, dtype=object),
        "kode": np.asarray(kode, dtype=object),
        "nama": np.asarray(nama, dtype=object),
        "bagian": p["bagian"].to_numpy(dtype=float),
        "verdik": np.asarray(verdik, dtype=object),
        "alasan": np.asarray(alasan, dtype=object),
        "menentukan": np.asarray(menentukan, dtype=bool),
    }


def _sumbangan_kosong() -> dict:
    kosong = {k: np.array([], dtype=object) for k in _KOLOM_SUMBANGAN}
    return {**kosong, "i": np.array([], np.int64), "bagian": np.array([], float), "menentukan": np.array([], bool)}


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
    # the verdict alone measures shares of lines and areas only: points are not reprojected
    ua, ug = geom_asli(usulan), geom_metrik(usulan, crs, titik=lahan or akses)
    kelas = usulan["kelas_kegiatan"].astype(str).to_numpy()
    kode_kelas, u_kelas = _kode(kelas)
    fisik = ~np.isin(kelas, list(d.KEGIATAN_NONFISIK))
    baris: list[pd.DataFrame] = []  # contributions: i, lapisan, id, kode, nama, bagian, verdik, alasan, menentukan

    # --- RDTR zones + ITBX -------------------------------------------------------------
    z = lapisan.zonasi.reset_index(drop=True)
    pz = bagian_lapisan(
        ua, ug, lapisan.disiapkan(("zonasi", crs), lambda: siapkan_lapisan(geom_asli(z), geom_metrik(z, crs), crs))
    )
    if len(pz):
        menentukan = _yang_menentukan(pz, ambang).to_numpy()
        jj, ii = pz["j"].to_numpy(), pz["i"].to_numpy()
        kode_zona = _obj(z["kode_zona"])[jj]
        nama_zona = _obj(z["nama_zona"])[jj]
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

        def _sel(kz, nz, m, kg):  # once per (zone code, zone name, matrix, activity class)
            keg = padanan.get((m, kg)) or (kg if (m, kg) in ada_keg else None)
            nilai = sel.get((m, keg, kz)) if keg is not None else None
            nk = nama_keg.get(keg or kg, keg or kg)
            if not isinstance(m, str):
                ekor = ": zona belum terhubung ke matriks ITBX — perlu kajian"
            elif keg is None or (m, keg) not in ada_keg:
                ekor = f": kegiatan '{nk}' tidak ada di matriks ITBX {m} — perlu kajian"
            elif nilai is None:
                ekor = f": sel ITBX '{nk}' × {kz} kosong — perlu kajian"
            else:
                ekor = f": ITBX '{nk}' = {nilai} ({arti[nilai]})"
            return f"Zona RDTR {kz} {nz} (", ekor, d.ITBX_VERDIK[nilai] if nilai is not None else "perlu_kajian"

        kepala, ekor, verdik_z = _per_kombinasi(
            [
                _ambil(z["kode_zona"], jj),
                _ambil(z["nama_zona"], jj),
                _ambil(z["matriks"], jj),
                (kode_kelas[ii], u_kelas),
            ],
            _sel,
        )
        alasan_z = kepala + _persen_larik(pz["bagian"].to_numpy()) + ")" + ekor
        baris.append(_sumbangan(pz, "zonasi", _obj(z["id"])[jj], kode_zona, nama_zona, verdik_z, alasan_z, menentukan))

    # --- RTRW pola ruang -----------------------------------------------------------------
    p = lapisan.pola.reset_index(drop=True)
    pp = bagian_lapisan(
        ua, ug, lapisan.disiapkan(("pola", crs), lambda: siapkan_lapisan(geom_asli(p), geom_metrik(p, crs), crs))
    )
    lindung = np.zeros(n, dtype=bool)
    if len(pp):
        menentukan = _yang_menentukan(pp, ambang).to_numpy()
        jj = pp["j"].to_numpy()
        kawasan = _obj(p["kawasan"])[jj]
        namobj = _obj(p["namobj"])[jj]
        is_lindung = kawasan == "lindung"
        lindung[pp["i"].to_numpy()[is_lindung]] = True
        verdik_p = np.where(is_lindung & fisik[pp["i"].to_numpy()], "tidak_sesuai", "sesuai").astype(object)
        kepala, ekor = _per_kombinasi(
            [_ambil(p["namobj"], jj), _kode(verdik_p), _ambil(p["kawasan"], jj)],
            lambda nm, v, kw: (
                f"Pola ruang RTRW {nm} (",
                "): " + ("kawasan lindung — kegiatan fisik tidak sesuai" if v == "tidak_sesuai" else f"kawasan {kw}"),
            ),
        )
        alasan_p = kepala + _persen_larik(pp["bagian"].to_numpy()) + ekor
        baris.append(
            _sumbangan(
                pp, "pola_ruang", _obj(p["id"])[jj], _obj(p["kodkws"])[jj], namobj, verdik_p, alasan_p, menentukan
            )
        )

    # --- special overlays ------------------------------------------------------------------
    o = lapisan.overlay.reset_index(drop=True)
    po = bagian_lapisan(ua, ug, lapisan.disiapkan(("overlay", crs), lambda: _siapkan_overlay(o, crs)))
    if len(po):
        jj, ii = po["j"].to_numpy(), po["i"].to_numpy()
        jenis = _obj(o["jenis"])[jj]
        kls = np.array([str(x).lower() for x in _obj(o["kelas"])], dtype=object)[jj] if len(o) else np.array([])
        aturan_o = {
            k: (dict(a.per_kelas), dict(a.pengecualian), a.verdik, a.alasan) for k, a in d.ATURAN_OVERLAY.items()
        }

        def _ov(jn, kl, kg, f):  # once per (overlay kind, class, activity class, physical)
            a = aturan_o.get(jn)
            if a is None:
                v, teks = "sesuai", f"overlay {jn}"
            else:
                v = a[1].get(kg) or verdik_kelas(a[0], kl, a[2])
                teks = a[3]
            if not f:
                v = "sesuai"
            kelas_teks = f" kelas {kl}" if kl not in ("none", "nan", "", str(jn)) else ""
            return f"Overlay {teks}{kelas_teks} (", f") → {_NAMA_KECIL[v]}", v

        kepala, ekor, verdik_o = _per_kombinasi(
            [
                _ambil(o["jenis"], jj),
                _kode(kls),
                (kode_kelas[ii], u_kelas),
                (fisik[ii].astype(np.int64), np.array([False, True])),
            ],
            _ov,
        )
        alasan_o = kepala + _persen_larik(po["bagian"].to_numpy()) + ekor
        lindung[ii[np.isin(jenis, list(d.OVERLAY_LINDUNG))]] = True
        semua_kena = np.ones(len(po), dtype=bool)  # any hit of an overlay counts
        baris.append(
            _sumbangan(po, "overlay", _obj(o["id"])[jj], jenis, _obj(o["nama"])[jj], verdik_o, alasan_o, semua_kena)
        )

    # --- combine: worst deciding contribution per usulan -------------------------------------
    a = {k: np.concatenate([b[k] for b in baris]) for k in _KOLOM_SUMBANGAN} if baris else _sumbangan_kosong()
    ii = a["i"]
    vu, vk = np.unique(a["verdik"].astype(str), return_inverse=True)
    tk = np.array([_TINGKAT[v] for v in vu], dtype=np.int64)[vk] if len(vu) else np.zeros(0, np.int64)
    tk[~a["menentukan"]] = -1  # listed, but below the share that decides
    ov = a["lapisan"] == "overlay"
    t_zon = np.full(n, -2, dtype=np.int64)  # -2: no zoning contribution at all
    np.maximum.at(t_zon, ii[~ov], tk[~ov])
    t_ov = np.full(n, -1, dtype=np.int64)
    np.maximum.at(t_ov, ii[ov], tk[ov])
    t = np.where(t_zon == -2, np.where(t_ov > 0, t_ov, -1), np.maximum(t_zon, t_ov))
    t[~fisik & (t >= 0)] = 0
    verdik = [_DARI_TINGKAT[x] for x in t.tolist()]

    urut = np.lexsort((-a["bagian"], -tk, ii))  # per usulan: worst first, then the largest share
    ii = ii[urut]
    batas = np.searchsorted(ii, np.arange(n + 1)).tolist()  # rows of usulan k: batas[k]:batas[k + 1]
    with _tanpa_gc():  # hundreds of thousands of small containers: no collection passes while they are made
        zona_l, alasan_l = _per_usulan(a, urut, ii, batas, n)
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


@contextlib.contextmanager
def _tanpa_gc():
    """No cyclic garbage collection inside the block (restored after, even on error).

    Building one small dict per usulan-zone pair (250,000 at 100,000 usulan) otherwise triggers
    a collection pass every 700 allocations, each walking every young container: ≈ a fifth of the
    verdict's time. The containers made here hold no cycles.
    """
    aktif = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aktif:
            gc.enable()


def _per_usulan(a: dict, urut: np.ndarray, ii: np.ndarray, batas: list[int], n: int) -> tuple[list, list]:
    """The contributions grouped per usulan: (zones touched as dicts, distinct reasons), worst first.

    ``a`` holds the contribution arrays, ``urut`` their order (per usulan, worst first, largest share
    first), ``ii`` the usulan index in that order and ``batas`` its group boundaries.
    """
    rekaman = [
        {"lapisan": lp, "id": id_, "kode": kode, "nama": nama, "bagian": b, "verdik": v}
        for lp, id_, kode, nama, b, v in zip(
            a["lapisan"][urut].tolist(),
            a["id"][urut].tolist(),
            a["kode"][urut].tolist(),
            a["nama"][urut].tolist(),
            a["bagian"][urut].round(4).tolist(),
            a["verdik"][urut].tolist(),
            strict=True,
        )
    ]
    zona_l = [rekaman[batas[k] : batas[k + 1]] for k in range(n)]
    # the same reason from two source files (the same class twice) is one reason
    teks_urut = a["alasan"][urut]
    # str hashes are computed in C and cached on the string: far cheaper than pandas' hash_array
    h = np.fromiter(map(hash, teks_urut.tolist()), dtype=np.int64, count=len(teks_urut)).view(np.uint64)
    kunci = h ^ (ii.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15))
    unik = np.zeros(len(ii), dtype=bool)
    unik[np.unique(kunci, return_index=True)[1]] = True  # first of each (usulan, reason), order kept
    teks = teks_urut[unik].tolist()
    batas_a = np.searchsorted(ii[unik], np.arange(n + 1)).tolist()
    alasan_l = [teks[batas_a[k] : batas_a[k + 1]] for k in range(n)]
    return zona_l, alasan_l


def _siapkan_overlay(o: gpd.GeoDataFrame, crs: str) -> tuple:
    """Overlays ready for checks: river/coast lines of ``sempadan`` buffered by the setback, then cut and indexed."""
    og = _sempadan(o, geom_metrik(o, crs))
    oa = np.asarray(gpd.GeoSeries(og, crs=crs).to_crs(CRS_SIMPAN).array, dtype=object) if len(og) else og
    oa = np.where(np.isin(shapely.get_type_id(geom_asli(o)), (1, 5)), oa, geom_asli(o)) if len(og) else oa
    return siapkan_lapisan(oa, og, crs)


def _status_lahan(
    usulan: gpd.GeoDataFrame, ua: np.ndarray, ug: np.ndarray, lapisan: LapisanTataRuang, crs: str
) -> pd.DataFrame:
    """Mapped land status under each usulan (largest share) against the declared one."""
    n = len(usulan)
    peta = np.full(n, None, dtype=object)
    lh = lapisan.lahan.reset_index(drop=True)
    la, lm = lapisan.disiapkan(("lahan", crs), lambda: (geom_asli(lh), geom_metrik(lh, crs)))
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
    tg = np.concatenate([geom_metrik(t, crs) for t in target])
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
