"""The cyclic garbage collector paused around work that builds many objects freed by reference
counting: a report's rows and styled text, a PDF's boxes. Its passes over them find almost
nothing and cost a fifth to a quarter of the time (the corpus's table report 4.0 -> 3.0 s, the
example's PDF layout 4.3-5.1 -> 3.5-3.8 s of CPU), for a megabyte or ten of garbage in cycles
that waits for its next pass. (A scan pauses it in its own way: pipeline/scan.py.)"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def collector_off(age_what_was_made: bool = False) -> Iterator[None]:
    """The collector paused inside, and afterwards as it was (a caller's own pause stands).
    With `age_what_was_made`, what was made inside is moved to the oldest generation as it
    stands before the collector resumes (freeze, then unfreeze: two list splices), or its first
    young collection would walk all of it (a scan's long-lived objects); left undone when the
    process froze objects of its own (unfreezing would release them too)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if age_what_was_made and gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
