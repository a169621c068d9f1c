"""Use cases of forum participants (issue 16): address book, invitations, attendance, removal on request.

Names and contacts are personal data (UU 27/2022 PDP). They are read only here, only by an
account that may prepare the forum (``acara.tulis``) and only inside its wilayah; they leave
the app only in the invitation letters, the invitation CSV and the sign-in sheet. Everything
else (the inclusion figures, the evaluation table, the berita acara) gets counts. A removal
on request blanks the name and contact but keeps sex, category and desa, so counts stay.
"""

from __future__ import annotations

import datetime

import pandas as pd

from geo.domain import acara as da
from geo.domain.akses import Pengguna, di_dalam, pastikan
from geo.domain.definitions import PERAN
from geo.errors import KesalahanAkses, KesalahanInput, Masalah
from geo.render import undangan as ru
from geo.services.acara import baca, pastikan_acara, peta_lokasi
from geo.store import acara as simpanan
from geo.store import kueri
from geo.store.db import Gudang


def _dalam_wilayah(pelaku: Pengguna, kode_desa: pd.Series) -> pd.Series:
    """Rows a scoped account may see: contacts of its wilayah, and contacts with no desa (OPD, DPRD...)."""
    if PERAN[pelaku.peran].tingkat in (None, "kabupaten"):
        return pd.Series(True, index=kode_desa.index)
    akun = pelaku.kode_wilayah or "-"
    return kode_desa.isna() | kode_desa.map(lambda k: isinstance(k, str) and (di_dalam(akun, k) or di_dalam(k, akun)))


def buku_alamat(gudang: Gudang, pelaku: Pengguna, kode_kabupaten: str) -> pd.DataFrame:
    """The address book an account may use (personal data: for preparing forums only)."""
    pastikan(pelaku, "acara.tulis", kode_wilayah=kode_kabupaten)
    df = simpanan.daftar_kontak(gudang, kode_kabupaten)
    return df[_dalam_wilayah(pelaku, df["kode_desa"]).to_numpy()].reset_index(drop=True)


def _bersih(b: dict) -> dict:
    def teks(v: object) -> str | None:
        if v is None or (isinstance(v, float) and pd.isna(v)):
            return None
        t = str(v).strip()
        return t or None

    jk = (teks(b.get("jenis_kelamin")) or "").upper()[:1] or None
    kat = (teks(b.get("kategori")) or "").lower().replace(" ", "_")
    return {
        "_baris": b.get("_baris"),
        "kontak_id": b.get("kontak_id"),
        "nama": teks(b.get("nama")),
        "lembaga": teks(b.get("lembaga")),
        "kategori": kat,
        "jenis_kelamin": jk,
        "kontak": teks(b.get("kontak")),
        "kode_desa": teks(b.get("kode_desa")),
    }


def _periksa_desa(baris: list[dict], kode_kabupaten: str, desa: set[str], label: str) -> list[Masalah]:
    return [
        Masalah(
            f"{label} {b.get('_baris', i)}",
            "kode_desa",
            b["kode_desa"],
            f"kode desa di {kode_kabupaten}",
            "periksa kode",
        )
        for i, b in enumerate(baris, start=1)
        if b.get("kode_desa") and b["kode_desa"] not in desa
    ]


def tambah_kontak(gudang: Gudang, pelaku: Pengguna, kode_kabupaten: str, baris: list[dict]) -> list[int]:
    """Add contacts to the address book (all or nothing); return their ids.

    Parameters
    ----------
    gudang : Gudang
        The store.
    pelaku : Pengguna
        Who adds (``acara.tulis``; a scoped account only inside its wilayah).
    kode_kabupaten : str
        Kabupaten of the address book.
    baris : list of dict
        ``nama``, ``kategori`` (:data:`geo.domain.acara.KATEGORI_PESERTA`), and optionally
        ``lembaga``, ``jenis_kelamin`` (L/P), ``kontak``, ``kode_desa``.

    Raises
    ------
    KesalahanInput
        Every problem of every row (nothing is written).
    """
    bersih = [_bersih(b) for b in baris]
    desa = set(kueri.wilayah_gdf(gudang, kode_kabupaten, "desa")["kode"])
    masalah = da.periksa_peserta(bersih) + _periksa_desa(bersih, kode_kabupaten, desa, "baris")
    if masalah:
        raise KesalahanInput("Buku alamat belum benar", masalah)
    pastikan(pelaku, "acara.tulis", kode_wilayah=kode_kabupaten)
    for b in bersih:
        if b["kode_desa"] and PERAN[pelaku.peran].tingkat not in (None, "kabupaten"):
            pastikan(pelaku, "acara.tulis", kode_desa=b["kode_desa"])
    with gudang.sesi(tulis=True) as con:
        return simpanan.tambah_kontak(con, kode_kabupaten, bersih, pelaku.nama_pengguna)


