"""How a worker instance names itself in messages and logs."""

import os
import socket

__all__ = ["producer_name"]


def producer_name(worker: str, instance: str = "") -> str:
    """worker/instance, the instance defaulting to host-pid so replicas are distinguishable."""
    return f"{worker}/{instance or f'{socket.gethostname()}-{os.getpid()}'}"
