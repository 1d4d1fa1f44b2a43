"""Uploaded files in a bucket of an S3-compatible store (FILE_STORAGE=s3: MinIO, Ceph, a cloud's object storage).

An object exists only once its upload is complete (a single PUT, or a multipart upload that boto3 aborts on any
error): a failed upload leaves nothing under the name. Objects are private (no ACL is sent: they take the bucket's
own, never public-read) and are read only through the platform's permission-checking views, which stream them with
`storage.open` — nothing asks a stored file for a local path. A store that answers it is full raises OSError ENOSPC,
as a full disk does, and a store that cannot be reached (or fails on its side) raises `FileStoreUnavailable`: the
forms say so clearly, store nothing and keep what was typed; a background export is retried.
"""

import errno
from collections.abc import Iterator

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotocoreConnectionError
from django.conf import settings
from storages.backends.s3 import S3Storage

from .storage import FileStoreUnavailable

# What S3-compatible stores answer when they have no room: MinIO, Ceph RGW and S3's own quota codes.
STORE_FULL_CODES = frozenset({"XMinioStorageFull", "QuotaExceeded", "XAmzQuotaExceeded"})


class PrivateS3Storage(S3Storage):
    # No ACL header: an object takes the bucket's own (private), never public-read.
    default_acl = None
    # Names are never reused: a second upload of a name gets a new one, as on the disk.
    file_overwrite = False
    # Any URL the storage gives out is signed and expires; the platform serves files through its own views.
    querystring_auth = True

    def get_default_settings(self):
        # A download larger than this is spooled to a temporary file rather than held in memory.
        return {**super().get_default_settings(), "max_memory_size": settings.FILE_UPLOAD_MAX_MEMORY_SIZE}

    def save(self, name, content, max_length=None):
        try:
            return super().save(name, content, max_length=max_length)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in STORE_FULL_CODES:
                raise OSError(errno.ENOSPC, f"the file store is full: {exc}") from exc
            if exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) >= 500:
                raise FileStoreUnavailable(errno.EIO, f"the file store failed: {exc}") from exc
            raise
        except (BotocoreConnectionError, HTTPClientError) as exc:
            raise FileStoreUnavailable(errno.EIO, f"the file store cannot be reached: {exc}") from exc

    def all_names(self) -> Iterator[str]:
        """Every stored object's name below the storage's location, in one paginated listing."""
        prefix = f"{self.location}/" if self.location else ""
        for summary in self.bucket.objects.filter(Prefix=prefix):
            yield summary.key[len(prefix) :]
