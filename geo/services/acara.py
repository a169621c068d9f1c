"""Use cases of forum preparation (issue 16): schedule, facilitators, material, minutes, inclusion figures.

Writes check the acting user (:func:`geo.domain.akses.pastikan` with ``acara.tulis`` at the
forum's tier and wilayah: Bappeda plans every tier, a kecamatan account its kecamatan and
its desa, a desa account its desa) and are audited. The address book, invitations and
attendance (personal data) are in :mod:`geo.services.peserta`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from geo.domain import acara as da
from geo.domain import definitions
from geo.domain.akses import Pengguna, pastikan
from geo.errors import KesalahanInput, Masalah
from geo.render.catatan_forum import CatatanForum
from geo.render.undangan import gambar_lokasi
from geo.store import acara as simpanan
from geo.store import kueri
from geo.store.db import Gudang


def wilayah_forum(kode_kabupaten: str, tahap: str, kode_forum: str) -> str:
    """The wilayah an access check names for a forum: its desa or kecamatan, else the kabupaten."""
    return kode_forum if tahap in ("desa", "kecamatan") else kode_kabupaten


def pastikan_acara(pelaku: Pengguna, acara: dict) -> None:
    """Refuse (:class:`~geo.errors.KesalahanAkses`) unless ``pelaku`` may prepare this forum (tier and wilayah)."""
    pastikan(
        pelaku,
        "acara.tulis",
        tahap=acara["tahap"],
        kode_wilayah=wilayah_forum(acara["kode_kabupaten"], acara["tahap"], acara["kode_forum"]),
    )


def baca(gudang: Gudang, acara_id: int) -> dict:
    """One forum (raises :class:`KesalahanInput` when it does not exist)."""
    a = simpanan.baca_acara(gudang, acara_id)
    if a is None:
        raise KesalahanInput(
            "Forum tidak ditemukan",
            [Masalah("forum", "id", str(acara_id), "forum yang terjadwal", "muat ulang jadwal")],
        )
    return a


@dataclass
class Jadwal:
    """The schedule of a kabupaten and year, with its tier-order warnings and the kecamatan not yet held."""

    acara: pd.DataFrame
    peringatan: list[da.Peringatan]
    kecamatan_belum: list[str]


def jadwal(gudang: Gudang, kode_kabupaten: str, tahun: int) -> Jadwal:
    """The forums of a kabupaten and year (no personal data), checked for tier order.

    Parameters
    ----------
    gudang : Gudang
        The store.
    kode_kabupaten : str
        Dotted kabupaten code.
    tahun : int
        Budget year.
    """
    df = simpanan.daftar_acara(gudang, kode_kabupaten, tahun)
    df["mulai"] = pd.to_datetime(df["mulai"])
    forum = df.to_dict("records")
    kec = kueri.wilayah_gdf(gudang, kode_kabupaten, "kecamatan", tampil=True)["kode"].tolist()
    return Jadwal(df, da.periksa_urutan(forum), da.kecamatan_belum(kec, forum))


def _periksa(data: dict, kode_kabupaten: str) -> list[Masalah]:
    m = []
    if data.get("tahap") not in definitions.TAHAP_FORUM:
        m.append(Masalah("forum", "tahap", str(data.get("tahap")), ", ".join(definitions.TAHAP_FORUM), "pilih tahap"))
    kode = str(data.get("kode_forum") or "")
    if data.get("tahap") in ("desa", "kecamatan"):
        bagian = 4 if data["tahap"] == "desa" else 3
        if not kode.startswith(kode_kabupaten + ".") or len(kode.split(".")) != bagian:
            m.append(Masalah("forum", "kode_forum", kode, f"kode {data['tahap']} di {kode_kabupaten}", "pilih wilayah"))
    elif not kode.strip():
        m.append(Masalah("forum", "kode_forum", kode, "kode kabupaten atau nama OPD", "isi forumnya"))
    if not isinstance(data.get("mulai"), datetime.datetime):
        m.append(Masalah("forum", "mulai", str(data.get("mulai")), "tanggal dan jam", "isi tanggal dan jam"))
    if not str(data.get("tempat") or "").strip():
        m.append(Masalah("forum", "tempat", "", "nama tempat", "isi tempat, mis. Balai Desa"))
    if data.get("status", "rencana") not in da.STATUS_ACARA:
        m.append(Masalah("forum", "status", str(data.get("status")), ", ".join(da.STATUS_ACARA), "pilih status"))
    for k, batas in (("bujur", 180), ("lintang", 90)):
        v = data.get(k)
        if v is not None and not (-batas <= float(v) <= batas):
            m.append(Masalah("forum", k, str(v), f"-{batas} sampai {batas}", "klik lokasi di peta"))
    return m


def _lokasi_baku(gudang: Gudang, kode_kabupaten: str, tahap: str, kode_forum: str) -> tuple[float, float] | None:
    """A default place: a point inside the forum's desa or kecamatan, else inside the kabupaten."""
    tingkat = tahap if tahap in ("desa", "kecamatan") else "kabupaten"
    w = kueri.wilayah_gdf(gudang, kode_kabupaten, tingkat)  # type: ignore[arg-type]
    kode = kode_forum if tingkat != "kabupaten" else kode_kabupaten
    w = w[w["kode"] == kode]
    if w.empty:
        return None
    p = w.geometry.iloc[0].representative_point()
    return round(p.x, 6), round(p.y, 6)


