"""PetaRencana core: storage, domain definitions, geometry and map building.

Nothing in this package imports Streamlit; pages and ``pages/akses_data.py`` do.
"""
