"""Sinkronisasi anggaran (domain §8, seed §6.2): fit the agreed usulan into the KUA-PPAS ceilings.

Pure: no I/O. The rule, stated once: within each OPD, the agreed usulan are taken in the
kabupaten forum's priority order (score high to low, then id); an usulan stays when its value
still fits both what is left of its OPD's ceiling and of its programme's ceiling (when the
programme has one); otherwise it falls out and the next one is tried (the same greedy rule as
:func:`geo.domain.prioritas.pilih_dalam_pagu`). An OPD without a ceiling is not constrained.
What is already bound by (multi-year) contracts is part of the ceiling: the room for agreed
usulan is ``nilai - terkontrak``.

Because ceilings never cross OPDs, changing one ceiling changes only that OPD's selection:
:class:`Simulasi` keeps the sorted arrays and recomputes one OPD (a few dozen usulan) after a
change, which keeps the what-if interactive at province size.

Overlap across OPDs reuses the duplicate rule of :func:`geo.domain.usulan.cari_duplikat`
(distance ``ATURAN_FORUM["jarak_duplikat_m"]`` and word overlap), with the kamus *activity
class* standing for "the same activity", between lines of two different OPDs.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pandas as pd
from shapely.geometry import Point

from geo.domain import definitions
from geo.domain.usulan import cari_duplikat

#: Key of a whole-OPD ceiling in ``kode_program``.
SELURUH_OPD = ""
#: Status of a DIPA line after the what-if: label per code.
STATUS_BARIS: dict[str, str] = {"tetap": "Tetap utuh", "terpotong": "Sebagian keluar", "keluar": "Keluar seluruhnya"}
#: Colours of the what-if map.
WARNA_TETAP, WARNA_KELUAR = "#1a9641", "#d7191c"


def _pilih_satu(nilai: list[float], program: list[str], plafon_opd: float, plafon_prog: dict[str, float]) -> list[bool]:
    """Greedy within one OPD; ``nilai`` and ``program`` already in priority order."""
    sisa = plafon_opd
    sisa_prog = dict(plafon_prog)
    hasil = []
    for v, p in zip(nilai, program, strict=True):
        sp = sisa_prog.get(p, math.inf)
        if v <= sisa and v <= sp:
            sisa -= v
            if p in sisa_prog:
                sisa_prog[p] = sp - v
            hasil.append(True)
        else:
            hasil.append(False)
    return hasil


def peta_plafon(plafon: pd.DataFrame) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Room for agreed usulan as (OPD -> whole-OPD room, OPD -> {programme -> room}).

    The room is the ceiling less what contracts already bind (``terkontrak``, when given).

    Examples
    --------
    >>> peta_plafon(pd.DataFrame({"opd": ["A", "A"], "kode_program": ["", "1.02.02"],
    ...                           "nilai": [100.0, 40.0], "terkontrak": [30.0, 0.0]}))
    ({'A': 70.0}, {'A': {'1.02.02': 40.0}})
    """
    opd: dict[str, float] = {}
    prog: dict[str, dict[str, float]] = {}
    kontrak = plafon["terkontrak"] if "terkontrak" in plafon else pd.Series(0.0, index=plafon.index)
    for r, k in zip(plafon.itertuples(), pd.to_numeric(kontrak, errors="coerce").fillna(0.0), strict=True):
        ruang = max(float(r.nilai) - float(k), 0.0)
        if r.kode_program == SELURUH_OPD:
            opd[str(r.opd)] = ruang
        else:
            prog.setdefault(str(r.opd), {})[str(r.kode_program)] = ruang
    return opd, prog


