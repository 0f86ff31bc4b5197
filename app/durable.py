"""Files written whole and durably: never half a file, and still there after a power cut."""
import os
from pathlib import Path


def write_file(path, data):
    """Write `data` to `path` through a hidden partial file, then rename it into place.

    The bytes reach the disk before the rename, and the rename before this returns
    (the folder is synced too: the file's own fsync does not cover its name). On any
    failure neither the partial file nor the final one is left behind.
    """
    path = Path(path)
    draft = path.with_name(f".{path.name}.part")
    try:
        with open(draft, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(draft, path)
        _sync_folder(path.parent)
    except BaseException:
        for leftover in (draft, path):
            leftover.unlink(missing_ok=True)
        raise


def _sync_folder(folder):
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
