"""Uploaded files written whole or not at all.

Django's FileSystemStorage writes a file under its final name as the bytes arrive: a full disk (ENOSPC) or a process
killed mid-write leaves a truncated file under the name a record points to. This storage writes beside it under a
temporary name, flushes it to the disk, and only then gives it its name; on any error the temporary file is
removed, so the folder never holds a half-written upload. Settings: STORAGES["default"].
"""

import os
import tempfile
from typing import BinaryIO

from django.core.files.storage import FileSystemStorage


def write_chunk(handle: BinaryIO, chunk: bytes) -> None:
    """One chunk to the disk (a seam: tests make the disk full here)."""
    handle.write(chunk)


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name: str, content) -> str:
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        if self.directory_permissions_mode is not None:
            old_umask = os.umask(0o777 & ~self.directory_permissions_mode)
            try:
                os.makedirs(directory, self.directory_permissions_mode, exist_ok=True)
            finally:
                os.umask(old_umask)
        else:
            os.makedirs(directory, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
        try:
            with os.fdopen(descriptor, "wb") as handle:
                for chunk in content.chunks():
                    write_chunk(handle, chunk if isinstance(chunk, bytes) else chunk.encode())
                handle.flush()
                os.fsync(handle.fileno())
            # The final name is reserved (never taking another upload's), then the complete file put in its place.
            while True:
                try:
                    os.close(os.open(full_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
            os.replace(temporary, full_path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return str(name).replace("\\", "/")
