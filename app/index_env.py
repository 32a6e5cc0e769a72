"""Process settings Chroma reads at import time; imported by every module that opens Chroma.

Chroma ships telemetry switched on; mlscope never phones home. Chroma also tries to rebuild a
stored embedding function from its config; ours is always passed explicitly, so that attempt
is expected to fail and its warning is noise.
"""

from __future__ import annotations

import os
import warnings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
warnings.filterwarnings("ignore", message="Could not reconstruct embedding function")
