"""Crosswalk: source desa (BPS codes or names) matched one-to-one to Kemendagri desa.

Every candidate pair is scored on area overlap (IoU and the share of each side, in a metric
CRS) and on name similarity within the same kecamatan; the pairs are then chosen one-to-one
by a global assignment (:func:`scipy.optimize.linear_sum_assignment`, one small cost matrix
per connected group of candidates), so a desa never goes to whichever source came first. A
match whose name and overlap disagree is kept but listed for review (:attr:`HasilCocok.tinjau`);
names that cannot be told apart without overlap are never guessed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from pipelines.cocok_calon import (
    IOU_CUKUP,
    IOU_KECIL,
    NAMA_MIRIP,
    NAMA_SAMA,
    Ruang,
    Sisi,
    calon_pasangan,
    mirip,
    pasangan_pasti,
)

KOLOM_TAK_COCOK = ["kode_sumber", "nama", "nama_induk", "alasan", "calon"]
KOLOM_TINJAU = [
    *KOLOM_TAK_COCOK[:3],
    "kode",
    "nama_target",
    "metode",
    "skor",
    "alasan",
    "kode_alternatif",
    "alternatif",
]


@dataclass
class HasilCocok:
    """Outcome of matching source units to target (Kemendagri) units.

    Attributes
    ----------
    pasangan : DataFrame
        Accepted one-to-one matches: kode_sumber, kode, metode, skor.
    tak_cocok : DataFrame
        Units left for a person: kode_sumber, nama, nama_induk, alasan, calon.
    metode : Counter
        Matches per method.
    tinjau : DataFrame
        Accepted matches (also in ``pasangan``) whose name and overlap disagree: kode_sumber,
        nama, nama_induk, kode, nama_target, metode, skor, alasan, kode_alternatif, alternatif.
    """

    pasangan: pd.DataFrame
    tak_cocok: pd.DataFrame
    metode: Counter = field(default_factory=Counter)
    tinjau: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=KOLOM_TINJAU))


def _manual(sb: Sisi, tg: Sisi, resolusi: dict[str, str], hasil: dict[int, tuple[int, str, float]]) -> None:
    """Rule 1: a person's decision (``resolusi``: source code -> Kemendagri code) comes first."""
    indeks = {k: j for j, k in enumerate(tg.kode)}
    dipakai: set[int] = set()
    for i in np.argsort(sb.urut):
        j = indeks.get(resolusi.get(sb.kode[i], ""))
        if j is not None and j not in dipakai:
            hasil[int(i)] = (j, "manual", 1.0)
            dipakai.add(j)


def _tetapkan(c: pd.DataFrame, sb: Sisi, tg: Sisi) -> np.ndarray:
    """Labels of the rows of ``c`` (admissible, free pairs) chosen one-to-one with the largest total score.

    One dense assignment per connected group of candidates (a group holds a handful of desa,
    so the matrices stay small at national scale); rows and columns in code order, so the
    outcome does not depend on the order of the input rows. Every source may also stay open
    (a dummy column of score 0).
    """
    if c.empty:
        return np.array([], dtype=np.int64)
    i, j, skor = c["i"].to_numpy(), c["j"].to_numpy(), c["skor"].to_numpy()
    ui, ri = np.unique(i, return_inverse=True)
    uj, rj = np.unique(j, return_inverse=True)
    n = len(ui) + len(uj)
    graf = coo_matrix((np.ones(len(i)), (ri, len(ui) + rj)), shape=(n, n))
    _, label = connected_components(graf, directed=False)
    grup = label[ri]
    ukuran = np.bincount(grup)
    dipilih = [np.flatnonzero(ukuran[grup] == 1)]  # one pair alone: nothing to weigh
    banyak = np.flatnonzero(ukuran[grup] > 1)
    urutan = banyak[np.argsort(grup[banyak], kind="stable")]
    for baris in np.split(urutan, np.flatnonzero(np.diff(grup[urutan])) + 1) if len(urutan) else []:
        bi = sorted(set(i[baris].tolist()), key=lambda x: sb.urut[x])
        bj = sorted(set(j[baris].tolist()), key=lambda x: tg.urut[x])
        pi, pj = {v: k for k, v in enumerate(bi)}, {v: k for k, v in enumerate(bj)}
        biaya = np.full((len(bi), len(bj) + len(bi)), 1e6)
        biaya[:, len(bj) :][np.diag_indices(len(bi))] = 0.0
        posisi = np.array([pi[a] for a in i[baris]]), np.array([pj[b] for b in j[baris]])
        biaya[posisi] = -skor[baris]
        r, k = linear_sum_assignment(biaya)
        pilih = {(bi[a], bj[b]) for a, b in zip(r, k, strict=True) if b < len(bj) and biaya[a, b] < 0}
        dipilih.append(np.array([q for q in baris if (i[q], j[q]) in pilih], dtype=np.int64))
    return c.index.to_numpy()[np.sort(np.concatenate(dipilih))]


