"""Start the public Lacak Usulan app: ``python -m pages.publik [streamlit options]`` (what ``make public`` does).

A separate Streamlit server on its own port (8502 by default) running ``pages/publik/lacak.py`` only:
no login, no working pages, the database opened read-only. Streamlit serves ``static/`` beside the
main script; the public script lives in ``pages/publik/``, so the static folder is pointed at the
repository's ``static/`` (the offline Leaflet copies) before the server starts.
"""

import sys
from pathlib import Path

from streamlit import runtime

if __name__ == "__main__" and not runtime.exists():
    from streamlit import file_util
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    from geo.render.aset import FOLDER_STATIS

    PagesManager.uses_pages_directory = False
    file_util.get_app_static_dir = lambda _skrip: str(FOLDER_STATIS)
    skrip = Path(__file__).resolve().parent / "lacak.py"
    argumen = sys.argv[1:]
    if not any(a.startswith("--server.port") for a in argumen):
        argumen = ["--server.port", "8502", *argumen]
    cli.main(["run", str(skrip), *argumen], prog_name="streamlit")
