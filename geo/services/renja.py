"""Use cases of Renja PD and DPA: an OPD drafts its Renja lines, TAPD sets DPA versions with their RAK.

Every write checks the acting account (an OPD only its own lines; TAPD the DPA) and refuses bad
input naming the row and field: a sub-kegiatan code the nomenclature does not hold, an usulan
counted in two lines, a RAK that does not sum to the DPA pagu, a kode rekening of the wrong shape.
"""

from __future__ import annotations

import re

import pandas as pd

from geo.domain import anggaran as ang
from geo.domain import sinkronisasi as sk
from geo.domain.akses import Pengguna, pastikan
from geo.errors import KesalahanInput, KonflikVersi, Masalah
from geo.services import anggaran as layanan_anggaran
from geo.store import anggaran as simpanan_anggaran
from geo.store import renja as simpanan
from geo.store.db import Gudang

#: Renja line fields a caller gives (``usulan_id`` a list; empty for teknokratis/pokir lines).
KOLOM_RENJA = (
    "opd", "kode_sub_kegiatan", "kode_wilayah", "uraian", "target_volume", "satuan", "pagu_indikatif", "asal",
    "usulan_id",
)  # fmt: skip


def _periksa_renja(baris: pd.DataFrame, nomenklatur: pd.DataFrame, ada: pd.DataFrame) -> list[Masalah]:
    sub = set(nomenklatur.loc[nomenklatur["tingkat"] == "sub_kegiatan", "kode"])
    masalah: list[Masalah] = []
    for i, r in enumerate(baris.to_dict("records"), start=1):
        no = f"baris {i}"
        if r["kode_sub_kegiatan"] not in sub:
            masalah.append(
                Masalah(
                    no, "kode_sub_kegiatan", str(r["kode_sub_kegiatan"]), "sub-kegiatan di nomenklatur", "pilih kode"
                )
            )
        if r["asal"] not in ang.ASAL_RENJA:
            masalah.append(Masalah(no, "asal", str(r["asal"]), ", ".join(ang.ASAL_RENJA), "pilih asal baris"))
        if r["asal"] == "musrenbang" and not len(r["usulan_id"]):
            masalah.append(
                Masalah(
                    no, "usulan_id", "(kosong)", "usulan yang dijawab", "sebut usulannya, atau tandai teknokratis/pokir"
                )
            )
        if pd.isna(r["pagu_indikatif"]) or float(r["pagu_indikatif"]) < 0:
            masalah.append(Masalah(no, "pagu_indikatif", str(r["pagu_indikatif"]), "≥ 0", "isi pagu indikatif"))
        if pd.isna(r["target_volume"]) or float(r["target_volume"]) <= 0:
            masalah.append(Masalah(no, "target_volume", str(r["target_volume"]), "> 0", "isi target volume"))
    semua = pd.concat(
        [ada[["id", "usulan_id"]], pd.DataFrame({"id": [f"baru {i}" for i in range(1, len(baris) + 1)],
                                                  "usulan_id": list(baris["usulan_id"])})],
        ignore_index=True,
    )  # fmt: skip
    masalah += ang.usulan_ganda(semua)
    return masalah


def tambah_renja(
    gudang: Gudang, kode_kabupaten: str, tahun: int, baris: pd.DataFrame, alasan: str, pelaku: Pengguna
) -> list[int]:
    """Add Renja lines (:data:`KOLOM_RENJA`); all or nothing. An OPD account writes only its own OPD's lines.

    Raises
    ------
    KesalahanInput
        Unknown sub-kegiatan, unknown origin, a Musrenbang line without usulan, an usulan already in
        another line (of this year, or twice in ``baris``), negative pagu, non-positive target.
    """
    for opd in set(baris["opd"]):
        pastikan(pelaku, "renja.tulis", opd=opd, kode_wilayah=kode_kabupaten)
    nom = simpanan_anggaran.nomenklatur(gudang)
    rows = baris.copy()
    rows["usulan_id"] = rows["usulan_id"].map(lambda v: [int(i) for i in (v if v is not None else [])])
    indikator = nom.set_index("kode")["indikator"]
    rows["indikator"] = rows["kode_sub_kegiatan"].map(indikator).fillna("")
    with gudang.sesi(tulis=True) as con:
        masalah = _periksa_renja(rows, nom, simpanan.baris_tahun(con, kode_kabupaten, tahun))
        if masalah:
            raise KesalahanInput("Baris Renja tidak disimpan", masalah)
        rows["kode_kabupaten"] = kode_kabupaten
        rows["tahun"] = int(tahun)
        return simpanan.sisipkan_renja(con, rows, pelaku.nama_pengguna, alasan or "susun Renja")


