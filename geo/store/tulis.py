"""The one write path for user data: a version-checked change with its audit row.

Every write of working data goes through :func:`catat_audit` (append one audit row) and,
when a record can be edited by two people at once, :func:`tulis_berversi`: it reads the
record, refuses with :class:`~geo.errors.KonflikVersi` when the version the user *saw*
is no longer current, writes the new values with ``versi + 1`` and records what changed,
who changed it, when and why — all inside the caller's transaction, so a failure leaves
nothing half-written.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import duckdb

from geo.errors import KesalahanInput, KonflikVersi, Masalah

#: Tables whose rows carry ``versi`` and ``diubah_pada`` and are written through :func:`tulis_berversi`.
TABEL_BERVERSI = frozenset({"usulan", "bobot_forum", "slide_set", "pengguna", "realisasi", "forum_acara"})

#: Columns whose values never reach the audit log (only that they changed).
KOLOM_RAHASIA = frozenset({"hash_sandi"})


def _json(nilai: Any) -> str | None:
    """JSON of an audit value; NaN becomes null; dates and other objects as text."""
    if nilai is None:
        return None
    if isinstance(nilai, str):
        return nilai
    if isinstance(nilai, dict):
        nilai = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in nilai.items()}
    return json.dumps(nilai, default=str)


def catat_audit(
    con: duckdb.DuckDBPyConnection,
    oleh: str,
    tabel: str,
    kunci: str,
    aksi: str,
    lama: Any = None,
    baru: Any = None,
    alasan: str | None = None,
) -> None:
    """Append one row to ``kerja.audit_log``: who did what to which record, when and why.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection inside the caller's write transaction (``kerja`` attached).
    oleh : str
        Who acts (an account or a CLI user).
    tabel, kunci : str
        The record: table and key (e.g. ``"usulan"``, ``"12"``).
    aksi : str
        What happened (``buat``, ``ubah``, ``diterima``, ``impor``, ``simpan``…).
    lama, baru : dict or str, optional
        Values before and after (dicts are written as JSON).
    alasan : str, optional
        The reason given.
    """
    con.execute(
        "INSERT INTO kerja.audit_log (waktu, oleh, tabel, kunci, aksi, lama, baru, alasan) "
        "VALUES (current_localtimestamp(), ?, ?, ?, ?, ?, ?, ?)",
        [oleh, tabel, str(kunci), aksi, _json(lama), _json(baru), alasan],
    )


def tulis_berversi(
    con: duckdb.DuckDBPyConnection,
    tabel: str,
    kunci: dict[str, Any],
    versi_terlihat: int | None,
    nilai: dict[str, Any] | Callable[[dict[str, Any] | None], dict[str, Any]],
    *,
    oleh: str,
    aksi: str,
    alasan: str | None,
    label: str,
    kunci_audit: str | None = None,
    buat: bool = False,
    audit_penuh: bool = False,
) -> tuple[int, dict[str, Any] | None]:
    """Change one record only if it is still the version the user saw, and audit the change.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
        Connection inside the caller's write transaction (``kerja`` attached).
    tabel : str
        One of :data:`TABEL_BERVERSI` (a project constant, never user input).
    kunci : dict
        Column -> value identifying the record.
    versi_terlihat : int or None
        The version the user opened; 0 for "I saw no record yet"; None skips the check.
    nilai : dict or callable
        New values, or a function of the current row (None when absent) returning them,
        for changes that depend on what is stored (a forum decision moves the tier).
    oleh, aksi, alasan : str
        Who, what and why, for the audit row.
    label : str
        How messages name the record (e.g. ``"Usulan 12"``).
    kunci_audit : str, optional
        Audit key (default: the key values joined with ``|``).
    buat : bool
        Insert the record when it is absent (version 1); otherwise an absent record is an error.
    audit_penuh : bool
        Audit every written value (default: only the values that changed).

    Returns
    -------
    (int, dict or None)
        The new version and the row as it was before (None when created).

    Raises
    ------
    KonflikVersi
        Someone else saved the record since the user opened it: nothing is written.
    KesalahanInput
        The record does not exist and ``buat`` is False.
    """
    if tabel not in TABEL_BERVERSI:
        raise ValueError(f"tabel {tabel!r} tidak berversi")
    syarat = " AND ".join(f"{k} = ?" for k in kunci)
    cur = con.execute(f"SELECT * FROM kerja.{tabel} WHERE {syarat}", list(kunci.values()))
    baris = cur.fetchone()
    lama = dict(zip([c[0] for c in cur.description], baris, strict=True)) if baris is not None else None
    ada = 0 if lama is None else int(lama["versi"])
    if versi_terlihat is not None and versi_terlihat != ada:
        raise KonflikVersi(
            f"{label} sudah diubah orang lain (versi {ada}, Anda membuka versi {versi_terlihat}). "
            "Perubahan Anda belum disimpan: muat ulang, periksa perubahannya, lalu ulangi."
        )
    if lama is None and not buat:
        raise KesalahanInput(
            f"{label} tidak ditemukan",
            [
                Masalah(
                    label, ", ".join(kunci), "|".join(map(str, kunci.values())), "data yang ada", "muat ulang daftar"
                )
            ],
        )
    baru = nilai(lama) if callable(nilai) else dict(nilai)
    if lama is None:
        isi = {**kunci, **baru, "versi": 1}
        con.execute(
            f"INSERT INTO kerja.{tabel} ({', '.join(isi)}, diubah_pada) "
            f"VALUES ({', '.join('?' for _ in isi)}, current_localtimestamp())",
            list(isi.values()),
        )
        versi_baru = 1
    elif not any(not sama(lama.get(k), v) for k, v in baru.items()):
        return ada, lama  # nothing changes: no new version, no audit row
    else:
        versi_baru = ada + 1
        sets = ", ".join(f"{k} = ?" for k in baru)
        con.execute(
            f"UPDATE kerja.{tabel} SET {sets}, versi = ?, diubah_pada = current_localtimestamp() WHERE {syarat}",
            [*baru.values(), versi_baru, *kunci.values()],
        )
    tampil = baru if audit_penuh or lama is None else {k: v for k, v in baru.items() if not sama(lama.get(k), v)}

    def tersamar(d: dict[str, Any]) -> dict[str, Any]:
        return {k: ("(rahasia)" if k in KOLOM_RAHASIA and v is not None else v) for k, v in d.items()}

    catat_audit(
        con,
        oleh,
        tabel,
        kunci_audit or "|".join(map(str, kunci.values())),
        aksi,
        None if lama is None else tersamar({k: lama.get(k) for k in tampil}),
        tersamar(tampil),
        alasan,
    )
    return versi_baru, lama


def sama(a: Any, b: Any) -> bool:
    """Equal, counting two missing values (None/NaN) as equal."""

    def kosong(x: Any) -> bool:
        return x is None or (isinstance(x, float) and math.isnan(x))

    return kosong(b) if kosong(a) else (not kosong(b) and a == b)