def _buang_ragu(c: pd.DataFrame, pilih: np.ndarray) -> tuple[np.ndarray, dict[int, list[int]]]:
    """Drop matches that another open candidate fits as well: the assignment chose arbitrarily.

    By name alone: two desa of the same name in one kecamatan (or two close names within
    0.05) cannot be told apart without overlap. With overlap: an exact tie of scores (a
    source half on each of two namesakes). A rival is another free, admissible candidate of
    the same source or target whose other side is open or no better off where it went.
    Neither side of such a tie is kept. Returns the kept rows and, per dropped source, the
    rows of its rivals.
    """
    boleh = c[c["boleh"] & c["bebas"]]
    per_i, per_j = boleh.groupby("i").groups, boleh.groupby("j").groups
    dipilih = c.loc[pilih]
    teguh_s = set(dipilih.loc[dipilih["spasial"], "i"])
    teguh_t = set(dipilih.loc[dipilih["spasial"], "j"])
    sudah_t = {k: dict(zip(dipilih["j"], dipilih[k], strict=True)) for k in ("skor", "nilai")}
    sudah_s = {k: dict(zip(dipilih["i"], dipilih[k], strict=True)) for k in ("skor", "nilai")}
    tetap, ragu = [], {}
    for q in pilih:
        a, b, spasial = c.at[q, "i"], c.at[q, "j"], c.at[q, "spasial"]
        # with overlap: ties of the score; by name alone: names as good, never a pair held by overlap
        kolom = "skor" if spasial else "nilai"
        batas = c.at[q, kolom] - (0.05 if not spasial and c.at[q, "nilai"] < NAMA_SAMA else 1e-9)
        sudah = sudah_t[kolom]
        saingan = [
            r
            for r in per_i.get(a, [])
            if c.at[r, "j"] != b
            and c.at[r, kolom] >= batas
            and (spasial or (not c.at[r, "spasial"] and c.at[r, "j"] not in teguh_t))
            and sudah.get(c.at[r, "j"], -1.0) <= c.at[r, kolom]
        ]
        sudah = sudah_s[kolom]
        saingan += [
            r
            for r in per_j.get(b, [])
            if c.at[r, "i"] != a
            and c.at[r, kolom] >= batas
            and (spasial or (not c.at[r, "spasial"] and c.at[r, "i"] not in teguh_s))
            and sudah.get(c.at[r, "i"], -1.0) <= c.at[r, kolom]
        ]
        if not saingan:
            tetap.append(q)
            continue
        ragu.setdefault(int(a), []).extend(saingan)
        for r in saingan:  # a rival source cannot be told apart either
            if c.at[r, "i"] != a:
                ragu.setdefault(int(c.at[r, "i"]), []).append(q)
    return np.array(tetap, dtype=np.int64), ragu


def _metode(r) -> tuple[str, float]:
    """Method label and score of a chosen candidate row."""
    if r.spasial:
        return ("nama+spasial" if r.efektif >= NAMA_MIRIP else "spasial"), round(float(r.iou), 4)
    if r.unik:
        return "nama-unik", 1.0
    if r.sama:
        return ("nama" if r.persis else "nama-longgar"), 1.0
    return "nama-mirip", round(float(r.nilai), 3)


