"""Where a built site goes, and how it replaces the one readers see.

- Only a folder pathways wrote is ever replaced: every site carries a `.pathways-site` marker naming its
  community; a folder without it (someone's files) or with another community's is refused, as is an
  output folder inside the content or the project's own source.
- The new site is built in a staging folder beside the published one, made world-readable (folders 755,
  files 644, whatever the umask or `mkdtemp` gave), then exchanged with the published folder in one
  atomic system call (Linux `renameat2(RENAME_EXCHANGE)`): at every instant `site/<id>/` is a complete
  site, old or new. `site/<id>` stays a real folder, so `cp -r` and `rsync` copy it as it is. Where the
  exchange is not available, two renames are used and a site left aside by a killed build is put back
  by the next one.
- `site/<id>` may be a symbolic link (a common deploy layout): the folder it points to is replaced, the
  link is kept.
- Builds of one output folder take a lock, so staging folders left by a killed build can be removed.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Iterator

from pathways.engine import cache
from pathways.i18n import N_, is_language
from pathways.resources import PACKAGE, TEMPLATES

MARKER = ".pathways-site"  # in every site pathways writes: {"community": "<id>"}
SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")
DIR_MODE, FILE_MODE = 0o755, 0o644
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


class OutputRefused(Exception):
    """The output folder cannot be used; `message` (a gettext id) and `args` say why, in plain words."""

    def __init__(self, message: str, **args: object) -> None:
        super().__init__(message.format(**args))
        self.message, self.args_ = message, args


def target_folder(out: Path, community: str, content: Path) -> Path:
    """The real folder that will hold the community's site (through a symbolic link if there is one)."""
    if not SAFE_ID.match(community):
        raise OutputRefused(N_("the community id '{id}' cannot name an output folder: use lowercase letters, "
                               "digits and hyphens"), id=community)
    if out.exists() and not out.is_dir():
        raise OutputRefused(N_("{path} exists and is not a folder: nothing was replaced"), path=out)
    named = out.absolute() / community
    final = named.resolve()
    if named.is_symlink() and not final.is_dir():
        raise OutputRefused(N_("{path} is a link to {target}, which is not a folder: nothing was replaced"),
                            path=named, target=final)
    for protected in (content.resolve(), PACKAGE.resolve(), TEMPLATES.resolve()):
        if final == protected or protected in final.parents or final in protected.parents:
            raise OutputRefused(N_("the output folder {path} is inside {protected} or contains it: a build there "
                                   "would destroy content or source files. Choose another --out"),
                                path=final, protected=protected)
    _check_owner(final, community)
    return final


def _check_owner(final: Path, community: str) -> None:
    """Refuse to replace a folder that is not this community's pathways site (an empty folder is fine)."""
    if not final.exists() and not final.is_symlink():
        return
    if not final.is_dir():
        raise OutputRefused(N_("{path} exists and is not a folder: nothing was replaced"), path=final)
    marker = final / MARKER
    if not marker.is_file():
        if any(final.iterdir()) and not _written_before_markers(final):
            raise OutputRefused(N_("{path} was not written by pathways (it has no {marker} file): it was left "
                                   "untouched. Move it away or choose another --out"), path=final, marker=MARKER)
        return
    try:
        owner = json.loads(marker.read_text(encoding="utf-8")).get("community")
    except (ValueError, AttributeError, OSError):
        owner = None
    if owner != community:
        raise OutputRefused(N_("{path} holds the site of another community ({other}), not {id}: it was left "
                               "untouched"), path=final, other=owner or "?", id=community)


def _written_before_markers(final: Path) -> bool:
    """A site pathways wrote before it marked its sites: only its root page, language folders (each with
    MkDocs's sitemap) and booklets. Accepted once, so that upgrading does not stop the next build."""
    entries = {path.name for path in final.iterdir()}
    languages = entries - {"index.html", "print"}
    if "index.html" not in entries or not languages or not all(is_language(lang) for lang in languages):
        return False
    root_page = (final / "index.html").read_text(encoding="utf-8", errors="replace")
    return 'http-equiv="refresh"' in root_page and all((final / lang / "sitemap.xml").is_file() for lang in languages)


