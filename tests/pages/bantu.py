"""Helper for the AppTest page tests: open a page of the app with some session state set first."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import AKAR


def buka(page: str, **state) -> AppTest:
    """Run ``app.py`` on ``pages/halaman/<page>.py`` with ``state`` set before the first run.

    (With ``st.navigation``, AppTest drops frame elements on a rerun, so widget values are
    put in the session state before the first run rather than set afterwards.)
    """
    at = AppTest.from_file(str(AKAR / "app.py"), default_timeout=120)
    for k, v in state.items():
        at.session_state[k] = v
    at.switch_page(f"pages/halaman/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at