def peta_lokasi(gudang: Gudang, acara: dict) -> bytes | None:
    """A small offline map (PNG) of the forum's place among the desa of its kecamatan (or the kecamatan).

    None when the forum has no location.
    """
    if acara.get("bujur") is None or pd.isna(acara["bujur"]) or pd.isna(acara.get("lintang")):
        return None
    w = kueri.wilayah_gdf(gudang, acara["kode_kabupaten"], "kecamatan")
    if acara["tahap"] in ("desa", "kecamatan"):
        kec = ".".join(acara["kode_forum"].split(".")[:3])
        d = kueri.wilayah_gdf(gudang, acara["kode_kabupaten"], "desa")
        w = d[d["kode"].str.startswith(kec + ".")]
    return gambar_lokasi(w, float(acara["bujur"]), float(acara["lintang"]), acara["tempat"])


def simpan_acara(
    gudang: Gudang,
    pelaku: Pengguna,
    kode_kabupaten: str,
    tahun: int,
    data: dict,
    acara_id: int | None = None,
    versi: int | None = None,
) -> tuple[int, list[da.Peringatan]]:
    """Schedule a forum or change it; return its id and the tier-order warnings that concern it.

    Parameters
    ----------
    gudang : Gudang
        The store.
    pelaku : Pengguna
        Who plans (``acara.tulis`` at the tier, in the forum's wilayah).
    kode_kabupaten : str
        Kabupaten of the forum.
    tahun : int
        Budget year.
    data : dict
        ``tahap``, ``kode_forum``, ``nama``, ``mulai`` (datetime), ``tempat``, optionally
        ``bujur``/``lintang`` (default: a point inside the forum's wilayah), ``agenda``, ``status``.
    acara_id, versi : int, optional
        For a change: the forum and the version the user saw (a concurrent change is refused).

    Raises
    ------
    KesalahanInput
        Listing every missing or wrong field.
    KesalahanAkses
        The account may not plan this forum.
    """
    masalah = _periksa(data, kode_kabupaten)
    if masalah:
        raise KesalahanInput("Jadwal forum belum lengkap", masalah)
    if acara_id is not None:
        pastikan_acara(pelaku, baca(gudang, acara_id))
    pastikan_acara(pelaku, {**data, "kode_kabupaten": kode_kabupaten})
    nilai = {k: data.get(k) for k in ("nama", "mulai", "tempat", "bujur", "lintang", "agenda") if k in data}
    nilai["nama"] = str(data.get("nama") or data["kode_forum"]).strip()
    if data.get("bujur") is None or data.get("lintang") is None:
        lok = _lokasi_baku(gudang, kode_kabupaten, data["tahap"], data["kode_forum"])
        nilai["bujur"], nilai["lintang"] = lok if lok else (None, None)
    if "status" in data:
        nilai["status"] = data["status"]
    if acara_id is None and simpanan.cari_acara(gudang, int(tahun), data["tahap"], data["kode_forum"]) is not None:
        raise KesalahanInput(
            "Forum ini sudah dijadwalkan",
            [
                Masalah(
                    "forum",
                    "kode_forum",
                    str(data["kode_forum"]),
                    "satu forum per tahap dan wilayah",
                    "pilih forum itu di atas lalu ubah jadwalnya",
                )
            ],
        )
    with gudang.sesi(tulis=True) as con:
        if acara_id is None:
            kunci = {"tahun": int(tahun), "tahap": data["tahap"], "kode_forum": data["kode_forum"]}
            nilai.update(kode_kabupaten=kode_kabupaten, dibuat_oleh=pelaku.nama_pengguna)
            simpanan.tulis_acara(con, kunci, 0 if versi is None else versi, nilai, pelaku.nama_pengguna, buat=True)
            acara_id = simpanan.id_acara(con, int(tahun), data["tahap"], data["kode_forum"])
        else:
            nilai.update(tahap=data["tahap"], kode_forum=data["kode_forum"])
            simpanan.tulis_acara(con, {"id": int(acara_id)}, versi, nilai, pelaku.nama_pengguna, buat=False)
    semua = jadwal(gudang, kode_kabupaten, tahun).peringatan
    return int(acara_id), [p for p in semua if p.acara_id == acara_id]


