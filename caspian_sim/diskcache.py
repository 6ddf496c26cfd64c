"""An on-disk cache of arrays that depend on geometry alone (distance fields, share samples, median lines).

A new Python process pays to build a sea's distance field, the target
solver's share sample and the median line again (about a second for the
Caspian), although they depend only on the polygon, the coasts and a
resolution. They are kept here as ``.npz`` files, so the second process on a
machine starts from them.

Entries are keyed by a hash of everything their arrays depend on: the
geometry's WKB and the parameters given by the caller, the source code of the
modules that compute them, and the versions of GEOS and PROJ. A change to any of
these makes a new key, so a stale entry is never read. Reads are checked (zip
CRC, array names and shapes are the caller's to check); an unreadable entry is
a miss and is rebuilt. Writes are atomic (a temporary file renamed into place),
and a cache that cannot be written is skipped, never an error. The newest
:data:`MAX_ENTRIES` entries are kept.

Where: ``$CASPIAN_SIM_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/caspian-sim``
(``~/.cache/caspian-sim``; ``%LOCALAPPDATA%\\caspian-sim`` on Windows). Set
``CASPIAN_SIM_CACHE_DIR=off`` to disable it.

Examples
--------
>>> import numpy as np
>>> from caspian_sim import diskcache
>>> key = diskcache.key("doctest", b"any bytes the arrays depend on")
>>> out = diskcache.load_or_build("doctest", key, lambda: {"a": np.arange(3.0)})
>>> out["a"].tolist()
[0.0, 1.0, 2.0]
"""

from __future__ import annotations

import hashlib
import logging
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

__all__ = ["MAX_ENTRIES", "cache_dir", "clear", "key", "load_or_build"]

#: How many entries are kept (the least recently used beyond this are deleted).
MAX_ENTRIES = 64
_OFF = {"off", "0", "false", "no", "none"}
_log = logging.getLogger(__name__)

Arrays = dict[str, NDArray]


def cache_dir() -> Path | None:
    """The cache directory, or None when the cache is disabled (``CASPIAN_SIM_CACHE_DIR=off``)."""
    env = os.environ.get("CASPIAN_SIM_CACHE_DIR", "").strip()
    if env.lower() in _OFF:
        return None
    if env:
        return Path(env).expanduser()
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "caspian-sim"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "caspian-sim"


def key(kind: str, *parts: bytes, modules: Iterable[str] = ()) -> str:
    """A hex key for an entry of ``kind`` computed from ``parts`` by the code of ``modules``.

    ``modules`` are module names whose source files are hashed in, so that an
    edit to the code that computes the arrays retires the old entries.
    """
    import pyproj
    import shapely

    h = hashlib.blake2b(digest_size=20)
    h.update(kind.encode())
    for name in modules:
        mod = sys.modules[name]
        h.update(Path(str(mod.__file__)).read_bytes())
    h.update(f"{shapely.geos_version_string}|{pyproj.proj_version_str}|{np.__version__.split('.')[0]}".encode())
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def load_or_build(kind: str, key: str, build: Callable[[], Arrays], required: Iterable[str] = (),
                  check: Callable[[Arrays], object] | None = None) -> Arrays:
    """The arrays stored under ``key``, or ``build()`` (then stored) when absent, unreadable,
    missing one of the ``required`` names or refused by ``check`` (which raises on arrays it cannot
    use, e.g. geometry that does not decode)."""
    path = _path(kind, key)
    if path is not None and path.exists():
        try:
            with np.load(path, allow_pickle=False) as z:
                out = {k: z[k] for k in z.files}
            missing = set(required) - set(out)
            if missing:
                raise KeyError(f"no arrays {sorted(missing)}")
            if check is not None:
                check(out)
            os.utime(path)  # most recently used
            return out
        except Exception as exc:  # noqa: BLE001 - any unreadable entry is a miss
            _log.info("caspian-sim cache entry %s unreadable (%s); rebuilding it", path, exc)
    out = build()
    if path is not None:
        _store(path, out)
    return out


def clear() -> int:
    """Delete every entry of the cache; returns how many were deleted."""
    d = cache_dir()
    if d is None or not d.is_dir():
        return 0
    n = 0
    for p in d.glob("*.npz"):
        try:
            p.unlink()
            n += 1
        except OSError:
            pass
    return n


def _path(kind: str, key: str) -> Path | None:
    d = cache_dir()
    return None if d is None else d / f"{kind}-{key}.npz"


def _store(path: Path, arrays: Arrays) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, **arrays)  # type: ignore[arg-type]
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(path.parent)
    except OSError as exc:  # read-only or full disk: the result stands, only the cache is skipped
        _log.info("caspian-sim cache not written to %s (%s)", path, exc)


def _prune(d: Path) -> None:
    entries = sorted(d.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for p in entries[MAX_ENTRIES:]:
        try:
            p.unlink()
        except OSError:
            pass
