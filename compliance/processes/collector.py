"""The cyclic garbage collector paused around work that builds many objects freed by reference
counting: a report's rows and styled text, a PDF's boxes. Its passes over them find almost
nothing and cost a fifth to a quarter of the time (the corpus's table report 4.0 -> 3.0 s, the
example's PDF layout 4.3-5.1 -> 3.5-3.8 s of CPU), for a megabyte or ten of garbage in cycles
that waits for its next pass. (A scan pauses it too: pipeline/scan.py, collector_paused.)"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_off() -> Iterator[None]:
    """The collector paused inside, and afterwards as it was (a caller's own pause stands).
    Before it resumes, what was made inside is moved to the oldest generation as it stands
    (freeze, then unfreeze: two list splices): otherwise its first young collection walks all
    of it, a scan's long-lived objects or whatever a layout left (0.34 s after the example's
    PDF); left undone when the process froze objects of its own (unfreezing would release
    them too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
