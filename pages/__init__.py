"""Streamlit pages; ``akses_data`` is the one data-access module that imports Streamlit."""
