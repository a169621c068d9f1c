"""Forum decisions: one usulan or a batch, each version-checked and audited, all or nothing."""

from __future__ import annotations

import logging

from geo.domain.forum import Posisi, putuskan
from geo.store import usulan as simpanan
from geo.store.db import Gudang
from geo.store.tulis import tulis_berversi

log = logging.getLogger(__name__)


def _putuskan_satu(con, usulan_id: int, keputusan: str, alasan: str, oleh: str, versi: int) -> Posisi:
    hasil: dict[str, Posisi] = {}

    def posisi_baru(r: dict | None) -> dict:
        assert r is not None  # tulis_berversi raises for a missing usulan
        lama = Posisi(r["tahap"], r["status"], bool(r["lanjut_tahun_depan"]))
        baru = putuskan(lama, keputusan, alasan, f"usulan {usulan_id}")
        simpanan.catat_keputusan(
            con, usulan_id, lama.tahap, keputusan, alasan, r["biaya"] if keputusan == "diterima" else None, oleh
        )
        hasil["baru"] = baru
        return baru.__dict__

    tulis_berversi(
        con,
        "usulan",
        {"id": usulan_id},
        versi,
        posisi_baru,
        oleh=oleh,
        aksi=keputusan,
        alasan=alasan,
        label=f"Usulan {usulan_id}",
        audit_penuh=True,
    )
    return hasil["baru"]


def putuskan_usulan(gudang: Gudang, usulan_id: int, keputusan: str, alasan: str, oleh: str, versi: int) -> Posisi:
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
        baru = _putuskan_satu(con, usulan_id, keputusan, alasan, oleh, versi)
    log.info("keputusan %s untuk usulan %s oleh %s", keputusan, usulan_id, oleh)
    return baru


def putuskan_massal(gudang: Gudang, keputusan: list[tuple[int, str, str, int]], oleh: str) -> dict[int, Posisi]:
    """Record many decisions (id, keputusan, alasan, versi) all or nothing, in one transaction.

    Any illegal transition or version conflict rolls back every decision of the batch.
    """
    with gudang.sesi(tulis=True) as con:
        hasil = {uid: _putuskan_satu(con, uid, k, a, oleh, v) for uid, k, a, v in keputusan}
    log.info("%d keputusan forum dicatat oleh %s", len(hasil), oleh)
    return hasil