def hapus_data_pribadi(
    gudang: Gudang,
    pelaku: Pengguna,
    kode_kabupaten: str,
    alasan: str,
    kontak_id: int | None = None,
    hadir_id: int | None = None,
) -> None:
    """Remove a person's name and contact on request (UU 27/2022 PDP), keeping the counts.

    Parameters
    ----------
    gudang : Gudang
        The store.
    pelaku : Pengguna
        Who removes (``acara.tulis`` in the kabupaten).
    kode_kabupaten : str
        Kabupaten of the address book.
    alasan : str
        The request (who asked, when), for the audit.
    kontak_id : int, optional
        An address-book entry: blanked there and in every attendance row linked to it.
    hadir_id : int, optional
        One attendance row (e.g. a walk-in).
    """
    if not alasan.strip():
        raise KesalahanInput(
            "Alasan penghapusan wajib diisi",
            [Masalah("penghapusan", "alasan", "", "permintaan (siapa, kapan)", "tulis dasar permintaannya")],
        )
    pastikan(pelaku, "acara.tulis", kode_wilayah=kode_kabupaten)
    if kontak_id is not None:  # the entry itself must be in the kabupaten and the account's wilayah
        buku = simpanan.daftar_kontak(gudang, kode_kabupaten, dengan_terhapus=True)
        ini = buku[buku["id"] == int(kontak_id)]
        if ini.empty or not _dalam_wilayah(pelaku, ini["kode_desa"]).all():
            raise KesalahanAkses(
                f"Akses ditolak: kontak {int(kontak_id)} tidak ada di buku alamat {kode_kabupaten} yang boleh "
                f"dikelola akun '{pelaku.nama_pengguna}'. Tidak ada data yang diubah."
            )
    if hadir_id is not None:  # the attendance row's forum must be one this account prepares
        acara_id = simpanan.acara_hadir(gudang, int(hadir_id))
        a = None if acara_id is None else baca(gudang, acara_id)
        if a is None or a["kode_kabupaten"] != kode_kabupaten:
            raise KesalahanAkses(
                f"Akses ditolak: peserta {int(hadir_id)} tidak tercatat di forum {kode_kabupaten}. "
                "Tidak ada data yang diubah."
            )
        pastikan_acara(pelaku, a)
    with gudang.sesi(tulis=True) as con:
        if kontak_id is not None:
            simpanan.hapus_kontak(con, int(kontak_id), alasan.strip(), pelaku.nama_pengguna)
        if hadir_id is not None:
            simpanan.hapus_hadir(con, int(hadir_id), alasan.strip(), pelaku.nama_pengguna)


# --- invitations --------------------------------------------------------------------------
def calon_undangan(gudang: Gudang, pelaku: Pengguna, acara: dict) -> pd.DataFrame:
    """The address book for a forum, with ``disarankan`` set for the categories the tier expects.

    A contact is suggested when its category is expected at the tier
    (:data:`geo.domain.acara.KATEGORI_PER_TAHAP`) and it has no desa (kabupaten-wide: OPD,
    DPRD...) or its desa lies in the forum's desa/kecamatan; ``diundang`` marks those already invited.
    """
    pastikan_acara(pelaku, acara)
    df = buku_alamat(gudang, pelaku, acara["kode_kabupaten"])
    area = acara["kode_forum"] if acara["tahap"] in ("desa", "kecamatan") else acara["kode_kabupaten"]
    di_area = df["kode_desa"].isna() | df["kode_desa"].map(lambda k: isinstance(k, str) and di_dalam(area, k))
    df["disarankan"] = df["kategori"].isin(da.KATEGORI_PER_TAHAP[acara["tahap"]]) & di_area
    sudah = set(simpanan.daftar_undangan(gudang, acara["id"])["kontak_id"].astype(int))
    df["diundang"] = df["id"].isin(sudah)
    return df


