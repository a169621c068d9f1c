"""PetaRencana: the frame. Page config, login, the shared sidebar, and the pages of the user's role."""

import streamlit as st

import pages as akses_data

st.set_page_config(page_title="PetaRencana", page_icon="🗺️", layout="wide")

#: Every page: key (as in geo.domain.definitions.PERAN[...].halaman) -> (script, title, icon).
HALAMAN = {
    "beranda": ("beranda.py", "Beranda", ":material/home:"),
    "data_dasar": ("data_dasar.py", "Data Dasar", ":material/layers:"),
    "proyektor": ("proyektor.py", "Proyektor", ":material/co_present:"),
    "usulan": ("usulan.py", "Usulan", ":material/add_location_alt:"),
    "prioritas": ("prioritas.py", "Prioritas", ":material/format_list_numbered:"),
    "forum": ("forum.py", "Forum", ":material/gavel:"),
    "persiapan": ("persiapan.py", "Persiapan Forum", ":material/event:"),
    "kesesuaian": ("kesesuaian.py", "Kesesuaian Ruang", ":material/rule:"),
    "kelayakan": ("kelayakan.py", "Kelayakan", ":material/fact_check:"),
    "monitoring": ("monitoring.py", "Monitoring", ":material/monitoring:"),
    "evaluasi": ("evaluasi.py", "Evaluasi", ":material/insights:"),
    "sinkronisasi": ("sinkronisasi.py", "Sinkronisasi", ":material/balance:"),
    "anggaran": ("anggaran.py", "DIPA & Renja", ":material/account_tree:"),
    "data": ("data.py", "Data", ":material/upload_file:"),
    "audit": ("audit.py", "Audit", ":material/history:"),
    "pengguna": ("pengguna.py", "Pengguna", ":material/manage_accounts:"),
}


def _halaman(kunci: str, default: bool = False) -> st.Page:
    berkas, judul, ikon = HALAMAN[kunci]
    return st.Page(f"pages/halaman/{berkas}", title=judul, icon=ikon, default=default)


akses_data.tulis_kue()
masuk = akses_data.pengguna_masuk()
if masuk is None:  # logged out: the login page only
    st.navigation([st.Page("pages/halaman/masuk.py", title="Masuk", icon=":material/login:")]).run()
elif masuk[1]:  # a one-time password: change it before anything else
    st.navigation([st.Page("pages/halaman/akun.py", title="Ganti kata sandi", icon=":material/key:")]).run()
else:
    pengguna = masuk[0]
    daftar = [_halaman(k, default=(k == "beranda")) for k in HALAMAN if k in pengguna.halaman()]
    daftar.append(st.Page("pages/halaman/akun.py", title="Akun saya", icon=":material/account_circle:"))
    halaman = st.navigation(daftar, expanded=True)  # every page listed: no English "View 6 more" link
    if st.session_state.pop("ke_beranda", False):  # just left the one-time-password page
        st.switch_page(daftar[0])
    st.session_state["pilihan"] = akses_data.sidebar(pengguna)
    halaman.run()