def renja_dari_skenario(gudang: Gudang, kode_kabupaten: str, tahun: int, opd: str, pelaku: Pengguna) -> list[int]:
    """Draft an OPD's Renja from the agreed usulan kept by the latest scenario (all agreed when none is saved).

    One line per usulan (its desa, volume, unit, agreed value, the sub-kegiatan of its kamus item);
    usulan already in a Renja line and usulan without a sub-kegiatan are left out (the DIPA page lists the latter).
    """
    pastikan(pelaku, "renja.tulis", opd=opd, kode_wilayah=kode_kabupaten)
    data = layanan_anggaran.dipa(gudang, kode_kabupaten, tahun)
    sken = simpanan_anggaran.daftar_skenario(gudang, kode_kabupaten, tahun)
    u = data.usulan[(data.usulan["opd"] == opd) & data.usulan["kode_sub_kegiatan"].notna()]
    if len(sken):
        u = u[u["id"].isin(sken.iloc[0]["tetap"])]
    sudah = {i for ids in simpanan.renja(gudang, kode_kabupaten, tahun)["usulan_id"] for i in ids}
    u = u[~u["id"].isin(sudah)]
    if u.empty:
        return []
    baris = pd.DataFrame(
        {
            "opd": opd,
            "kode_sub_kegiatan": u["kode_sub_kegiatan"].to_numpy(),
            "kode_wilayah": u["kode_desa"].to_numpy(),
            "uraian": u["uraian"].to_numpy(),
            "target_volume": u["volume"].to_numpy(),
            "satuan": u["satuan"].to_numpy(),
            "pagu_indikatif": u["nilai"].to_numpy(),
            # a pokir or Renja usulan entered through the app keeps its origin (and still names the usulan)
            "asal": u["jenis_usulan"].map({"pokir": "pokir", "renja": "teknokratis"}).fillna("musrenbang").to_numpy(),
            "usulan_id": [[int(i)] for i in u["id"]],
        }
    )
    versi = f"skenario versi {int(sken.iloc[0]['versi'])}" if len(sken) else "usulan disepakati"
    return tambah_renja(gudang, kode_kabupaten, tahun, baris, f"disusun dari {versi}", pelaku)


def _periksa_dpa(isi: dict[str, pd.DataFrame], renja_ada: set[int]) -> list[Masalah]:
    masalah: list[Masalah] = []
    for r in isi["dpa"].itertuples():
        if int(r.renja_id) not in renja_ada:
            masalah.append(
                Masalah(f"baris DPA {r.renja_id}", "renja_id", str(r.renja_id), "baris Renja tahun ini", "pilih baris")
            )
    for r in isi["dpa_rincian"].itertuples():
        if not re.fullmatch(ang.POLA_REKENING, str(r.kode_rekening)):
            masalah.append(
                Masalah(f"baris DPA {r.renja_id} rincian {r.no}", "kode_rekening", str(r.kode_rekening),
                        "kode rekening belanja seperti 5.1.02.01.01.0024", "perbaiki kode rekening")
            )  # fmt: skip
    masalah += ang.periksa_rak(isi["rak"], isi["dpa"].set_index("renja_id")["pagu"])
    return masalah


