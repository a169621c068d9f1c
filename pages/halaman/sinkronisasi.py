"""Sinkronisasi anggaran (Bappeda and TAPD): KUA-PPAS ceilings typed or loaded, the what-if (which lines and
usulan fall out by the forum's priority order, which desa and kecamatan lose, map of what stays and goes),
overlap across OPDs, and the accepted scenario saved as a version with who and why."""

import pandas as pd
import streamlit as st

import pages as akses_data
from geo.domain import sinkronisasi as sk
from geo.domain.format import angka, rupiah, rupiah_ringkas
from geo.render import dipa as keluaran
from geo.services import anggaran as layanan
from pages.akses import anggaran as akses_ang
from pages.akses.peta_data import peta_tematik

pil: akses_data.Pilihan = st.session_state["pilihan"]
kab = pil.kabupaten
pelaku = akses_data.pengguna()
st.title("Sinkronisasi anggaran")
st.caption(
    "Usulan yang disepakati Musrenbang Kabupaten/Kota dicocokkan dengan plafon KUA-PPAS. Di tiap perangkat daerah "
    "usulan diambil menurut urutan prioritas forum kabupaten; usulan yang tidak muat lagi di plafon OPD atau "
    "programnya keluar. OPD tanpa plafon tidak dibatasi."
)

daftar_tahun = akses_ang.tahun_sepakat(kab.kode)
if not daftar_tahun:
    st.info("Belum ada usulan yang disepakati Musrenbang Kabupaten/Kota di kabupaten ini.")
    st.stop()
tahun = st.selectbox(
    "Tahun anggaran",
    daftar_tahun,
    index=daftar_tahun.index(pil.tahun) if pil.tahun in daftar_tahun else 0,
    key="sk_tahun",
)
data = akses_ang.dipa(kab.kode, int(tahun))
u = data.usulan

# --- ceilings ---------------------------------------------------------------------------------
st.subheader("Plafon per perangkat daerah dan program")
tersimpan = akses_ang.plafon(kab.kode, int(tahun))
opd_tanpa = sorted(set(u["opd"]) - set(tersimpan["opd"]))
awal = pd.concat(
    [
        tersimpan[["opd", "kode_program", "nilai", "terkontrak", "versi"]],
        pd.DataFrame({"opd": opd_tanpa, "kode_program": "", "nilai": None, "terkontrak": 0.0, "versi": None}),
    ],
    ignore_index=True,
)
usulan_opd = u.groupby("opd")["nilai"].sum()
awal.insert(2, "usulan disepakati", awal["opd"].map(usulan_opd).fillna(0.0))
ubahan = st.data_editor(
    awal,
    key="sk_plafon",
    hide_index=True,
    num_rows="dynamic",
    width="stretch",
    disabled=["usulan disepakati"],
    column_order=["opd", "kode_program", "usulan disepakati", "nilai", "terkontrak"],  # versi: the one seen, hidden
    column_config={
        "opd": st.column_config.SelectboxColumn("Perangkat daerah", options=sorted(set(u["opd"]) | set(awal["opd"]))),
        "kode_program": st.column_config.TextColumn("Kode program (kosong = seluruh OPD)"),
        "usulan disepakati": st.column_config.NumberColumn("Usulan disepakati (Rp)", format="localized"),
        "nilai": st.column_config.NumberColumn("Plafon (Rp)", min_value=0, format="localized"),
        "terkontrak": st.column_config.NumberColumn("Sudah terkontrak (Rp)", min_value=0, format="localized"),
    },
)
plafon = ubahan.dropna(subset=["opd", "nilai"]).copy()
plafon["kode_program"] = plafon["kode_program"].fillna("").astype(str).str.strip()
plafon["terkontrak"] = pd.to_numeric(plafon["terkontrak"], errors="coerce").fillna(0.0)
if pelaku.boleh("plafon.tulis"):
    with st.form("sk_form_plafon"):
        alasan_plafon = st.text_input("Alasan perubahan plafon", key="sk_alasan_plafon")
        if st.form_submit_button("Simpan plafon", icon=":material/save:"):
            hasil, galat = akses_ang.simpan_plafon(kab.kode, int(tahun), plafon, alasan_plafon, pelaku)
            if galat is not None:
                akses_data.tampilkan_galat(galat)
            else:
                akses_data.berhasil_lalu_muat_ulang(f"{hasil} plafon disimpan.")

