"""`python -m transformer.data`: build the corpus (Ding + Debian packages + generated sentences) into data/.

The work lives in `transformer.dataset` (the Ding split, the mix, batches) and `transformer.corpus`
(the Debian sources and the generator); this command parses arguments and prints counts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

from .dataset import (
    DATA_DIR,
    DING_PATH,
    N_TEST,
    N_VALID,
    Pair,
    everyday_english,
    group,
    parse_line,
    prepare,
    tokenizer_sample,
    write_tsv,
)


def main() -> None:
    from .corpus import build, debian
    from .corpus import clean as corpus_clean

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ding", type=Path, default=DING_PATH)
    ap.add_argument("--out", type=Path, default=DATA_DIR)
    ap.add_argument("--phrases", type=int, default=120_000, help="how many word/phrase pairs to keep")
    ap.add_argument("--test-size", type=int, default=N_TEST, help="Ding sentences held out for testing")
    ap.add_argument("--valid-size", type=int, default=N_VALID, help="Ding sentences held out for validation")
    ap.add_argument("--sources", default="all", help="comma-separated Debian sources, 'all' or 'none'")
    ap.add_argument("--generated", type=int, default=200_000, help="generated everyday sentences (0: none)")
    ap.add_argument("--cache", type=Path, default=DATA_DIR / "debs", help="downloaded .deb files")
    ap.add_argument("--raw", type=Path, default=DATA_DIR / "raw", help="unpacked package members")
    ap.add_argument("--vocab-size", type=int, default=8000, help="of the sentencepiece model written to <out>/spm")
    ap.add_argument(
        "--tokenizer", type=Path, default=None, help="copy this sentencepiece model instead of training one"
    )
    args = ap.parse_args()
    if not args.ding.exists():
        raise SystemExit(f"{args.ding} not found: run `apt-get install -y trans-de-en` first")
    names = [s.name for s in debian.SOURCES]
    wanted = names if args.sources == "all" else [] if args.sources == "none" else args.sources.split(",")
    if unknown := set(wanted) - set(names):
        raise SystemExit(f"unknown source(s) {', '.join(sorted(unknown))}; known: {', '.join(names)}")
    d = prepare(args.ding, args.phrases, args.test_size, args.valid_size)
    counts = {"ding": d["counts"]}
    key = build.key
    held_out = {key(p.en) for p in d["test"] + d["valid"]} | {key(en) for en in everyday_english()}
    train = [p for p in d["train_sentences"] + d["train_phrases"] if key(p.en) not in held_out]
    counts["ding"]["train pairs after removing everyday-set sentences"] = len(train)
    taken = held_out | {key(p.en) for p in train if p.sentence}
    if wanted:
        if "ddtp" in wanted and not list(debian.APT_LISTS.glob("*Translation-de*")):
            print("fetching the German package descriptions: apt-get -o Acquire::Languages=de,en update")
            subprocess.run(["apt-get", "-q", "-o", "Acquire::Languages=de,en", "update"], check=True)
        all_ding = [
            (p.en, p.de) for line in args.ding.read_text(encoding="utf-8").splitlines() for p in parse_line(line)
        ]
        lexicon = corpus_clean.LexiconCheck(build.ding_lexicon(all_ding))
        sources = [s for s in debian.SOURCES if s.name in wanted]
        try:
            pairs, counts["debian"] = build.debian_pairs(sources, args.cache, args.raw, lexicon, taken)
        except (debian.DownloadError, FileNotFoundError) as e:
            raise SystemExit(f"error: {e}") from None
        train += [Pair(*p) for p in pairs]
        taken |= {key(p[0]) for p in pairs}
    if args.generated:
        gen = build.generated_pairs(args.ding, args.generated, taken)
        train += [Pair(*p) for p in gen]
        counts["generated"] = len(gen)
        print(f"{len(gen):>9,}  generated everyday sentences")
        book = build.phrasebook_pairs(held_out)
        train += [Pair(*p) for p in book]
        counts["phrasebook"] = len(book)
        print(f"{len(book):>9,}  idioms and set sentences (phrasebook)")
    write_tsv(args.out / "train.tsv", train)
    if args.tokenizer:  # sources that join later reuse the tokenizer the long run started with
        shutil.copy(args.tokenizer, args.out / "spm.model")
    else:
        tokenizer_sample(train, args.out / "spm", args.vocab_size)
    write_tsv(args.out / "valid.tsv", d["valid"])
    write_tsv(args.out / "test.tsv", d["test"])
    counts["train pairs by group"] = dict(Counter(group(p) for p in train))
    (args.out / "counts.json").write_text(json.dumps(counts, indent=2, ensure_ascii=False))
    print("train pairs by group:", counts["train pairs by group"])


if __name__ == "__main__":
    main()