def ubah_dpa(
    gudang: Gudang,
    kode_kabupaten: str,
    tahun: int,
    jenis: str,
    berlaku_bulan: int,
    alasan: str,
    pagu: dict[int, float],
    rak: dict[int, list[float]],
    pelaku: Pengguna,
    versi_terlihat: int | None = None,
) -> int:
    """A mid-year change (perubahan/pergeseran): a new DPA version copying the one in force, with changes.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Dotted code of the kabupaten.
    tahun : int
        Budget year.
    jenis : {"perubahan", "pergeseran"}
        Kind of change.
    berlaku_bulan : int
        First month the new version is in force (not before the current version's).
    pagu : dict
        Renja line id -> new pagu (lines not named keep theirs).
    rak : dict
        Renja line id -> 12 monthly cash values (must sum to the line's pagu).
    alasan : str
        Why (recorded with the version and in the audit log).
    pelaku : Pengguna
        Who acts (``dpa.tulis``: TAPD).
    versi_terlihat : int, optional
        The DPA version the user edited; when another version was set since (or an older one was
        shown), :class:`~geo.errors.KonflikVersi` and nothing is written.

    Returns
    -------
    int
        The new version number; earlier versions stay readable and monitoring reads, for each month,
        the version in force then.
    """
    pastikan(pelaku, "dpa.tulis", seluruh_kabupaten=True, kode_wilayah=kode_kabupaten)
    masalah: list[Masalah] = []
    if jenis not in ("perubahan", "pergeseran"):
        masalah.append(Masalah("DPA", "jenis", jenis, "perubahan atau pergeseran", "pilih jenis perubahan"))
    if not alasan.strip():
        masalah.append(Masalah("DPA", "alasan", "(kosong)", "alasan perubahan", "tulis alasannya"))
    with gudang.sesi(tulis=True) as con:
        versi, mulai = simpanan.versi_terakhir(con, kode_kabupaten, tahun)
        if versi_terlihat is not None and versi and int(versi_terlihat) != versi:
            raise KonflikVersi(
                f"DPA {tahun} kini versi {versi}, perubahan Anda dibuat pada versi {versi_terlihat}. "
                "Perubahan Anda belum disimpan: buka versi terbaru, periksa, lalu ulangi."
            )
        if versi == 0:
            masalah.append(Masalah("DPA", "versi", "(belum ada)", "DPA murni lebih dulu", "tetapkan DPA murni"))
        if not 1 <= int(berlaku_bulan) <= 12 or int(berlaku_bulan) < mulai:
            masalah.append(
                Masalah("DPA", "berlaku_bulan", str(berlaku_bulan), f"bulan {mulai}–12", "pilih bulan mulai berlaku")
            )
        if masalah:
            raise KesalahanInput("Perubahan DPA tidak disimpan", masalah)
        isi = simpanan.baca_versi(con, kode_kabupaten, tahun, versi)
        for rid, nilai in pagu.items():
            isi["dpa"].loc[isi["dpa"]["renja_id"] == rid, "pagu"] = float(nilai)
        for rid, bulan in rak.items():
            lain = isi["rak"][isi["rak"]["renja_id"] != rid]
            baru = pd.DataFrame({"renja_id": rid, "bulan": range(1, 13), "nilai": [float(v) for v in bulan]})
            isi["rak"] = pd.concat([lain, baru[baru["nilai"] != 0]], ignore_index=True)
        masalah = _periksa_dpa(isi, simpanan.id_renja(con, kode_kabupaten, tahun))
        if masalah:
            raise KesalahanInput("Perubahan DPA tidak disimpan", masalah)
        simpanan.tulis_versi_dpa(
            con, kode_kabupaten, tahun, versi + 1, jenis, int(berlaku_bulan), alasan.strip(), isi, pelaku.nama_pengguna
        )
        return versi + 1


