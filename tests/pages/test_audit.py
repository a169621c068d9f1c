"""AppTest: the Audit page lists who changed what, filters by record and person, and exports XLSX."""

from __future__ import annotations

from geo.services import forum as layanan_forum
from geo.store import db
from tests.akun import pelaku
from tests.pages.bantu import buka


def test_audit_menyaring_dan_mengekspor(data_demo):
    g = db.Gudang(data_demo)
    u = g.df("SELECT id, versi FROM kerja.usulan WHERE status = 'diajukan' AND tahap = 'desa' LIMIT 1").iloc[0]
    uid = int(u["id"])
    layanan_forum.putuskan_usulan(
        g, uid, "ditolak", "bukan kewenangan desa", pelaku(nama="sekretaris_forum"), int(u["versi"])
    )
    g.tutup()
    at = buka("audit", audit_kunci=str(uid))
    assert at.title[0].value == "Audit"
    log = at.dataframe[0].value
    assert set(log["kunci"]) == {str(uid)} and "sekretaris_forum" in set(log["oleh"])
    assert "bukan kewenangan desa" in set(log["alasan"])
    at = buka("audit", audit_oleh="sekretaris_forum")
    assert set(at.dataframe[0].value["oleh"]) == {"sekretaris_forum"}
    assert any(b.label == "Unduh log (XLSX)" for b in at.get("download_button"))
    # a filter with nothing to show says so in Indonesian
    at = buka("audit", audit_kunci="999999")
    assert not at.dataframe and any("Tidak ada catatan" in c.value for c in at.caption)