def _teks_calon(tg: Sisi, baris: pd.DataFrame, ukuran: str) -> str:
    """Up to three candidates as text, best first: 'Nama (kode, IoU 0.22)'."""
    if ukuran == "iou":
        baris = baris.sort_values(["iou", "j"], ascending=[False, True])
        return "; ".join(
            f"{tg.nama[r.j]} ({tg.kode[r.j]}, IoU {r.iou:.2f}, {r.bs:.0%} luas unit ini)"
            for r in baris.head(3).itertuples()
        )
    baris = baris.sort_values(["nilai", "j"], ascending=[False, True])
    return "; ".join(f"{tg.nama[r.j]} ({tg.kode[r.j]}, {r.nilai:.2f})" for r in baris.head(3).itertuples())


class _Kolom:
    """The candidate table as plain arrays, with the rows of each source and each target."""

    def __init__(self, c: pd.DataFrame):
        self.i, self.j = c["i"].to_numpy(), c["j"].to_numpy()
        self.iou, self.skor = c["iou"].to_numpy(), c["skor"].to_numpy()
        self.per_i: dict[int, list[int]] = defaultdict(list)
        self.per_j: dict[int, list[int]] = defaultdict(list)
        for q, (a, b) in enumerate(zip(self.i.tolist(), self.j.tolist(), strict=True)):
            self.per_i[a].append(q)
            self.per_j[b].append(q)

    def terbaik(self, baris: list[int], kunci: np.ndarray, lawan: np.ndarray) -> int | None:
        """The row of ``baris`` with the largest ``kunci`` (ties: smallest ``lawan`` index)."""
        return min(baris, key=lambda q: (-kunci[q], lawan[q])) if baris else None


def _alasan_tinjau(r, k: _Kolom, sb: Sisi, tg: Sisi, nama_t: dict, nama_s: dict) -> tuple[list[str], int | None]:
    """Why an accepted pair needs a person's look (empty: it does not), and the alternative target."""
    alasan: list[str] = []
    alternatif = None
    if not r.sama:
        namesake = [x for x in nama_t.get((sb.k[r.i], sb.kunci[r.i]), []) if x != r.j]
        lain_s = [x for x in nama_s.get((tg.k[r.j], tg.kunci[r.j]), []) if x != r.i]
        if namesake:
            alasan.append(f"nama berbeda, padahal ada desa bernama {tg.nama[namesake[0]]} di kecamatan yang sama")
            alternatif = namesake[0]
        if lain_s:
            alasan.append(
                f"desa tujuan bernama sama dengan unit sumber lain: {sb.nama[lain_s[0]]} ({sb.kode[lain_s[0]]})"
            )
        if r.nilai < NAMA_MIRIP and not namesake:
            alasan.append(f"nama tidak mirip; hanya dari tumpang tindih (IoU {r.iou:.2f})")
    lain = [q for q in k.per_i[r.i] if k.j[q] != r.j]
    nama_cocok = r.sama or r.efektif >= NAMA_MIRIP
    q = k.terbaik(lain, k.iou, k.j)
    if nama_cocok and q is not None and k.iou[q] >= IOU_CUKUP and r.iou < k.iou[q] * IOU_KECIL:
        alasan.append(f"nama cocok, tetapi tumpang tindih terbesar dengan desa lain (IoU {k.iou[q]:.2f})")
        alternatif = int(k.j[q])
    q = k.terbaik([q for q in k.per_j[r.j] if k.i[q] != r.i], k.iou, sb.urut[k.i])
    if nama_cocok and q is not None and k.iou[q] >= IOU_CUKUP and r.iou < k.iou[q] * IOU_KECIL:
        alasan.append(
            f"nama cocok, tetapi desa tujuan bertumpang tindih dengan unit sumber lain: {sb.nama[k.i[q]]} "
            f"({sb.kode[k.i[q]]}, IoU {k.iou[q]:.2f})"
        )
    if alasan and alternatif is None and lain:
        alternatif = int(k.j[k.terbaik(lain, k.skor, k.j)])
    return alasan, alternatif