class Simulasi:
    """The what-if: which agreed usulan stay within the ceilings, recomputed one OPD at a time.

    Parameters
    ----------
    usulan : DataFrame
        ``id``, ``opd``, ``kode_program`` (may be empty), ``nilai`` (Rp), ``skor`` (forum priority score).
    plafon : DataFrame
        ``opd``, ``kode_program`` (:data:`SELURUH_OPD` for the OPD's whole ceiling), ``nilai``.

    Attributes
    ----------
    tetap : ndarray of bool
        Per row of ``usulan`` (its original order): True = stays.
    """

    def __init__(self, usulan: pd.DataFrame, plafon: pd.DataFrame):
        self.usulan = usulan.reset_index(drop=True)
        u = self.usulan
        urut = np.lexsort((u["id"].to_numpy(), -u["skor"].to_numpy(dtype=float), u["opd"].astype(str).to_numpy()))
        self._urut = urut
        opd_urut = u["opd"].astype(str).to_numpy()[urut]
        batas = np.flatnonzero(np.r_[True, opd_urut[1:] != opd_urut[:-1], True])
        self._rentang = {opd_urut[a]: (a, b) for a, b in itertools.pairwise(batas)}
        self._nilai = u["nilai"].to_numpy(dtype=float)[urut].tolist()
        self._program = u["kode_program"].fillna("").astype(str).to_numpy()[urut].tolist()
        self.plafon_opd, self.plafon_prog = peta_plafon(plafon)
        self._pilih = np.ones(len(u), dtype=bool)  # in sorted order
        for opd in self._rentang:
            self._hitung(opd)

    def _hitung(self, opd: str) -> None:
        if opd not in self._rentang:
            return
        a, b = self._rentang[opd]
        self._pilih[a:b] = _pilih_satu(
            self._nilai[a:b], self._program[a:b], self.plafon_opd.get(opd, math.inf), self.plafon_prog.get(opd, {})
        )

    @property
    def tetap(self) -> np.ndarray:
        """True per usulan row (original order) that stays within the ceilings."""
        hasil = np.empty(len(self._pilih), dtype=bool)
        hasil[self._urut] = self._pilih
        return hasil

    def ubah(self, opd: str, kode_program: str, nilai: float | None) -> np.ndarray:
        """Change one ceiling (None removes it) and recompute that OPD only.

        Returns
        -------
        ndarray of int
            Row positions (original order) whose stay/fall-out changed.
        """
        sebelum = self._pilih.copy()
        if kode_program == SELURUH_OPD:
            if nilai is None:
                self.plafon_opd.pop(opd, None)
            else:
                self.plafon_opd[opd] = float(nilai)
        else:
            prog = self.plafon_prog.setdefault(opd, {})
            if nilai is None:
                prog.pop(kode_program, None)
            else:
                prog[kode_program] = float(nilai)
        self._hitung(opd)
        return np.sort(self._urut[np.flatnonzero(sebelum != self._pilih)])


def pilih_plafon(usulan: pd.DataFrame, plafon: pd.DataFrame) -> pd.Series:
    """Which agreed usulan stay within the ceilings (see the module's rule); True = stays.

    Examples
    --------
    Dinas A has a ceiling of 100: usulan 1 (score 0.9, 60) stays, 2 (0.8, 50) no longer fits, 3 (0.1, 40)
    still does. Dinas B has no ceiling: its usulan stays.

    >>> u = pd.DataFrame({"id": [1, 2, 3, 4], "opd": ["A", "A", "A", "B"], "kode_program": [""] * 4,
    ...                   "nilai": [60.0, 50.0, 40.0, 999.0], "skor": [0.9, 0.8, 0.1, 0.5]})
    >>> pilih_plafon(u, pd.DataFrame({"opd": ["A"], "kode_program": [""], "nilai": [100.0]})).tolist()
    [True, False, True, True]
    """
    return pd.Series(Simulasi(usulan, plafon).tetap, index=usulan.index)


def status_baris(baris: pd.DataFrame, tetap_id: set[int], nilai: pd.Series) -> pd.DataFrame:
    """Each DIPA line after the what-if: usulan kept, pagu kept, and whether it stays, is cut or falls out.

    Parameters
    ----------
    baris : DataFrame
        DIPA lines with ``usulan_id`` lists and ``pagu``.
    tetap_id : set of int
        Usulan that stay.
    nilai : Series
        Value (Rp) per usulan id.
    """
    keluar = baris.copy()
    keluar["usulan_tetap"] = [[i for i in ids if i in tetap_id] for ids in keluar["usulan_id"]]
    nd = nilai.to_dict()
    keluar["pagu_tetap"] = [float(sum(nd.get(i, 0.0) for i in ids)) for ids in keluar["usulan_tetap"]]
    n, t = keluar["usulan_id"].map(len), keluar["usulan_tetap"].map(len)
    keluar["status"] = np.where(t == n, "tetap", np.where(t == 0, "keluar", "terpotong"))
    return keluar


def rekap_wilayah(usulan: pd.DataFrame, tetap: np.ndarray, kolom: str) -> pd.DataFrame:
    """Per desa or kecamatan (``kolom``): agreed usulan, those that fall out and the value lost; losers first.

    >>> u = pd.DataFrame({"kode_desa": ["d1", "d1", "d2"], "nilai": [10.0, 5.0, 7.0]})
    >>> r = rekap_wilayah(u, np.array([True, False, True]), "kode_desa")
    >>> r[["kode_desa", "keluar", "nilai_keluar"]].values.tolist()
    [['d1', 1, 5.0], ['d2', 0, 0.0]]
    """
    d = pd.DataFrame({kolom: usulan[kolom].to_numpy(), "nilai": usulan["nilai"].to_numpy(dtype=float), "k": ~tetap})
    d["nk"] = d["nilai"].where(d["k"], 0.0)
    g = d.groupby(kolom)
    hasil = pd.DataFrame(
        {
            "usulan": g.size(),
            "keluar": g["k"].sum().astype(int),
            "nilai": g["nilai"].sum(),
            "nilai_keluar": g["nk"].sum(),
        }
    ).reset_index()
    return hasil.sort_values(["nilai_keluar", kolom], ascending=[False, True]).reset_index(drop=True)


