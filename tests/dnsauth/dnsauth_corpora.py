"""Where the shared test corpora are: ``$CADDIE_MAIL_CORPORA``, else ``../shared/corpora``."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPORA = Path(os.environ.get("CADDIE_MAIL_CORPORA", REPO_ROOT.parent / "shared" / "corpora"))
