"""A read snapshot of an embedded Chroma collection, so a cold command answers without
importing or opening Chroma (~0.9 s of a cold `mlscope ask` on 2 cores).

The snapshot holds every row (id, text, metadata, vector) and is valid only while the Chroma
directory is exactly as it was when the rows were read: its *stamp* (each file's path, size
and mtime, plus the SQLite header's change counter) must match. Any write to the store, by
this process or another one, changes the stamp, and the caller falls back to Chroma. A
missing, unreadable or mismatched snapshot is never an error: it is ignored and rewritten.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

FORMAT = 1
SQLITE_FILE = "chroma.sqlite3"


@dataclass(frozen=True)
class Snapshot:
    """Every row of one collection as Chroma returned them, in Chroma's order."""

    name: str
    stamp: str
    exists: bool
    collection_meta: dict[str, Any]
    ids: list[str]
    documents: list[str | None]
    metadatas: list[dict[str, Any] | None]
    vectors: np.ndarray  # float32, one row per id


def directory_stamp(path: Path) -> str | None:
    """A digest of the Chroma directory's state; None when there is no store yet.

    Opening Chroma writes to its SQLite file (a row in `acquire_write`), so the stamp must be
    taken after this process has opened the store, never before (see `VectorIndex`). The
    SQLite change counter catches a write that lands within the file system's mtime tick
    without changing the file's size.
    """
    rows: list[tuple[str, int, int]] = []
    try:
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for name in sorted(files):
                full = os.path.join(root, name)
                st = os.stat(full)
                rows.append((os.path.relpath(full, path), st.st_size, st.st_mtime_ns))
        with open(path / SQLITE_FILE, "rb") as fh:
            header = fh.read(100)
    except OSError:  # no store yet, or a file vanished mid-walk: no valid stamp
        return None
    digest = hashlib.sha256(repr(rows).encode())
    digest.update(header)
    return digest.hexdigest()


def snapshot_path(cache_dir: Path, name: str) -> Path:
    return cache_dir / "snapshots" / f"{name}.npz"


_loaded: dict[Path, tuple[tuple[int, int, int], Snapshot]] = {}


def load(path: Path, name: str, stamp: str | None) -> Snapshot | None:
    """The snapshot at `path` if it is for `name` and taken at `stamp`; else None."""
    if stamp is None:
        return None
    try:
        st = path.stat()
    except OSError:
        log.debug("no index snapshot at %s", path)
        return None
    key = (st.st_mtime_ns, st.st_size, st.st_ino)
    cached = _loaded.get(path)
    if cached is not None and cached[0] == key:
        snap = cached[1]
    else:
        try:
            snap = _read(path)
        except Exception as exc:  # a corrupt snapshot is rebuilt, never shown
            log.warning("index snapshot %s unreadable (%s); reading the index",
                        path.name, exc.__class__.__name__)
            return None
        _loaded[path] = (key, snap)
    if snap.name != name or snap.stamp != stamp:
        log.debug("index snapshot %s is out of date", path.name)
        return None
    return snap


def _read(path: Path) -> Snapshot:
    with np.load(path, allow_pickle=False) as data:
        info = json.loads(data["info"].tobytes().decode("utf-8"))
        vectors = np.asarray(data["vectors"], dtype=np.float32)
    if info.get("format") != FORMAT:
        raise ValueError("unknown snapshot format")
    ids, documents, metadatas = info["ids"], info["documents"], info["metadatas"]
    if not (len(ids) == len(documents) == len(metadatas) == vectors.shape[0]):
        raise ValueError("snapshot rows do not line up")
    return Snapshot(info["name"], info["stamp"], bool(info["exists"]),
                    info["collection_meta"], ids, documents, metadatas, vectors)


def save(path: Path, snap: Snapshot) -> None:
    """Write atomically (a reader sees the old snapshot or the new one, never half)."""
    info = {"format": FORMAT, "name": snap.name, "stamp": snap.stamp, "exists": snap.exists,
            "collection_meta": snap.collection_meta, "ids": snap.ids,
            "documents": snap.documents, "metadatas": snap.metadatas}
    blob = np.frombuffer(json.dumps(info, ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            with open(tmp, "wb") as fh:
                np.savez(fh, info=blob, vectors=snap.vectors)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, TypeError, ValueError) as exc:  # a cache that cannot be written is skipped
        log.warning("could not write index snapshot %s (%s)", path.name, exc)
        return
    _loaded.pop(path, None)


def vectors_of(rows: Any, dim: int | None) -> np.ndarray:
    """Chroma's vectors (numpy rows, or None for an empty collection) as one float32 matrix."""
    if rows is None or len(rows) == 0:
        return np.zeros((0, dim or 0), dtype=np.float32)
    return np.asarray(rows, dtype=np.float32)
