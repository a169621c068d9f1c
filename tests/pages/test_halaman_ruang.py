"""AppTest: the Kesesuaian Ruang page (conflicts, reasons, filters, exports) and the Kelayakan page."""

from __future__ import annotations

import io

import pypdf

from geo.store import db
from tests.akun import pelaku
from tests.pages.bantu import buka


def test_kesesuaian_konflik_alasan_dan_ekspor(data_demo):
    at = buka("kesesuaian")
    g = db.Gudang(data_demo)
    hasil = g.df("SELECT usulan_id, verdik, alasan FROM kerja.hasil_kesesuaian")
    jumlah = g.df("SELECT count(*) n FROM kerja.usulan WHERE tahun = 2027")["n"][0]
    assert (
        len(
            g.df(
                "SELECT h.usulan_id FROM kerja.hasil_kesesuaian h JOIN kerja.usulan u ON u.id = h.usulan_id "
                "WHERE u.tahun = 2027"
            )
        )
        == jumlah
    )
    metrik = {m.label: m.value for m in at.metric}
    assert metrik["Tidak sesuai"] == str(
        int(
            (
                hasil.merge(g.df("SELECT id usulan_id FROM kerja.usulan WHERE tahun = 2027"))["verdik"]
                == "tidak_sesuai"
            ).sum()
        )
    )
    # pick a conflicting usulan: its reasons are listed
    konflik = int(
        g.df(
            "SELECT min(h.usulan_id) i FROM kerja.hasil_kesesuaian h JOIN kerja.usulan u ON u.id = h.usulan_id "
            "WHERE u.tahun = 2027 AND h.verdik = 'tidak_sesuai'"
        )["i"][0]
    )
    at = buka("kesesuaian", usulan_kesesuaian=konflik)
    alasan = list(hasil.set_index("usulan_id").at[konflik, "alasan"])
    teks = " ".join(m.value for m in at.markdown)
    assert "Tidak sesuai" in teks and alasan[0] in teks
    semua = buka("kesesuaian")
    # scope one kecamatan: the table lists only it, the verdict counts are its own, the title names it
    at = buka("kesesuaian", kecamatan="99.01.02")
    tabel = next(d.value for d in at.dataframe if "Kesesuaian" in d.value.columns)
    assert set(tabel["Kecamatan"]) == {"Sukamaju"}
    angka_kec = {m.label: m.value for m in at.metric}
    angka_kab = {m.label: m.value for m in semua.metric}
    assert angka_kec != angka_kab
    n_kec = g.df(
        "SELECT count(*) n FROM kerja.hasil_kesesuaian h JOIN kerja.usulan u ON u.id = h.usulan_id "
        "WHERE u.tahun = 2027 AND u.kode_kecamatan = '99.01.02' AND h.verdik = 'tidak_sesuai'"
    )["n"][0]
    assert angka_kec["Tidak sesuai"] == str(n_kec)
    assert any("Kecamatan Sukamaju" in m.value for m in at.markdown)
    assert set(tabel["Kesesuaian"]) <= {"Tidak sesuai", "Perlu kajian", "Bersyarat", "Terbatas", "Tidak ada data"}
    # exports
    unduh = {b.label: b for b in at.get("download_button")}
    assert "Unduh tabel (XLSX)" in unduh
    at.button(key="buat_pdf_konflik").click().run()
    assert not at.exception and at.session_state["pdf_konflik"][:4] == b"%PDF"
    # the export is titled with the scope
    teks_pdf = pypdf.PdfReader(io.BytesIO(at.session_state["pdf_konflik"])).pages[0].extract_text()
    assert "Kecamatan Sukamaju, Kabupaten Contoh" in teks_pdf
    g.tutup()


def test_kesesuaian_diperiksa_ulang_setelah_usulan_berubah(data_demo):
    from geo.services.usulan import ubah_usulan

    buka("kesesuaian")
    g = db.Gudang(data_demo)
    u = g.df("SELECT id, versi FROM kerja.usulan WHERE tahun = 2027 ORDER BY id LIMIT 1").iloc[0]
    ubah_usulan(g, int(u["id"]), {"status_lahan": "belum_jelas"}, int(u["versi"]), "uji", pelaku(nama="uji"))
    at = buka("kesesuaian")
    assert any("1 usulan baru, berubah" in i.value for i in at.info)
    g.tutup()


def test_kelayakan_per_tahap_dan_rekap(data_demo):
    at = buka("kelayakan", tahap_kelayakan="kecamatan")
    metrik = {m.label: m.value for m in at.metric}
    g = db.Gudang(data_demo)
    n = int(g.df("SELECT count(*) n FROM kerja.usulan WHERE tahun = 2027 AND tahap = 'kecamatan'")["n"][0])
    total = sum(int(v.split()[0].replace(".", "")) for v in metrik.values())
    assert total == n
    per = next(d.value for d in at.dataframe if "Catatan" in d.value.columns)
    assert len(per) == n and set(per["Kelayakan"]) <= {"siap", "perlu perhatian", "belum siap"}
    # a stricter document threshold can only lower readiness
    siap_awal = int((per["Kelayakan"] == "siap").sum())
    at.number_input(key="dokumen_minimal").set_value(3).run()
    per2 = next(d.value for d in at.dataframe if "Catatan" in d.value.columns)
    assert int((per2["Kelayakan"] == "siap").sum()) <= siap_awal
    at.radio(key="rekap_kelayakan").set_value("kecamatan").run()
    rekap = next(d.value for d in at.dataframe if "% siap" in d.value.columns)
    assert rekap["Usulan"].sum() == n
    g.tutup()