def ubah_status(gudang: Gudang, pelaku: Pengguna, acara_id: int, status: str, versi: int | None) -> int:
    """Set a forum's status (rencana / terlaksana / ba_ditandatangani); return the new version."""
    if status not in da.STATUS_ACARA:
        raise KesalahanInput(
            "Status forum tidak dikenal",
            [Masalah("forum", "status", status, ", ".join(da.STATUS_ACARA), "pilih status")],
        )
    a = baca(gudang, acara_id)
    pastikan_acara(pelaku, a)
    with gudang.sesi(tulis=True) as con:
        return simpanan.tulis_acara(
            con,
            {"id": int(acara_id)},
            versi,
            {"status": status, "nama": a["nama"]},
            pelaku.nama_pengguna,
            False,
            "status",
        )


def atur_bahan(gudang: Gudang, pelaku: Pengguna, acara_id: int, bahan: dict, versi: int | None) -> int:
    """Link the material prepared for a forum.

    ``bahan``: ``slide_set_id`` (a Projector slide set), ``ringkasan`` (baseline indicator codes
    for the summary), ``panduan`` (the prioritisation guide, text). Returns the new version.
    """
    a = baca(gudang, acara_id)
    pastikan_acara(pelaku, a)
    with gudang.sesi(tulis=True) as con:
        return simpanan.tulis_acara(
            con, {"id": int(acara_id)}, versi, {"bahan": bahan, "nama": a["nama"]}, pelaku.nama_pengguna, False, "bahan"
        )


# --- facilitators -----------------------------------------------------------------------
def fasilitator(gudang: Gudang, acara_id: int) -> pd.DataFrame:
    """The facilitator team of a forum (officials acting in their role; not shown on public views)."""
    return simpanan.daftar_fasilitator(gudang, acara_id)


def tambah_fasilitator(gudang: Gudang, pelaku: Pengguna, acara_id: int, nama: str, unit: str, peran: str) -> None:
    """Add a facilitator (name, unit, role moderator / notulis / narasumber) to a forum."""
    m = []
    if not nama.strip():
        m.append(Masalah("fasilitator", "nama", "", "nama", "isi nama"))
    if peran not in da.PERAN_FASILITATOR:
        m.append(Masalah("fasilitator", "peran", peran, ", ".join(da.PERAN_FASILITATOR), "pilih peran"))
    if m:
        raise KesalahanInput("Fasilitator belum lengkap", m)
    pastikan_acara(pelaku, baca(gudang, acara_id))
    with gudang.sesi(tulis=True) as con:
        simpanan.tambah_fasilitator(con, acara_id, nama.strip(), unit.strip(), peran, pelaku.nama_pengguna)


def hapus_fasilitator(gudang: Gudang, pelaku: Pengguna, acara_id: int, fasilitator_id: int) -> None:
    """Remove a facilitator from a forum."""
    pastikan_acara(pelaku, baca(gudang, acara_id))
    with gudang.sesi(tulis=True) as con:
        simpanan.hapus_fasilitator(con, acara_id, fasilitator_id, pelaku.nama_pengguna)


# --- minutes ------------------------------------------------------------------------------
def notulen(gudang: Gudang, acara_id: int) -> pd.DataFrame:
    """The minutes of a forum in the order written."""
    return simpanan.daftar_notulen(gudang, acara_id)


def tambah_notulen(
    gudang: Gudang, pelaku: Pengguna, acara_id: int, jenis: str, teks: str, usulan_id: list[int] | None = None
) -> None:
    """Append a minutes entry: an agenda item, a decision (with the usulan ids it concerns), or an open issue."""
    m = []
    if jenis not in da.JENIS_NOTULEN:
        m.append(Masalah("notulen", "jenis", jenis, ", ".join(da.JENIS_NOTULEN), "pilih jenis"))
    if not teks.strip():
        m.append(Masalah("notulen", "teks", "", "isi catatan", "tulis catatannya"))
    a = baca(gudang, acara_id)
    ids = [int(u) for u in usulan_id or []]
    if ids:
        ada = set(kueri.usulan_gdf(gudang, a["kode_kabupaten"], a["tahun"], ids=ids)["id"].astype(int))
        for u in ids:
            if u not in ada:
                m.append(Masalah("notulen", "usulan_id", str(u), "ID usulan kabupaten ini", "periksa nomor usulan"))
    if m:
        raise KesalahanInput("Catatan notulen belum benar", m)
    pastikan_acara(pelaku, a)
    with gudang.sesi(tulis=True) as con:
        simpanan.tambah_notulen(con, acara_id, jenis, teks.strip(), ids, pelaku.nama_pengguna)


