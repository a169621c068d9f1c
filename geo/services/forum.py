"""Forum decisions: one usulan or a batch, each version-checked and audited, all or nothing."""

from __future__ import annotations

import logging
from collections.abc import Callable

from geo.domain.akses import Pengguna, opd_usulan, pastikan
from geo.domain.definitions import KELOMPOK_FORUM, STATUS_DIBATALKAN
from geo.domain.forum import KeputusanTerakhir, Posisi, batalkan, putuskan, syarat_pengecualian
from geo.errors import KesalahanInput, Masalah
from geo.store import usulan as simpanan
from geo.store.db import Gudang
from geo.store.tulis import tulis_berversi

log = logging.getLogger(__name__)


def _forum_usulan(r: dict, tahap: str) -> str:
    """The forum an usulan belongs to at a tier (its desa, kecamatan or OPD)."""
    kolom = KELOMPOK_FORUM[tahap]
    return str(r["opd_akhir"] or r["opd_awal"]) if kolom == "opd" else str(r[kolom])


def _pindahkan(
    con,
    usulan_id: int,
    versi: int,
    pelaku: Pengguna,
    aksi: str,
    alasan: str,
    langkah: Callable[[Posisi, dict], tuple],
) -> Posisi:
    """Move an usulan to a new position: one decision row, then the version-checked write with its audit row.

    ``langkah(lama, baris)`` returns ``(baru, tahap, status, nilai)``: the new position and the decision row
    (the tier it is recorded at, its status, the amount agreed or None). ``pelaku`` must be allowed to decide
    at that tier for the usulan's desa (and OPD): :func:`geo.domain.akses.pastikan`.
    """
    hasil: dict[str, Posisi] = {}

    def posisi_baru(r: dict | None) -> dict:
        assert r is not None  # tulis_berversi raises for a missing usulan
        baru, tahap, status, nilai = langkah(Posisi(r["tahap"], r["status"], bool(r["lanjut_tahun_depan"])), r)
        pastikan(pelaku, "forum.putuskan", kode_desa=str(r["kode_desa"]), tahap=tahap, opd=opd_usulan(r))
        simpanan.catat_keputusan(con, usulan_id, tahap, status, alasan, nilai, pelaku.nama_pengguna)
        hasil["baru"] = baru
        return baru.__dict__

    tulis_berversi(
        con,
        "usulan",
        {"id": usulan_id},
        versi,
        posisi_baru,
        oleh=pelaku.nama_pengguna,
        aksi=aksi,
        alasan=alasan,
        label=f"Usulan {usulan_id}",
        audit_penuh=True,
    )
    return hasil["baru"]


def _putuskan_satu(
    con,
    usulan_id: int,
    keputusan: str,
    alasan: str,
    pelaku: Pengguna,
    versi: int,
    alasan_pengecualian: str | None = None,
) -> Posisi:
    pengecualian: list[str] = []
    baris = simpanan.baris_untuk_keputusan(con, usulan_id)
    if baris is not None and keputusan == "diterima":
        forum = _forum_usulan(baris, baris["tahap"])
        pagu, terpakai = simpanan.pagu_forum(
            con, int(baris["tahun"]), baris["tahap"], forum, str(baris["kode_desa"])[:5]
        )
        sisa = None if pagu is None else pagu - terpakai
        pengecualian = syarat_pengecualian(simpanan.verdik_tersimpan(con, usulan_id), float(baris["biaya"]), sisa)
    catatan = alasan
    if pengecualian:
        catatan = f"{alasan} [pengecualian: {(alasan_pengecualian or '').strip()} — {'; '.join(pengecualian)}]"

    def langkah(lama: Posisi, r: dict) -> tuple:
        baru = putuskan(lama, keputusan, alasan, f"usulan {usulan_id}", pengecualian, alasan_pengecualian)
        return baru, lama.tahap, keputusan, r["biaya"] if keputusan == "diterima" else None

    return _pindahkan(con, usulan_id, versi, pelaku, keputusan, catatan, langkah)


