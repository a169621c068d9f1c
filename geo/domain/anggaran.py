"""The budget chain after the kabupaten forum (domain §8): nomenclature rules, DIPA lines, checks.

Pure: no I/O. The nomenclature itself is reference data (``load nomenklatur``); only the *shape*
of its codes is defined here (:data:`POLA_KODE`, Permendagri 90/2019 style
``1.03.10.2.01.0001``). An usulan gets its sub-kegiatan from its kamus item
(``padanan_nomenklatur``); an item without a mapping is listed (:func:`baris_dipa` returns it
apart), never guessed. The checks name the row and field of every problem
(:class:`~geo.errors.Masalah`).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from geo.errors import Masalah

#: Levels of the nomenclature, top first, with the shape of their codes.
POLA_KODE: dict[str, str] = {
    "urusan": r"\d",
    "bidang": r"\d\.\d{2}",
    "program": r"\d\.\d{2}\.\d{2}",
    "kegiatan": r"\d\.\d{2}\.\d{2}\.\d\.\d{2}",
    "sub_kegiatan": r"\d\.\d{2}\.\d{2}\.\d\.\d{2}\.\d{4}",
}
TINGKAT: tuple[str, ...] = tuple(POLA_KODE)
#: Labels of the levels.
LABEL_TINGKAT: dict[str, str] = {
    "urusan": "Urusan",
    "bidang": "Bidang urusan",
    "program": "Program",
    "kegiatan": "Kegiatan",
    "sub_kegiatan": "Sub-kegiatan",
}
#: Shape of a kode rekening belanja (akun.kelompok.jenis.objek.rincian.sub-rincian), e.g. 5.1.02.01.01.0024.
POLA_REKENING = r"5\.\d\.\d{2}\.\d{2}\.\d{2}\.\d{4}"
#: Where a Renja line comes from (domain §8): the Musrenbang, the OPD's own technocratic plan, DPRD pokir.
ASAL_RENJA: dict[str, str] = {
    "musrenbang": "Usulan Musrenbang",
    "teknokratis": "Rencana teknokratis OPD",
    "pokir": "Pokok pikiran DPRD",
}
#: Rupiah rounding tolerance when comparing sums (a RAK against its pagu).
TOLERANSI_RP = 1.0


def _kosong(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or not str(v).strip()


def tingkat_kode(kode: str) -> str | None:
    """The nomenclature level a code's shape belongs to, or None when it fits none.

    >>> tingkat_kode("1.03.10.2.01.0001"), tingkat_kode("1.03"), tingkat_kode("1.3.10")
    ('sub_kegiatan', 'bidang', None)
    """
    k = str(kode).strip()
    return next((t for t, p in POLA_KODE.items() if re.fullmatch(p, k)), None)


def induk_kode(kode: str) -> str | None:
    """The parent's code: one segment off (two for a kegiatan, whose parent is the program).

    >>> induk_kode("1.03.10.2.01.0001"), induk_kode("1.03.10.2.01"), induk_kode("1")
    ('1.03.10.2.01', '1.03.10', None)
    """
    t = tingkat_kode(kode)
    if t is None or t == "urusan":
        return None
    bagian = kode.strip().split(".")
    return ".".join(bagian[:-2] if t == "kegiatan" else bagian[:-1])


def periksa_nomenklatur(df: pd.DataFrame, nomor: list[str] | None = None, ada: set[str] | None = None) -> list[Masalah]:
    """Every problem of a nomenclature table, naming row and field.

    Parameters
    ----------
    df : DataFrame
        ``kode``, ``nama``, ``indikator``, ``satuan`` (text).
    nomor : list of str, optional
        Row labels for the messages (default ``baris 2``, ``baris 3``… as in a file with a header).
    ada : set of str, optional
        Codes already loaded (a parent may be there instead of in this file).

    Returns
    -------
    list of Masalah
        Unknown code shape, parent missing, duplicate code, empty name, a sub-kegiatan without
        output indicator or unit.
    """
    nomor = nomor or [f"baris {i + 2}" for i in range(len(df))]
    kode = df["kode"].astype(str).str.strip()
    semua = set(kode) | (ada or set())
    masalah: list[Masalah] = []
    ganda = set(kode[kode.duplicated()])
    for no, k, r in zip(nomor, kode, df.to_dict("records"), strict=True):
        t = tingkat_kode(k)
        if t is None:
            masalah.append(Masalah(no, "kode", k, "kode nomenklatur seperti 1.03.10.2.01.0001", "perbaiki bentuk kode"))
            continue
        induk = induk_kode(k)
        if induk is not None and induk not in semua:
            masalah.append(
                Masalah(no, "kode", k, f"induk {induk} ada di berkas atau sudah dimuat", "tambahkan baris induknya")
            )
        if k in ganda:
            masalah.append(Masalah(no, "kode", k, "kode unik", "hapus baris ganda"))
        if _kosong(r.get("nama")):
            masalah.append(Masalah(no, "nama", "(kosong)", "nama terisi", "isi nama"))
        if t == "sub_kegiatan":
            for kol in ("indikator", "satuan"):
                if _kosong(r.get(kol)):
                    masalah.append(Masalah(no, kol, "(kosong)", f"{kol} keluaran sub-kegiatan", f"isi {kol} keluaran"))
    return masalah


def baris_dipa(
    usulan: pd.DataFrame, padanan: dict[str, str], nomenklatur: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """DIPA Musrenbang lines: the agreed usulan grouped by OPD and sub-kegiatan.

    Parameters
    ----------
    usulan : DataFrame
        Agreed usulan: ``id``, ``opd``, ``kode_kamus``, ``volume``, ``satuan``, ``nilai`` (Rp agreed),
        ``sumber_dana``, ``kode_desa``, ``kode_kecamatan``; optionally ``penerima_laki`` and
        ``penerima_perempuan`` (beneficiaries: the outcome target).
    padanan : dict
        Kamus code -> sub-kegiatan code.
    nomenklatur : DataFrame
        ``kode``, ``nama``, ``indikator``, ``satuan`` (indexed by nothing).

    Returns
    -------
    (DataFrame, DataFrame)
        The lines — ``kode_dipa`` (``OPD|sub-kegiatan``), ``opd``, ``kode_program``, ``nama_program``,
        ``kode_kegiatan``, ``nama_kegiatan``, ``kode_sub_kegiatan``, ``nama_sub_kegiatan``,
        ``indikator``, ``satuan``, ``target`` (Σ volume), ``penerima`` (Σ beneficiaries, the outcome target),
        ``lokasi`` (desa count), ``kecamatan``
        (kecamatan count), ``pagu`` (Σ nilai), ``sumber_dana``, ``usulan_id`` (sorted list) — sorted by
        OPD and code; and the usulan whose kamus item has no sub-kegiatan (``alasan`` says why).
    """
    u = usulan.copy()
    u["penerima"] = sum(
        pd.to_numeric(u[k], errors="coerce").fillna(0.0) if k in u else 0.0
        for k in ("penerima_laki", "penerima_perempuan")
    )
    u["kode_sub_kegiatan"] = u["kode_kamus"].map(padanan)
    nama = nomenklatur.set_index("kode")
    dikenal = u["kode_sub_kegiatan"].isin(nama.index)
    tanpa = u[~dikenal].copy()
    tanpa["alasan"] = np.where(
        tanpa["kode_sub_kegiatan"].isna(),
        "item kamus belum dipadankan ke sub-kegiatan",
        "sub-kegiatan padanan tidak ada di nomenklatur: " + tanpa["kode_sub_kegiatan"].astype(str),
    )
    u = u[dikenal]
    kolom = [
        "kode_dipa",
        "opd",
        "kode_program",
        "nama_program",
        "kode_kegiatan",
        "nama_kegiatan",
        "kode_sub_kegiatan",
        "nama_sub_kegiatan",
        "indikator",
        "satuan",
        "target",
        "penerima",
        "lokasi",
        "kecamatan",
        "pagu",
        "sumber_dana",
        "usulan_id",
    ]
    if u.empty:
        return pd.DataFrame(columns=kolom), tanpa.reset_index(drop=True)
    g = u.sort_values("id").groupby(["opd", "kode_sub_kegiatan"], sort=True)
    hasil = g.agg(
        target=("volume", "sum"),
        penerima=("penerima", "sum"),
        lokasi=("kode_desa", "nunique"),
        kecamatan=("kode_kecamatan", "nunique"),
        pagu=("nilai", "sum"),
        sumber_dana=("sumber_dana", lambda s: ", ".join(sorted(set(map(str, s))))),
        usulan_id=("id", lambda s: sorted(int(i) for i in s)),
    ).reset_index()
    sub = hasil["kode_sub_kegiatan"]
    hasil["kode_kegiatan"] = sub.map(induk_kode)
    hasil["kode_program"] = hasil["kode_kegiatan"].map(induk_kode)
    hasil["nama_sub_kegiatan"] = sub.map(nama["nama"])
    hasil["nama_kegiatan"] = hasil["kode_kegiatan"].map(nama["nama"])
    hasil["nama_program"] = hasil["kode_program"].map(nama["nama"])
    hasil["indikator"] = sub.map(nama["indikator"])
    hasil["satuan"] = sub.map(nama["satuan"])
    hasil["kode_dipa"] = hasil["opd"] + "|" + sub
    return hasil[kolom], tanpa.reset_index(drop=True)


def periksa_plafon(plafon: pd.DataFrame, nomor: list[str] | None = None) -> list[Masalah]:
    """Ceilings that cannot stand: negative, or below what contracts already bind.

    ``plafon`` has ``opd``, ``kode_program``, ``nilai``, ``terkontrak``.

    >>> p = pd.DataFrame({"opd": ["Dinas A"], "kode_program": [""], "nilai": [5e8], "terkontrak": [7e8]})
    >>> periksa_plafon(p)[0].kolom
    'nilai'
    """
    nomor = nomor or [f"plafon {r.opd}{' ' + r.kode_program if r.kode_program else ''}" for r in plafon.itertuples()]
    masalah = []
    for no, r in zip(nomor, plafon.itertuples(), strict=True):
        nilai = float(r.nilai) if pd.notna(r.nilai) else float("nan")
        kontrak = float(r.terkontrak) if pd.notna(r.terkontrak) else 0.0
        if np.isnan(nilai) or nilai < 0:
            masalah.append(Masalah(no, "nilai", str(r.nilai), "angka ≥ 0", "isi plafon dalam rupiah"))
        elif nilai + TOLERANSI_RP < kontrak:
            masalah.append(
                Masalah(
                    no,
                    "nilai",
                    f"{nilai:,.0f}",
                    f"≥ nilai yang sudah terkontrak ({kontrak:,.0f})",
                    "naikkan plafon atau kurangi kontrak lebih dulu",
                )
            )
    return masalah


def periksa_rak(rak: pd.DataFrame, pagu: pd.Series) -> list[Masalah]:
    """Cash plans that do not sum to their DPA line's pagu (or have a month outside 1–12 or a negative value).

    Parameters
    ----------
    rak : DataFrame
        ``renja_id``, ``bulan``, ``nilai`` (cash of the month).
    pagu : Series
        Pagu per ``renja_id``.

    Examples
    --------
    >>> r = pd.DataFrame({"renja_id": [1, 1, 2], "bulan": [3, 6, 6], "nilai": [40.0, 60.0, 50.0]})
    >>> [(m.lokasi, m.kolom) for m in periksa_rak(r, pd.Series({1: 100.0, 2: 80.0}))]
    [('baris DPA 2', 'nilai')]
    """
    masalah = []
    for r in rak[(rak["bulan"] < 1) | (rak["bulan"] > 12)].itertuples():
        masalah.append(Masalah(f"baris DPA {r.renja_id}", "bulan", str(r.bulan), "1–12", "perbaiki bulan"))
    for r in rak[rak["nilai"] < 0].itertuples():
        masalah.append(Masalah(f"baris DPA {r.renja_id}", "nilai", str(r.nilai), "≥ 0", "perbaiki nilai bulan"))
    jumlah = rak.groupby("renja_id")["nilai"].sum().reindex(pagu.index, fill_value=0.0)
    for rid, j in jumlah.items():
        if abs(j - float(pagu[rid])) > TOLERANSI_RP:
            masalah.append(
                Masalah(
                    f"baris DPA {rid}",
                    "nilai",
                    f"Σ RAK {j:,.0f}",
                    f"sama dengan pagu DPA {float(pagu[rid]):,.0f}",
                    "sesuaikan rencana kas bulanan",
                )
            )
    return masalah


def usulan_ganda(baris: pd.DataFrame) -> list[Masalah]:
    """Usulan counted in more than one line (``id`` of the line, ``usulan_id`` list), one problem per extra line.

    >>> b = pd.DataFrame({"id": [1, 2], "usulan_id": [[5, 6], [6]]})
    >>> [(m.lokasi, m.nilai) for m in usulan_ganda(b)]
    [('baris 2', '6')]
    """
    dilihat: dict[int, object] = {}
    masalah = []
    for r in baris.itertuples():
        for uid in r.usulan_id if r.usulan_id is not None else []:
            if int(uid) in dilihat:
                masalah.append(
                    Masalah(
                        f"baris {r.id}",
                        "usulan_id",
                        str(uid),
                        f"usulan hanya di satu baris (sudah di baris {dilihat[int(uid)]})",
                        "hapus usulan dari salah satu baris",
                    )
                )
            else:
                dilihat[int(uid)] = r.id
    return masalah


def rak_kumulatif(rak: pd.DataFrame, versi_bulan: dict[int, int]) -> pd.DataFrame:
    """Cumulative planned cash per line and month, each month read from the DPA version in force then.

    Parameters
    ----------
    rak : DataFrame
        ``versi``, ``renja_id``, ``bulan``, ``nilai`` of every version.
    versi_bulan : dict
        Month -> version in force (:func:`versi_berlaku`).

    Returns
    -------
    DataFrame
        ``renja_id``, ``bulan``, ``rencana_keuangan``: for month m, Σ of months 1..m of the version in force at m.

    Examples
    --------
    Version 1 plans 50 in March and 50 in June; version 2 (from July) moves the June cash to September.

    >>> r = pd.DataFrame({"versi": [1, 1, 2, 2], "renja_id": [7] * 4, "bulan": [3, 6, 3, 9],
    ...                   "nilai": [50.0, 50.0, 50.0, 50.0]})
    >>> k = rak_kumulatif(r, {m: 1 if m < 7 else 2 for m in range(1, 13)})
    >>> k.set_index("bulan").loc[[6, 7, 9], "rencana_keuangan"].tolist()
    [100.0, 50.0, 100.0]
    """
    keluar = []
    for v in sorted(set(versi_bulan.values())):
        bulan = [m for m, vv in versi_bulan.items() if vv == v]
        r = rak[rak["versi"] == v]
        if r.empty:
            continue
        tabel = r.pivot_table(index="renja_id", columns="bulan", values="nilai", aggfunc="sum")
        tabel = tabel.reindex(columns=range(1, 13), fill_value=0.0).fillna(0.0).cumsum(axis=1)
        panjang = tabel[bulan].stack().rename("rencana_keuangan").reset_index()
        keluar.append(panjang)
    if not keluar:
        return pd.DataFrame(columns=["renja_id", "bulan", "rencana_keuangan"])
    return pd.concat(keluar, ignore_index=True).sort_values(["renja_id", "bulan"]).reset_index(drop=True)


def versi_berlaku(versi: pd.DataFrame) -> dict[int, int]:
    """Month -> DPA version in force: the latest version whose ``berlaku_bulan`` is not after the month.

    >>> v = versi_berlaku(pd.DataFrame({"versi": [1, 2], "berlaku_bulan": [1, 7]}))
    >>> v[6], v[7], v[12]
    (1, 2, 2)
    """
    urut = versi.sort_values("versi")
    hasil: dict[int, int] = {}
    for m in range(1, 13):
        cocok = urut[urut["berlaku_bulan"] <= m]
        if len(cocok):
            hasil[m] = int(cocok["versi"].iloc[-1])
    return hasil


#: Kode rekening belanja proposed for a kamus activity class when TAPD sets the DPA murni from the Renja
#: (belanja modal for works, barang/jasa for non-physical activities); TAPD corrects it per line afterwards.
#: Shapes follow ``5.x.xx.xx.xx.xxxx`` (Permendagri 90/2019 *(verify the objects per kabupaten)*).
REKENING_BAKU: dict[str, str] = {
    "jalan": "5.2.04.01.01.0003",
    "drainase": "5.2.04.02.02.0001",
    "irigasi": "5.2.04.02.01.0001",
    "air_bersih": "5.2.04.03.01.0001",
    "nonfisik": "5.1.02.01.01.0052",
}
#: Kode rekening of any other class (belanja modal bangunan gedung).
REKENING_LAIN = "5.2.03.01.01.0001"
#: Default monthly cash profile of a DPA murni (% of the pagu per month, January first; sums to 100): little in
#: the first quarter (tender), most mid-year, the rest at hand-over. TAPD shifts it per line with a pergeseran.
PROFIL_RAK_BAKU: tuple[float, ...] = (0, 0, 5, 5, 10, 10, 15, 15, 15, 10, 5, 10)


def rak_baku(pagu: pd.Series, profil: tuple[float, ...] = PROFIL_RAK_BAKU) -> pd.DataFrame:
    """Monthly cash plan of each line from a profile, rounded to whole rupiah; December takes the remainder.

    Examples
    --------
    >>> r = rak_baku(pd.Series({7: 1_000_001.0}))
    >>> r["nilai"].sum(), r.set_index("bulan").at[7, "nilai"]
    (np.float64(1000001.0), np.float64(150000.0))
    """
    bobot = np.asarray(profil, dtype=float) / float(sum(profil))
    baris = []
    for rid, p in pagu.items():
        nilai = np.floor(float(p) * bobot)
        nilai[-1] += float(p) - nilai.sum()
        baris += [{"renja_id": rid, "bulan": b, "nilai": v} for b, v in zip(range(1, 13), nilai, strict=True) if v]
    return pd.DataFrame(baris, columns=["renja_id", "bulan", "nilai"])


def rincian_baku(renja: pd.DataFrame, usulan: pd.DataFrame, kelas_sub: dict[str, str]) -> pd.DataFrame:
    """Budget detail rows proposed for the DPA murni.

    One row per usulan a line answers (its kamus item, volume, unit and unit price), plus an adjustment row
    when the line's pagu differs from their sum; a line without usulan gets one row for its target.

    Parameters
    ----------
    renja : DataFrame
        ``id``, ``kode_sub_kegiatan``, ``uraian``, ``target_volume``, ``satuan``, ``pagu_indikatif``, ``usulan_id``.
    usulan : DataFrame
        ``id``, ``nama_kamus``, ``kelas_kegiatan``, ``volume``, ``satuan``, ``harga_satuan``.
    kelas_sub : dict
        Sub-kegiatan -> kamus activity class (for lines without usulan).
    """
    u = usulan.set_index("id")
    baris = []
    for r in renja.itertuples():
        no = 0
        jumlah = 0.0
        for uid in r.usulan_id:
            if uid not in u.index:
                continue
            x = u.loc[uid]
            no += 1
            jumlah += float(x["volume"]) * float(x["harga_satuan"])
            baris.append(
                (r.id, no, REKENING_BAKU.get(x["kelas_kegiatan"], REKENING_LAIN), str(x["nama_kamus"]),
                 float(x["volume"]), str(x["satuan"]), float(x["harga_satuan"]))
            )  # fmt: skip
        rek = REKENING_BAKU.get(kelas_sub.get(r.kode_sub_kegiatan, ""), REKENING_LAIN)
        if no == 0:
            harga = round(float(r.pagu_indikatif) / float(r.target_volume), 2)
            baris.append((r.id, 1, rek, str(r.uraian), float(r.target_volume), str(r.satuan), harga))
        elif abs(float(r.pagu_indikatif) - jumlah) > TOLERANSI_RP:
            selisih = round(float(r.pagu_indikatif) - jumlah, 2)
            baris.append((r.id, no + 1, baris[-1][2], "Penyesuaian ke nilai yang disepakati", 1.0, "paket", selisih))
    kolom = ["renja_id", "no", "kode_rekening", "komponen", "volume", "satuan", "harga_satuan"]
    return pd.DataFrame(baris, columns=kolom)