def undang(
    gudang: Gudang,
    pelaku: Pengguna,
    acara_id: int,
    kontak_id: list[int],
    pola_nomor: str = "005/{no}/Musrenbang/{bulan}/{tahun}",
    tanggal: datetime.date | None = None,
) -> int:
    """Record invitations with their letter numbers (numbering continues the forum's); return how many are new."""
    a = baca(gudang, acara_id)
    pastikan_acara(pelaku, a)
    tanggal = tanggal or datetime.date.today()
    sudah = simpanan.daftar_undangan(gudang, acara_id)
    ada = set(sudah["kontak_id"].astype(int))
    baru = [int(k) for k in dict.fromkeys(kontak_id) if int(k) not in ada]
    boleh = set(buku_alamat(gudang, pelaku, a["kode_kabupaten"])["id"].astype(int))
    luar = [k for k in baru if k not in boleh]
    if luar:
        raise KesalahanInput(
            "Ada kontak yang tidak ada di buku alamat",
            [Masalah("undangan", "kontak_id", str(k), "kontak buku alamat", "muat ulang daftar") for k in luar],
        )
    nomor = {k: da.nomor_surat(pola_nomor, len(ada) + i, tanggal) for i, k in enumerate(baru, start=1)}
    if nomor:
        with gudang.sesi(tulis=True) as con:
            simpanan.catat_undangan(con, acara_id, nomor, pelaku.nama_pengguna)
    return len(nomor)


def undangan(gudang: Gudang, pelaku: Pengguna, acara_id: int) -> pd.DataFrame:
    """Who was invited to a forum, with letter number and when (personal data)."""
    pastikan_acara(pelaku, baca(gudang, acara_id))
    return simpanan.daftar_undangan(gudang, acara_id)


def data_surat(
    gudang: Gudang, acara: dict, tanggal_surat: datetime.date | None = None, peta: bool = True
) -> ru.DataSurat:
    """The letter of a forum: sender, title, date, place, agenda, and the offline location map."""
    kab = {k.kode: k.nama for k in kueri.daftar_kabupaten(gudang)}.get(acara["kode_kabupaten"], acara["kode_kabupaten"])
    if acara["tahap"] == "desa":
        pengirim, ttd = f"Pemerintah Desa {acara['nama']}", "Kepala Desa/Lurah"
    elif acara["tahap"] == "kecamatan":
        pengirim, ttd = f"Kecamatan {acara['nama']}", "Camat"
    else:
        pengirim, ttd = f"Bappeda {kab}", "Kepala Bappeda"
    gambar = peta_lokasi(gudang, acara) if peta else None
    return ru.DataSurat(
        pengirim=pengirim,
        judul_forum=ru.judul_forum(acara["tahap"], acara["nama"]),
        tahun=int(acara["tahun"]),
        mulai=acara["mulai"],
        tempat=acara["tempat"],
        agenda=acara.get("agenda") or "",
        tanggal_surat=tanggal_surat or datetime.date.today(),
        penandatangan=ttd,
        peta=gambar,
    )


def surat_undangan(gudang: Gudang, pelaku: Pengguna, acara_id: int) -> tuple[bytes, bytes]:
    """The recorded invitations as letters (one PDF) and as CSV for WhatsApp/e-mail."""
    a = baca(gudang, acara_id)
    pastikan_acara(pelaku, a)
    daftar = simpanan.daftar_undangan(gudang, acara_id)
    daftar = daftar[daftar["nama"].notna()]  # removed on request: no letter, no row to send
    tanggal = pd.to_datetime(daftar["diundang_pada"]).min().date() if len(daftar) else None  # when they were invited
    data = data_surat(gudang, a, tanggal)
    return ru.pdf_undangan(data, daftar), ru.csv_undangan(data, daftar)


def lembar_hadir(gudang: Gudang, pelaku: Pengguna, acara_id: int) -> bytes:
    """The attendance sheet for signatures (the invitees, then empty rows for walk-ins)."""
    a = baca(gudang, acara_id)
    pastikan_acara(pelaku, a)
    daftar = simpanan.daftar_undangan(gudang, acara_id)
    daftar = daftar[daftar["nama"].notna()].sort_values("nama")  # removed on request: not on the sheet
    d = kueri.wilayah_gdf(gudang, a["kode_kabupaten"], "desa")
    return ru.pdf_daftar_hadir(data_surat(gudang, a, peta=False), daftar, dict(zip(d["kode"], d["nama"], strict=True)))


