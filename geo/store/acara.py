"""Forum events in the working data: schedule, facilitators, address book, invitations, attendance, minutes.

Every write takes a connection inside the caller's transaction and appends an audit row.
Names and contacts are personal data (UU 27/2022 PDP): audit rows of the address book and
the attendance name the record by id, category and desa only, so a removal on request
(:func:`hapus_kontak`, :func:`hapus_hadir`) leaves no name or contact anywhere, while the
sex, category and desa stay for the forum's counts.
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import duckdb
import pandas as pd

from geo.store.db import Gudang, skalar
from geo.store.server import nomor_baru
from geo.store.tulis import catat_audit, tulis_berversi

KOLOM_ACARA = (
    "id, tahun, tahap, kode_kabupaten, kode_forum, nama, mulai, tempat, bujur, lintang, agenda, status, "
    "bahan, versi, dibuat_oleh, diubah_pada"
)


# --- schedule ---------------------------------------------------------------------------
def daftar_acara(gudang: Gudang, kode_kabupaten: str, tahun: int) -> pd.DataFrame:
    """The forums of a kabupaten and year, by date: every column of ``forum_acara``."""
    return gudang.df(
        f"SELECT {KOLOM_ACARA} FROM kerja.forum_acara WHERE kode_kabupaten = ? AND tahun = ? ORDER BY mulai, id",
        [kode_kabupaten, tahun],
    )


def baca_acara(gudang: Gudang, acara_id: int) -> dict[str, Any] | None:
    """One forum as a dict (``bahan`` parsed), or None."""
    df = gudang.df(f"SELECT {KOLOM_ACARA} FROM kerja.forum_acara WHERE id = ?", [int(acara_id)])
    if df.empty:
        return None
    baris = df.iloc[0].to_dict()
    baris["bahan"] = json.loads(baris["bahan"] or "{}")
    baris["mulai"] = pd.Timestamp(baris["mulai"]).to_pydatetime()
    return baris


def cari_acara(gudang: Gudang, tahun: int, tahap: str, kode_forum: str) -> dict[str, Any] | None:
    """The forum of a tier and forum code (as in :func:`geo.services.berita_acara.data_berita_acara`), or None."""
    df = gudang.df(
        "SELECT id FROM kerja.forum_acara WHERE tahun = ? AND tahap = ? AND kode_forum = ?", [tahun, tahap, kode_forum]
    )
    return None if df.empty else baca_acara(gudang, int(df.iloc[0]["id"]))


def tulis_acara(
    con: duckdb.DuckDBPyConnection,
    kunci: dict[str, Any],
    versi: int | None,
    nilai: dict[str, Any],
    oleh: str,
    buat: bool,
    aksi: str = "simpan",
) -> int:
    """Create (``kunci`` = tahun, tahap, kode_forum) or update (``kunci`` = id) a forum; versioned, audited."""
    if "bahan" in nilai and not isinstance(nilai["bahan"], str):
        nilai = {**nilai, "bahan": json.dumps(nilai["bahan"])}
    baru, _ = tulis_berversi(
        con,
        "forum_acara",
        kunci,
        versi,
        nilai,
        oleh=oleh,
        aksi=aksi,
        alasan=None,
        label=f"Jadwal forum {nilai.get('nama') or '|'.join(map(str, kunci.values()))}",
        buat=buat,
    )
    return baru


def id_acara(con: duckdb.DuckDBPyConnection, tahun: int, tahap: str, kode_forum: str) -> int:
    """The id of a forum (inside a transaction, e.g. just after creating it)."""
    return int(
        skalar(
            con,
            "SELECT id FROM kerja.forum_acara WHERE tahun = ? AND tahap = ? AND kode_forum = ?",
            [tahun, tahap, kode_forum],
        )
    )


# --- facilitators -----------------------------------------------------------------------
def daftar_fasilitator(gudang: Gudang, acara_id: int) -> pd.DataFrame:
    """Facilitators of a forum: id, nama, unit, peran."""
    return gudang.df(
        "SELECT id, nama, unit, peran FROM kerja.fasilitator WHERE acara_id = ? ORDER BY peran, id", [int(acara_id)]
    )


def tambah_fasilitator(
    con: duckdb.DuckDBPyConnection, acara_id: int, nama: str, unit: str, peran: str, oleh: str
) -> None:
    """Add a facilitator to a forum (audited)."""
    con.execute(
        "INSERT INTO kerja.fasilitator (acara_id, nama, unit, peran, oleh, waktu) "
        "VALUES (?, ?, ?, ?, ?, current_localtimestamp())",
        [int(acara_id), nama, unit, peran, oleh],
    )
    catat_audit(con, oleh, "fasilitator", str(acara_id), "tambah", baru={"nama": nama, "unit": unit, "peran": peran})


def hapus_fasilitator(con: duckdb.DuckDBPyConnection, acara_id: int, fasilitator_id: int, oleh: str) -> None:
    """Remove a facilitator from a forum (audited)."""
    con.execute("DELETE FROM kerja.fasilitator WHERE id = ? AND acara_id = ?", [int(fasilitator_id), int(acara_id)])
    catat_audit(con, oleh, "fasilitator", str(acara_id), "hapus", lama={"id": int(fasilitator_id)})


# --- address book (personal data) -------------------------------------------------------
def daftar_kontak(gudang: Gudang, kode_kabupaten: str, dengan_terhapus: bool = False) -> pd.DataFrame:
    """The address book of a kabupaten: id, nama, lembaga, kategori, jenis_kelamin, kontak, kode_desa, dihapus_pada."""
    saring = "" if dengan_terhapus else " AND dihapus_pada IS NULL"
    return gudang.df(
        "SELECT id, nama, lembaga, kategori, jenis_kelamin, kontak, kode_desa, dihapus_pada "
        f"FROM kerja.buku_alamat WHERE kode_kabupaten = ?{saring} ORDER BY nama, id",
        [kode_kabupaten],
    )


def tambah_kontak(con: duckdb.DuckDBPyConnection, kode_kabupaten: str, baris: list[dict], oleh: str) -> list[int]:
    """Add contacts; return their ids. Audited by id, category and desa (never the name or contact)."""
    ids = []
    for b in baris:
        i = nomor_baru(con, "buku_alamat_id")[0]
        con.execute(
            "INSERT INTO kerja.buku_alamat (id, kode_kabupaten, nama, lembaga, kategori, jenis_kelamin, kontak, "
            "kode_desa, oleh, waktu) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
            [
                i,
                kode_kabupaten,
                b["nama"],
                b.get("lembaga"),
                b["kategori"],
                b.get("jenis_kelamin") or None,
                b.get("kontak"),
                b.get("kode_desa"),
                oleh,
            ],
        )
        ids.append(int(i))
    if ids:
        catat_audit(con, oleh, "buku_alamat", kode_kabupaten, "tambah", baru={"id": ids, "jumlah": len(ids)})
    return ids


def hapus_kontak(con: duckdb.DuckDBPyConnection, kontak_id: int, alasan: str, oleh: str) -> None:
    """Remove a person on request: blank name, institution and contact in the address book and attendance.

    Sex, category and desa stay (the forum counts do not change); invitations stay as counts.
    """
    con.execute(
        "UPDATE kerja.buku_alamat SET nama = NULL, lembaga = NULL, kontak = NULL, "
        "dihapus_pada = current_localtimestamp() WHERE id = ?",
        [int(kontak_id)],
    )
    con.execute(
        "UPDATE kerja.hadir SET nama = NULL, dihapus_pada = current_localtimestamp() WHERE kontak_id = ?",
        [int(kontak_id)],
    )
    catat_audit(con, oleh, "buku_alamat", str(kontak_id), "hapus_data_pribadi", alasan=alasan)


# --- invitations --------------------------------------------------------------------------
def catat_undangan(con: duckdb.DuckDBPyConnection, acara_id: int, nomor: dict[int, str], oleh: str) -> None:
    """Record that contacts were invited (contact id -> letter number); a repeat keeps the first record."""
    for kontak_id, no in nomor.items():
        con.execute(
            "INSERT INTO kerja.undangan (acara_id, kontak_id, nomor_surat, diundang_pada, oleh) "
            "VALUES (?, ?, ?, current_localtimestamp(), ?) ON CONFLICT DO NOTHING",
            [int(acara_id), int(kontak_id), no, oleh],
        )
    catat_audit(con, oleh, "undangan", str(acara_id), "undang", baru={"kontak_id": sorted(nomor), "jumlah": len(nomor)})


def daftar_undangan(gudang: Gudang, acara_id: int) -> pd.DataFrame:
    """Invitations of a forum with the contact: kontak_id, nomor_surat, diundang_pada, nama, lembaga, kategori, ..."""
    return gudang.df(
        "SELECT u.kontak_id, u.nomor_surat, u.diundang_pada, b.nama, b.lembaga, b.kategori, b.jenis_kelamin, "
        "b.kontak, b.kode_desa FROM kerja.undangan u JOIN kerja.buku_alamat b ON b.id = u.kontak_id "
        "WHERE u.acara_id = ? ORDER BY u.nomor_surat, u.kontak_id",
        [int(acara_id)],
    )


# --- attendance (personal data) ---------------------------------------------------------
def daftar_hadir(gudang: Gudang, acara_id: int) -> pd.DataFrame:
    """Attendance of a forum: id, kontak_id, nama, jenis_kelamin, kategori, kode_desa, datang_sendiri, waktu."""
    return gudang.df(
        "SELECT id, kontak_id, nama, jenis_kelamin, kategori, kode_desa, datang_sendiri, waktu "
        "FROM kerja.hadir WHERE acara_id = ? ORDER BY waktu, id",
        [int(acara_id)],
    )


def tambah_hadir(con: duckdb.DuckDBPyConnection, acara_id: int, baris: list[dict], oleh: str) -> int:
    """Record attendees (invitees with ``kontak_id`` already present are skipped); return how many were added."""
    n = 0
    for b in baris:
        kid = b.get("kontak_id")
        if kid is not None:
            ada = skalar(
                con, "SELECT count(*) FROM kerja.hadir WHERE acara_id = ? AND kontak_id = ?", [int(acara_id), int(kid)]
            )
            if ada:
                continue
        con.execute(
            "INSERT INTO kerja.hadir (acara_id, kontak_id, nama, jenis_kelamin, kategori, kode_desa, datang_sendiri, "
            "oleh, waktu) VALUES (?, ?, ?, ?, ?, ?, ?, ?, current_localtimestamp())",
            [
                int(acara_id),
                None if kid is None else int(kid),
                b["nama"],
                b.get("jenis_kelamin") or None,
                b["kategori"],
                b.get("kode_desa"),
                bool(b.get("datang_sendiri", kid is None)),
                oleh,
            ],
        )
        n += 1
    if n:
        catat_audit(
            con,
            oleh,
            "hadir",
            str(acara_id),
            "hadir",
            baru={"jumlah": n, "kontak_id": [b.get("kontak_id") for b in baris if b.get("kontak_id") is not None]},
        )
    return n


def batal_hadir(con: duckdb.DuckDBPyConnection, acara_id: int, hadir_id: int, oleh: str) -> None:
    """Undo an attendance entry made by mistake (audited)."""
    con.execute("DELETE FROM kerja.hadir WHERE id = ? AND acara_id = ?", [int(hadir_id), int(acara_id)])
    catat_audit(con, oleh, "hadir", str(acara_id), "batal", lama={"id": int(hadir_id)})


def acara_hadir(gudang: Gudang, hadir_id: int) -> int | None:
    """The forum an attendance row belongs to (None when there is no such row)."""
    df = gudang.df("SELECT acara_id FROM kerja.hadir WHERE id = ?", [int(hadir_id)])
    return None if df.empty else int(df["acara_id"].iloc[0])


def hapus_hadir(con: duckdb.DuckDBPyConnection, hadir_id: int, alasan: str, oleh: str) -> None:
    """Remove an attendee's name on request; sex, category and desa stay for the counts."""
    con.execute(
        "UPDATE kerja.hadir SET nama = NULL, dihapus_pada = current_localtimestamp() WHERE id = ?", [int(hadir_id)]
    )
    catat_audit(con, oleh, "hadir", str(hadir_id), "hapus_data_pribadi", alasan=alasan)


