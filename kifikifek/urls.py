"""Small helpers about addresses."""

from urllib.parse import urlsplit


def is_local(target: str) -> bool:
    """Whether ``target`` is a path on this site, safe to redirect to."""
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and "\\" not in target