def putuskan_usulan(
    gudang: Gudang,
    usulan_id: int,
    keputusan: str,
    alasan: str,
    pelaku: Pengguna,
    versi: int,
    alasan_pengecualian: str | None = None,
) -> Posisi:
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
    pelaku : Pengguna
        Who records it: must be allowed to decide at the usulan's tier for its desa/OPD.
    versi : int
        Version the user started from.
    alasan_pengecualian : str, optional
        Required to accept beyond the forum's remaining pagu or with a conformity verdict of
        "tidak sesuai"/"perlu kajian" (:func:`geo.domain.forum.syarat_pengecualian`); recorded
        with the decision and in the audit.

    Returns
    -------
    Posisi
        The new position.
    """
    with gudang.sesi(tulis=True) as con:
        baru = _putuskan_satu(con, usulan_id, keputusan, alasan, pelaku, versi, alasan_pengecualian)
    log.info("keputusan %s untuk usulan %s oleh %s", keputusan, usulan_id, pelaku.nama_pengguna)
    return baru


def putuskan_massal(gudang: Gudang, keputusan: list[tuple], pelaku: Pengguna) -> dict[int, Posisi]:
    """Record many decisions (id, keputusan, alasan, versi[, alasan_pengecualian]) all or nothing.

    One transaction: any illegal transition, version conflict or acceptance that needs an
    exception reason it lacks (beyond the pagu as it stands *within* the batch, or a
    non-conforming verdict) rolls back every decision of the batch.
    """
    with gudang.sesi(tulis=True) as con:
        hasil = {k[0]: _putuskan_satu(con, k[0], k[1], k[2], pelaku, k[3], *k[4:]) for k in keputusan}
    log.info("%d keputusan forum dicatat oleh %s", len(hasil), pelaku.nama_pengguna)
    return hasil


def batalkan_keputusan(gudang: Gudang, usulan_id: int, versi: int, alasan: str, pelaku: Pengguna) -> Posisi:
    """Undo the latest decision on an usulan during the forum: it waits again at that tier.

    The reversal is a decision row of its own (status ``dibatalkan``) and an audit row
    (action ``batal``) beside the original ones; nothing is deleted.

    Raises
    ------
    KesalahanInput
        No reason, nothing to undo, or the usulan moved on since (decided at the next tier).
    KonflikVersi
        Someone changed the usulan since ``versi``.
    """
    label = f"usulan {usulan_id}"
    if not alasan or not alasan.strip():
        raise KesalahanInput(
            "Keputusan tidak dapat dibatalkan",
            [Masalah(label, "alasan", "(kosong)", "alasan pembatalan", "tulis mengapa keputusan dibatalkan")],
        )
    with gudang.sesi(tulis=True) as con:
        terakhir = simpanan.keputusan_terakhir(con, usulan_id)
        salinan = simpanan.lanjutan(con, usulan_id)
        if salinan is not None:
            raise KesalahanInput(
                "Keputusan tidak dapat dibatalkan",
                [
                    Masalah(
                        label,
                        "lanjut_tahun_depan",
                        f"sudah dibawa sebagai usulan #{salinan}",
                        "usulan yang belum dibawa ke tahun berikutnya",
                        f"putuskan usulan #{salinan} di tahun berikutnya",
                    )
                ],
            )

        def langkah(lama: Posisi, _r: dict) -> tuple:
            baru = batalkan(lama, KeputusanTerakhir(*terakhir) if terakhir else None, label)
            return baru, baru.tahap, STATUS_DIBATALKAN, None

        baru = _pindahkan(con, usulan_id, versi, pelaku, "batal", alasan, langkah)
    log.info("keputusan usulan %s dibatalkan oleh %s", usulan_id, pelaku.nama_pengguna)
    return baru
