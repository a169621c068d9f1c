"""PetaRencana core: storage, domain definitions, geometry and map building.

Nothing in this package imports Streamlit; app.py and pages/ do.
"""
