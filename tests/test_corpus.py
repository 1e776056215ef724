"""The corpus builder: one reader per format, cleaning, the lexicon check, unpacking a .deb (built here)."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from transformer.corpus import build, clean, debian, formats


def make_mo(entries: dict[str, str]) -> bytes:
    """A little-endian GNU .mo catalog with the given msgid -> msgstr entries (header first)."""
    items = sorted({"": "Content-Type: text/plain; charset=UTF-8\n", **entries}.items())
    ids = [k.encode() for k, _ in items]
    strs = [v.encode() for _, v in items]
    n = len(items)
    orig_at, trans_at = 28, 28 + 8 * n
    data_at = trans_at + 8 * n
    blob, otable, ttable = b"", b"", b""
    for s in ids:
        otable += struct.pack("<2I", len(s), data_at + len(blob))
        blob += s + b"\0"
    for s in strs:
        ttable += struct.pack("<2I", len(s), data_at + len(blob))
        blob += s + b"\0"
    return struct.pack("<7I", 0x950412DE, 0, n, orig_at, trans_at, 0, 0) + otable + ttable + blob


def test_read_mo_keeps_singulars_and_drops_context_header_and_untranslated():
    mo = make_mo(
        {
            "Good morning!": "Guten Morgen!",
            "menu\x04Open": "Öffnen",
            "one apple\x00%d apples": "ein Apfel\x00%d Äpfel",
            "Same": "Same",
        }
    )
    pairs = dict(formats.read_mo(mo))
    assert pairs == {"Good morning!": "Guten Morgen!", "Open": "Öffnen", "one apple": "ein Apfel"}
    with pytest.raises(ValueError):
        list(formats.read_mo(b"\0" * 40))


def test_read_po_skips_fuzzy_and_joins_continued_lines():
    po = 'msgid ""\nmsgstr "header"\n\nmsgid "Hello "\n"world."\nmsgstr "Hallo "\n"Welt."\n\n'
    po += '#, fuzzy\nmsgid "Old"\nmsgstr "Alt"\n\nmsgid "It\'s \\"here\\"."\nmsgstr "Es ist \\"hier\\"."\n'
    assert list(formats.read_po(po)) == [("Hello world.", "Hallo Welt."), ('It\'s "here".', 'Es ist "hier".')]


def test_game_formats():
    lua = 'dialogId("a-1", "font_small", "What kind of ship is that?")\ndialogStr("Was für ein Schiff ist das?")\n'
    assert list(formats.read_fillets_dialogs(lua)) == [("What kind of ship is that?", "Was für ein Schiff ist das?")]
    table = 'locale = {\n["+1 mine!"] = "+1 Mine", -- Tumbler\n["Hello"]="Hallo",\n}'
    assert list(formats.read_hedgewars_locale(table)) == [("+1 mine!", "+1 Mine"), ("Hello", "Hallo")]
    stamp = "A red kangaroo.\nfr.utf8=Un kangourou roux.\nde.utf8=Ein rotes Riesenkänguru.\n"
    assert list(formats.read_tuxpaint_stamp(stamp)) == [("A red kangaroo.", "Ein rotes Riesenkänguru.")]


def test_libreoffice_paragraphs_align_by_id_and_drop_markup():
    en = '<p id="par_id1" class="x">Click <span class="emph">OK</span>.</p><p id="par_id2">Only English.</p>'
    de = '<p id="par_id1">Klicken Sie auf <span>OK</span>.</p><p id="par_id3">Anderes.</p>'
    assert list(formats.align_paragraphs(en, de)) == [("Click OK.", "Klicken Sie auf OK.")]


def test_ddtp_aligns_by_md5_and_paragraph_count():
    en = "Package: a\nDescription-md5: 111\nDescription-en: tool\n one.\n .\n two.\n\n"
    en += "Package: b\nDescription-md5: 222\nDescription-en: other\n x.\n"
    de = "Package: a\nDescription-md5: 111\nDescription-de: Werkzeug\n eins.\n .\n zwei.\n"
    pairs = list(formats.align_ddtp(formats.read_ddtp(en), formats.read_ddtp(de)))
    assert pairs == [("tool", "Werkzeug"), ("one.", "eins."), ("two.", "zwei.")]


def test_split_sentences_only_when_counts_agree():
    assert formats.split_sentences("It rains. We stay.", "Es regnet. Wir bleiben.") == [
        ("It rains.", "Es regnet."),
        ("We stay.", "Wir bleiben."),
    ]
    assert formats.split_sentences("It rains. We stay.", "Es regnet, also bleiben wir.") == [
        ("It rains. We stay.", "Es regnet, also bleiben wir.")
    ]


def test_clean_pair():
    assert clean.clean_pair("Open the &File menu.", "Öffnen Sie das Menü &Datei.") == (
        "Open the File menu.",
        "Öffnen Sie das Menü Datei.",
    )
    assert clean.clean_pair("The <b>cat</b> sleeps.", "Die <b>Katze</b> schläft.") == (
        "The cat sleeps.",
        "Die Katze schläft.",
    )
    assert clean.clean_pair("%s files were copied.", "%s Dateien wurden kopiert.") is None  # placeholder
    assert clean.clean_pair("See https://x.org for more.", "Siehe https://x.org.") is None
    assert clean.clean_pair("This is the end of the story.", "This is the end of the story!") is None  # English left
    assert (
        clean.clean_pair("A short sentence here.", "Ein sehr, sehr langer deutscher Satz, der gar nicht passt, nein.")
        is None
    )
    assert clean.is_sentence_like("Where am I?", "Wo bin ich?")
    assert not clean.is_sentence_like("Save file", "Datei speichern")


def test_lexicon_check_flags_unrelated_translations():
    lex = build.ding_lexicon(
        [("window", "Fenster"), ("to sleep", "schlafen"), ("garden", "Garten"), ("house", "Haus"), ("table", "Tisch")]
    )
    check = clean.LexiconCheck(lex, min_covered=3, min_share=0.2)
    en = "The window of the house looks onto the garden."
    assert not check.suspect(en, "Das Fenster des Hauses geht auf den Garten.")
    assert check.suspect(en, "Das Wetter wird morgen besser.")
    assert check.share("The cat sleeps.", "Die Katze schläft.") is None  # too few known words to judge


def test_key_ignores_case_space_and_final_punctuation():
    assert build.key("The cat  sleeps.") == build.key("the cat sleeps") == build.key("The cat sleeps!")


@pytest.mark.skipif(not shutil.which("dpkg-deb"), reason="needs dpkg-deb")
def test_extract_unpacks_only_the_wanted_members_of_a_cached_deb(tmp_path):
    root = tmp_path / "pkg"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "DEBIAN" / "control").write_text(
        "Package: fake-game-data\nVersion: 1\nArchitecture: all\nMaintainer: x <x@y.z>\nDescription: test\n"
    )
    mo_dir = root / "usr/share/locale/de/LC_MESSAGES"
    mo_dir.mkdir(parents=True)
    (mo_dir / "game.mo").write_bytes(make_mo({"Where am I?": "Wo bin ich?"}))
    (root / "usr/share/big.png").write_bytes(b"\0" * 1000)
    cache = tmp_path / "debs"
    cache.mkdir()
    subprocess.run(
        ["dpkg-deb", "--build", str(root), str(cache / "fake-game-data_1_all.deb")], check=True, capture_output=True
    )
    source = debian.Source("fake", "dialogue", "GPL", ("fake-game-data",), ("*/locale/de/LC_MESSAGES/*.mo",), "mo")
    pairs = list(debian.extract(source, cache, tmp_path / "raw"))
    assert pairs == [("Where am I?", "Wo bin ich?")]
    assert not list((tmp_path / "raw").rglob("*.png"))


def test_every_source_has_a_reader_group_and_licence():
    names = [s.name for s in debian.SOURCES]
    assert len(names) == len(set(names))
    for s in debian.SOURCES:
        assert s.reader in debian.READERS and s.licence and s.group in ("dialogue", "kids", "help", "descriptions")


def test_read_supernova_aligns_text_blocks_by_index():
    def block(lang: bytes, strings: list[str]) -> bytes:
        body = b"\0".join(s.encode("cp437") for s in strings)
        return b"TEXT" + lang + b"\0\0" + struct.pack("<I", len(body)) + body

    data = b"MSN\x04\x01" + block(b"de", ["Gehe", "Das ist eins|deiner Fächer."]) + b"IMG1en\0\0" + struct.pack("<I", 0)
    data += block(b"en", ["Go", "It's one of|your compartments."])
    assert list(formats.read_supernova(data)) == [
        ("Go", "Gehe"),
        ("It's one of your compartments.", "Das ist eins deiner Fächer."),
    ]


def test_mallard_pages_zip_blocks_when_their_counts_agree():
    page = '<page xmlns="http://projectmallard.org/1.0/"><info><desc>{}</desc></info><title>{}</title><p>{}</p></page>'
    en = page.format("Ignore keys.", "Bounce keys", "Turn on <gui>Bounce Keys</gui>.")
    de = page.format("Tasten ignorieren.", "Springende Tasten", "Schalten Sie <gui>Springende Tasten</gui> ein.")
    assert list(formats.align_mallard(en, de)) == [
        ("Ignore keys.", "Tasten ignorieren."),
        ("Bounce keys", "Springende Tasten"),
        ("Turn on Bounce Keys.", "Schalten Sie Springende Tasten ein."),
    ]
    shorter = '<page xmlns="http://projectmallard.org/1.0/"><title>Springende Tasten</title></page>'
    assert list(formats.align_mallard(en, shorter)) == [] and list(formats.align_mallard(en, "<broken")) == []


def test_held_out_sentences_never_reach_the_generated_or_debian_pairs(tmp_path):
    from transformer.corpus.generate import Generator
    from transformer.corpus.lexicon import build as build_lexicon

    seed_nouns = Path(__file__).parent / "data" / "ding_seed_nouns.txt"
    first = Generator(build_lexicon(seed_nouns), seed=0).sample(300)
    held = {build.key(en) for en, _ in first[:50]}
    kept = build.generated_pairs(seed_nouns, 300, held, seed=0)
    assert kept and not held & {build.key(en) for en, *_ in kept}
    assert len(kept) == 250  # the same draw, less exactly the held-out sentences

    raw = tmp_path / "raw" / "fake"
    (raw / "de" / "LC_MESSAGES").mkdir(parents=True)
    catalog = {"Where am I?": "Wo bin ich?", "The weather is nice today.": "Das Wetter ist heute schön."}
    (raw / "de" / "LC_MESSAGES" / "x.mo").write_bytes(make_mo(catalog))
    (raw / ".unpacked").touch()
    source = debian.Source("fake", "dialogue", "GPL", ("never-downloaded",), ("*.mo",), "mo")
    lexicon = clean.LexiconCheck({})
    pairs, counts = build.debian_pairs(
        [source],
        tmp_path / "debs",
        tmp_path / "raw",
        lexicon,
        {build.key("The weather is nice today!")},
        log=lambda _: None,
    )
    assert [p[:2] for p in pairs] == [("Where am I?", "Wo bin ich?")] and counts["fake"]["duplicate or held out"] == 1


def test_a_failed_download_says_what_to_do(tmp_path, monkeypatch):
    def fake_run(*args, **kwargs):
        return subprocess.CompletedProcess(args, 100, "", "E: Unable to locate package nonexistent-pkg")

    monkeypatch.setattr(debian.subprocess, "run", fake_run)
    with pytest.raises(debian.DownloadError, match="apt-get update"):
        debian.download("nonexistent-pkg", tmp_path)