def _tinjau(c: pd.DataFrame, tetap: np.ndarray, sb: Sisi, tg: Sisi, hasil: dict) -> pd.DataFrame:
    """The review list: accepted pairs whose name and overlap disagree."""
    nama_t: dict[tuple[str, str], list[int]] = defaultdict(list)
    nama_s: dict[tuple[str, str], list[int]] = defaultdict(list)
    for j, kunci in enumerate(zip(tg.k, tg.kunci, strict=True)):
        nama_t[kunci].append(j)
    for i, kunci in enumerate(zip(sb.k, sb.kunci, strict=True)):
        nama_s[kunci].append(i)
    k = _Kolom(c)
    baris = []
    for r in c.loc[tetap].itertuples():
        alasan, alt = _alasan_tinjau(r, k, sb, tg, nama_t, nama_s)
        if not alasan:
            continue
        iou_alt = max((k.iou[q] for q in k.per_i[r.i] if k.j[q] == alt), default=0.0)
        baris.append(
            {
                "kode_sumber": sb.kode[r.i],
                "nama": sb.nama[r.i],
                "nama_induk": sb.induk[r.i],
                "kode": tg.kode[r.j],
                "nama_target": tg.nama[r.j],
                "metode": hasil[r.i][1],
                "skor": hasil[r.i][2],
                "alasan": "; ".join(alasan),
                "kode_alternatif": tg.kode[alt] if alt is not None else "",
                "alternatif": f"{tg.nama[alt]} ({tg.kode[alt]}, IoU {iou_alt:.2f})" if alt is not None else "",
            }
        )
    return pd.DataFrame(baris, columns=KOLOM_TINJAU)


def _tak_cocok(c: pd.DataFrame, sb: Sisi, tg: Sisi, hasil: dict, ragu: dict[int, list[int]]) -> pd.DataFrame:
    """The units left open, with the reason and the best candidates."""
    per_i = c.groupby("i").groups
    induk_t = set(tg.k)
    per_induk: dict[str, list[int]] = defaultdict(list)
    for j, k in enumerate(tg.k):
        per_induk[k].append(j)
    baris = []
    for i in range(len(sb.kode)):
        if i in hasil:
            continue
        c_i = c.loc[per_i[i]] if i in per_i else c.iloc[:0]
        if i in ragu:
            alasan = "lebih dari satu desa bernama sama atau mirip yang tidak dapat dibedakan; putuskan manual"
            calon = _teks_calon(tg, c.loc[ragu[i]], "nilai") or _teks_calon(tg, c_i, "nilai")
        elif (c_i["iou"] > 0).any():
            alasan = "tumpang tindih tidak cukup atau desa tujuan sudah dipakai unit lain"
            calon = _teks_calon(tg, c_i[c_i["iou"] > 0], "iou")
        else:
            sekec = per_induk.get(sb.k[i], [])
            nilai = [mirip(sb.kunci[i], tg.kunci[j]) for j in sekec]
            alasan = (
                "nama kecamatan tidak dikenal"
                if sb.k[i] not in induk_t
                else "tidak ada desa bernama mirip yang belum dipakai di kecamatan yang sama"
            )
            calon = _teks_calon(tg, pd.DataFrame({"j": sekec, "nilai": nilai}), "nilai")
        baris.append(
            {"kode_sumber": sb.kode[i], "nama": sb.nama[i], "nama_induk": sb.induk[i], "alasan": alasan, "calon": calon}
        )
    return pd.DataFrame(baris, columns=KOLOM_TAK_COCOK)