# --- what-if ----------------------------------------------------------------------------------
st.subheader("Bagaimana jika…")
c1, c2 = st.columns(2)
TIDAK_ADA = "(tidak ada)"
opd_coba = c1.selectbox(
    "Coba ubah plafon satu perangkat daerah",
    [TIDAK_ADA, *sorted(set(u["opd"]))],
    key="sk_coba_opd",
    help="Mengubah plafon di sini tidak menyimpannya; daftar, tabel dan peta di bawah langsung dihitung ulang.",
)
if opd_coba != TIDAK_ADA:
    baris_opd = (plafon["opd"] == opd_coba) & (plafon["kode_program"] == "")
    kini = float(plafon.loc[baris_opd, "nilai"].iloc[0]) if baris_opd.any() else float(usulan_opd.get(opd_coba, 0.0))
    kontrak = float(plafon.loc[baris_opd, "terkontrak"].iloc[0]) if baris_opd.any() else 0.0
    nilai_coba = c2.number_input(
        "Plafon coba (Rp)", min_value=0.0, value=kini, step=100_000_000.0, format="%.0f", key=f"sk_coba_{opd_coba}"
    )
    plafon = pd.concat(
        [
            plafon[~baris_opd],
            pd.DataFrame([{"opd": opd_coba, "kode_program": "", "nilai": nilai_coba, "terkontrak": kontrak}]),
        ],
        ignore_index=True,
    )
sim = akses_ang.simulasi(kab.kode, int(tahun), data, plafon)
hasil = layanan.what_if(data, plafon, sim)
tetap = hasil.tetap
keluar = u[~tetap.reindex(u["id"]).to_numpy()]
k = st.columns(4)
k[0].metric("Usulan disepakati", angka(len(u)), help=rupiah(float(u["nilai"].sum())))
k[1].metric("Tetap dalam plafon", angka(int(tetap.sum())))
k[2].metric("Keluar", angka(len(keluar)))
k[3].metric(
    "Nilai yang keluar", rupiah_ringkas(float(keluar["nilai"].sum())), help=rupiah(float(keluar["nilai"].sum()))
)

kiri, kanan = st.columns([3, 2])
with kiri:
    st.markdown("**Peta: yang tetap dan yang keluar**")
    kerangka = akses_ang.kerangka_usulan(kab.kode, int(tahun), u["id"].tolist())
    props, teks, legenda = keluaran.properti_whatif(kerangka, u, tetap)
    # kecamatan names on the map for orientation (the usulan themselves are the features)
    label = akses_data.label_cakupan(kab.kode, None)
    peta_tematik(kerangka, props, legenda, label, tinggi=460, key="peta-sinkronisasi", teks=teks)
with kanan:
    st.markdown("**Kecamatan yang kehilangan**")
    kc = hasil.kecamatan[hasil.kecamatan["keluar"] > 0]  # only those that lose something
    akses_data.tabel(
        pd.DataFrame(
            {
                "Kecamatan": kc["kecamatan"],
                "Disepakati": kc["usulan"].map(angka),
                "Keluar": kc["keluar"].map(angka),
                "Nilai keluar": kc["nilai_keluar"].map(rupiah),
            }
        ),
        "Tidak ada kecamatan yang kehilangan usulan.",
    )

tab_baris, tab_usulan, tab_desa, tab_tumpang, tab_versi = st.tabs(
    ["Baris DIPA", "Usulan yang keluar", "Desa yang kehilangan", "Tumpang tindih antar-OPD", "Versi skenario"]
)
with tab_baris:
    b = hasil.baris
    akses_data.tabel(
        pd.DataFrame(
            {
                "Perangkat daerah": b["opd"],
                "Sub-kegiatan": b["kode_sub_kegiatan"] + " " + b["nama_sub_kegiatan"].astype(str),
                "Status": b["status"].map(sk.STATUS_BARIS),
                "Usulan": b["usulan_id"].map(len),
                "Tetap": b["usulan_tetap"].map(len),
                "Pagu DIPA": b["pagu"].map(rupiah),
                "Pagu setelah plafon": b["pagu_tetap"].map(rupiah),
            }
        ).sort_values(["Status", "Perangkat daerah"]),
        "Belum ada baris DIPA (padankan item kamus ke sub-kegiatan).",
    )
