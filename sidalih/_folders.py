"""Result folders that are never half-written: staged beside the target, renamed into place.

A writer (:class:`ResultFolder`) takes a lock beside the target, writes every file into a
temporary folder next to it, writes ``manifest.json`` last (each file's name and size, the
sidalih version, a run id) and only then renames the folder into place; an earlier result
is swapped out in the same rename (``renameat2(RENAME_EXCHANGE)`` on Linux, two renames
elsewhere). Whatever kills the writer, the target is the old complete result, the new
complete result, or absent; a stopped run leaves at most a hidden ``.NAME.sidalih-*.tmp``
folder, which the next writer of that target removes.

A reader calls :func:`check_folder` first: a folder without a manifest, or whose files do
not have the sizes the manifest lists, is refused with a :class:`~sidalih.errors.DataFileError`.

The lock (``.NAME.sidalih.lock``) holds the writer's pid; it is an ``flock`` the kernel
drops when that process dies, so a lock left by a killed run is stale and taken over.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from sidalih.errors import DataFileError, InvalidParameterError

__all__ = [
    "MANIFEST",
    "Manifest",
    "ResultFolder",
    "StagedFiles",
    "check_folder",
    "read_manifest",
]

MANIFEST = "manifest.json"
_FORMAT = "sidalih-result"
_FORMAT_VERSION = 1
# Set by tests only: the writer stops (and says so on stderr) at the named point, so a
# test can kill it exactly there. Points: locked, written, manifest, swapped.
_PAUSE_ENV = "SIDALIH_TEST_PAUSE_AT"


@dataclass(frozen=True)
class Manifest:
    """What a complete result folder holds: written last, checked by every reader."""

    command: str
    run_id: str
    sidalih_version: str
    created: str
    files: dict[str, int]
    """File name -> size in bytes."""

    def to_json(self) -> str:
        return json.dumps({"format": _FORMAT, "format_version": _FORMAT_VERSION,
                           "command": self.command, "run_id": self.run_id,
                           "sidalih_version": self.sidalih_version, "created": self.created,
                           "files": {k: {"bytes": v} for k, v in self.files.items()}},
                          indent=2) + "\n"


def read_manifest(folder: str | os.PathLike[str]) -> Manifest:
    """The manifest of a result folder, or a :class:`DataFileError` saying what is wrong.

    Examples
    --------
    >>> import tempfile
    >>> read_manifest(tempfile.mkdtemp())  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sidalih.errors.DataFileError: ... is not a complete sidalih result: it has no manifest.json ...
    """
    folder = Path(folder)
    if not folder.exists():
        raise DataFileError(f"result folder not found: {folder}")
    if not folder.is_dir():
        raise DataFileError(f"{folder} is a file, not a sidalih result folder")
    path = folder / MANIFEST
    if not path.is_file():
        raise DataFileError(
            f"{folder} is not a complete sidalih result: it has no {MANIFEST} (the run that "
            "wrote it was stopped, or it is not a sidalih result folder); run the command "
            "again to write it")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT:
            raise ValueError("not a sidalih manifest")
        if data.get("format_version") != _FORMAT_VERSION:
            raise ValueError(f"manifest version {data.get('format_version')!r}, this sidalih "
                             f"reads version {_FORMAT_VERSION}")
        files = {str(k): int(v["bytes"]) for k, v in data["files"].items()}
        return Manifest(str(data["command"]), str(data["run_id"]),
                        str(data["sidalih_version"]), str(data["created"]), files)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path} is damaged ({exc}); run the command again") from None


def check_folder(folder: str | os.PathLike[str], *, need: Iterable[str] = ()) -> Manifest:
    """Refuse a result folder that is incomplete: no manifest, a file missing or cut short.

    ``need`` names files the caller is about to read; each must be in the manifest.

    Examples
    --------
    >>> import tempfile
    >>> with ResultFolder(Path(tempfile.mkdtemp()) / "out", command="doc") as out:
    ...     _ = (out.path / "a.txt").write_text("hello")
    ...     _ = out.commit()
    >>> check_folder(out.target, need=["a.txt"]).files
    {'a.txt': 5}
    """
    folder = Path(folder)
    manifest = read_manifest(folder)
    problems = []
    for name in need:
        if name not in manifest.files:
            problems.append(f"{name} is not part of it")
    for name, size in manifest.files.items():
        try:
            found = (folder / name).stat().st_size
        except OSError:
            problems.append(f"{name} is missing")
            continue
        if found != size:
            problems.append(f"{name} has {found:,} bytes where the manifest says {size:,}")
    if problems:
        raise DataFileError(
            f"{folder} is not a complete {manifest.command} result: {'; '.join(problems)}. "
            "Run the command again to write it")
    return manifest


# ----------------------------------------------------------------------------- writing
class ResultFolder:
    """Write a result folder atomically: ``with ResultFolder(target, command=...) as out``.

    Write every file into ``out.path`` (a temporary folder beside ``target``), then call
    :meth:`commit`. Leaving the block without a commit (an error, Ctrl-C) removes the
    temporary folder and keeps what ``target`` held. Entering takes the target's lock, so
    a second writer of the same target is refused at once, before it computes anything.

    ``target`` may be absent, an empty folder, or an earlier sidalih result (with a
    manifest, or the ``summary.json`` of an older version): anything else is refused
    rather than deleted. ``inputs`` are files the run reads: the target may not hold them.

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "hasil"
    >>> with ResultFolder(target, command="doc") as out:
    ...     _ = (out.path / "clusters.csv").write_text("id,cluster_id\\n1,1\\n")
    ...     _ = out.commit()
    >>> sorted(p.name for p in target.iterdir())
    ['clusters.csv', 'manifest.json']
    """

    def __init__(self, target: str | os.PathLike[str], *, command: str,
                 inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
        self.target = Path(target)
        self.command = command
        self.run_id = uuid.uuid4().hex[:12]
        self._inputs = [Path(p) for p in inputs]
        self._lock: _Lock | None = None
        self._staged: Path | None = None
        self._aside: Path | None = None
        self.committed = False

    @property
    def path(self) -> Path:
        """The temporary folder to write into (beside the target, same file system)."""
        if self._staged is None:
            raise InvalidParameterError("ResultFolder.path is only valid inside `with`")
        return self._staged

    def __enter__(self) -> ResultFolder:
        if self.target.exists():  # refused before any folder or lock file is made
            self._check_target()
        parent = self.target.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DataFileError(f"cannot create the folder {parent}: {exc.strerror}") from None
        try:
            self._lock = _Lock(parent / f".{self.target.name}.sidalih.lock", self.target)
        except DataFileError:
            raise
        except OSError as exc:
            raise DataFileError(f"cannot write in {parent}: {exc.strerror or exc}") from None
        try:
            self._check_target()  # again under the lock: another run may have written it
            self._remove_leftovers()
            self._staged = parent / f".{self.target.name}.sidalih-{self.run_id}.tmp"
            self._staged.mkdir()
            _checkpoint("locked")
        except BaseException as exc:  # __exit__ does not run when __enter__ fails
            self.__exit__(None, None, None)
            if isinstance(exc, OSError) and not isinstance(exc, DataFileError):
                raise DataFileError(f"cannot write in {parent}: {exc.strerror or exc}") from None
            raise
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        try:
            if not self.committed:
                self._roll_back()
            for leftover in (self._staged, self._aside):
                if leftover is not None and leftover.exists():
                    shutil.rmtree(leftover, ignore_errors=True)
        finally:
            if self._lock is not None:
                self._lock.release()
                self._lock = None

    def commit(self) -> Path:
        """Write the manifest and put the folder in place of the target; the target."""
        try:
            return self._commit()
        except DataFileError:
            raise
        except OSError as exc:  # a full disk, a folder made read-only meanwhile
            raise DataFileError(f"cannot write {self.target}: {exc.strerror or exc}") from None

    def _commit(self) -> Path:
        staged = self.path
        files = self._files()
        _checkpoint("written")
        manifest = Manifest(self.command, self.run_id, _version(),
                            dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                            {name: (staged / name).stat().st_size for name in files})
        _write_synced(staged / MANIFEST, manifest.to_json())
        _fsync(staged)
        _checkpoint("manifest")
        self._put_in_place()
        self.committed = True
        _fsync(self.target.parent)
        _checkpoint("swapped")
        return self.target

    # -- steps
    def _check_target(self) -> None:
        target = self.target
        if target.exists() and not target.is_dir():
            raise InvalidParameterError(
                f"{target} is a file: results are written to a folder; give another name")
        try:
            here: Path | None = Path.cwd().resolve()
        except OSError:  # the current folder was removed: nothing to protect there
            here = None
        resolved = target.resolve()
        if here is not None and (resolved == here or resolved in here.parents):
            raise InvalidParameterError(
                f"{target} is the current folder (or holds it): give a new folder for the "
                "results")
        for path in self._inputs:
            if resolved in path.resolve().parents:
                raise InvalidParameterError(
                    f"{target} holds the input {path.name}: writing the results there would "
                    "replace it; give another folder")
        if target.is_dir() and not _replaceable(target):
            found = sorted(p.name for p in target.iterdir())
            shown = ", ".join(found[:3]) + (", ..." if len(found) > 3 else "")
            raise InvalidParameterError(
                f"{target} already holds files that are not a sidalih result ({shown}); "
                "they would be replaced: give a new folder or empty this one")

    def _remove_leftovers(self) -> None:
        # Under the lock no other writer of this target is alive: what a stopped run
        # left beside it is garbage.
        prefix = f".{self.target.name}.sidalih-"
        for path in self.target.parent.glob(f"{_glob_escape(prefix)}*"):
            if path.suffix in (".tmp", ".old") and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)

    def _files(self) -> list[str]:
        staged = self.path
        names = []
        for path in sorted(staged.iterdir()):
            if path.name == MANIFEST:
                continue
            if not path.is_file() or path.is_symlink():
                raise InvalidParameterError(
                    f"a result folder holds plain files only, {path.name} is not one")
            _fsync(path)
            names.append(path.name)
        return names

    def _put_in_place(self) -> None:
        staged, target = self.path, self.target
        if not target.exists():
            os.rename(staged, target)
            return
        if _exchange(staged, target):  # one atomic step: the old result is now `staged`
            return
        self._aside = target.parent / f".{target.name}.sidalih-{self.run_id}.old"
        os.rename(target, self._aside)
        os.rename(staged, target)

    def _roll_back(self) -> None:
        # Stopped between the two renames of the fallback: the earlier result goes back.
        aside = self._aside
        if aside is not None and aside.exists() and not self.target.exists():
            os.rename(aside, self.target)
            self._aside = None


class StagedFiles(ResultFolder):
    """Write one or more files beside each other atomically, each renamed into place.

    For a command whose output is a file (``sidalih synth N --out dpt.csv``) and the files
    written beside it: each is written into ``out.path`` under its final name and moved
    to ``target``'s folder on :meth:`commit` (no manifest: each file is whole or old).

    Examples
    --------
    >>> import tempfile
    >>> target = Path(tempfile.mkdtemp()) / "dpt.csv"
    >>> with StagedFiles(target, command="doc") as out:
    ...     _ = (out.path / "dpt.csv").write_text("NAMA\\nSITI\\n")
    ...     _ = (out.path / "dpt.truth.parquet").write_bytes(b"")
    ...     _ = out.commit()
    >>> sorted(p.name for p in target.parent.iterdir())
    ['dpt.csv', 'dpt.truth.parquet']
    """

    def _check_target(self) -> None:
        if self.target.is_dir():
            raise InvalidParameterError(
                f"{self.target} is a folder: give a file name ending in .parquet, .csv or "
                ".xlsx, or a folder name without a suffix")

    def _commit(self) -> Path:
        staged = self.path
        names = self._files()
        _checkpoint("written")
        # The named file last: once it is there, its companions are too.
        names.sort(key=lambda n: n == self.target.name)
        for name in names:
            os.replace(staged / name, self.target.parent / name)
        self.committed = True
        _fsync(self.target.parent)
        _checkpoint("swapped")
        return self.target


def _replaceable(folder: Path) -> bool:
    """Empty, a result with a manifest, or a result of an older sidalih (its summary)."""
    if not any(folder.iterdir()) or (folder / MANIFEST).is_file():
        return True
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(summary, dict) and ("command" in summary or "n_buckets" in summary)


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _version() -> str:
    from sidalih import __version__

    return __version__


def _write_synced(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fsync(path: Path) -> None:
    """Flush a file or folder to disk (a manifest must never reach it before the data)."""
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2``); False where that is not possible."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # an old C library
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = function(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(done == 0)  # EINVAL/ENOSYS: a file system without it, fall back


def _checkpoint(name: str) -> None:
    if os.environ.get(_PAUSE_ENV) == name:
        print(f"sidalih: test pause at {name}", file=sys.stderr, flush=True)
        time.sleep(600)


# ----------------------------------------------------------------------------- the lock
class _Lock:
    """An exclusive lock on a file beside the target, holding the writer's pid."""

    def __init__(self, path: Path, target: Path) -> None:
        self.path = path
        self._fd: int | None = None
        try:
            import fcntl
        except ImportError:  # not POSIX: a lock file whose pid is checked instead
            self._take_without_flock(target)
            return
        for _ in range(10):
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise DataFileError(_busy(target, _holder(path))) from None
            # The previous holder may have removed the file between our open and our lock:
            # a lock on a removed file locks nothing.
            if _same_file(fd, path):
                os.ftruncate(fd, 0)
                os.write(fd, json.dumps({"pid": os.getpid()}).encode())
                self._fd = fd
                return
            os.close(fd)
        raise DataFileError(_busy(target, _holder(path)))

    def _take_without_flock(self, target: Path) -> None:
        for _ in range(2):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                pid = _holder(self.path)
                if pid is None or _alive(pid):
                    raise DataFileError(_busy(target, pid)) from None
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
                continue
            os.write(fd, json.dumps({"pid": os.getpid()}).encode())
            self._fd = fd
            return
        raise DataFileError(_busy(target, _holder(self.path)))

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # before the unlock: a waiter re-checks the file it locked
        os.close(self._fd)
        self._fd = None


def _same_file(fd: int, path: Path) -> bool:
    try:
        here, there = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _holder(path: Path) -> int | None:
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        return int(data["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # cannot tell safely: the user removes a stale lock by hand
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _busy(target: Path, pid: int | None) -> str:
    who = f"another sidalih run (pid {pid})" if pid else "another sidalih run"
    return f"{who} is writing {target}: wait for it to finish, or write elsewhere"