def rekap_hadir(gudang: Gudang, kode_kabupaten: str, tahun: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts for the inclusion figures, without names: attendees and invitations per forum.

    Returns
    -------
    (DataFrame, DataFrame)
        ``acara_id, jenis_kelamin, kategori, datang_sendiri`` per attendee, and
        ``acara_id, diundang`` per forum.
    """
    with gudang.sesi() as con:
        hadir = con.execute(
            "SELECT h.acara_id, h.jenis_kelamin, h.kategori, h.datang_sendiri FROM kerja.hadir h "
            "JOIN kerja.forum_acara a ON a.id = h.acara_id WHERE a.kode_kabupaten = ? AND a.tahun = ?",
            [kode_kabupaten, tahun],
        ).df()
        undangan = con.execute(
            "SELECT u.acara_id, count(*) AS diundang FROM kerja.undangan u "
            "JOIN kerja.forum_acara a ON a.id = u.acara_id WHERE a.kode_kabupaten = ? AND a.tahun = ? "
            "GROUP BY u.acara_id",
            [kode_kabupaten, tahun],
        ).df()
    return hadir, undangan


# --- minutes ------------------------------------------------------------------------------
def daftar_notulen(gudang: Gudang, acara_id: int) -> pd.DataFrame:
    """Minutes entries of a forum in the order written: id, jenis, teks, usulan_id (list), oleh, waktu."""
    return gudang.df(
        "SELECT id, jenis, teks, usulan_id, oleh, waktu FROM kerja.notulen WHERE acara_id = ? ORDER BY id",
        [int(acara_id)],
    )


def tambah_notulen(
    con: duckdb.DuckDBPyConnection, acara_id: int, jenis: str, teks: str, usulan_id: list[int], oleh: str
) -> None:
    """Append a minutes entry (audited)."""
    con.execute(
        "INSERT INTO kerja.notulen (acara_id, jenis, teks, usulan_id, oleh, waktu) "
        "VALUES (?, ?, ?, ?, ?, current_localtimestamp())",
        [int(acara_id), jenis, teks, [int(u) for u in usulan_id], oleh],
    )
    catat_audit(
        con, oleh, "notulen", str(acara_id), "tambah", baru={"jenis": jenis, "teks": teks, "usulan_id": usulan_id}
    )


def hapus_notulen(con: duckdb.DuckDBPyConnection, acara_id: int, notulen_id: int, oleh: str) -> None:
    """Delete a minutes entry written by mistake (audited with its text)."""
    lama = con.execute(
        "SELECT jenis, teks FROM kerja.notulen WHERE id = ? AND acara_id = ?", [int(notulen_id), int(acara_id)]
    ).fetchone()
    con.execute("DELETE FROM kerja.notulen WHERE id = ? AND acara_id = ?", [int(notulen_id), int(acara_id)])
    catat_audit(
        con, oleh, "notulen", str(acara_id), "hapus", lama=None if lama is None else {"jenis": lama[0], "teks": lama[1]}
    )


def hari_ini() -> datetime.date:
    """Today (a seam for tests)."""
    return datetime.date.today()


#: Id sequences of this feature's tables (advanced by the demo after explicit ids).
URUTAN = ("forum_acara_id", "fasilitator_id", "buku_alamat_id", "hadir_id", "notulen_id")


def majukan_urutan(con: duckdb.DuckDBPyConnection, urutan: str, n: int) -> None:
    """Advance one of :data:`URUTAN` past ``n`` ids inserted explicitly (the demo builder)."""
    if urutan not in URUTAN:
        raise ValueError(f"urutan {urutan!r} tidak dikenal")
    if n:
        nomor_baru(con, urutan, n)


def kabupaten_tunggal(con: duckdb.DuckDBPyConnection) -> str | None:
    """The kabupaten code when the reference data holds exactly one (a load without ``--kabupaten``)."""
    kode = [r[0] for r in con.execute("SELECT kode FROM ref.wilayah WHERE tingkat = 'kabupaten'").fetchall()]
    return kode[0] if len(kode) == 1 else None


def kode_desa_kabupaten(con: duckdb.DuckDBPyConnection, kode_kabupaten: str) -> set[str]:
    """The desa codes of a kabupaten (to check an address book's ``kode_desa``)."""
    return {
        r[0]
        for r in con.execute(
            "SELECT kode FROM ref.wilayah WHERE tingkat = 'desa' AND starts_with(kode, ? || '.')", [kode_kabupaten]
        ).fetchall()
    }
