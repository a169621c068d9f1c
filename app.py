"""PetaRencana: the frame. Page config, the shared sidebar, and the page list."""

import streamlit as st

import pages as akses_data

st.set_page_config(page_title="PetaRencana", page_icon="🗺️", layout="wide")

halaman = st.navigation(
    [
        st.Page("pages/halaman/beranda.py", title="Beranda", icon=":material/home:", default=True),
        st.Page("pages/halaman/data_dasar.py", title="Data Dasar", icon=":material/layers:"),
        st.Page("pages/halaman/proyektor.py", title="Proyektor", icon=":material/co_present:"),
        st.Page("pages/halaman/usulan.py", title="Usulan", icon=":material/add_location_alt:"),
        st.Page("pages/halaman/prioritas.py", title="Prioritas", icon=":material/format_list_numbered:"),
        st.Page("pages/halaman/forum.py", title="Forum", icon=":material/gavel:"),
        st.Page("pages/halaman/kesesuaian.py", title="Kesesuaian Ruang", icon=":material/rule:"),
        st.Page("pages/halaman/kelayakan.py", title="Kelayakan", icon=":material/fact_check:"),
        st.Page("pages/halaman/data.py", title="Data", icon=":material/upload_file:"),
        st.Page("pages/halaman/audit.py", title="Audit", icon=":material/history:"),
    ]
)
st.session_state["pilihan"] = akses_data.sidebar()
halaman.run()
