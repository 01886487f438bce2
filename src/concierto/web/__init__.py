"""The web workbench: accounts and roles, the documents and the reader where text is coded by
selecting it, the code tree. It renders what the store holds and computes no measure."""

from concierto.i18n import _

WEB_EXTRA_MISSING = _(
    "the web workbench needs its extra ({module} is missing): pip install 'concierto[web]'"
)
"""What ``serve`` and ``users`` say when FastAPI, uvicorn or argon2 are not installed (this
package's own modules import them; this file imports nothing outside concierto)."""
