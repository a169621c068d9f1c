"""Audit: who changed what, when and why — filtered by record, person, action and date, exported as XLSX."""

import datetime

import streamlit as st

import pages as akses_data
from geo.render.ekspor import xlsx_dengan_keterangan

pil: akses_data.Pilihan = st.session_state["pilihan"]
st.title("Audit")
st.caption(
    "Setiap penulisan data kerja tercatat di sini: usulan dibuat, diubah, diputuskan, dibatalkan; bobot, suara, "
    "set slide, impor. Catatan hanya bertambah — aplikasi tidak punya jalan untuk mengubah atau menghapusnya."
)
pilihan = akses_data.pilihan_audit()
f1, f2, f3, f4 = st.columns(4)
tabel = f1.selectbox("Data", [None, *pilihan["tabel"]], format_func=lambda t: t or "Semua", key="audit_tabel")
kunci = f1.text_input("ID / kunci (mis. nomor usulan)", key="audit_kunci").strip() or None
oleh = f2.selectbox("Oleh", [None, *pilihan["oleh"]], format_func=lambda o: o or "Semua", key="audit_oleh")
aksi = f3.selectbox("Tindakan", [None, *pilihan["aksi"]], format_func=lambda a: a or "Semua", key="audit_aksi")
hari_ini = datetime.date.today()
rentang = f4.date_input(
    "Rentang tanggal", (hari_ini - datetime.timedelta(days=90), hari_ini), format="DD-MM-YYYY", key="audit_tanggal"
)
dari, sampai = (*rentang, None)[:2] if isinstance(rentang, tuple) else (rentang, None)
log = akses_data.baca_audit(tabel, kunci, oleh, aksi, dari, sampai)
st.caption(f"{len(log)} catatan (terbaru dulu; paling banyak 5.000).")
akses_data.tabel(
    log,
    "Tidak ada catatan untuk saringan ini.",
    column_config={
        "id": "No",
        "waktu": st.column_config.DatetimeColumn("Waktu", format="DD-MM-YYYY HH:mm:ss"),
        "oleh": "Oleh",
        "tabel": "Data",
        "kunci": "Kunci",
        "aksi": "Tindakan",
        "lama": "Nilai lama",
        "baru": "Nilai baru",
        "alasan": "Alasan",
    },
    height=480,
)
judul = f"Log audit PetaRencana — {pil.kabupaten.nama}"
st.download_button(
    "Unduh log (XLSX)",
    lambda: xlsx_dengan_keterangan(  # built on click
        log.rename(columns={"id": "No", "waktu": "Waktu", "oleh": "Oleh", "tabel": "Data", "kunci": "Kunci",
                            "aksi": "Tindakan", "lama": "Nilai lama", "baru": "Nilai baru", "alasan": "Alasan"}),
        "Audit",
        [judul, f"Saringan: data={tabel or 'semua'}, kunci={kunci or 'semua'}, oleh={oleh or 'semua'}, "
         f"tindakan={aksi or 'semua'}, {dari} s.d. {sampai}"],
        judul_di_lembar=True,
    ),
    "audit.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="unduh_audit",
)  # fmt: skip
