"""Everyday English-German sentence pairs generated from the lexicon by grammar templates.

The Debian corpora teach the model grammar in the register of games and manuals; the plain
sentences learners type ("My sister reads a book in the garden.") are rare there. This module
writes such pairs: subject-verb-object in the present, progressive, past (as German Perfekt),
perfect, future and with modal verbs; negation with nicht/kein; yes/no and wh-questions;
imperatives; adjectives declined by case, gender and article; dative places and accusative
directions; possessives; "there is"; "I like"; numbers, clock times, ages, names and cities;
days, months and seasons; going by train or bus; doing things with someone; professions
("My father is a farmer." -> "Mein Vater ist Bauer.", no article in German); playing an instrument
or a sport ("She plays the piano." -> "Sie spielt Klavier."); what hurts ("Mein Kopf tut weh.");
meals ("Das Frühstück ist fertig.").
Meaning classes (people read books, dogs sleep in gardens) keep the pairs plausible. Beyond the
hand-chosen seeds, a wide class of 3,000 frequent nouns found in Ding (lexicon.common_nouns) goes
into frames that suit any noun ("Where is your passport?", "I need the money."), so that the
vocabulary people type appears in sentences, not only as dictionary headwords.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace

from . import topic
from .german import (
    HABEN,
    SEIN,
    Adjective,
    Noun,
    Verb,
    cap,
    contract,
    english_article,
    noun_phrase,
)
from .lexicon import (
    CITIES,
    COMMON,
    DATIVE_VERBS,
    LANGUAGES,
    NAMES,
    ON_PLACES,
    VERB_OBJECTS,
    VERB_PLACES,
    VERB_SUBJECTS,
    WEAR_OBJECTS,
    Lexicon,
)

NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
ZAHLEN = "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split()
STATIVE = {"need", "like", "know", "have", "love", "want", "hear", "see"}  # no progressive
MODALS = {"can": "können", "must": "müssen", "want to": "wollen", "should": "sollen"}
# English adverb -> (German, tenses it fits)
TIME_ADVERBS = {
    "today": ("heute", "present past future modal"),
    "now": ("jetzt", "present modal"),
    "every day": ("jeden Tag", "present"),
    "often": ("oft", "present"),
    "always": ("immer", "present"),
    "sometimes": ("manchmal", "present"),
    "yesterday": ("gestern", "past"),
    "tomorrow": ("morgen", "future modal"),
    "in the morning": ("am Morgen", "present past future"),
    "in the afternoon": ("am Nachmittag", "present past future"),
    "in the evening": ("am Abend", "present past future"),
    "at night": ("in der Nacht", "present past future"),
    "at the weekend": ("am Wochenende", "present past future"),
    "every morning": ("jeden Morgen", "present"),
    "every evening": ("jeden Abend", "present"),
    "every week": ("jede Woche", "present"),
    "this morning": ("heute Morgen", "past"),
    "yesterday evening": ("gestern Abend", "past"),
    "last week": ("letzte Woche", "past"),
    "last year": ("letztes Jahr", "past"),
    "tomorrow morning": ("morgen früh", "future modal"),
    "tomorrow evening": ("morgen Abend", "future modal"),
    "next week": ("nächste Woche", "future modal"),
    "next year": ("nächstes Jahr", "future modal"),
    "soon": ("bald", "future"),
}
DAYS = {
    "Monday": "Montag", "Tuesday": "Dienstag", "Wednesday": "Mittwoch", "Thursday": "Donnerstag",
    "Friday": "Freitag", "Saturday": "Samstag", "Sunday": "Sonntag",
}  # fmt: skip
MONTHS = {
    "January": "Januar", "February": "Februar", "March": "März", "April": "April", "May": "Mai", "June": "Juni",
    "July": "Juli", "August": "August", "September": "September", "October": "Oktober",
    "November": "November", "December": "Dezember",
}  # fmt: skip
SEASONS = {"spring": "Frühling", "summer": "Sommer", "autumn": "Herbst", "winter": "Winter"}
# a point in time that English cannot combine with the present perfect ("I have eaten yesterday")
PERFECT_OK = {"", "today", "this morning", "every day", "often", "always", "sometimes"}
# means of transport: English, German (masculine/feminine/neuter dative with "mit")
TRANSPORT = {
    "train": "mit dem Zug", "bus": "mit dem Bus", "car": "mit dem Auto", "bike": "mit dem Fahrrad",
    "taxi": "mit dem Taxi", "tram": "mit der Straßenbahn", "boat": "mit dem Boot",
}  # fmt: skip
# destinations English says without "the"
DESTINATIONS = [("to work", "zur Arbeit"), ("to school", "zur Schule"), ("home", "nach Hause")]
# person nouns that name a job: "She is a teacher." -> "Sie ist Lehrerin."; German drops the article
PROFESSIONS = (
    "teacher doctor student farmer driver cook waiter pilot singer dentist lawyer engineer policeman nurse".split()
)
# who does an activity with someone ("I play with my brother." -> "Ich spiele mit meinem Bruder.")
WITH_VERBS = {"play", "dance", "sing", "work", "live", "eat", "learn", "travel", "go"}
FREQUENCY = {"often", "always", "sometimes"}
# verbs that take any noun of the wide vocabulary as their object
COMMON_VERBS = ["have", "need", "see", "find", "like", "buy", "lose", "forget", "want", "bring", "take", "love"]
WEATHER = [
    ("cold", "kalt"), ("warm", "warm"), ("hot", "heiß"), ("sunny", "sonnig"), ("windy", "windig"),
    ("cloudy", "bewölkt"), ("nice", "schön"), ("foggy", "neblig"), ("dark", "dunkel"),
]  # fmt: skip
FEELINGS = [
    ("hungry", "Hunger"), ("thirsty", "Durst"), ("tired", "müde"), ("happy", "glücklich"), ("sad", "traurig"),
    ("sick", "krank"), ("busy", "beschäftigt"), ("angry", "wütend"), ("ready", "fertig"), ("late", "spät dran"),
]  # fmt: skip
GREETINGS = [
    ("Hello", "Hallo"), ("Hi", "Hallo"), ("Good morning", "Guten Morgen"), ("Good evening", "Guten Abend"),
    ("Good afternoon", "Guten Tag"),
]  # fmt: skip
MOECHTEN = ["möchte", "möchtest", "möchten", "möchte", "möchte", "möchten", "möchten"]  # in PRONOUNS order
# English preposition of place -> German preposition (with the dative)
PLACE_PREPOSITIONS = {"in": "in", "on": "auf", "under": "unter", "next to": "neben", "behind": "hinter"}


@dataclass(frozen=True)
class Subject:
    en: str  # "my sister", "I", "Anna"
    de: str  # "meine Schwester", "ich", "Anna"
    person: str  # a key of german.PERSONS
    en_person: str  # I, you, he, we, they (for English agreement)
    noun_class: str  # person | animal


PRONOUNS = [
    Subject("I", "ich", "ich", "I", "person"),
    Subject("you", "du", "du", "you", "person"),
    Subject("you", "Sie", "Sie", "you", "person"),
    Subject("he", "er", "er", "he", "person"),
    Subject("she", "sie", "sie", "she", "person"),
    Subject("we", "wir", "wir", "we", "person"),
    Subject("they", "sie", "sie_pl", "they", "person"),
]


class Generator:
    """Draws sentence pairs from the lexicon; `sample(n)` returns n distinct (English, German) pairs."""

    def __init__(self, lexicon: Lexicon, seed: int = 0):
        self.lex, self.rng = lexicon, random.Random(seed)
        self.templates: list[tuple[float, Callable[[], tuple[str, str]]]] = [
            (6, self.transitive),
            (3, self.intransitive),
            (2, self.copula),
            (1.5, self.location),
            (1, self.question_where),
            (1, self.there_is),
            (1, self.likes),
            (1, self.imperative),
            (1, self.numbers),
            (0.7, self.names_and_cities),
            (0.5, self.this_is),
            (0.7, self.weather),
            (0.7, self.feelings),
            (0.7, self.wishes),
            (0.5, self.prices),
            (0.7, self.greetings),
            (0.6, self.languages),
            (0.6, self.profession),
            (2, self.going),
            (0.8, self.playing),
            (0.4, self.hurts),
            (0.4, self.meals),
            (4, self.common),
            (2, self.topic),
            (1.2, self.separable),
            (1, self.prepositional),
            (1.2, self.senses),
        ]
        if not lexicon.nouns.get(COMMON):  # a lexicon built from a Ding excerpt may find none
            self.templates = [(w, t) for w, t in self.templates if t != self.common]

    # ---- building blocks ----------------------------------------------------------------

    def noun(self, classes: str) -> tuple[Noun, str]:
        options = [(n, c) for c in classes.split() for n in self.lex.nouns.get(c, [])]
        return self.rng.choice(options)

    def adjective(self, noun_class: str, p: float = 0.3) -> Adjective | None:
        options = self.lex.adjectives_for(noun_class)
        return self.rng.choice(options) if options and self.rng.random() < p else None

    def np(self, classes: str, case: str, dets=("the", "a", "my"), plural_p=0.25, adj_p=0.3, full=False):
        """(English, German, noun, plural) for a noun phrase of the given classes; full: also det, adj."""
        noun, cls = self.noun(classes)
        det = self.rng.choice(dets)
        plural = bool(noun.de_plural) and cls not in ("mass_food", "drink") and self.rng.random() < plural_p
        if cls in ("mass_food", "drink") and det == "a":
            det = "zero"
        adj = self.adjective(cls, adj_p)
        en_words = []
        if det == "the":
            en_words.append("the")
        elif det == "a" and not plural:
            en_words.append(english_article(adj.en if adj else noun.en))
        elif det == "this" and plural:
            en_words.append("these")
        elif det not in ("a", "zero"):
            en_words.append(det)
        if adj:
            en_words.append(adj.en)
        en_words.append(noun.en_plural if plural else noun.en)
        out = " ".join(en_words), noun_phrase(noun, case, det, plural, adj), noun, plural
        return (*out, det, adj) if full else out

    def subject(self, classes: str = "person") -> Subject:
        r = self.rng.random()
        if "person" in classes and r < 0.45:
            return self.rng.choice(PRONOUNS)
        if "person" in classes and r < 0.55:
            name = self.rng.choice(NAMES)
            return Subject(name, name, "er", "he", "person")
        en, de, noun, plural = self.np(classes, "nom", dets=("the", "the", "a", "my", "your", "our"), adj_p=0.2)
        cls = "animal" if noun in self.lex.nouns.get("animal", []) else "person"
        return Subject(en, de, "sie_pl" if plural else "er", "they" if plural else "he", cls)

    def place(self, verb_places: str | None, preposition: str = "in") -> tuple[str, str]:
        """A place adverbial in the dative: 'in the garden' -> 'im Garten', 'on the sofa' -> 'auf dem Sofa'."""
        noun, cls = self.noun(verb_places or "place furniture")
        prep_en = "on" if noun.en in ON_PLACES else preposition
        prep_de = PLACE_PREPOSITIONS[prep_en]
        det = self.rng.choice(("the", "the", "the", "my", "our"))
        return f"{prep_en} {'the' if det == 'the' else det} {noun.en}", f"{prep_de} {noun_phrase(noun, 'dat', det)}"

    def time_adverb(self, tense: str, p: float = 0.3) -> tuple[str, str]:
        """A time adverbial that fits the tense: a word (today, yesterday), a day, a month or season, a clock time."""
        if self.rng.random() > p:
            return "", ""
        r = self.rng.random()
        if r < 0.15:
            return self.clock_time(tense="at")
        if r < 0.3:
            day = self.rng.choice(list(DAYS))
            if tense == "present" and self.rng.random() < 0.4:
                if self.rng.random() < 0.2:
                    return "from Monday to Friday", "von Montag bis Freitag"
                return f"every {day}", f"jeden {DAYS[day]}"
            return f"on {day}", f"am {DAYS[day]}"
        if r < 0.4:
            if self.rng.random() < 0.5:
                month = self.rng.choice(list(MONTHS))
                return f"in {month}", f"im {MONTHS[month]}"
            season = self.rng.choice(list(SEASONS))
            return f"in {season}", f"im {SEASONS[season]}"
        options = [(en, de) for en, (de, fits) in TIME_ADVERBS.items() if tense in fits.split()]
        return self.rng.choice(options) if options else ("", "")

    def clock_time(self, tense: str = "") -> tuple[str, str]:
        """'eight o'clock' -> 'acht Uhr', 'half past four' -> 'halb fünf', 'a quarter to ten' -> 'Viertel vor
        zehn'; with tense='at' the adverbial 'at ...' -> 'um ...'."""
        hour = self.rng.randint(1, 12)
        r = self.rng.random()
        if r < 0.5:
            en, de = f"{NUMBERS[hour]} o'clock", f"{'ein' if hour == 1 else ZAHLEN[hour]} Uhr"
        elif r < 0.7:
            en, de = f"half past {NUMBERS[hour]}", f"halb {ZAHLEN[hour % 12 + 1]}"
        elif r < 0.85:
            en, de = f"a quarter past {NUMBERS[hour]}", f"Viertel nach {ZAHLEN[hour]}"
        else:
            en, de = f"a quarter to {NUMBERS[hour]}", f"Viertel vor {ZAHLEN[hour]}"
        return (f"at {en}", f"um {de}") if tense == "at" else (en, de)

    # ---- clause assembly ------------------------------------------------------------------

    def clause(
        self,
        subj: Subject,
        verb: Verb,
        obj: tuple[str, str] | None,
        tail: tuple[str, str],
        obj_kein: str = "",
        tense: str | None = None,
        negate: bool | None = None,
        adverb: tuple[str, str] | None = None,
    ) -> tuple[str, str]:
        """English and German declaratives of one clause in a random tense, maybe negated.

        obj_kein is the object with kein- ("keinen Apfel"): German negates an indefinite or bare object
        with kein, everything else with nicht.
        """
        tense = tense or self.rng.choice(("present", "present", "progressive", "past", "perfect", "future", "modal"))
        negate = self.rng.random() < 0.2 if negate is None else negate
        obj_en, obj_de = obj or ("", "")
        adv_en, adv_de = adverb or self.time_adverb("past" if tense in ("past", "perfect") else tense)
        if tense == "perfect" and adv_en not in PERFECT_OK:
            tense = "past"
        if tense == "progressive" and verb.en in STATIVE:
            tense = "present"
        kein = negate and bool(obj_kein)
        if kein:
            obj_de = obj_kein
        nicht = "nicht" if negate and not kein else ""
        # English verb group
        third = subj.en_person in ("he", "she", "it")
        if tense == "present":
            en_verb = f"{'does' if third else 'do'} not {verb.en}" if negate else (verb.en_3sg if third else verb.en)
        elif tense == "progressive":
            be = {"I": "am", "he": "is", "she": "is"}.get(subj.en_person, "are")
            en_verb = f"{be} {'not ' if negate else ''}{verb.en_ing}"
        elif tense == "past":
            en_verb = f"did not {verb.en}" if negate else verb.en_past
        elif tense == "perfect":
            en_verb = f"{'has' if third else 'have'} {'not ' if negate else ''}{verb.en_participle}"
        elif tense == "future":
            en_verb = f"will {'not ' if negate else ''}{verb.en}"
        else:
            modal = self.rng.choice(list(MODALS))
            if modal == "want to":
                want = "wants" if third else "want"
                en_verb = f"{'does' if third else 'do'} not want to {verb.en}" if negate else f"{want} to {verb.en}"
            else:
                en_verb = (
                    f"{'cannot' if modal == 'can' else modal + ' not'} {verb.en}" if negate else f"{modal} {verb.en}"
                )
        if adv_en in FREQUENCY and not negate and tense == "present":  # "He often reads", not "reads often"
            en = " ".join(w for w in (subj.en, adv_en, en_verb, obj_en, tail[0]) if w)
        else:
            en = " ".join(
                w for w in (subj.en, en_verb, obj_en, tail[0], adv_en if adv_en not in FREQUENCY else "") if w
            )
            adv_de = "" if adv_en in FREQUENCY else adv_de
        # German: V2, middle field (adverb, object, nicht, place), verb cluster at the end
        if tense in ("present", "progressive"):
            finite, final = verb.present(subj.person), ""
        elif tense in ("past", "perfect"):
            aux = HABEN if verb.de_aux == "haben" else SEIN
            finite, final = aux.present(subj.person), verb.de_participle
        elif tense == "future":
            finite, final = _werden(subj.person), verb.de
        else:
            modal_de = MODALS[modal]
            finite, final = Verb("", "", "", "", "", modal_de, "", "", "haben").present(subj.person), verb.de
        middle = [adv_de, obj_de, nicht, tail[1]]
        de = " ".join(w for w in (subj.de, finite, *middle, final) if w)
        return cap(en) + ".", contract(cap(de)) + "."

    # ---- templates ----------------------------------------------------------------------

    def transitive(self) -> tuple[str, str]:
        verb_en = self.rng.choice(sorted(VERB_OBJECTS))
        verb = self.lex.verbs[verb_en]
        subj = self.subject("person")
        case = "dat" if verb_en in DATIVE_VERBS else "acc"
        classes = VERB_OBJECTS[verb_en]
        for _ in range(20):
            obj_en, obj_de, noun, plural, det, adj = self.np(classes, case, full=True)
            if verb_en != "wear" or noun.en in WEAR_OBJECTS:
                break
        kein = noun_phrase(noun, case, "no", plural, adj) if det in ("a", "zero") else ""
        tail = self.place(VERB_PLACES[verb_en]) if verb_en in VERB_PLACES and self.rng.random() < 0.3 else ("", "")
        return self.clause(subj, verb, (obj_en, obj_de), tail, kein)

    def intransitive(self) -> tuple[str, str]:
        verb_en = self.rng.choice(sorted(set(VERB_PLACES) | {"laugh", "cry", "sing", "dance"}))
        verb = self.lex.verbs[verb_en]
        subj = self.subject(VERB_SUBJECTS.get(verb_en, "person"))
        if verb_en in ("go", "drive", "travel", "fly"):
            return self.motion(subj, verb)
        tail = self.place(VERB_PLACES.get(verb_en)) if verb_en in VERB_PLACES else ("", "")
        if verb_en in WITH_VERBS and subj.noun_class == "person" and self.rng.random() < 0.25:
            with_en, with_de = self.companion()
            tail = (" ".join(w for w in (with_en, tail[0]) if w), " ".join(w for w in (with_de, tail[1]) if w))
        return self.clause(subj, verb, None, tail)

    def going(self) -> tuple[str, str]:
        """Going, driving, travelling or flying somewhere (see motion)."""
        verb = self.lex.verbs[self.rng.choice(("go", "go", "go", "drive", "travel", "fly", "come"))]
        return self.motion(self.subject("person"), verb)

    def companion(self) -> tuple[str, str]:
        """'with my brother' -> 'mit meinem Bruder' (dative)."""
        noun, _ = self.noun("person")
        det = self.rng.choice(("my", "my", "your", "our", "the", "his", "her"))
        plural = bool(noun.de_plural) and self.rng.random() < 0.2
        en = f"with {'the' if det == 'the' else det} {noun.en_plural if plural else noun.en}"
        return en, f"mit {noun_phrase(noun, 'dat', det, plural)}"

    def motion(self, subj: Subject, verb: Verb) -> tuple[str, str]:
        """Going somewhere: to a city (nach), a place or person (zu), work/school/home; maybe by train
        (mit dem Zug: German then says fahren, not gehen) or with someone."""
        r = self.rng.random()
        if r < 0.4:
            city = self.rng.choice(list(CITIES))
            dest = (f"to {city}", f"nach {CITIES[city]}")
        elif r < 0.7:
            noun, _ = self.noun("place")
            dest = (f"to the {noun.en}", f"zu {noun_phrase(noun, 'dat', 'the')}")
        elif r < 0.85 and verb.en in ("go", "drive"):
            dest = self.rng.choice(DESTINATIONS)
        else:
            noun, _ = self.noun("person")
            det = self.rng.choice(("the", "my", "your", "our"))
            dest = (f"to {det} {noun.en}", f"zu {noun_phrase(noun, 'dat', det)}")
        extra = ("", "")
        r = self.rng.random()
        if r < 0.35 and verb.en in ("go", "drive", "travel"):
            vehicle = self.rng.choice(list(TRANSPORT))
            extra = (f"by {vehicle}", TRANSPORT[vehicle])
            if verb.en == "go":  # going by bus is riding, not walking
                verb = replace(self.lex.verbs["drive"], en=verb.en, en_3sg=verb.en_3sg, en_past=verb.en_past,
                               en_participle=verb.en_participle, en_ing=verb.en_ing)  # fmt: skip
        elif r < 0.5 and subj.noun_class == "person":
            extra = self.companion()
        tail = (" ".join(w for w in (dest[0], extra[0]) if w), " ".join(w for w in (extra[1], dest[1]) if w))
        return self.clause(subj, verb, None, tail)

    def playing(self) -> tuple[str, str]:
        """'He plays the guitar.' -> 'Er spielt Gitarre.', 'We play football.' -> 'Wir spielen Fußball.'
        (no German article; negated with kein: 'keine Gitarre'); 'I like to play tennis.' -> 'Ich spiele
        gern Tennis.'"""
        noun, cls = self.noun("instrument sport")
        subj = self.subject("person")
        en_obj = f"the {noun.en}" if cls == "instrument" else noun.en
        play = self.lex.verbs["play"]
        if subj.en in ("I", "you", "he", "she", "we", "they") and self.rng.random() < 0.25:
            third = subj.en_person in ("he", "she")
            return (
                cap(f"{subj.en} {'likes' if third else 'like'} to play {en_obj}") + ".",
                cap(f"{subj.de} {play.present(subj.person)} gern {noun.de}") + ".",
            )
        return self.clause(subj, play, (en_obj, noun.de), ("", ""), noun_phrase(noun, "acc", "no"))

    def hurts(self) -> tuple[str, str]:
        """'My head hurts.' -> 'Mein Kopf tut weh.'; 'Her feet hurt today.' -> 'Ihre Füße tun heute weh.'"""
        noun, _ = self.noun("body")
        det = self.rng.choice(("my", "my", "my", "your", "his", "her"))
        plural = bool(noun.de_plural) and self.rng.random() < 0.25
        when_en, when_de = self.rng.choice([("", ""), ("", ""), ("", ""), ("today", "heute"), ("again", "wieder")])
        en = f"{det} {noun.en_plural if plural else noun.en} {'hurt' if plural else 'hurts'} {when_en}"
        de = f"{noun_phrase(noun, 'nom', det, plural)} {'tun' if plural else 'tut'} {when_de} weh"
        if self.rng.random() < 0.2:
            en = f"{det} {noun.en_plural if plural else noun.en} {'do' if plural else 'does'} not hurt"
            de = f"{noun_phrase(noun, 'nom', det, plural)} {'tun' if plural else 'tut'} nicht weh"
        return cap(" ".join(en.split())) + ".", cap(" ".join(de.split())) + "."

    def meals(self) -> tuple[str, str]:
        """'Breakfast is ready.' -> 'Das Frühstück ist fertig.'; 'Dinner is at seven o'clock.' -> 'Das
        Abendessen ist um sieben Uhr.'; 'I am cooking dinner.' -> 'Ich koche das Abendessen.'"""
        noun, _ = self.noun("meal")
        the = noun_phrase(noun, "nom", "the")
        r = self.rng.random()
        if r < 0.3:
            adj_en, adj_de = self.rng.choice(
                [("ready", "fertig"), ("delicious", "lecker"), ("cold", "kalt"), ("good", "gut")]
            )
            past = self.rng.random() < 0.3
            return (
                f"{cap(noun.en)} {'was' if past else 'is'} {adj_en}.",
                f"{cap(the)} {'war' if past else 'ist'} {adj_de}.",
            )
        if r < 0.55:
            at_en, at_de = self.clock_time(tense="at")
            return f"{cap(noun.en)} is {at_en}.", f"{cap(the)} ist {at_de}."
        subj = self.subject("person")
        verb = self.lex.verbs[self.rng.choice(("cook", "cook", "order"))]
        return self.clause(subj, verb, (noun.en, noun_phrase(noun, "acc", "the")), ("", ""), negate=False)

    def profession(self) -> tuple[str, str]:
        """'My father is a farmer.' -> 'Mein Vater ist Bauer.'; with an adjective the article stays:
        'He is a good cook.' -> 'Er ist ein guter Koch.' (masculine subjects and plurals only: the
        feminine job titles are not in the lexicon)."""
        jobs = [n for n in self.lex.nouns.get("person", []) if n.en in PROFESSIONS and n.gender == "m"]
        noun = self.rng.choice(jobs)
        r = self.rng.random()
        plural = r < 0.25 and bool(noun.de_plural)
        if plural:
            subj_en, subj_de, be_en, be_de = self.rng.choice([
                ("we", "wir", "are", "sind"), ("they", "sie", "are", "sind"),
                ("my brothers", "meine Brüder", "are", "sind"),
            ])  # fmt: skip
        else:
            subj_en, subj_de, be_en, be_de = self.rng.choice([
                ("I", "ich", "am", "bin"), ("you", "du", "are", "bist"), ("he", "er", "is", "ist"),
                ("my father", "mein Vater", "is", "ist"), ("my brother", "mein Bruder", "is", "ist"),
                ("my uncle", "mein Onkel", "is", "ist"), ("her husband", "ihr Mann", "is", "ist"),
                ("his son", "sein Sohn", "is", "ist"), ("my grandfather", "mein Großvater", "is", "ist"),
            ])  # fmt: skip
        past = self.rng.random() < 0.2
        if past:
            be_en = "were" if be_en == "are" else "was"
            be_de = {"bin": "war", "bist": "warst", "ist": "war", "sind": "waren"}[be_de]
        if self.rng.random() < 0.2:
            adj = self.rng.choice([Adjective("good", "gut"), Adjective("young", "jung"), Adjective("new", "neu")])
            en_obj = f"{adj.en} {noun.en_plural}" if plural else f"{english_article(adj.en)} {adj.en} {noun.en}"
            de_obj = noun_phrase(noun, "nom", "a", plural, adj)
        else:
            en_obj = noun.en_plural if plural else f"{english_article(noun.en)} {noun.en}"
            de_obj = noun.de_plural if plural else noun.de
        return cap(f"{subj_en} {be_en} {en_obj}") + ".", cap(f"{subj_de} {be_de} {de_obj}") + "."

    def copula(self) -> tuple[str, str]:
        cls = self.rng.choice(["person", "animal", "thing", "place", "food", "readable", "drink"])
        en, de, noun, plural = self.np(cls, "nom", dets=("the", "my", "your", "our"), adj_p=0)
        adj = self.adjective(cls, 1.0)
        degree = self.rng.choice(["", "", "very ", "too ", "not ", "really "])
        de_degree = {"": "", "very ": "sehr ", "too ": "zu ", "not ": "nicht ", "really ": "wirklich "}[degree]
        past = self.rng.random() < 0.25
        be_en = ("were" if plural else "was") if past else ("are" if plural else "is")
        person = "sie_pl" if plural else "er"
        be_de = ("waren" if plural else "war") if past else SEIN.present(person)
        return cap(f"{en} {be_en} {degree}{adj.en}") + ".", cap(f"{de} {be_de} {de_degree}{adj.de}") + "."

    def location(self) -> tuple[str, str]:
        en, de, noun, plural = self.np("thing animal readable food", "nom", dets=("the", "my", "your"), adj_p=0.15)
        prep = self.rng.choice(list(PLACE_PREPOSITIONS))
        place_en, place_de = self.place("furniture place" if prep == "in" else "furniture", prep)
        be_en, be_de = ("are", "sind") if plural else ("is", "ist")
        return cap(f"{en} {be_en} {place_en}") + ".", contract(cap(f"{de} {be_de} {place_de}")) + "."

    def where_is(self, classes: str, dets: tuple[str, ...]) -> tuple[str, str]:
        """'Where is my key?' -> 'Wo ist mein Schlüssel?'"""
        en, de, noun, plural = self.np(classes, "nom", dets=dets, adj_p=0.1)
        return f"Where {'are' if plural else 'is'} {en}?", f"Wo {'sind' if plural else 'ist'} {de}?"

    def question_where(self) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.4:
            return self.where_is("thing person animal readable", ("the", "my", "your"))
        subj = self.subject("person")
        verb = self.lex.verbs[self.rng.choice(["live", "work", "sleep", "play", "wait", "read", "eat"])]
        wh_en, wh_de = self.rng.choice([("Where", "Wo"), ("When", "Wann"), ("Why", "Warum")])
        if verb.en == "live":
            wh_en, wh_de = "Where", "Wo"
        if verb.en in ("read", "eat") and self.rng.random() < 0.5:
            wh_en, wh_de = "What", "Was"
        third = subj.en_person in ("he", "she", "it")
        if self.rng.random() < 0.7:
            en = f"{wh_en} {'does' if third else 'do'} {subj.en} {verb.en}?"
            de = f"{wh_de} {verb.present(subj.person)} {subj.de}?"
        else:
            en = f"{wh_en} did {subj.en} {verb.en}?"
            aux = HABEN.present(subj.person) if verb.de_aux == "haben" else SEIN.present(subj.person)
            de = f"{wh_de} {aux} {subj.de} {verb.de_participle}?"
        return en, de

    def question(self) -> tuple[str, str]:
        verb_en = self.rng.choice(sorted(VERB_OBJECTS))
        verb = self.lex.verbs[verb_en]
        subj = self.subject("person")
        case = "dat" if verb_en in DATIVE_VERBS else "acc"
        obj_en, obj_de, _, _ = self.np(VERB_OBJECTS[verb_en], case)
        third = subj.en_person in ("he", "she", "it")
        subj_de = subj.de
        if self.rng.random() < 0.6:
            en = f"{'Does' if third else 'Do'} {subj.en} {verb.en} {obj_en}?"
            de = f"{cap(verb.present(subj.person))} {subj_de} {obj_de}?"
        else:
            aux = HABEN if verb.de_aux == "haben" else SEIN
            en = f"{'Has' if third else 'Have'} {subj.en} {verb.en_participle} {obj_en}?"
            if self.rng.random() < 0.5:
                en = f"Did {subj.en} {verb.en} {obj_en}?"
            de = f"{cap(aux.present(subj.person))} {subj_de} {obj_de} {verb.de_participle}?"
        return en, contract(de)

    def common(self) -> tuple[str, str]:
        """The wide vocabulary (lexicon.COMMON, 3,000 frequent nouns found in Ding) in frames that suit
        any noun: having, needing, seeing, finding, liking, buying, losing or forgetting it; saying what it
        is like; "This is my ..."; "Where is the ...?"; "Do you have the ...?". No "a": Ding's plurals do
        not tell countable from mass nouns in English ("a money")."""
        dets = ("the", "the", "my", "your", "our", "this", "his", "her")
        r = self.rng.random()
        if r < 0.4:
            verb = self.lex.verbs[self.rng.choice(COMMON_VERBS)]
            obj_en, obj_de, *_ = self.np(COMMON, "acc", dets=dets, adj_p=0.15)
            return self.clause(self.subject("person"), verb, (obj_en, obj_de), ("", ""))
        if r < 0.6:
            en, de, noun, plural = self.np(COMMON, "nom", dets=dets, adj_p=0)
            adj = self.adjective(COMMON, 1.0)
            degree_en, degree_de = self.rng.choice([("", ""), ("", ""), ("very ", "sehr "), ("not ", "nicht ")])
            be_en, be_de = ("are", "sind") if plural else ("is", "ist")
            return cap(f"{en} {be_en} {degree_en}{adj.en}") + ".", cap(f"{de} {be_de} {degree_de}{adj.de}") + "."
        if r < 0.75:
            noun, _ = self.noun(COMMON)
            det = self.rng.choice(("my", "your", "our", "his", "her", "the"))
            adj = self.adjective(COMMON, 0.3)
            en = " ".join(w for w in (det, adj.en if adj else "", noun.en) if w)
            that_en, that_de = self.rng.choice([("This", "Das"), ("That", "Das"), ("It", "Es")])
            return f"{that_en} is {en}.", f"{that_de} ist {noun_phrase(noun, 'nom', det, False, adj)}."
        if r < 0.87:
            return self.where_is(COMMON, ("the", "my", "your", "our"))
        subj = self.rng.choice(PRONOUNS[1:])
        verb = self.lex.verbs[self.rng.choice(COMMON_VERBS)]
        obj_en, obj_de, *_ = self.np(COMMON, "acc", dets=("the", "this", "my", "your"), adj_p=0.1)
        third = subj.en_person in ("he", "she")
        en = f"{'Does' if third else 'Do'} {subj.en} {verb.en} {obj_en}?"
        return en, f"{cap(verb.present(subj.person))} {subj.de} {obj_de}?"

    def topic(self) -> tuple[str, str]:
        return topic.topic(self.rng)

    def separable(self) -> tuple[str, str]:
        return topic.separable(self.rng)

    def prepositional(self) -> tuple[str, str]:
        return topic.prepositional(self.rng)

    def senses(self) -> tuple[str, str]:
        return topic.senses(self.rng)

    def there_is(self) -> tuple[str, str]:
        en, de, noun, plural, _det, adj = self.np(
            "thing animal person food", "acc", dets=("a",), plural_p=0.3, full=True
        )
        place_en, place_de = self.place("place furniture")
        if self.rng.random() < 0.25:
            en = "no " + (en.split(" ", 1)[1] if not plural else en)
            de = noun_phrase(noun, "acc", "no", plural, adj)
        be = "are" if plural else "is"
        return f"There {be} {en} {place_en}.", contract(f"Es gibt {de} {place_de}.")

    def likes(self) -> tuple[str, str]:
        subj = self.rng.choice(PRONOUNS)
        third = subj.en_person in ("he", "she")
        if self.rng.random() < 0.5:
            noun, cls = self.noun("food animal drink readable")
            while cls not in ("drink", "mass_food") and not noun.de_plural:
                noun, cls = self.noun("food animal drink readable")
            mass = cls in ("drink", "mass_food")
            en_obj = noun.en if mass else noun.en_plural
            de_obj = noun.de if mass else noun.de_plural
            like = "likes" if third else "like"
            mag = self.lex.verbs["like"].present(subj.person)
            return cap(f"{subj.en} {like} {en_obj}") + ".", cap(f"{subj.de} {mag} {de_obj}") + "."
        verb = self.lex.verbs[self.rng.choice(["read", "sing", "dance", "swim", "cook", "play", "travel", "sleep"])]
        like = "likes" if third else "like"
        return cap(f"{subj.en} {like} to {verb.en}") + ".", cap(f"{subj.de} {verb.present(subj.person)} gern") + "."

    def imperative(self) -> tuple[str, str]:
        verb_en = self.rng.choice(["read", "open", "close", "eat", "drink", "take", "bring", "buy", "help", "wash"])
        verb = self.lex.verbs[verb_en]
        case = "dat" if verb_en in DATIVE_VERBS else "acc"
        obj_en, obj_de, _, _ = self.np(VERB_OBJECTS[verb_en], case, dets=("the", "your", "the"), adj_p=0.1)
        formal = self.rng.random() < 0.4
        if verb_en == "help":
            obj_en, obj_de = ("me", "mir") if self.rng.random() < 0.5 else (obj_en, obj_de)
        please = self.rng.random() < 0.4
        if obj_en.startswith("your "):
            obj_de = obj_de.replace("dein", "Ihr", 1) if formal else obj_de
        de_core = f"{cap(verb.imperative(formal))} {obj_de}"
        if please:
            return f"Please {verb.en} {obj_en}.", f"Bitte {verb.imperative(formal)} {obj_de}."
        return f"{cap(verb.en)} {obj_en}!", f"{de_core}!"

    def numbers(self) -> tuple[str, str]:
        r = self.rng.random()
        n = self.rng.randint(2, 12)
        if r < 0.35:
            noun, cls = self.noun("thing animal food readable person")
            if not noun.de_plural:
                noun, cls = self.noun("animal person")
            subj = self.rng.choice(PRONOUNS)
            have = "has" if subj.en_person in ("he", "she") else "have"
            return (
                cap(f"{subj.en} {have} {NUMBERS[n]} {noun.en_plural}") + ".",
                cap(f"{subj.de} {HABEN.present(subj.person)} {ZAHLEN[n]} {noun.de_plural}") + ".",
            )
        if r < 0.55:
            en, de = self.clock_time()
            return f"It is {en}.", f"Es ist {de}."
        if r < 0.8:
            subj = self.subject("person")
            verb = self.lex.verbs[self.rng.choice(["eat", "work", "sleep", "come", "go"])]
            en_verb = verb.en_3sg if subj.en_person in ("he", "she") else verb.en
            tail = ("home", "nach Hause") if verb.en in ("come", "go") else ("", "")
            at_en, at_de = self.clock_time(tense="at")
            en = " ".join(w for w in (subj.en, en_verb, tail[0], at_en) if w)
            de = " ".join(w for w in (subj.de, verb.present(subj.person), at_de, tail[1]) if w)
            return cap(en) + ".", cap(de) + "."
        age = self.rng.randint(2, 12)
        subj = self.subject("person")
        be = {"I": "am", "he": "is", "she": "is"}.get(subj.en_person, "are")
        return (
            cap(f"{subj.en} {be} {NUMBERS[age]} years old") + ".",
            cap(f"{subj.de} {SEIN.present(subj.person)} {ZAHLEN[age]} Jahre alt") + ".",
        )

    def names_and_cities(self) -> tuple[str, str]:
        name, city = self.rng.choice(NAMES), self.rng.choice(list(CITIES))
        r = self.rng.random()
        if r < 0.3:
            return f"My name is {name}.", f"Ich heiße {name}."
        if r < 0.5:
            subj = self.rng.choice(PRONOUNS[3:5])
            return f"{cap(subj.en)} is called {name}.", f"{cap(subj.de)} heißt {name}."
        if r < 0.75:
            return f"{name} lives in {city}.", f"{name} wohnt in {CITIES[city]}."
        subj = self.rng.choice(PRONOUNS)
        be = {"I": "am", "he": "is", "she": "is"}.get(subj.en_person, "are")
        come = self.lex.verbs["come"].present(subj.person)
        return cap(f"{subj.en} {be} from {city}") + ".", cap(f"{subj.de} {come} aus {CITIES[city]}") + "."

    def this_is(self) -> tuple[str, str]:
        noun, cls = self.noun("thing animal person place readable vehicle")
        det = self.rng.choice(("a", "my", "your", "our"))
        adj = self.adjective(cls, 0.5)
        en_det = english_article(adj.en if adj else noun.en) if det == "a" else det
        en = " ".join(w for w in (en_det, adj.en if adj else "", noun.en) if w)
        return f"This is {en}.", f"Das ist {noun_phrase(noun, 'nom', det, False, adj)}."

    def weather(self) -> tuple[str, str]:
        adv_en, adv_de = self.rng.choice(
            [("", ""), ("today", "heute"), ("now", "jetzt"), ("in the morning", "am Morgen")]
        )
        past = self.rng.random() < 0.25
        if past:
            adv_en, adv_de = self.rng.choice([("yesterday", "gestern"), ("", ""), ("in the evening", "am Abend")])
        if self.rng.random() < 0.3:
            en_verb, now_de, past_de = self.rng.choice(
                [("rain", "regnet", "hat ... geregnet"), ("snow", "schneit", "hat ... geschneit")]
            )
            if past:
                en, de = f"It rained {adv_en}" if en_verb == "rain" else f"It snowed {adv_en}", f"Es {past_de}"
                de = de.replace("...", adv_de)
            else:
                en, de = f"It is {en_verb}ing {adv_en}", f"Es {now_de} {adv_de}"
        else:
            adj_en, adj_de = self.rng.choice(WEATHER)
            degree_en, degree_de = self.rng.choice([("", ""), ("", ""), ("very ", "sehr "), ("too ", "zu ")])
            be_en, be_de = ("was", "war") if past else ("is", "ist")
            en, de = f"It {be_en} {degree_en}{adj_en} {adv_en}", f"Es {be_de} {adv_de} {degree_de}{adj_de}"
        return " ".join(en.split()) + ".", " ".join(de.split()) + "."

    def feelings(self) -> tuple[str, str]:
        subj = self.subject("person")
        feeling_en, feeling_de = self.rng.choice(FEELINGS)
        be = {"I": "am", "he": "is", "she": "is"}.get(subj.en_person, "are")
        degree_en, degree_de = self.rng.choice([("", ""), ("", ""), ("very ", "sehr "), ("not ", "nicht ")])
        if feeling_de in ("Hunger", "Durst"):  # German has hunger rather than being hungry
            neg = degree_en == "not "
            have = HABEN.present(subj.person)
            amount = "keinen" if neg else "großen" if degree_en == "very " else ""
            de = " ".join(w for w in (subj.de, have, amount, feeling_de) if w)
        else:
            de = f"{subj.de} {SEIN.present(subj.person)} {degree_de}{feeling_de}"
        return cap(f"{subj.en} {be} {degree_en}{feeling_en}") + ".", cap(" ".join(de.split())) + "."

    def wishes(self) -> tuple[str, str]:
        subj = self.rng.choice(PRONOUNS)
        moechte = MOECHTEN[PRONOUNS.index(subj)]
        if self.rng.random() < 0.6:
            obj_en, obj_de, *_ = self.np("drink food mass_food thing readable", "acc", dets=("a",), plural_p=0.1)
        else:
            verb = self.lex.verbs[self.rng.choice(["read", "sleep", "eat", "swim", "travel", "dance", "learn"])]
            obj_en, obj_de = f"to {verb.en}", verb.de
            if self.rng.random() < 0.4:
                place_en, place_de = self.place(VERB_PLACES.get(verb.en))
                obj_en, obj_de = f"{obj_en} {place_en}", f"{place_de} {obj_de}"
        if self.rng.random() < 0.3 and subj.en in ("you", "he", "she", "they"):
            verb_first = f"{cap(moechte)} {subj.de}"
            return f"Would {subj.en} like {obj_en}?", contract(f"{verb_first} {obj_de}?")
        return cap(f"{subj.en} would like {obj_en}") + ".", contract(cap(f"{subj.de} {moechte} {obj_de}")) + "."

    def prices(self) -> tuple[str, str]:
        en, de, noun, plural = self.np("thing food readable vehicle", "nom", dets=("the", "this"), adj_p=0.2)
        cost_en, cost_de = ("cost", "kosten") if plural else ("costs", "kostet")
        if self.rng.random() < 0.5:
            do = "do" if plural else "does"
            return f"How much {do} {en} cost?", f"Wie viel {cost_de} {de}?"
        n = self.rng.randint(2, 12)
        return cap(f"{en} {cost_en} {NUMBERS[n]} euros") + ".", cap(f"{de} {cost_de} {ZAHLEN[n]} Euro") + "."

    def greetings(self) -> tuple[str, str]:
        greet_en, greet_de = self.rng.choice(GREETINGS)
        name = self.rng.choice(NAMES) if self.rng.random() < 0.4 else ""
        head_en = f"{greet_en}, {name}" if name else greet_en
        head_de = f"{greet_de}, {name}" if name else greet_de
        r = self.rng.random()
        if r < 0.35:
            return f"{head_en}!", f"{head_de}!"
        if r < 0.7:
            formal = self.rng.random() < 0.3
            return f"{head_en}, how are you?", f"{head_de}, wie geht es {'Ihnen' if formal else 'dir'}?"
        noun, _ = self.noun("person animal")
        det = self.rng.choice(("my", "your", "his", "her", "our"))
        de_np = noun_phrase(noun, "dat", det)
        return f"How is {det} {noun.en}?", f"Wie geht es {de_np}?"

    def languages(self) -> tuple[str, str]:
        lang_en = self.rng.choice(list(LANGUAGES))
        verb = self.lex.verbs[self.rng.choice(["speak", "speak", "learn", "understand"])]
        subj = self.subject("person")
        if self.rng.random() < 0.3:
            third = subj.en_person in ("he", "she", "it")
            en = f"{'Does' if third else 'Do'} {subj.en} {verb.en} {lang_en}?"
            return en, f"{cap(verb.present(subj.person))} {subj.de} {LANGUAGES[lang_en]}?"
        return self.clause(subj, verb, (lang_en, LANGUAGES[lang_en]), ("", ""), "kein " + LANGUAGES[lang_en])

    # ---- sampling ---------------------------------------------------------------------------

    def sample(self, n: int, max_tries: int = 20) -> list[tuple[str, str]]:
        """n distinct pairs (fewer only if the templates run out of new sentences)."""
        weights = [w for w, _ in self.templates] + [2]
        makers = [m for _, m in self.templates] + [self.question]
        seen: dict[str, str] = {}
        tries = 0
        while len(seen) < n and tries < n * max_tries:
            tries += 1
            en, de = self.rng.choices(makers, weights)[0]()
            en = en.replace("  ", " ")
            if en not in seen:
                seen[en] = de.replace("  ", " ")
        return list(seen.items())


def _werden(person: str) -> str:
    from .german import WERDEN

    return WERDEN.present(person)
