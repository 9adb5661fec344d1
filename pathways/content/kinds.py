"""The names of the content files, without their models (issue 25 item 4: reading content and parsing the
command line do not import Pydantic's models; `models.py` pairs each name with its model, in this order)."""

from __future__ import annotations

KIND_NAMES = ("statuses", "programs", "organizations", "locations", "services", "steps", "topics", "sources",
              "glossary")
SINGLE_FILE_NAMES = ("community", "index")  # one record per file: community.yaml, index.yaml
MAX_FILE_BYTES = 2 * 1024 * 1024  # generous for hand-written content; refuses pasted dumps unread (`load.read_text`)
