"""Child processes that never outlive the process that started them."""

import ctypes
import signal
import sys

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """In a freshly forked child: ask Linux to SIGTERM us when the parent dies.

    Workers run in their own session (so a terminal's Ctrl-C reaches only the launcher,
    which drains them in order); this keeps a killed launcher from leaving them orphaned.
    Elsewhere than Linux it does nothing.
    """
    if sys.platform != "linux":
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
