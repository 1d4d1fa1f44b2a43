"""Uploaded files written whole or not at all, on a disk, a shared folder or an S3-compatible store.

Django's FileSystemStorage writes a file under its final name as the bytes arrive: a full disk (ENOSPC) or a process
killed mid-write leaves a truncated file under the name a record points to. `AtomicFileSystemStorage` writes beside it
under a temporary name, flushes it to the disk, and only then gives it its name; on any error the temporary file is
removed, so the folder never holds a half-written upload. Several application servers share it by mounting one folder
(NFS) at MEDIA_ROOT: the final name is reserved with O_EXCL and put in place by a rename, both atomic there too.

With FILE_STORAGE=s3 the files are in a bucket instead (`core.storage_s3.PrivateS3Storage`). Either storage lists
every stored name with `all_names()`: the backup reads and writes through the storage API, never a local path.
Settings: STORAGES["default"] from FILE_STORAGE.
"""

import os
import tempfile
from collections.abc import Iterator
from typing import BinaryIO

from django.core.files.storage import FileSystemStorage


class FileStoreUnavailable(OSError):
    """The file store could not be reached or failed on its side (an S3-compatible store down or timing out): nothing
    was stored, and trying again later may succeed."""


def write_chunk(handle: BinaryIO, chunk: bytes) -> None:
    """One chunk to the disk (a seam: tests make the disk full here)."""
    handle.write(chunk)


class AtomicFileSystemStorage(FileSystemStorage):
    def all_names(self) -> Iterator[str]:
        """Every stored file's name (POSIX separators), not an upload still being written."""
        root = self.path("")
        for directory, _subdirectories, files in os.walk(root):
            for file_name in files:
                if file_name.startswith(".upload-") and file_name.endswith(".part"):
                    continue
                yield os.path.relpath(os.path.join(directory, file_name), root).replace(os.sep, "/")

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