def tumpang_tindih(
    baris: pd.DataFrame,
    jarak_m: float = definitions.ATURAN_FORUM["jarak_duplikat_m"],
    ambang_teks: float = definitions.ATURAN_FORUM["kemiripan_teks_duplikat"],
    crs_metrik: str | None = None,
) -> pd.DataFrame:
    """Pairs of lines of two different OPDs at the same place with a similar activity.

    Parameters
    ----------
    baris : DataFrame
        ``id``, ``opd``, ``kelas_kegiatan``, ``uraian`` and ``geometry`` (EPSG:4326).
    jarak_m, ambang_teks, crs_metrik
        As :func:`geo.domain.usulan.cari_duplikat`.

    Returns
    -------
    DataFrame
        ``id_a``, ``opd_a``, ``id_b``, ``opd_b``, ``jarak_m``, ``kemiripan``, each pair once (``id_a < id_b``).
    """
    kolom = ["id_a", "opd_a", "id_b", "opd_b", "jarak_m", "kemiripan"]
    if baris.empty:
        return pd.DataFrame(columns=kolom)
    b = baris.rename(columns={"kelas_kegiatan": "kode_kamus"})[["id", "kode_kamus", "uraian", "geometry"]]
    pasangan = cari_duplikat(b, b, jarak_m, ambang_teks, crs_metrik)
    if pasangan.empty:
        return pd.DataFrame(columns=kolom)
    opd = baris.set_index("id")["opd"]
    pasangan = pasangan[pasangan["id_baru"] < pasangan["id_lama"]]
    pasangan = pasangan.assign(opd_a=pasangan["id_baru"].map(opd), opd_b=pasangan["id_lama"].map(opd))
    pasangan = pasangan[pasangan["opd_a"] != pasangan["opd_b"]]
    return (
        pasangan.rename(columns={"id_baru": "id_a", "id_lama": "id_b"})[kolom]
        .sort_values(["jarak_m", "id_a"])
        .reset_index(drop=True)
    )


def tumpang_tindih_renja(
    baris: pd.DataFrame,
    jarak_m: float = definitions.ATURAN_FORUM["jarak_duplikat_m"],
    ambang_teks: float = definitions.ATURAN_FORUM["kemiripan_teks_duplikat"],
) -> pd.DataFrame:
    """Pairs of Renja/RKPD lines of two OPDs at the same place with a similar activity (the same road twice).

    Lines that answer usulan carry their location (``geometry``) and are compared by :func:`tumpang_tindih`.
    A line without one (technocratic or pokir) is at its ``kode_wilayah``: it is compared with every line of
    another OPD at the same wilayah code by the same rule, distance counting as zero.

    Parameters
    ----------
    baris : DataFrame
        ``id``, ``opd``, ``kelas_kegiatan``, ``uraian``, ``kode_wilayah`` and ``geometry`` (None when the line
        has no location of its own).
    jarak_m, ambang_teks
        As :func:`geo.domain.usulan.cari_duplikat`.

    Returns
    -------
    DataFrame
        As :func:`tumpang_tindih`; ``jarak_m`` is NaN for a pair found by wilayah code.

    Examples
    --------
    >>> b = pd.DataFrame({"id": [1, 2, 3], "opd": ["PU", "Perkim", "Perkim"], "kelas_kegiatan": ["jalan"] * 3,
    ...     "uraian": ["Rehabilitasi jalan dusun Krajan", "Rehabilitasi jalan dusun Krajan (pokir)", "Taman kota"],
    ...     "kode_wilayah": ["d1", "d1", "d1"], "geometry": [Point(110, -7), None, None]})
    >>> tumpang_tindih_renja(b)[["id_a", "id_b"]].values.tolist()
    [[1, 2]]
    """
    ada = baris["geometry"].notna()
    hasil = [tumpang_tindih(baris[ada], jarak_m, ambang_teks)]
    tanpa = baris[~ada]
    for r in tanpa.itertuples():
        lawan = baris[(baris["kode_wilayah"] == r.kode_wilayah) & (baris["opd"] != r.opd) & (baris["id"] != r.id)]
        lawan = lawan[~(lawan["geometry"].isna() & (lawan["id"] < r.id))]  # two lines without location: once
        for k in lawan.itertuples():
            titik = k.geometry if k.geometry is not None else Point(0.0, 0.0)
            pasang = pd.DataFrame(
                {
                    "id": [r.id, k.id],
                    "opd": [r.opd, k.opd],
                    "kelas_kegiatan": [r.kelas_kegiatan, k.kelas_kegiatan],
                    "uraian": [r.uraian, k.uraian],
                    "geometry": [titik, titik],
                }
            )
            cocok = tumpang_tindih(pasang, jarak_m, ambang_teks, crs_metrik="EPSG:3857")
            hasil.append(cocok.assign(jarak_m=np.nan))
    kolom = ["id_a", "opd_a", "id_b", "opd_b", "jarak_m", "kemiripan"]
    semua = pd.concat([h for h in hasil if len(h)], ignore_index=True) if any(len(h) for h in hasil) else None
    if semua is None:
        return pd.DataFrame(columns=kolom)
    return semua[kolom].sort_values(["id_a", "id_b"]).reset_index(drop=True)
