"""Files and addresses the user names on the command line, checked before psn relies on them.

Each check raises BadInput (exit 2) saying what is wrong with that path or URL and what to give
instead, so no OSError, decode error or half-read file ever reaches the user. Text files are read
only up to a size that makes sense for what they hold: a sparse 5 GB file named by mistake is
refused, never read into memory.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from psn.core.errors import BadInput

MiB = 1024 * 1024
TEXT_FILE_MAX_BYTES = 10 * MiB


def check_input_file(path: Path, what: str = "Media file", hint: str = "Choose a real image or video file.") -> int:
    """The size of an existing, non-empty regular file; BadInput naming the problem otherwise."""
    if path.is_dir():
        raise BadInput(f"{path} is a folder, not a file.", hint="Give the path of the file itself.")
    if not path.is_file():
        raise BadInput(f"{what} not found: {path}.", hint="Check the path.")
    size = path.stat().st_size
    if size == 0:
        raise BadInput(f"{path.name} is empty.", hint=hint)
    return size


def read_text_file(path: Path, what: str, max_bytes: int = TEXT_FILE_MAX_BYTES) -> str:
    """A UTF-8 text file the user named (an article, a voice profile, a CSV), whole."""
    data = read_file(path, what, max_bytes)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(f"{path.name} is not UTF-8 text.", hint="Save it as UTF-8 text, or check the path.") from None


def read_file(path: Path, what: str, max_bytes: int = TEXT_FILE_MAX_BYTES) -> bytes:
    """The bytes of a file the user named, refused when it is larger than such a file can be."""
    path = path.expanduser()
    if path.is_dir():
        raise BadInput(f"{path} is a folder, not a file.", hint="Give the path of the file itself.")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            shown = f"{max_bytes // MiB} MB" if max_bytes >= MiB else f"{max_bytes // 1024} KB"
            raise BadInput(f"{path.name} is {size:,} bytes, too big for {what} (psn reads up to {shown}).",
                           hint="Check that this is the file you meant.", limit=max_bytes, value=size)
        return path.read_bytes()
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror}.", hint="Check the path and its permissions.") from None


def check_output_file(path: Path, example: str) -> Path:
    """A file psn is asked to write: not a folder, in a folder that exists."""
    path = path.expanduser()
    if path.is_dir():
        raise BadInput(f"{path} is a folder.", hint=f"Give a file name, e.g. {example}.")
    if not path.parent.is_dir():
        raise BadInput(f"The folder {path.parent} does not exist.", hint="Create it or choose another path.")
    return path


def write_text_file(path: Path, text: str, example: str) -> Path:
    path = check_output_file(path, example)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise BadInput(f"Cannot write {path}: {exc.strerror}.", hint="Choose a folder you can write to.") from None
    return path


def check_web_url(url: str, what: str = "The address") -> str:
    """An absolute http(s) URL with a host; BadInput naming the expected shape otherwise."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise BadInput(f"{what} {url!r} is not a web address.", hint="Give a full URL that starts with https://.")
    return url.strip()
