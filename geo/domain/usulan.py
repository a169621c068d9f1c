"""Usulan rules as plain functions: tier transitions, scoring, and selection within the pagu.

Pages and pipelines call these; nothing here touches the database, so each rule is
unit-tested on hand-made cases (groundwork for the usulan-lifecycle issue).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.domain import definitions
from geo.errors import KesalahanInput, Masalah

URUTAN_TAHAP = list(definitions.TAHAP_FORUM)
KEPUTUSAN = ("diterima", "ditolak", "ditunda", "dikembalikan")


def tahap_berikut(tahap: str) -> str:
    """The tier an accepted usulan moves to (the kabupaten forum is the last)."""
    i = URUTAN_TAHAP.index(tahap)
    return URUTAN_TAHAP[min(i + 1, len(URUTAN_TAHAP) - 1)]


@dataclass(frozen=True)
class Posisi:
    """Where an usulan stands: its tier, its status there, and the carry-over flag."""

    tahap: str
    status: str
    lanjut_tahun_depan: bool = False


def putuskan(posisi: Posisi, keputusan: str, alasan: str, label: str = "usulan") -> Posisi:
    """Apply a forum decision and return the new position.

    Only an usulan waiting at its tier (``diajukan``) can be decided, always with a reason.
    ``diterima`` moves it to the next tier (``diajukan`` there; at the kabupaten it stays
    ``diterima``: it is in the RKPD list); ``dikembalikan`` sends it back one tier for
    revision; ``ditolak`` ends it; ``ditunda`` ends it this year and marks it to carry over.

    Raises
    ------
    KesalahanInput
        Illegal transition or missing reason, in Indonesian.

    Examples
    --------
    >>> putuskan(Posisi("desa", "diajukan"), "diterima", "prioritas 1")
    Posisi(tahap='kecamatan', status='diajukan', lanjut_tahun_depan=False)
    """
    masalah = []
    if keputusan not in KEPUTUSAN:
        masalah.append(Masalah(label, "keputusan", keputusan, ", ".join(KEPUTUSAN), "pilih salah satu keputusan"))
    if posisi.status != "diajukan":
        masalah.append(
            Masalah(
                label,
                "status",
                posisi.status,
                "usulan berstatus 'diajukan' di tahap ini",
                f"usulan ini sudah {posisi.status} di {definitions.TAHAP_FORUM[posisi.tahap]}; "
                "keputusan tidak dapat diubah tanpa membuka kembali",
            )
        )
    if not alasan or not alasan.strip():
        masalah.append(Masalah(label, "alasan", "(kosong)", "alasan keputusan", "tulis alasan yang dibacakan di forum"))
    if masalah:
        raise KesalahanInput("Keputusan forum ditolak", masalah)
    i = URUTAN_TAHAP.index(posisi.tahap)
    if keputusan == "diterima":
        if i == len(URUTAN_TAHAP) - 1:
            return Posisi(posisi.tahap, "diterima")
        return Posisi(URUTAN_TAHAP[i + 1], "diajukan")
    if keputusan == "dikembalikan":
        return Posisi(URUTAN_TAHAP[max(0, i - 1)], "diajukan")
    return Posisi(posisi.tahap, keputusan, lanjut_tahun_depan=keputusan == "ditunda")


def skor(kriteria: pd.DataFrame, bobot: dict[str, float]) -> pd.DataFrame:
    """Weighted score with its breakdown, so a forum sees why an usulan ranks where it does.

    Each criterion column is min-max normalised to 0..1 across the usulan compared (a
    column with one value contributes 0), multiplied by its weight; weights are
    normalised to sum to 1.

    Returns
    -------
    DataFrame
        One column per criterion (its weighted contribution), ``skor`` and ``peringkat``.
    """
    total = sum(bobot.values())
    if total <= 0:
        raise ValueError("jumlah bobot harus lebih dari 0")
    keluar = pd.DataFrame(index=kriteria.index)
    for k, w in bobot.items():
        x = kriteria[k].astype(float)
        rentang = x.max() - x.min()
        norm = (x - x.min()) / rentang if rentang > 0 else x * 0
        keluar[k] = norm.fillna(0) * w / total
    keluar["skor"] = keluar[list(bobot)].sum(axis=1)
    keluar["peringkat"] = keluar["skor"].rank(ascending=False, method="min").astype(int)
    return keluar


def pilih_greedy(biaya: np.ndarray, skor_: np.ndarray, pagu: float) -> np.ndarray:
    """Select in rank order within the ceiling (the CONSUL Democracy rule).

    An usulan that no longer fits is skipped and the next one is tried.

    Returns
    -------
    ndarray of bool
    """
    urut = np.lexsort((np.arange(len(skor_)), -np.asarray(skor_, dtype=float)))
    pilih = np.zeros(len(biaya), dtype=bool)
    sisa = float(pagu)
    for i in urut:
        if biaya[i] <= sisa:
            pilih[i] = True
            sisa -= biaya[i]
    return pilih


#: Largest knapsack capacity in cost units; a bigger pagu uses coarser units (still rounded up).
MAKS_KAPASITAS = 20_000


def pilih_knapsack(biaya: np.ndarray, skor_: np.ndarray, pagu: float, satuan: float = 1_000_000) -> np.ndarray:
    """Select the set with the largest total score within the ceiling (0/1 knapsack).

    Costs are rounded *up* to ``satuan`` (Rp 1 juta by default, coarser when the pagu
    exceeds :data:`MAKS_KAPASITAS` units) so the choice never exceeds the pagu; dynamic
    programming over the ceiling in those units. A ceiling of 0 or less selects nothing.

    Returns
    -------
    ndarray of bool

    Examples
    --------
    Costs 1, 3, 4, 5 and scores 1, 4, 5, 7 with a ceiling of 7: the best is items 2 and 3
    (cost 7, score 9), where greedy by score would take item 4 and item 1 (score 8).

    >>> pilih_knapsack(np.array([1, 3, 4, 5.]), np.array([1, 4, 5, 7.]), 7, satuan=1).tolist()
    [False, True, True, False]
    """
    n = len(biaya)
    if pagu <= 0 or n == 0:
        return np.zeros(n, dtype=bool)
    satuan = max(satuan, pagu / MAKS_KAPASITAS)  # bound the table: n × 20 001 cells at most
    w = np.ceil(np.asarray(biaya, dtype=float) / satuan).astype(int)
    v = np.asarray(skor_, dtype=float)
    kap = int(np.floor(pagu / satuan))
    tabel = np.zeros((n + 1, kap + 1))
    for i in range(1, n + 1):
        tabel[i] = tabel[i - 1]
        if w[i - 1] <= kap:
            tabel[i, w[i - 1] :] = np.maximum(tabel[i - 1, w[i - 1] :], tabel[i - 1, : kap + 1 - w[i - 1]] + v[i - 1])
    pilih = np.zeros(n, dtype=bool)
    c = kap
    for i in range(n, 0, -1):
        if tabel[i, c] != tabel[i - 1, c]:
            pilih[i - 1] = True
            c -= w[i - 1]
    return pilih


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
    for k in ("pengusul", "kode_desa", "kode_kamus", "masalah", "uraian", "volume", "sumber_dana", "status_lahan"):
        if baris.get(k) in (None, "") or (isinstance(baris.get(k), float) and np.isnan(baris[k])):
            masalah.append(Masalah(label, k, "(kosong)", f"{k} terisi", f"isi {k}"))
    item = kamus.get(baris.get("kode_kamus"))
    if baris.get("kode_kamus") and item is None:
        masalah.append(
            Masalah(
                label, "kode_kamus", str(baris["kode_kamus"]), "item kamus usulan yang ada", "pilih dari kamus usulan"
            )
        )
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


_POLA_KATA = __import__("re").compile(r"[a-z0-9]+")


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
    import geopandas as gpd
    import shapely

    from geo.domain.crs import crs_metrik as pilih_crs

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
    cache_b, cache_l = {}, {}
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


def _putuskan_satu(con, usulan_id: int, keputusan: str, alasan: str, oleh: str, versi: int) -> Posisi:
    import json

    from geo.errors import KonflikVersi

    r = con.execute(
        "SELECT tahap, status, lanjut_tahun_depan, versi, biaya FROM kerja.usulan WHERE id = ?", [usulan_id]
    ).fetchone()
    if r is None:
        raise KesalahanInput(
            "Keputusan forum ditolak",
            [Masalah(f"usulan {usulan_id}", "id", str(usulan_id), "usulan yang ada", "muat ulang daftar usulan")],
        )
    lama = Posisi(r[0], r[1], bool(r[2]))
    if r[3] != versi:
        raise KonflikVersi(
            f"Usulan {usulan_id} sudah diubah orang lain (versi {r[3]}, Anda membuka versi "
            f"{versi}). Muat ulang usulan itu, periksa perubahannya, lalu putuskan lagi."
        )
    baru = putuskan(lama, keputusan, alasan, f"usulan {usulan_id}")
    con.execute(
        "INSERT INTO kerja.keputusan VALUES (?, ?, ?, ?, ?, ?, current_localtimestamp())",
        [usulan_id, lama.tahap, keputusan, alasan, r[4] if keputusan == "diterima" else None, oleh],
    )
    con.execute(
        "UPDATE kerja.usulan SET tahap = ?, status = ?, lanjut_tahun_depan = ?, versi = versi + 1, "
        "diubah_pada = current_localtimestamp() WHERE id = ?",
        [baru.tahap, baru.status, baru.lanjut_tahun_depan, usulan_id],
    )
    con.execute(
        "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
        "VALUES (current_localtimestamp(), ?, 'usulan', ?, ?, ?, ?, ?)",
        [oleh, str(usulan_id), keputusan, json.dumps(lama.__dict__), json.dumps(baru.__dict__), alasan],
    )
    return baru


def putuskan_usulan(gudang, usulan_id: int, keputusan: str, alasan: str, oleh: str, versi: int) -> Posisi:
    """Record a forum decision on one usulan, with its audit trail, in one transaction.

    ``versi`` is the version the user saw; if someone changed the usulan since, nothing is
    written and :class:`~geo.errors.KonflikVersi` says so (two people never silently
    overwrite each other).

    Parameters
    ----------
    gudang : geo.store.db.Gudang
        The store.
    usulan_id : int
        The usulan.
    keputusan : {"diterima", "ditolak", "ditunda", "dikembalikan"}
        The decision.
    alasan : str
        The reason read out in the forum.
    oleh : str
        Who records it.
    versi : int
        Version the user started from.

    Returns
    -------
    Posisi
        The new position.
    """
    with gudang.sesi(tulis=True) as con:
        return _putuskan_satu(con, usulan_id, keputusan, alasan, oleh, versi)


def putuskan_massal(gudang, keputusan: list[tuple[int, str, str, int]], oleh: str) -> dict[int, Posisi]:
    """Record many decisions (id, keputusan, alasan, versi) all or nothing, in one transaction.

    Any illegal transition or version conflict rolls back every decision of the batch.
    """
    with gudang.sesi(tulis=True) as con:
        return {uid: _putuskan_satu(con, uid, k, a, oleh, v) for uid, k, a, v in keputusan}


def keputusan_n_teratas(daftar: pd.DataFrame, n: int, kelompok: str) -> list[tuple[int, str, str, int]]:
    """Decisions that keep the top ``n`` per forum and defer the rest (carry-over).

    Parameters
    ----------
    daftar : DataFrame
        Usulan waiting at the tier: ``id``, ``versi``, ``peringkat`` and the ``kelompok`` column.
    n : int
        How many each forum keeps (the kecamatan default is 15).
    kelompok : str
        Column that identifies the forum (e.g. ``kode_kecamatan``).

    Returns
    -------
    list of (id, keputusan, alasan, versi)
        Ties at the cut are broken by the lower id, so exactly ``n`` are kept.
    """
    urut = daftar.sort_values([kelompok, "peringkat", "id"])
    ke = urut.groupby(kelompok).cumcount() + 1
    hasil = []
    for (_, r), k in zip(urut.iterrows(), ke, strict=True):
        if k <= n:
            hasil.append((int(r["id"]), "diterima", f"masuk {n} prioritas teratas (peringkat {k})", int(r["versi"])))
        else:
            hasil.append(
                (
                    int(r["id"]),
                    "ditunda",
                    f"di luar {n} prioritas teratas (peringkat {k}); dibawa ke tahun berikutnya",
                    int(r["versi"]),
                )
            )
    return hasil


def riwayat_usulan(gudang, usulan_id: int) -> pd.DataFrame:
    """Audit history of one usulan, oldest first: when, who, action, old -> new, reason."""
    return gudang.df(
        "SELECT waktu, oleh, aksi, lama, baru, alasan FROM kerja.audit_log "
        "WHERE tabel = 'usulan' AND kunci = ? ORDER BY id",
        [str(usulan_id)],
    )
