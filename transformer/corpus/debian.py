"""Debian packages that carry English-German text: which to fetch, which members to unpack, how to read them.

Packages are fetched with `apt-get download` (never installed) into a cache folder and only the
needed members are unpacked (`dpkg-deb --fsys-tarfile | tar -x --wildcards`). The package
descriptions (DDTP) come from apt's own lists after `apt-get -o Acquire::Languages=de,en update`.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import formats

APT_LISTS = Path("/var/lib/apt/lists")
WESNOTH_CAMPAIGNS = "httt l ei did dm dw low nr sof sota sotbe thot trow tsg ttb utbs".split()


class DownloadError(RuntimeError):
    """A package could not be fetched (no network, stale apt lists, unknown package)."""


@dataclass(frozen=True)
class Source:
    """One corpus source: the packages to fetch, the members to unpack and the reader for them."""

    name: str
    group: str  # dialogue | kids | help | descriptions: the sampling weight is set per group
    licence: str
    packages: tuple[str, ...]
    members: tuple[str, ...]  # tar wildcards of the members to unpack
    reader: str  # a key of READERS


SOURCES: tuple[Source, ...] = (
    Source("fillets", "dialogue", "GPL-2", ("fillets-ng-data",), ("*/dialogs_de.lua",), "fillets"),
    Source("freedroidrpg", "dialogue", "GPL-2+", ("freedroidrpg-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source(
        "wesnoth",
        "dialogue",
        "GPL-2+",
        ("wesnoth-1.16-data", *(f"wesnoth-1.16-{c}" for c in WESNOTH_CAMPAIGNS)),
        ("*/de/LC_MESSAGES/*.mo",),
        "mo",
    ),
    Source("cataclysm", "dialogue", "CC-BY-SA-3.0", ("cataclysm-dda-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source("hedgewars", "dialogue", "GPL-2", ("hedgewars-data",), ("*/Locale/de.lua",), "hedgewars"),
    Source("widelands", "dialogue", "GPL-2+", ("widelands-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source("freeciv", "dialogue", "GPL-2+", ("freeciv-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source("ufoai", "dialogue", "GPL-2+", ("ufoai-misc",), ("*/i18n/de/LC_MESSAGES/*.mo",), "mo"),
    Source("warzone2100", "dialogue", "GPL-2+", ("warzone2100-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source("pingus", "dialogue", "GPL-2+", ("pingus-data",), ("*/po/de.po",), "po"),
    Source("supernova", "dialogue", "GPL-2+", ("scummvm-data",), ("*/supernova.dat",), "supernova"),
    Source("tuxpaint_stamps", "kids", "GPL-2", ("tuxpaint-stamps-default",), ("*/stamps/*.txt",), "stamps"),
    Source("tuxpaint", "kids", "GPL-2+", ("tuxpaint-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source("tuxmath", "kids", "GPL-3+", ("tuxmath-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source("gbrainy", "kids", "GPL-2+", ("gbrainy",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo"),
    Source(
        "libreoffice_help",
        "help",
        "MPL-2.0",
        ("libreoffice-help-en-us", "libreoffice-help-de"),
        ("*/help/en-US/text/*.html", "*/help/de/text/*.html"),
        "libreoffice",
    ),
    Source(
        "gnome_user_docs",
        "help",
        "CC-BY-SA-3.0",
        ("gnome-user-docs",),
        ("*/help/C/*.page", "*/help/de/*.page"),
        "mallard",
    ),
    Source("ddtp", "descriptions", "per package (Debian descriptions)", (), (), "ddtp"),
)


def _read_each(root: Path, pattern: str, read: Callable[[str], formats.Pairs], binary: bool = False) -> formats.Pairs:
    for path in sorted(root.rglob(pattern)):
        if binary:
            yield from formats.read_mo(path.read_bytes())
        else:
            yield from read(path.read_text(encoding="utf-8", errors="replace"))


def _read_libreoffice(root: Path) -> formats.Pairs:
    for en_path in sorted(root.rglob("help/en-US/text/**/*.html")):
        rel = en_path.relative_to(next(p for p in en_path.parents if p.name == "en-US"))
        de_path = next(p for p in en_path.parents if p.name == "en-US").parent / "de" / rel
        if de_path.exists():
            en_html, de_html = en_path.read_text(errors="replace"), de_path.read_text(errors="replace")
            for en, de in formats.align_paragraphs(en_html, de_html):
                yield from formats.split_sentences(en, de)


def _read_mallard(root: Path) -> formats.Pairs:
    for en_path in sorted(root.rglob("help/C/**/*.page")):
        parts = en_path.parts
        i = len(parts) - 1 - parts[::-1].index("C")
        de_path = Path(*parts[:i], "de", *parts[i + 1 :])
        if de_path.exists():
            en_xml, de_xml = en_path.read_text(errors="replace"), de_path.read_text(errors="replace")
            for en, de in formats.align_mallard(en_xml, de_xml):
                yield from formats.split_sentences(en, de)


def apt_list_text(pattern: str) -> str:
    """The text of one apt list (they are lz4-compressed here), via apt-helper."""
    paths = sorted(APT_LISTS.glob(pattern))
    if not paths:
        raise FileNotFoundError(f"no apt list matching {pattern}: run `apt-get -o Acquire::Languages=de,en update`")
    out = subprocess.run(["/usr/lib/apt/apt-helper", "cat-file", str(paths[0])], capture_output=True, check=True)
    return out.stdout.decode("utf-8", errors="replace")


def _read_ddtp(_root: Path) -> formats.Pairs:
    en = formats.read_ddtp(apt_list_text("*_dists_bookworm_main_i18n_Translation-en*"))
    de = formats.read_ddtp(apt_list_text("*_dists_bookworm_main_i18n_Translation-de*"))
    for en_par, de_par in formats.align_ddtp(en, de):
        yield from formats.split_sentences(en_par, de_par)


READERS: dict[str, Callable[[Path], formats.Pairs]] = {
    "mo": lambda root: _read_each(root, "*.mo", formats.read_mo, binary=True),
    "po": lambda root: _read_each(root, "*.po", formats.read_po),
    "fillets": lambda root: _read_each(root, "dialogs_de.lua", formats.read_fillets_dialogs),
    "hedgewars": lambda root: _read_each(root, "de.lua", formats.read_hedgewars_locale),
    "stamps": lambda root: _read_each(root, "*.txt", formats.read_tuxpaint_stamp),
    "supernova": lambda root: (
        p for f in sorted(root.rglob("supernova.dat")) for p in formats.read_supernova(f.read_bytes())
    ),
    "libreoffice": _read_libreoffice,
    "mallard": _read_mallard,
    "ddtp": _read_ddtp,
}


def download(package: str, cache: Path) -> Path:
    """The .deb of a package in `cache`, downloaded with `apt-get download` when not there yet."""
    cache.mkdir(parents=True, exist_ok=True)
    found = sorted(cache.glob(f"{package}_*.deb"))
    if not found:
        done = subprocess.run(["apt-get", "download", "-q", package], cwd=cache, capture_output=True, text=True)
        found = sorted(cache.glob(f"{package}_*.deb"))
        if done.returncode or not found:
            why = (done.stderr.strip().splitlines() or ["no .deb appeared"])[-1]
            raise DownloadError(f"apt-get download {package} failed ({why}); run `apt-get update` and retry")
    return found[-1]


def unpack(deb: Path, members: tuple[str, ...], dest: Path) -> None:
    """Unpack only the members matching the wildcards (a pattern that matches nothing is not an error)."""
    dest.mkdir(parents=True, exist_ok=True)
    tarball = subprocess.Popen(["dpkg-deb", "--fsys-tarfile", str(deb)], stdout=subprocess.PIPE)
    subprocess.run(["tar", "-x", "-C", str(dest), "--wildcards", *members], stdin=tarball.stdout, capture_output=True)
    tarball.wait()


def extract(source: Source, cache: Path, raw: Path) -> Iterator[tuple[str, str]]:
    """Fetch and unpack a source's packages (once) and yield its raw (English, German) pairs."""
    root = raw / source.name
    done = root / ".unpacked"
    if source.packages and not done.exists():
        for package in source.packages:
            unpack(download(package, cache), source.members, root)
        done.touch()
    yield from READERS[source.reader](root)
