"""One small reader per file format: each turns raw files into (English, German) string pairs."""

from __future__ import annotations

import html
import re
import struct
from collections.abc import Iterator

Pairs = Iterator[tuple[str, str]]


def read_mo(data: bytes) -> Pairs:
    """GNU gettext .mo catalog: msgid (English) -> msgstr (German); plurals keep the singular."""
    if len(data) < 28:
        return
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">" if magic == 0xDE120495 else None
    if order is None:
        raise ValueError("not a gettext .mo file")
    n, orig_at, trans_at = struct.unpack(order + "3I", data[8:20])
    for i in range(n):
        olen, ooff = struct.unpack(order + "2I", data[orig_at + 8 * i : orig_at + 8 * i + 8])
        tlen, toff = struct.unpack(order + "2I", data[trans_at + 8 * i : trans_at + 8 * i + 8])
        msgid, msgstr = data[ooff : ooff + olen], data[toff : toff + tlen]
        if not msgid:  # the header entry
            continue
        try:
            en, de = msgid.decode("utf-8"), msgstr.decode("utf-8")
        except UnicodeDecodeError:
            continue
        en = en.split("\x04")[-1].split("\x00")[0]  # drop msgctxt, keep the singular
        de = de.split("\x00")[0]
        if de and de != en:
            yield en, de


_PO_ENTRY = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[0\])?|msgstr\[\d+\])\s+"(.*)"\s*$')
_PO_CONT = re.compile(r'^"(.*)"\s*$')


def _po_unquote(s: str) -> str:
    return s.replace('\\"', '"').replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\")


def read_po(text: str) -> Pairs:
    """A gettext .po file (entries separated by blank lines): the pairs its .mo would give, fuzzy ones skipped."""
    for block in re.split(r"\n\s*\n", text):
        entry: dict[str, str] = {}
        key = None
        for line in block.splitlines():
            if m := _PO_ENTRY.match(line):
                key = m.group(1)
                entry[key] = m.group(2)
            elif (c := _PO_CONT.match(line)) and key:
                entry[key] += c.group(1)
        fuzzy = re.search(r"^#,.*fuzzy", block, re.M)
        en, de = entry.get("msgid", ""), entry.get("msgstr", entry.get("msgstr[0]", ""))
        if en and de and de != en and not fuzzy:
            yield _po_unquote(en), _po_unquote(de)


_FILLETS = re.compile(r'dialogId\("[^"]*",\s*"[^"]*",\s*"((?:[^"\\]|\\.)*)"\)\s*dialogStr\("((?:[^"\\]|\\.)*)"\)')


def read_fillets_dialogs(text: str) -> Pairs:
    """Fish Fillets `dialogs_de.lua`: dialogId(id, font, "English") followed by dialogStr("German")."""
    for en, de in _FILLETS.findall(text):
        yield en.replace('\\"', '"'), de.replace('\\"', '"')