def tetapkan_dpa_murni(gudang: Gudang, kode_kabupaten: str, tahun: int, alasan: str, pelaku: Pengguna) -> int:
    """Set the DPA murni (version 1, in force from January) from the year's Renja lines.

    Each line's pagu is its pagu indikatif; detail rows are proposed from the usulan it answers (kamus item,
    volume, unit price; an adjustment row when the agreed value differs) or from its target; the RAK follows
    :data:`geo.domain.anggaran.PROFIL_RAK_BAKU`. TAPD then corrects lines with a pergeseran.

    Raises
    ------
    KesalahanInput
        A DPA already exists for the year, or there is no Renja line; or the proposal fails the checks.
    """
    pastikan(pelaku, "dpa.tulis", kode_wilayah=kode_kabupaten)
    with gudang.sesi(tulis=True) as con:
        versi, _ = simpanan.versi_terakhir(con, kode_kabupaten, tahun)
        renja = simpanan.renja_con(con, kode_kabupaten, tahun)
        masalah = []
        if versi:
            masalah.append(
                Masalah("DPA", "versi", f"versi {versi} sudah ada", "DPA murni sekali", "pakai perubahan/pergeseran")
            )
        if renja.empty:
            masalah.append(Masalah("DPA", "renja", "(kosong)", "baris Renja tahun ini", "susun Renja lebih dulu"))
        if masalah:
            raise KesalahanInput("DPA murni tidak ditetapkan", masalah)
        usulan = simpanan.usulan_rincian(con, [i for ids in renja["usulan_id"] for i in ids])
        isi = {
            "dpa": pd.DataFrame({"renja_id": renja["id"], "pagu": renja["pagu_indikatif"]}),
            "dpa_rincian": ang.rincian_baku(renja, usulan, simpanan.kelas_sub_kegiatan(con)),
            "rak": ang.rak_baku(renja.set_index("id")["pagu_indikatif"]),
        }
        masalah = _periksa_dpa(isi, set(renja["id"]))
        if masalah:
            raise KesalahanInput("DPA murni tidak ditetapkan", masalah)
        simpanan.tulis_versi_dpa(
            con, kode_kabupaten, tahun, 1, "murni", 1, alasan.strip() or "DPA murni", isi, pelaku.nama_pengguna
        )
        return 1


def tumpang_tindih_rkpd(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Renja lines of two OPDs at the same place with a similar activity (:func:`tumpang_tindih_renja`).

    A line's place is the location of the usulan it answers, else its wilayah code; its activity is the
    usulan's kamus class, else the class of a kamus item mapped to its sub-kegiatan.

    Returns
    -------
    DataFrame
        ``id_a``, ``opd_a``, ``uraian_a``, ``id_b``, ``opd_b``, ``uraian_b``, ``jarak_m`` (NaN: same wilayah code).
    """
    renja = simpanan.renja(gudang, kode_kabupaten, tahun)
    if renja.empty:
        return pd.DataFrame(columns=["id_a", "opd_a", "uraian_a", "id_b", "opd_b", "uraian_b", "jarak_m"])
    u = simpanan_anggaran.usulan_sepakat(gudang, kode_kabupaten, tahun).set_index("id")
    with gudang.sesi() as con:
        kelas_sub = simpanan.kelas_sub_kegiatan(con)
    pertama = [next((i for i in ids if i in u.index), None) for ids in renja["usulan_id"]]
    baris = pd.DataFrame(
        {
            "id": renja["id"],
            "opd": renja["opd"],
            "uraian": renja["uraian"],
            "kode_wilayah": renja["kode_wilayah"],
            "geometry": [u.at[i, "geometry"] if i is not None else None for i in pertama],
            "kelas_kegiatan": [
                u.at[i, "kelas_kegiatan"] if i is not None and pd.notna(u.at[i, "kelas_kegiatan"])
                else kelas_sub.get(s, f"sub {s}")
                for i, s in zip(pertama, renja["kode_sub_kegiatan"], strict=True)
            ],
        }
    )  # fmt: skip
    pasangan = sk.tumpang_tindih_renja(baris)
    uraian = renja.set_index("id")["uraian"]
    pasangan["uraian_a"] = pasangan["id_a"].map(uraian)
    pasangan["uraian_b"] = pasangan["id_b"].map(uraian)
    return pasangan[["id_a", "opd_a", "uraian_a", "id_b", "opd_b", "uraian_b", "jarak_m"]]