def cocokkan_wilayah(
    sumber: pd.DataFrame,
    target: pd.DataFrame,
    resolusi: dict[str, str] | None = None,
    ambang_mirip: float = 0.85,
) -> HasilCocok:
    """Match source desa (BPS codes or names) one-to-one to target Kemendagri desa.

    1. A manual resolution (``resolusi``: source code -> Kemendagri code) comes first — ``manual``.
    2. Every other pair is a candidate when it overlaps or when the names fit: the same
       (a/o-folded) name or a name at least ``ambang_mirip`` similar in the same kecamatan, or —
       when the source's kecamatan is unknown to the target — a name unique in the whole
       target set. A pair is admissible on overlap when IoU ≥ 0.5, or IoU ≥ 0.05 with similar
       names (ratio ≥ 0.8), or any overlap with (nearly) the same name (≥ 0.95) —
       ``spasial`` / ``nama+spasial`` (boundary sources differ a lot: the same desa can
       overlap its namesake by only 10 %); by name alone as ``nama`` (same normalised name),
       ``nama-longgar`` (a/o-folded), ``nama-unik`` or ``nama-mirip``.
    3. Score = IoU + 0.8 × name (1 same name, 0.95 a/o variant, up to 0.8 for similar
       names; nothing for a similar name when either side has a namesake in its
       kecamatan). The pairs are chosen one-to-one by a global assignment maximising the
       total score, so a same-named desa beats an overlap-only candidate unless that one
       overlaps by 0.8 IoU more.
    4. A match by name alone is dropped when another open candidate fits as well (two desa
       of one name cannot be told apart without overlap).

    Accepted matches whose name and overlap disagree (another desa of the same name exists
    in the kecamatan, the names are not similar, or the name fits but another desa overlaps
    far more) are listed in ``tinjau`` with the alternative; the rest of the open units in
    ``tak_cocok`` with the reason and the best candidates. No guess is stored silently.

    Parameters
    ----------
    sumber : DataFrame
        ``kode_sumber``, ``nama``, ``nama_induk`` (kecamatan name), optional ``geometry``.
    target : DataFrame
        ``kode``, ``nama``, ``nama_induk``, optional ``geometry`` (EPSG:4326).
    resolusi : dict, optional
        Manual decisions from a previous report.
    ambang_mirip : float
        Minimum similarity of a match by a close name alone.

    Returns
    -------
    HasilCocok

    Examples
    --------
    >>> from shapely import box
    >>> t = pd.DataFrame({"kode": ["33.01.01.2001", "33.01.01.2002"], "nama": ["Sukamaju", "Cibodas"],
    ...                   "nama_induk": "Barat", "geometry": [box(0, 0, .01, .01), box(.01, 0, .02, .01)]})
    >>> s = pd.DataFrame({"kode_sumber": ["3301010001"], "nama": ["SUKAMAJU"], "nama_induk": "BARAT",
    ...                   "geometry": [box(.007, 0, .017, .01)]})  # overlaps Cibodas more
    >>> h = cocokkan_wilayah(s, t)
    >>> h.pasangan[["kode", "metode"]].values.tolist()
    [['33.01.01.2001', 'nama+spasial']]
    >>> h.tinjau[["kode", "kode_alternatif"]].values.tolist()  # kept, but the overlap disagrees
    [['33.01.01.2001', '33.01.01.2002']]
    """
    sb = Sisi.dari(sumber.reset_index(drop=True), "kode_sumber")
    tg = Sisi.dari(target.reset_index(drop=True), "kode")
    hasil: dict[int, tuple[int, str, float]] = {}
    _manual(sb, tg, resolusi or {}, hasil)
    dipakai = {v[0] for v in hasil.values()}
    ru = Ruang.dari(sumber, target)
    if ru is not None:
        pasangan_pasti(ru, sb, tg, hasil, dipakai)
    c = calon_pasangan(ru, sb, tg, hasil, dipakai, ambang_mirip)
    pilih = _tetapkan(c[c["boleh"] & c["bebas"] & (c["skor"] > 0)], sb, tg)
    tetap, ragu = _buang_ragu(c, pilih)
    for r in c.loc[tetap].itertuples():
        hasil[int(r.i)] = (int(r.j), *_metode(r))
    pasangan = pd.DataFrame(
        [
            {"kode_sumber": sb.kode[i], "kode": tg.kode[v[0]], "metode": v[1], "skor": v[2]}
            for i, v in sorted(hasil.items())
        ],
        columns=["kode_sumber", "kode", "metode", "skor"],
    )
    return HasilCocok(
        pasangan,
        _tak_cocok(c, sb, tg, hasil, ragu),
        Counter(pasangan["metode"]),
        _tinjau(c, tetap, sb, tg, hasil),
    )


__all__ = ["KOLOM_TAK_COCOK", "KOLOM_TINJAU", "HasilCocok", "cocokkan_wilayah"]