def read_tuxpaint_stamp(text: str) -> Pairs:
    """A Tux Paint stamp description: the first line is English, `de.utf8=` the German."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines or "=" in lines[0]:
        return
    en = lines[0]
    for ln in lines[1:]:
        if ln.startswith("de.utf8="):
            yield en, ln.split("=", 1)[1].strip()
            return


_PAR = re.compile(r'<p id="(par_id[^"]+)"[^>]*>(.*?)</p>', re.S)
_TAGS = re.compile(r"<[^>]+>")


def html_paragraphs(text: str) -> dict[str, str]:
    """LibreOffice help HTML: paragraph id -> plain text."""
    out = {}
    for pid, body in _PAR.findall(text):
        out[pid] = re.sub(r"\s+", " ", html.unescape(_TAGS.sub("", body))).strip()
    return out


def align_paragraphs(en_html: str, de_html: str) -> Pairs:
    """LibreOffice help pages in two languages, aligned by paragraph id."""
    de = html_paragraphs(de_html)
    for pid, en_text in html_paragraphs(en_html).items():
        if pid in de and de[pid]:
            yield en_text, de[pid]


def read_ddtp(text: str) -> dict[str, tuple[str, str]]:
    """An apt `Translation-xx` list: description md5 -> (short description, long description)."""
    out = {}
    for block in text.split("\n\n"):
        md5, short, long_lines = None, None, []
        for line in block.splitlines():
            if line.startswith("Description-md5:"):
                md5 = line.split(":", 1)[1].strip()
            elif line.startswith("Description-"):
                short = line.split(":", 1)[1].strip()
            elif line.startswith(" ") and short is not None:
                long_lines.append(line[1:])
        if md5 and short:
            out[md5] = (short, "\n".join(long_lines))
    return out


def _ddtp_paragraphs(long: str) -> list[str]:
    return [" ".join(p.split()) for p in long.split("\n.\n") if p.strip() and p.strip() != "."]


def align_ddtp(en: dict[str, tuple[str, str]], de: dict[str, tuple[str, str]]) -> Pairs:
    """Package descriptions in both languages, by md5 of the English one; paragraphs when counts agree."""
    for md5, (de_short, de_long) in de.items():
        if md5 not in en:
            continue
        en_short, en_long = en[md5]
        yield en_short, de_short
        en_pars, de_pars = _ddtp_paragraphs(en_long), _ddtp_paragraphs(de_long)
        if len(en_pars) == len(de_pars):
            yield from zip(en_pars, de_pars)


_SENT_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ\"'])")


def split_sentences(en: str, de: str) -> list[tuple[str, str]]:
    """A paragraph pair -> sentence pairs when both sides have the same number of sentences."""
    es, ds = _SENT_SPLIT.split(en), _SENT_SPLIT.split(de)
    if len(es) == len(ds):
        return list(zip(es, ds))
    return [(en, de)]


_HEDGEWARS = re.compile(r'^\s*\["((?:[^"\\]|\\.)*)"\]\s*=\s*"((?:[^"\\]|\\.)*)"', re.M)


def read_hedgewars_locale(text: str) -> Pairs:
    """Hedgewars `Locale/de.lua`: a Lua table of ["English"] = "German" entries."""
    for en, de in _HEDGEWARS.findall(text):
        yield en.replace('\\"', '"').replace("\\n", " "), de.replace('\\"', '"').replace("\\n", " ")


_MSN_TEXT = re.compile(rb"TEXT(de|en)\x00\x00")


def read_supernova(data: bytes) -> Pairs:
    """ScummVM's supernova.dat (Mission Supernova 1 and 2): TEXT blocks per language, CP437 strings
    separated by NUL, aligned by index; `|` is a line break on screen."""
    blocks: dict[str, list[list[str]]] = {"de": [], "en": []}
    for m in _MSN_TEXT.finditer(data):
        size = struct.unpack("<I", data[m.end() : m.end() + 4])[0]
        raw = data[m.end() + 4 : m.end() + 4 + size].split(b"\0")
        blocks[m.group(1).decode()].append([" ".join(r.decode("cp437").replace("|", " ").split()) for r in raw])
    for de_block, en_block in zip(blocks["de"], blocks["en"]):
        if len(de_block) == len(en_block):
            yield from ((en, de) for en, de in zip(en_block, de_block) if en and de)


_MALLARD_BLOCKS = {"p", "title", "desc"}


def mallard_blocks(text: str) -> list[str]:
    """Text of a Mallard page's paragraphs, titles and descriptions, in document order."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return []
    out = []
    for el in root.iter():
        if el.tag.rsplit("}", 1)[-1] in _MALLARD_BLOCKS:
            out.append(" ".join("".join(el.itertext()).split()))
    return out


def align_mallard(en_xml: str, de_xml: str) -> Pairs:
    """A Mallard help page in two languages (itstool keeps the structure): blocks zipped when counts agree."""
    en, de = mallard_blocks(en_xml), mallard_blocks(de_xml)
    if len(en) == len(de):
        yield from ((e, d) for e, d in zip(en, de) if e and d)