@contextlib.contextmanager
def locked(final: Path) -> Iterator[None]:
    """One build at a time per community folder (`serve` and `build` of one community, two builds): an
    advisory lock on a file named after the folder, kept in the build cache (never in the site). Builds of
    other communities into the same output folder go on at the same time (`--all --jobs`)."""
    if not final.parent.exists():
        final.parent.mkdir(parents=True, exist_ok=True)  # another community's build may make it first
        os.chmod(final.parent, DIR_MODE)  # a web server running as another user must be able to enter it
    try:
        import fcntl
    except ImportError:  # pragma: no cover — not POSIX: no lock; stale folders are still cleaned
        yield
        return
    handle = _lock_file(final)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def _lock_file(final: Path) -> int:
    try:
        locks = cache.cache_root() / "locks"
        locks.mkdir(parents=True, exist_ok=True)
        return os.open(locks / cache.digest("lock", str(final)), os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:  # no usable cache: one build at a time in the whole output folder
        return os.open(final.parent, os.O_RDONLY)


def recover_and_clean(final: Path) -> None:
    """Put back a site a killed two-rename switch left aside; remove stale staging folders (under the lock)."""
    aside = _aside(final)
    if aside.is_dir() and not final.exists():
        os.rename(aside, final)
    for stale in sorted(final.parent.glob(f".{final.name}.building-*")) + [aside]:
        shutil.rmtree(stale, ignore_errors=True)


def new_stage(final: Path) -> Path:
    """An empty staging folder beside `final` (same file system, so the switch is a rename)."""
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))


def finish(stage: Path, community: str) -> None:
    """Mark the staged site as ours and make it readable by any web server (755/644)."""
    (stage / MARKER).write_text(json.dumps({"community": community}) + "\n", encoding="utf-8")
    os.chmod(stage, DIR_MODE)
    for folder, dirs, names in os.walk(stage):
        for name in dirs:
            os.chmod(os.path.join(folder, name), DIR_MODE)
        for name in names:
            os.chmod(os.path.join(folder, name), FILE_MODE)


def carry_booklets(final: Path, stage: Path, folder: str) -> int:
    """Copy the published PDF booklets into the new site (a build without PDFs keeps them); how many."""
    published = final / folder
    if not published.is_dir():
        return 0
    shutil.copytree(published, stage / folder)
    return sum(1 for _ in (stage / folder).glob("*.pdf"))


def switch(stage: Path, final: Path) -> None:
    """Publish `stage` as `final`; afterwards `stage` holds the previous site (removed by the caller)."""
    if not final.exists():
        os.rename(stage, final)
        return
    if _exchange(stage, final):
        return
    aside = _aside(final)  # fallback: a killed build between these renames is repaired by the next one
    os.rename(final, aside)
    os.rename(stage, final)
    os.rename(aside, stage)


def _aside(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where it is not available."""
    try:
        renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except (OSError, TypeError):  # no C library to ask (e.g. Windows)
        return False
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # file system or kernel without it
        return False
    raise OSError(code, os.strerror(code), str(second))


def keep_unchanged(stage: Path, final: Path) -> list[str]:
    """Files of the new site equal, byte for byte, to the published ones become that same file (a hard link:
    same inode, same modification time), so a rebuild rewrites only what changed; returns what changed
    (added, changed or removed), as sorted relative paths. Where hard links are not possible, the new
    copy simply stays."""
    changed = []
    published = {p.relative_to(final).as_posix() for p in _files_below(final)} if final.is_dir() else set()
    for path in _files_below(stage):
        name = path.relative_to(stage).as_posix()
        old = final / name
        if name in published and _same_bytes(path, old):
            _link_over(old, path)
        else:
            changed.append(name)
    new = {p.relative_to(stage).as_posix() for p in _files_below(stage)}
    changed += [name for name in published - new if name != MARKER]
    return sorted(changed)


def _files_below(root: Path) -> list[Path]:
    return [Path(folder, name) for folder, _, names in os.walk(root) for name in names]


def _same_bytes(first: Path, second: Path) -> bool:
    if first.stat().st_size != second.stat().st_size:
        return False
    return first.read_bytes() == second.read_bytes()


def _link_over(published: Path, new: Path) -> None:
    temporary = new.with_name(f".{new.name}.link")
    try:
        os.link(published, temporary)
        os.replace(temporary, new)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
