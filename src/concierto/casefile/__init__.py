"""The case folder: a YAML/CSV format for cases that lives well in git (import/export only).

``read_case_folder`` validates a folder into a :class:`CaseDocument`; ``save_case`` and
``fetch_case`` move documents into and out of the store; ``write_case_folder`` writes one back.
"""

from concierto.casefile.database import delete_case, fetch_case, resolve_case, save_case
from concierto.casefile.errors import CaseFileError, Issue
from concierto.casefile.read import CaseDocument, read_case_folder
from concierto.casefile.write import write_case_folder

__all__ = [
    "CaseDocument",
    "CaseFileError",
    "Issue",
    "delete_case",
    "fetch_case",
    "read_case_folder",
    "resolve_case",
    "save_case",
    "write_case_folder",
]