def hapus_notulen(gudang: Gudang, pelaku: Pengguna, acara_id: int, notulen_id: int) -> None:
    """Delete a minutes entry written by mistake (the audit keeps its text)."""
    pastikan_acara(pelaku, baca(gudang, acara_id))
    with gudang.sesi(tulis=True) as con:
        simpanan.hapus_notulen(con, acara_id, notulen_id, pelaku.nama_pengguna)


# --- inclusion figures --------------------------------------------------------------------
def usulan_forum(gudang: Gudang, acara: dict) -> pd.DataFrame:
    """The usulan of a forum's area and year (``id``, ``pengusul``, ``uraian``...; no personal data)."""
    u = kueri.usulan_gdf(gudang, acara["kode_kabupaten"], int(acara["tahun"]))
    kode = acara["kode_forum"]
    if acara["tahap"] == "desa":
        u = u[u["kode_desa"] == kode]
    elif acara["tahap"] == "kecamatan":
        u = u[u["kode_kecamatan"] == kode]
    elif kode != acara["kode_kabupaten"]:
        u = u[u["opd"] == kode]
    return pd.DataFrame(u.drop(columns="geometry", errors="ignore"))


def inklusi_forum(gudang: Gudang, acara: dict) -> tuple[da.Inklusi, pd.DataFrame]:
    """A forum's inclusion figures and which usulan were proposed by which group (counts only, no names)."""
    hadir, undangan = simpanan.rekap_hadir(gudang, acara["kode_kabupaten"], int(acara["tahun"]))
    h = hadir[hadir["acara_id"] == acara["id"]]
    n = undangan.loc[undangan["acara_id"] == acara["id"], "diundang"]
    return da.inklusi(acara["tahap"], int(n.iloc[0]) if len(n) else 0, h), da.usulan_per_kelompok(
        usulan_forum(gudang, acara)
    )


#: Columns of :func:`tabel_inklusi`, in order.
KOLOM_INKLUSI = (
    "acara_id",
    "tahap",
    "kode_forum",
    "forum",
    "tanggal",
    "status",
    "diundang",
    "hadir",
    "persen_kehadiran",
    "perempuan",
    "persen_perempuan",
    "rentan",
    "persen_rentan",
    "tidak_terwakili",
)


def tabel_inklusi(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """Inclusion figures of every forum of a kabupaten and year, for the evaluation (no personal data).

    Returns
    -------
    pandas.DataFrame
        :data:`KOLOM_INKLUSI`; the ``persen_*`` columns are NaN for a forum with no
        attendance recorded (missing, not 0 %).
    """
    acara = simpanan.daftar_acara(gudang, kode_kabupaten, tahun)
    hadir, undangan = simpanan.rekap_hadir(gudang, kode_kabupaten, tahun)
    diundang = dict(zip(undangan["acara_id"], undangan["diundang"], strict=True))
    baris = []
    for a in acara.itertuples():
        i = da.inklusi(a.tahap, int(diundang.get(a.id, 0)), hadir[hadir["acara_id"] == a.id])
        baris.append(
            {
                "acara_id": int(a.id),
                "tahap": a.tahap,
                "kode_forum": a.kode_forum,
                "forum": a.nama,
                "tanggal": pd.Timestamp(a.mulai).date(),
                "status": a.status,
                "diundang": i.diundang,
                "hadir": i.hadir,
                "persen_kehadiran": i.persen_kehadiran,
                "perempuan": i.perempuan,
                "persen_perempuan": i.persen_perempuan,
                "rentan": i.rentan,
                "persen_rentan": i.persen_rentan,
                "tidak_terwakili": ", ".join(da.KATEGORI_PESERTA[k][0] for k in i.tidak_terwakili),
            }
        )
    df = pd.DataFrame(baris, columns=list(KOLOM_INKLUSI))
    for k in ("persen_kehadiran", "persen_perempuan", "persen_rentan"):
        df[k] = df[k].astype(float)
    return df


def catatan_forum(gudang: Gudang, tahun: int, tahap: str, kode_forum: str, kode_kabupaten: str) -> CatatanForum | None:
    """The forum event recorded for a berita acara's forum (None when none was scheduled)."""
    a = simpanan.cari_acara(gudang, tahun, tahap, kode_forum)
    if a is None and tahap in ("forum_pd", "kabupaten"):
        a = simpanan.cari_acara(gudang, tahun, tahap, kode_kabupaten)
    if a is None or a["kode_kabupaten"] != kode_kabupaten:
        return None
    inkl, per_kelompok = inklusi_forum(gudang, a)
    return CatatanForum(a, fasilitator(gudang, a["id"]), notulen(gudang, a["id"]), inkl, per_kelompok)
