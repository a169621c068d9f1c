"""Forum events (issue 16): participant categories, tier-order rules of the schedule, inclusion figures.

Pure: no I/O. The vocabularies are data (domain §1 participants, §9 invitation list); the
rules take plain lists and frames and return plain values, so they are tested on hand-made
cases.

Tier order (Permendagri 86/2017): a kecamatan forum comes after the desa forums of its
desa; the forum perangkat daerah after every kecamatan forum of the kabupaten; the
kabupaten forum after every forum perangkat daerah (and kecamatan forum).

Inclusion figures follow one rule for missing data: a forum with attendance recorded but
no women has 0 % women; a forum with no attendance recorded has no figure (None, shown
"—"), never 0 %.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

import pandas as pd

from geo.domain.definitions import TAHAP_FORUM, TINGKAT_PENGUSUL
from geo.errors import KesalahanInput, Masalah

#: Participant categories (domain §1, §9): code -> (label, vulnerable group?). Women are counted
#: by sex (``jenis_kelamin`` P), and also have their own category for women's organisations.
KATEGORI_PESERTA: dict[str, tuple[str, bool]] = {
    "kepala_desa": ("Kepala desa/lurah dan perangkat", False),
    "tokoh_masyarakat": ("Tokoh masyarakat/agama", False),
    "kader": ("Kader (PKK, posyandu, LPM)", False),
    "perempuan": ("Wakil kelompok perempuan", True),
    "anak": ("Wakil anak (forum anak)", True),
    "pemuda": ("Pemuda (Karang Taruna)", True),
    "disabilitas": ("Penyandang disabilitas", True),
    "lansia": ("Lanjut usia", True),
    "kecamatan": ("Camat dan staf kecamatan", False),
    "opd": ("Perangkat daerah (OPD)", False),
    "puskesmas": ("Puskesmas", False),
    "dprd": ("Anggota DPRD dapil", False),
    "lsm": ("LSM/organisasi masyarakat", False),
    "akademisi": ("Akademisi", False),
    "masyarakat": ("Masyarakat umum", False),
}

#: Vulnerable groups whose share is reported (women are counted by sex).
KATEGORI_RENTAN: tuple[str, ...] = tuple(k for k, (_, rentan) in KATEGORI_PESERTA.items() if rentan)

#: Categories the regulation expects at each tier (pre-filled in the invitation list).
KATEGORI_PER_TAHAP: dict[str, tuple[str, ...]] = {
    "desa": (
        "kepala_desa",
        "tokoh_masyarakat",
        "kader",
        "perempuan",
        "anak",
        "pemuda",
        "disabilitas",
        "lansia",
        "masyarakat",
    ),
    "kecamatan": (
        "kepala_desa",
        "kecamatan",
        "opd",
        "puskesmas",
        "dprd",
        "kader",
        "tokoh_masyarakat",
        "perempuan",
        "pemuda",
        "disabilitas",
        "lsm",
    ),
    "forum_pd": ("opd", "kecamatan", "dprd", "lsm", "akademisi", "perempuan", "disabilitas"),
    "kabupaten": (
        "opd",
        "kecamatan",
        "dprd",
        "lsm",
        "akademisi",
        "tokoh_masyarakat",
        "perempuan",
        "disabilitas",
        "pemuda",
    ),
}

#: Status of a forum event: code -> label, in order.
STATUS_ACARA: dict[str, str] = {
    "rencana": "Direncanakan",
    "terlaksana": "Terlaksana",
    "ba_ditandatangani": "Berita acara ditandatangani",
}
#: Map colours of the statuses (and of "not scheduled").
WARNA_STATUS: dict[str, str] = {
    "belum": "#bdbdbd",
    "rencana": "#fdae61",
    "terlaksana": "#74add1",
    "ba_ditandatangani": "#1a9641",
}

#: Facilitator roles (seed §2.1).
PERAN_FASILITATOR: dict[str, str] = {
    "moderator": "Moderator",
    "notulis": "Notulis",
    "narasumber": "Narasumber data",
}

#: Kinds of minutes entries.
JENIS_NOTULEN: dict[str, str] = {"agenda": "Agenda", "keputusan": "Keputusan", "isu": "Isu terbuka"}

JENIS_KELAMIN: dict[str, str] = {"L": "Laki-laki", "P": "Perempuan"}

#: Words in an usulan's ``pengusul`` that name a group (lower case, checked in order); else "masyarakat".
KATA_KELOMPOK_PENGUSUL: tuple[tuple[str, str], ...] = (
    ("pkk", "perempuan"),
    ("perempuan", "perempuan"),
    ("wanita", "perempuan"),
    ("forum anak", "anak"),
    ("karang taruna", "pemuda"),
    ("pemuda", "pemuda"),
    ("disabilitas", "disabilitas"),
    ("difabel", "disabilitas"),
    ("lansia", "lansia"),
    ("posyandu", "kader"),
    ("kader", "kader"),
    ("lpm", "kader"),
    ("dprd", "dprd"),
    ("pokir", "dprd"),
)


@dataclass(frozen=True)
class Peringatan:
    """A tier-order problem of the schedule: which forum, and what is wrong (Indonesian)."""

    acara_id: int
    pesan: str


def _nama(f: dict) -> str:
    return f"{TAHAP_FORUM.get(f['tahap'], f['tahap'])} {f.get('nama') or f['kode_forum']}"


def _tgl(w: datetime.datetime) -> str:
    return f"{w:%d-%m-%Y %H.%M}"


def periksa_urutan(forum: list[dict]) -> list[Peringatan]:
    """Check the schedule's tier order and return one warning per forum scheduled too early.

    Parameters
    ----------
    forum : list of dict
        Forums of one kabupaten and year, each with ``id``, ``tahap``, ``kode_forum`` (desa or
        kecamatan code, OPD name, kabupaten code), ``mulai`` (datetime) and optionally ``nama``.

    Returns
    -------
    list of Peringatan
        A kecamatan forum at or before one of its desa forums; a forum perangkat daerah at or
        before a kecamatan forum; a kabupaten forum at or before a forum perangkat daerah or a
        kecamatan forum. Each names the earlier forum and the one that should precede it.

    Examples
    --------
    >>> t = datetime.datetime
    >>> f = [{"id": 1, "tahap": "desa", "kode_forum": "99.01.01.2001", "mulai": t(2027, 2, 10)},
    ...      {"id": 2, "tahap": "kecamatan", "kode_forum": "99.01.01", "mulai": t(2027, 2, 1)}]
    >>> [p.acara_id for p in periksa_urutan(f)]
    [2]
    """
    hasil: list[Peringatan] = []
    per_tahap: dict[str, list[dict]] = {t: [] for t in TAHAP_FORUM}
    for f in forum:
        per_tahap.setdefault(f["tahap"], []).append(f)
    sebelum = {
        "kecamatan": lambda k, f: f["tahap"] == "desa" and f["kode_forum"].startswith(k["kode_forum"] + "."),
        "forum_pd": lambda k, f: f["tahap"] == "kecamatan",
        "kabupaten": lambda k, f: f["tahap"] in ("kecamatan", "forum_pd"),
    }
    for tahap, syarat in sebelum.items():
        for k in sorted(per_tahap.get(tahap, []), key=lambda f: (f["mulai"], f["id"])):
            telat = [f for f in forum if syarat(k, f) and f["mulai"] >= k["mulai"]]
            if not telat:
                continue
            telat.sort(key=lambda f: (f["mulai"], f["id"]))
            daftar = ", ".join(f"{_nama(f)} ({_tgl(f['mulai'])})" for f in telat[:3])
            lagi = f" dan {len(telat) - 3} lainnya" if len(telat) > 3 else ""
            hasil.append(
                Peringatan(
                    int(k["id"]),
                    f"{_nama(k)} ({_tgl(k['mulai'])}) dijadwalkan sebelum atau bersamaan dengan "
                    f"{daftar}{lagi}, yang seharusnya lebih dulu. Geser jadwalnya ke sesudah forum itu.",
                )
            )
    return hasil


def kecamatan_belum(kode_kecamatan: list[str], forum: list[dict]) -> list[str]:
    """The kecamatan (codes, in the given order) with no kecamatan forum held yet (status rencana or none).

    Examples
    --------
    >>> kecamatan_belum(["a", "b", "c"], [{"tahap": "kecamatan", "kode_forum": "b", "status": "terlaksana"},
    ...                                   {"tahap": "kecamatan", "kode_forum": "c", "status": "rencana"}])
    ['a', 'c']
    """
    sudah = {f["kode_forum"] for f in forum if f["tahap"] == "kecamatan" and f["status"] != "rencana"}
    return [k for k in kode_kecamatan if k not in sudah]


def kelompok_pengusul(pengusul: str | None) -> str:
    """The participant category an usulan's proposer belongs to, from words in its name.

    Examples
    --------
    >>> kelompok_pengusul("PKK Desa Sukamaju")
    'perempuan'
    >>> kelompok_pengusul("RW 03 Sukamaju")
    'masyarakat'
    """
    teks = (pengusul or "").lower()
    for kata, kategori in KATA_KELOMPOK_PENGUSUL:
        if re.search(rf"\b{re.escape(kata)}\b", teks):
            return kategori
    return "masyarakat"


def periksa_peserta(baris: list[dict], label: str = "baris") -> list[Masalah]:
    """Check address-book or attendance rows: a name, a known category, sex L/P or empty.

    Parameters
    ----------
    baris : list of dict
        Rows with ``nama``, ``kategori`` and optionally ``jenis_kelamin``.
    label : str
        How messages name a row (``"baris 3"``).

    Returns
    -------
    list of Masalah
        Every problem of every row (empty: all fine).
    """
    masalah = []
    pilihan = ", ".join(KATEGORI_PESERTA)
    for i, b in enumerate(baris, start=1):
        nama = f"{label} {b.get('_baris', i)}"
        if not str(b.get("nama") or "").strip():
            masalah.append(Masalah(nama, "nama", "", "nama peserta", "isi nama"))
        if b.get("kategori") not in KATEGORI_PESERTA:
            masalah.append(
                Masalah(nama, "kategori", str(b.get("kategori") or ""), pilihan, "pilih kategori yang dikenal")
            )
        jk = b.get("jenis_kelamin")
        if jk not in (None, "", "L", "P"):
            masalah.append(Masalah(nama, "jenis_kelamin", str(jk), "L atau P (atau kosong)", "tulis L atau P"))
    return masalah


def pastikan_peserta(baris: list[dict], label: str = "baris") -> None:
    """Raise :class:`KesalahanInput` listing every problem of :func:`periksa_peserta`."""
    masalah = periksa_peserta(baris, label)
    if masalah:
        raise KesalahanInput("Data peserta belum benar", masalah)


@dataclass(frozen=True)
class Inklusi:
    """Inclusion figures of one forum. Shares are percentages; None when no attendance is recorded.

    Attributes
    ----------
    diundang : int
        Invitations sent.
    hadir : int
        Attendees recorded (invited or walk-in; removed persons still count).
    hadir_diundang : int
        Attendees who were invited.
    persen_kehadiran : float or None
        Invited attendees ÷ invitations × 100 (None without invitations or attendance).
    perempuan : int
        Women attending (sex P).
    persen_perempuan : float or None
        Women ÷ attendees whose sex is recorded × 100.
    rentan : int
        Attendees of a vulnerable group (:data:`KATEGORI_RENTAN`).
    persen_rentan : float or None
        Vulnerable ÷ attendees × 100.
    tidak_terwakili : tuple of str
        Categories expected at the tier (:data:`KATEGORI_PER_TAHAP`) with no attendee.
    per_kategori : dict
        Attendees per category.
    """

    diundang: int
    hadir: int
    hadir_diundang: int
    persen_kehadiran: float | None
    perempuan: int
    persen_perempuan: float | None
    rentan: int
    persen_rentan: float | None
    tidak_terwakili: tuple[str, ...]
    per_kategori: dict[str, int]


def inklusi(tahap: str, diundang: int, hadir: pd.DataFrame) -> Inklusi:
    """Compute a forum's inclusion figures.

    Parameters
    ----------
    tahap : str
        The forum's tier (which categories are expected).
    diundang : int
        Number of invitations.
    hadir : pandas.DataFrame
        One row per attendee: ``jenis_kelamin`` (L/P/None), ``kategori``, ``datang_sendiri``.

    Returns
    -------
    Inklusi
        With ``persen_*`` None when no attendance is recorded, 0.0 when attendees exist but
        none is in the group.

    Examples
    --------
    >>> df = pd.DataFrame({"jenis_kelamin": ["L", "P", "L", None], "kategori": ["opd", "perempuan", "dprd", "pemuda"],
    ...                    "datang_sendiri": [False, False, True, False]})
    >>> i = inklusi("kabupaten", 4, df)
    >>> i.hadir, i.hadir_diundang, i.persen_kehadiran, i.perempuan, round(i.persen_perempuan, 2), i.rentan
    (4, 3, 75.0, 1, 33.33, 2)
    """
    n = len(hadir)
    jk = hadir["jenis_kelamin"] if n else pd.Series(dtype=object)
    tercatat = int(jk.isin(["L", "P"]).sum()) if n else 0
    perempuan = int((jk == "P").sum()) if n else 0
    rentan = int(hadir["kategori"].isin(KATEGORI_RENTAN).sum()) if n else 0
    diundang_hadir = int((~hadir["datang_sendiri"].astype(bool)).sum()) if n else 0
    per_kategori = {k: int(v) for k, v in hadir["kategori"].value_counts().items()} if n else {}
    harap = KATEGORI_PER_TAHAP.get(tahap, ())
    return Inklusi(
        diundang=int(diundang),
        hadir=n,
        hadir_diundang=diundang_hadir,
        persen_kehadiran=(diundang_hadir / diundang * 100) if (n and diundang) else None,
        perempuan=perempuan,
        persen_perempuan=(perempuan / tercatat * 100) if tercatat else None,
        rentan=rentan,
        persen_rentan=(rentan / n * 100) if n else None,
        tidak_terwakili=tuple(k for k in harap if not per_kategori.get(k)) if n else (),
        per_kategori=per_kategori,
    )


def usulan_per_kelompok(usulan: pd.DataFrame) -> pd.DataFrame:
    """Which usulan were proposed by which group: one row per category with count and ids.

    Parameters
    ----------
    usulan : pandas.DataFrame
        ``id``, ``pengusul`` and ``tingkat_pengusul`` (the kind recorded on the form:
        :data:`geo.domain.definitions.TINGKAT_PENGUSUL`) of the forum's usulan.

    Returns
    -------
    pandas.DataFrame
        ``kategori``, ``kelompok`` (label), ``jumlah``, ``usulan_id`` (list), ``ditebak`` (how many
        were placed from words in the proposer's name because the recorded kind is generic or
        unknown), most usulan first.
    """
    kolom = ["kategori", "kelompok", "jumlah", "usulan_id", "ditebak"]
    if usulan.empty:
        return pd.DataFrame(columns=kolom)
    tingkat = usulan["tingkat_pengusul"] if "tingkat_pengusul" in usulan else pd.Series(None, index=usulan.index)
    tercatat = tingkat.map(TINGKAT_PENGUSUL)
    tebakan = usulan["pengusul"].map(kelompok_pengusul)
    # the kind recorded on the usulan decides; a generic kind ("RT/RW") whose name names a group is
    # counted under that group and flagged as guessed, so the forum can check it
    ditebak = (tercatat.isna() | (tercatat == "masyarakat")) & (tebakan != "masyarakat")
    kategori = tercatat.where(~ditebak & tercatat.notna(), tebakan)
    df = pd.DataFrame({"id": usulan["id"].astype(int), "kategori": kategori, "ditebak": ditebak})
    g = df.groupby("kategori").agg(usulan_id=("id", lambda s: sorted(s.tolist())), ditebak=("ditebak", "sum"))
    g = g.reset_index()
    g["jumlah"] = g["usulan_id"].map(len)
    g["ditebak"] = g["ditebak"].astype(int)
    g["kelompok"] = g["kategori"].map(lambda k: KATEGORI_PESERTA[k][0])
    return g.sort_values(["jumlah", "kategori"], ascending=[False, True])[kolom]


def nomor_surat(pola: str, urut: int, tanggal: datetime.date) -> str:
    """The letter number of the ``urut``-th invitation: ``{no}`` (3 digits), ``{bulan}`` (Roman), ``{tahun}``.

    Examples
    --------
    >>> nomor_surat("005/{no}/Bappeda/{bulan}/{tahun}", 7, datetime.date(2027, 2, 3))
    '005/007/Bappeda/II/2027'
    """
    romawi = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
    return (
        pola.replace("{no}", f"{urut:03d}")
        .replace("{bulan}", romawi[tanggal.month - 1])
        .replace("{tahun}", str(tanggal.year))
    )


def cocok_nama(nama: pd.Series, cari: str) -> pd.Series:
    """Rows whose name contains every word of ``cari`` (case-insensitive), for the door search.

    Examples
    --------
    >>> cocok_nama(pd.Series(["Siti Aminah", "Budi", "Aminah Siregar"]), "amin si").tolist()
    [True, False, True]
    """
    teks = nama.fillna("").str.lower()
    hasil = pd.Series(True, index=nama.index)
    for kata in cari.lower().split():
        hasil &= teks.str.contains(kata, regex=False)
    return hasil