with tab_usulan:
    urut = keluar.sort_values(["opd", "skor"], ascending=[True, False])
    akses_data.tabel(
        pd.DataFrame(
            {
                "No.": urut["id"],
                "Perangkat daerah": urut["opd"],
                "Nilai": urut["nilai"].map(rupiah),  # key columns before the long text (not cut off at 1366 px)
                "Skor prioritas": urut["skor"].map(lambda v: angka(v, 3)),  # 0,834 (Indonesian decimal comma)
                "Uraian": urut["uraian"],
                "Desa": urut["desa"],
                "Kecamatan": urut["kecamatan"],
            }
        ),
        "Tidak ada usulan yang keluar dengan plafon ini.",
    )
with tab_desa:
    d = hasil.desa[hasil.desa["keluar"] > 0]
    akses_data.tabel(
        pd.DataFrame(
            {
                "Desa": d["desa"],
                "Disepakati": d["usulan"],
                "Keluar": d["keluar"],
                "Nilai keluar": d["nilai_keluar"].map(rupiah),
            }
        ),
        "Tidak ada desa yang kehilangan usulan.",
    )
with tab_tumpang:
    tt = layanan.tumpang_tindih(data)
    st.caption(
        "Aturan duplikat yang sama dengan halaman Usulan (lokasi berdekatan dan uraian mirip), di sini untuk kelas "
        "kegiatan yang sama di dua perangkat daerah."
    )
    akses_data.tabel(
        pd.DataFrame(
            {
                "Usulan A": tt["id_a"],
                "OPD A": tt["opd_a"],
                "Uraian A": tt["uraian_a"],
                "Usulan B": tt["id_b"],
                "OPD B": tt["opd_b"],
                "Uraian B": tt["uraian_b"],
                "Jarak (m)": tt["jarak_m"].map(angka),
            }
        ),
        "Tidak ada tumpang tindih antar-OPD.",
    )
with tab_versi:
    if pelaku.boleh("sinkronisasi.simpan"):
        with st.form("sk_form_skenario"):
            nama = st.text_input("Nama skenario", key="sk_nama")
            alasan = st.text_area("Alasan menerima skenario ini", key="sk_alasan")
            if st.form_submit_button("Simpan sebagai versi baru", icon=":material/bookmark_add:"):
                versi, galat = akses_ang.simpan_skenario(kab.kode, int(tahun), nama, alasan, plafon, hasil, pelaku)
                if galat is not None:
                    akses_data.tampilkan_galat(galat, "Skenario tidak disimpan.")
                else:
                    st.success(f"Skenario disimpan sebagai versi {versi}.")
    versi = akses_ang.daftar_skenario(kab.kode, int(tahun))
    if versi.empty:
        st.caption("Belum ada skenario yang disimpan.")
    else:
        pilih = st.selectbox(
            "Baca versi",
            versi["versi"].tolist(),
            format_func=lambda v: f"Versi {v}: {versi.set_index('versi').at[v, 'nama']}",
            key="sk_baca_versi",
        )
        v = versi.set_index("versi").loc[pilih]
        st.text(
            f"Versi {pilih} — {v['nama']} · disimpan oleh {v['oleh']} pada {pd.Timestamp(v['waktu']):%d-%m-%Y %H:%M}"
        )
        st.text(f"Alasan: {v['alasan']}")
        st.markdown(
            f"Tetap {angka(len(v['tetap']))} usulan, keluar {angka(len(v['keluar']))}: "
            + (", ".join(f"#{i}" for i in v["keluar"]) or "–")
        )
        akses_data.tabel(
            pd.DataFrame(v["plafon"]).rename(
                columns={"opd": "Perangkat daerah", "kode_program": "Program", "nilai": "Plafon"}
            ),
            "Tanpa plafon.",
        )
