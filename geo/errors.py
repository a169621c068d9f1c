"""The project's one error type at the boundary, and its input-problem record.

Validators collect *every* problem of an input into one :class:`KesalahanInput`; pages
and the CLI catch only :class:`KesalahanPetaRencana` and show its Indonesian message.
Anything else propagates, so real bugs are seen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Masalah:
    """One problem in an input.

    Attributes
    ----------
    lokasi : str
        Where: ``"baris 12"``, ``"fitur 3"``, ``"berkas"``.
    kolom : str
        Field or column name, ``""`` when the whole row/feature is concerned.
    nilai : str
        The offending value as text.
    harapan : str
        What was expected.
    perbaikan : str
        How to fix it.
    """

    lokasi: str
    kolom: str
    nilai: str
    harapan: str
    perbaikan: str

    def teks(self) -> str:
        """Return the problem as one Indonesian sentence."""
        kolom = f", kolom '{self.kolom}'" if self.kolom else ""
        return f"{self.lokasi}{kolom}: nilai '{self.nilai}' — diharapkan {self.harapan}. Perbaikan: {self.perbaikan}"


class KesalahanPetaRencana(Exception):
    """Base of every error meant for a user (shown as-is, in Indonesian)."""


class KesalahanInput(KesalahanPetaRencana):
    """An input (file, form) has one or more problems; nothing was written.

    Parameters
    ----------
    judul : str
        What was being read, e.g. ``"Berkas desa.geojson"``.
    masalah : list of Masalah
        Every problem found (not only the first).
    """

    def __init__(self, judul: str, masalah: list[Masalah]):
        self.judul = judul
        self.masalah = list(masalah)
        baris = "\n".join(f"- {m.teks()}" for m in self.masalah)
        super().__init__(f"{judul}: {len(self.masalah)} masalah ditemukan.\n{baris}")


class KesalahanBasisData(KesalahanPetaRencana):
    """The database file is missing, corrupt, incompatible or busy.

    The message names the file and the command that fixes it.
    """


class KesalahanPenyimpanan(KesalahanBasisData):
    """The disk refused a write (full, quota, I/O error); ``tersimpan`` tells whether the change was kept.

    ``True``: the change is stored (checked after the failure) — do not save again; ``False``:
    nothing was written; ``None``: a file swap failed and the previous file is untouched.
    """

    def __init__(self, pesan: str, tersimpan: bool | None):
        super().__init__(pesan)
        self.tersimpan = tersimpan


class BasisDataSibuk(KesalahanBasisData):
    """Another process holds the write lock on a database file for too long."""


class KonflikVersi(KesalahanPetaRencana):
    """A record changed since the user opened it (optimistic concurrency check)."""


class KesalahanAkses(KesalahanPetaRencana):
    """The acting user's role or wilayah does not allow this read or write; nothing was done."""


class KesalahanMasuk(KesalahanPetaRencana):
    """Login refused: wrong name or password, locked account, or expired session."""
