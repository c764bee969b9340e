"""Operating-system guards for query worker processes: no network, bounded memory.

:func:`isolate_network` moves the calling process into a new, empty network namespace (only a loopback
device that is down), so nothing it runs can open a connection, whatever the query says. Python 3.11
has no ``os.unshare``, so ``unshare(2)`` is called through ctypes: first ``CLONE_NEWNET`` (needs
CAP_SYS_ADMIN), then ``CLONE_NEWUSER | CLONE_NEWNET`` (unprivileged user namespaces; the process must
still be single-threaded). If the OS refuses both, the worker runs with the network and says so.
"""

from __future__ import annotations

import ctypes
import logging
import os
import resource

log = logging.getLogger(__name__)

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000
NETNS = "network namespace"
USER_NETNS = "user and network namespace"
NONE = "none"


def _unshare(flags: int) -> int:
    """0 on success, else the errno of ``unshare(flags)``."""
    libc = ctypes.CDLL(None, use_errno=True)
    return 0 if libc.unshare(flags) == 0 else ctypes.get_errno()


def isolate_network() -> tuple[str, str]:
    """Cut this process off the network; returns (which guard applied, why none did if so)."""
    errors = []
    for flags, name in ((CLONE_NEWNET, NETNS), (CLONE_NEWUSER | CLONE_NEWNET, USER_NETNS)):
        err = _unshare(flags)
        if err == 0:
            return name, ""
        errors.append(f"unshare({name}): {os.strerror(err)}")
    return NONE, "; ".join(errors)


def limit_memory(megabytes: int) -> None:
    """Cap this process's address space (RLIMIT_AS) at ``megabytes`` MiB."""
    limit = megabytes * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