# --- attendance ---------------------------------------------------------------------------
def daftar_hadir(gudang: Gudang, pelaku: Pengguna, acara_id: int) -> pd.DataFrame:
    """Attendance recorded for a forum (personal data; removed persons have no name)."""
    pastikan_acara(pelaku, baca(gudang, acara_id))
    return simpanan.daftar_hadir(gudang, acara_id)


def tandai_hadir(gudang: Gudang, pelaku: Pengguna, acara: dict, kontak: dict) -> bool:
    """Tick an invitee present at the door (``kontak``: a row of :func:`undangan`); False if already ticked."""
    pastikan_acara(pelaku, acara)
    b = {
        "kontak_id": int(kontak["kontak_id"]),
        "nama": kontak["nama"],
        "jenis_kelamin": kontak.get("jenis_kelamin"),
        "kategori": kontak["kategori"],
        "kode_desa": kontak.get("kode_desa"),
        "datang_sendiri": False,
    }
    with gudang.sesi(tulis=True) as con:
        return simpanan.tambah_hadir(con, acara["id"], [b], pelaku.nama_pengguna) == 1


def tambah_datang_sendiri(gudang: Gudang, pelaku: Pengguna, acara: dict, baris: dict) -> None:
    """Add a walk-in (not invited): nama, jenis_kelamin, kategori, kode_desa."""
    b = {**_bersih(baris), "kontak_id": None, "datang_sendiri": True}
    desa = set(kueri.wilayah_gdf(gudang, acara["kode_kabupaten"], "desa")["kode"])
    masalah = da.periksa_peserta([b], "peserta") + _periksa_desa([b], acara["kode_kabupaten"], desa, "peserta")
    if masalah:
        raise KesalahanInput("Data peserta belum benar", masalah)
    pastikan_acara(pelaku, acara)
    with gudang.sesi(tulis=True) as con:
        simpanan.tambah_hadir(con, acara["id"], [b], pelaku.nama_pengguna)


def batal_hadir(gudang: Gudang, pelaku: Pengguna, acara: dict, hadir_id: int) -> None:
    """Undo an attendance tick made by mistake."""
    pastikan_acara(pelaku, acara)
    with gudang.sesi(tulis=True) as con:
        simpanan.batal_hadir(con, acara["id"], hadir_id, pelaku.nama_pengguna)


def impor_hadir(gudang: Gudang, pelaku: Pengguna, acara_id: int, tabel: pd.DataFrame) -> int:
    """Import attendance typed from a signed sheet (all or nothing); return how many rows were added.

    Columns ``nama``, ``kategori``, optionally ``jenis_kelamin`` (L/P) and ``kode_desa``. A
    name equal (ignoring case and spaces) to an invitee's is linked to the invitation; other
    rows are walk-ins. Problems are reported per row and field.
    """
    a = baca(gudang, acara_id)
    pastikan_acara(pelaku, a)
    kolom = {str(k).strip().lower(): k for k in tabel.columns}
    if "nama" not in kolom or "kategori" not in kolom:
        raise KesalahanInput(
            "Kolom daftar hadir kurang",
            [Masalah("berkas", "kolom", ", ".join(map(str, tabel.columns)), "nama, kategori", "tambah kolom itu")],
        )
    undangan_ = simpanan.daftar_undangan(gudang, acara_id)
    kunci = {
        " ".join(str(n).lower().split()): r for r in undangan_.to_dict("records") if isinstance(n := r["nama"], str)
    }
    baris = []
    for i, r in enumerate(tabel.to_dict("records"), start=2):
        b = _bersih({k: r.get(asli) for k, asli in kolom.items()} | {"_baris": i})
        cocok = kunci.get(" ".join(str(b["nama"] or "").lower().split()))
        b["kontak_id"] = None if cocok is None else int(cocok["kontak_id"])
        b["datang_sendiri"] = cocok is None
        baris.append(b)
    desa = set(kueri.wilayah_gdf(gudang, a["kode_kabupaten"], "desa")["kode"])
    masalah = da.periksa_peserta(baris) + _periksa_desa(baris, a["kode_kabupaten"], desa, "baris")
    if masalah:
        raise KesalahanInput("Daftar hadir belum benar; tidak ada yang disimpan", masalah)
    with gudang.sesi(tulis=True) as con:
        return simpanan.tambah_hadir(con, acara_id, baris, pelaku.nama_pengguna)
