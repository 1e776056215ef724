"""The generator's vocabulary: everyday English words by meaning class, with German forms from Ding.

Each seed names an English word and the German word it should translate to (choosing the sense
is the one thing a dictionary cannot do for us); Ding supplies the German noun's gender and
plural and the English plural. Verbs carry their principal parts here, checked against Ding's
conjugation lines in the tests where Ding lists them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .german import Adjective, Noun, Verb

# meaning class -> "english:German" seeds (English plural and German gender/plural come from Ding)
NOUN_SEEDS: dict[str, str] = {
    "person": "man:Mann woman:Frau child:Kind boy:Junge girl:Mädchen teacher:Lehrer doctor:Arzt student:Student "
    "friend:Freund mother:Mutter father:Vater brother:Bruder sister:Schwester son:Sohn daughter:Tochter "
    "baby:Baby farmer:Bauer driver:Fahrer neighbour:Nachbar cook:Koch king:König queen:Königin "
    "grandmother:Großmutter grandfather:Großvater uncle:Onkel aunt:Tante waiter:Kellner boss:Chef "
    "husband:Mann wife:Frau girlfriend:Freundin policeman:Polizist nurse:Krankenschwester pilot:Pilot "
    "singer:Sänger dentist:Zahnarzt lawyer:Anwalt engineer:Ingenieur guest:Gast customer:Kunde tourist:Tourist",
    "animal": "dog:Hund cat:Katze bird:Vogel horse:Pferd cow:Kuh mouse:Maus rabbit:Kaninchen duck:Ente pig:Schwein "
    "sheep:Schaf chicken:Huhn snake:Schlange lion:Löwe elephant:Elefant monkey:Affe bear:Bär fox:Fuchs "
    "frog:Frosch goat:Ziege bee:Biene butterfly:Schmetterling",
    "food": "apple:Apfel cake:Kuchen egg:Ei banana:Banane orange:Orange potato:Kartoffel pizza:Pizza "
    "salad:Salat sausage:Wurst tomato:Tomate cookie:Keks pear:Birne carrot:Karotte onion:Zwiebel peach:Pfirsich "
    "cucumber:Gurke",
    "mass_food": "bread:Brot soup:Suppe cheese:Käse meat:Fleisch rice:Reis butter:Butter chocolate:Schokolade "
    "fish:Fisch fruit:Obst sugar:Zucker salt:Salz honey:Honig jam:Marmelade",
    "drink": "coffee:Kaffee tea:Tee milk:Milch water:Wasser juice:Saft beer:Bier wine:Wein lemonade:Limonade "
    "cocoa:Kakao",
    "readable": "book:Buch newspaper:Zeitung letter:Brief story:Geschichte magazine:Zeitschrift message:Nachricht "
    "poem:Gedicht",
    "thing": "key:Schlüssel bag:Tasche ball:Ball cup:Tasse glass:Glas phone:Telefon pen:Stift box:Kiste "
    "hat:Hut shirt:Hemd jacket:Jacke shoe:Schuh picture:Bild clock:Uhr computer:Computer bottle:Flasche "
    "ticket:Fahrkarte umbrella:Regenschirm bicycle:Fahrrad car:Auto flower:Blume lamp:Lampe plate:Teller "
    "knife:Messer spoon:Löffel present:Geschenk toy:Spielzeug dress:Kleid coat:Mantel watch:Uhr "
    "camera:Kamera pencil:Bleistift towel:Handtuch blanket:Decke pillow:Kissen ring:Ring sock:Socke "
    "glove:Handschuh belt:Gürtel mirror:Spiegel candle:Kerze brush:Bürste wallet:Geldbörse",
    "furniture": "table:Tisch chair:Stuhl bed:Bett sofa:Sofa desk:Schreibtisch fridge:Kühlschrank oven:Ofen "
    "cupboard:Schrank",
    "fixture": "door:Tür window:Fenster wall:Wand floor:Boden roof:Dach",
    "place": "house:Haus garden:Garten kitchen:Küche room:Zimmer school:Schule park:Park city:Stadt "
    "village:Dorf office:Büro shop:Laden hospital:Krankenhaus library:Bibliothek "
    "restaurant:Restaurant church:Kirche museum:Museum cinema:Kino theatre:Theater market:Markt bakery:Bäckerei "
    "pharmacy:Apotheke station:Bahnhof supermarket:Supermarkt hotel:Hotel "
    "classroom:Klassenzimmer bathroom:Badezimmer bank:Bank street:Straße "
    "flat:Wohnung airport:Flughafen factory:Fabrik garage:Garage castle:Schloss farm:Bauernhof",
    "water": "lake:See river:Fluss sea:Meer pool:Schwimmbad",
    "abstract": "question:Frage answer:Antwort problem:Problem idea:Idee",
    "media": "film:Film song:Lied game:Spiel picture:Bild photo:Foto",
    "nature": "tree:Baum mountain:Berg sun:Sonne moon:Mond star:Stern island:Insel bridge:Brücke cloud:Wolke "
    "hill:Hügel",
    "vehicle": "train:Zug bus:Bus car:Auto plane:Flugzeug boat:Boot taxi:Taxi ship:Schiff tram:Straßenbahn "
    "truck:Lastwagen",
    "time": "day:Tag week:Woche month:Monat year:Jahr morning:Morgen evening:Abend night:Nacht hour:Stunde "
    "minute:Minute",
    # played without an article in German: "She plays the piano." -> "Sie spielt Klavier."
    "instrument": "guitar:Gitarre piano:Klavier violin:Geige flute:Flöte trumpet:Trompete",
    "sport": "football:Fußball tennis:Tennis chess:Schach basketball:Basketball volleyball:Volleyball",
    "body": "head:Kopf back:Rücken tooth:Zahn stomach:Bauch foot:Fuß arm:Arm leg:Bein hand:Hand ear:Ohr "
    "eye:Auge knee:Knie throat:Hals nose:Nase",
    "meal": "breakfast:Frühstück lunch:Mittagessen dinner:Abendessen",
}

# places that take "auf" (on the street, on the table) rather than "in"
ON_PLACES = {"street", "table", "chair", "bed", "sofa", "desk", "shelf", "floor", "roof", "plate", "farm"}

# english base, 3sg, past, participle, -ing; German infinitive, 3sg, participle, auxiliary (h|s)
VERB_SEEDS = """
read reads read read reading lesen liest gelesen h
write writes wrote written writing schreiben schreibt geschrieben h
eat eats ate eaten eating essen isst gegessen h
drink drinks drank drunk drinking trinken trinkt getrunken h
buy buys bought bought buying kaufen kauft gekauft h
see sees saw seen seeing sehen sieht gesehen h
need needs needed needed needing brauchen braucht gebraucht h
find finds found found finding finden findet gefunden h
open opens opened opened opening öffnen öffnet geöffnet h
close closes closed closed closing schließen schließt geschlossen h
take takes took taken taking nehmen nimmt genommen h
bring brings brought brought bringing bringen bringt gebracht h
carry carries carried carried carrying tragen trägt getragen h
wear wears wore worn wearing tragen trägt getragen h
love loves loved loved loving lieben liebt geliebt h
visit visits visited visited visiting besuchen besucht besucht h
help helps helped helped helping helfen hilft geholfen h
cook cooks cooked cooked cooking kochen kocht gekocht h
wash washes washed washed washing waschen wäscht gewaschen h
clean cleans cleaned cleaned cleaning putzen putzt geputzt h
paint paints painted painted painting malen malt gemalt h
sell sells sold sold selling verkaufen verkauft verkauft h
lose loses lost lost losing verlieren verliert verloren h
forget forgets forgot forgotten forgetting vergessen vergisst vergessen h
like likes liked liked liking mögen mag gemocht h
have has had had having haben hat gehabt h
know knows knew known knowing kennen kennt gekannt h
meet meets met met meeting treffen trifft getroffen h
hear hears heard heard hearing hören hört gehört h
feed feeds fed fed feeding füttern füttert gefüttert h
order orders ordered ordered ordering bestellen bestellt bestellt h
want wants wanted wanted wanting wollen will gewollt h
sleep sleeps slept slept sleeping schlafen schläft geschlafen h
work works worked worked working arbeiten arbeitet gearbeitet h
live lives lived lived living wohnen wohnt gewohnt h
play plays played played playing spielen spielt gespielt h
wait waits waited waited waiting warten wartet gewartet h
sit sits sat sat sitting sitzen sitzt gesessen h
stand stands stood stood standing stehen steht gestanden h
run runs ran run running laufen läuft gelaufen s
swim swims swam swum swimming schwimmen schwimmt geschwommen s
go goes went gone going gehen geht gegangen s
come comes came come coming kommen kommt gekommen s
drive drives drove driven driving fahren fährt gefahren s
sing sings sang sung singing singen singt gesungen h
dance dances danced danced dancing tanzen tanzt getanzt h
laugh laughs laughed laughed laughing lachen lacht gelacht h
cry cries cried cried crying weinen weint geweint h
learn learns learned learned learning lernen lernt gelernt h
travel travels travelled travelled travelling reisen reist gereist s
fly flies flew flown flying fliegen fliegt geflogen s
speak speaks spoke spoken speaking sprechen spricht gesprochen h
understand understands understood understood understanding verstehen versteht verstanden h
answer answers answered answered answering beantworten beantwortet beantwortet h
solve solves solved solved solving lösen löst gelöst h
watch watches watched watched watching sehen sieht gesehen h
build builds built built building bauen baut gebaut h
repair repairs repaired repaired repairing reparieren repariert repariert h
send sends sent sent sending schicken schickt geschickt h
pay pays paid paid paying bezahlen bezahlt bezahlt h
"""

# verb -> object classes (transitive use); verbs not listed here are used without an object
VERB_OBJECTS = {
    "read": "readable",
    "write": "readable",
    "eat": "food mass_food",
    "drink": "drink",
    "buy": "food mass_food thing drink readable",
    "see": "person animal thing vehicle nature media",
    "need": "thing",
    "find": "thing",
    "open": "fixture readable",
    "close": "fixture readable",
    "take": "thing",
    "bring": "thing food",
    "carry": "thing",
    "wear": "thing",
    "love": "person animal",
    "visit": "person",
    "help": "person",
    "cook": "food mass_food",
    "wash": "thing animal",
    "clean": "place furniture fixture",
    "paint": "thing place animal nature",
    "sell": "thing food vehicle",
    "lose": "thing",
    "forget": "thing",
    "like": "person animal food mass_food drink readable media",
    "have": "thing animal vehicle abstract",
    "know": "person",
    "meet": "person",
    "hear": "person animal",
    "feed": "animal",
    "order": "food drink mass_food",
    "understand": "abstract readable person",
    "answer": "abstract",
    "solve": "abstract",
    "watch": "media animal",
    "build": "place",
    "repair": "thing vehicle",
    "send": "readable thing",
    "pay": "food drink thing",
}
DATIVE_VERBS = {"help"}
WEAR_OBJECTS = {"hat", "shirt", "jacket", "shoe", "dress", "coat", "watch"}
# verb -> where it happens (the place classes of its subject); None: anywhere
VERB_PLACES = {
    "sleep": "place furniture",
    "work": "place",
    "live": "place",
    "play": "place",
    "wait": "place",
    "sit": "furniture place",
    "stand": "place",
    "run": "place",
    "swim": "water",
    "sing": "place",
    "dance": "place",
    "eat": "place",
    "read": "place furniture",
    "cook": "place",
    "learn": "place",
}
VERB_SUBJECTS = {"sleep": "person animal", "run": "person animal", "swim": "person animal", "play": "person animal"}

# adjective class -> "english:German"; which noun classes each adjective class may describe
ADJECTIVE_SEEDS = {
    "size": "big:groß small:klein old:alt new:neu beautiful:schön",
    "colour": "red:rot blue:blau green:grün white:weiß black:schwarz yellow:gelb brown:braun",
    "people": "young:jung happy:glücklich sad:traurig tired:müde hungry:hungrig friendly:freundlich nice:nett "
    "sick:krank strong:stark clever:klug funny:lustig rich:reich poor:arm",
    "food": "fresh:frisch delicious:lecker sweet:süß hot:heiß cold:kalt cheap:billig expensive:teuer",
    "things": "heavy:schwer clean:sauber dirty:schmutzig expensive:teuer cheap:billig",
    "places": "quiet:ruhig loud:laut clean:sauber dirty:schmutzig dark:dunkel empty:leer full:voll",
    "texts": "interesting:interessant long:lang short:kurz funny:lustig boring:langweilig",
    "ideas": "good:gut bad:schlecht easy:einfach difficult:schwierig important:wichtig new:neu",
}
ADJECTIVE_FITS = {
    "size": "person animal thing furniture fixture place vehicle readable food nature common",
    "colour": "thing furniture fixture vehicle animal",
    "people": "person",
    "food": "food mass_food drink",
    "things": "thing furniture vehicle",
    "places": "place",
    "ideas": "abstract common",
    "texts": "readable media",
}

NAMES = "Anna Peter Tom Maria Paul Lisa Max Sarah Ben Emma Lukas Julia David Laura Jan".split()
LANGUAGES = {
    "English": "Englisch", "German": "Deutsch", "French": "Französisch", "Spanish": "Spanisch",
    "Italian": "Italienisch", "Chinese": "Chinesisch",
}  # fmt: skip
CITIES = {
    "Berlin": "Berlin",
    "Hamburg": "Hamburg",
    "Munich": "München",
    "Vienna": "Wien",
    "Cologne": "Köln",
    "London": "London",
    "Paris": "Paris",
    "Rome": "Rom",
    "Zurich": "Zürich",
    "Frankfurt": "Frankfurt",
    "Dresden": "Dresden",
    "Madrid": "Madrid",
}


# The "common" class: the most frequent English nouns beyond the seeds, found in Ding rather than
# chosen by hand, so that the generator's sentences reach the vocabulary people actually type.
COMMON = "common"
N_COMMON = 3000
COMMON_MIN_ZIPF = 3.3  # English (wordfreq); the German noun chosen must be at least 2.5 in German
# frequent English words whose noun reading is the rare one ("I need a will"), left out of the class
COMMON_STOP = set(
    "can will may might must would should could well like just still even right left kind mean fine last "
    "second present close top set lot bit part one none thing things man men woman people way times "
    "fact case point end number state order need use being lead own sort type means place yes no ass bitch "
    "shit fuck hell damn trump dick sex gay anti pro "
    # the sense Ding pairs most often is not the everyday one (space: Leerzeichen, spring: Feder)
    "rest space loss trade spring control support show drove count translation saw fan home".split()
)
# Ding tags of the German side that mark a reading as not a noun
_NOT_NOUN = re.compile(r"\{(adj|adv|conj|prp|pron|ppron|art|num|interj)\}")


@dataclass
class Lexicon:
    """Nouns by meaning class, verbs, adjectives by class: everything the templates draw from."""

    nouns: dict[str, list[Noun]] = field(default_factory=dict)
    verbs: dict[str, Verb] = field(default_factory=dict)
    adjectives: dict[str, list[Adjective]] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # seeds Ding could not decline

    def noun_classes(self, noun: Noun) -> list[str]:
        return [c for c, ns in self.nouns.items() if noun in ns]

    def adjectives_for(self, noun_class: str) -> list[Adjective]:
        out = []
        for adj_class, fits in ADJECTIVE_FITS.items():
            if noun_class in fits.split():
                out += self.adjectives[adj_class]
        return out


_NOUN = re.compile(r"^([A-ZÄÖÜ][\wäöüß-]*) \{([mfn])\}")
_PLURAL = re.compile(r"^([A-ZÄÖÜ][\wäöüß-]*) \{pl\}")
_EN_NOISE = re.compile(r"\[[^]]*\]|\([^)]*\)|<[^>]*>|/[^/]*/|\{[^}]*\}")


@dataclass(frozen=True)
class DingNoun:
    """One German noun of a Ding line with its gender, plural (or none) and the line's English words."""

    gender: str
    de_plural: str
    en_singulars: tuple[str, ...]
    en_plurals: tuple[str, ...]


def _alts(sense: str) -> list[str]:
    return [a.strip() for a in sense.split(";")]


def ding_nouns(lines: Iterable[str]) -> dict[str, list[DingNoun]]:
    """German noun -> its readings in Ding's noun lines (`Katze {f} | Katzen {pl} :: cat | cats`)."""
    out: dict[str, list[DingNoun]] = {}
    for line in lines:
        if " :: " not in line or line.startswith("#"):
            continue
        de_side, en_side = line.split(" :: ", 1)
        de_senses, en_senses = de_side.split(" | "), en_side.split(" | ")
        if len(de_senses) != len(en_senses):
            continue
        plurals = (
            [m.group(1) if (m := _PLURAL.match(a)) else "" for a in _alts(de_senses[1])] if len(de_senses) > 1 else []
        )
        has_plural = any(plurals)
        en_sg = tuple(_EN_NOISE.sub("", a).strip() for a in _alts(en_senses[0]))
        en_pl = tuple(_EN_NOISE.sub("", a).strip() for a in _alts(en_senses[1])) if has_plural else ()
        for i, alt in enumerate(_alts(de_senses[0])):
            if m := _NOUN.match(alt):
                pl = plurals[i] if i < len(plurals) else ""
                out.setdefault(m.group(1), []).append(DingNoun(m.group(2), pl, en_sg, en_pl))
    return out


def english_plural(word: str) -> str:
    if word.endswith("man"):
        return word[:-3] + "men"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def decline_seed(en: str, de: str, table: dict[str, list[DingNoun]]) -> Noun | None:
    """The seed's gender (the majority of its Ding readings) and plurals (from the reading naming `en`)."""
    readings = table.get(de, [])
    if not readings:
        return None
    exact = [r for r in readings if en in r.en_singulars]
    votes = Counter(r.gender for r in readings) + Counter(r.gender for r in exact)  # exact readings count twice
    gender = votes.most_common(1)[0][0]
    ordered = [r for r in exact + readings if r.gender == gender]
    de_plural = next((r.de_plural for r in ordered if r.de_plural), "")
    en_plural = english_plural(en)
    for r in exact:
        if r.en_plurals and len(r.en_plurals) == len(r.en_singulars):
            cand = r.en_plurals[r.en_singulars.index(en)]
            if cand and " " not in cand:
                en_plural = cand
                break
    return Noun(en, en_plural, de, de_plural, gender)


def common_nouns(lines: Iterable[str], exclude_en: set[str], exclude_de: set[str], n: int = N_COMMON) -> list[Noun]:
    """The n most frequent English nouns (wordfreq) outside `exclude_en`, each with one German noun.

    A German noun is a candidate for an English word when it is the first German word of a Ding line's
    first sense and the English word is one of that sense's first two alternatives. Among candidates the
    sense is chosen by how often the two go together across all of Ding's entries, compounds and idioms
    included (page: Seite, in "Titelseite :: title page" and dozens more, over Page, a pageboy), then by
    German frequency. Nouns without a plural in Ding are mass nouns (Gemüse), never put in the plural.

    Left out: words whose usual sense is a seed's German noun (`exclude_de`: the seed teaches it already);
    English plural forms and -s words without a plural; a verb's -ing form with a mass noun (going: Gehen);
    words with a more frequent adjective, adverb or other function-word reading in German (cold: kalt
    before Erkältung); words Ding pairs with the winner fewer than 3 times, or not clearly (1.5x) more
    often than with the runner-up; COMMON_STOP.
    """
    from wordfreq import zipf_frequency

    candidates: dict[str, list[Noun]] = {}
    not_noun: dict[str, float] = {}  # English word -> German frequency of its adjective/adverb/... reading
    plurals: set[str] = set()  # English plural forms ("results"), never taken as a singular
    senses: list[tuple[str, str]] = []  # every (German, English) sense of every line, lowercased
    for line in lines:
        if " :: " not in line or line.startswith("#"):
            continue
        de_side, en_side = line.split(" :: ", 1)
        de_senses, en_senses = de_side.split(" | "), en_side.split(" | ")
        if len(de_senses) == len(en_senses):
            senses += [(d.lower(), e.lower()) for d, e in zip(de_senses, en_senses)]
        en_alts = [_EN_NOISE.sub("", a).strip() for a in _alts(en_senses[0])]
        if _NOT_NOUN.search(de_senses[0]):
            other = re.sub(r"\{[^}]*\}|\[[^]]*\]|\([^)]*\)", "", _alts(de_senses[0])[0]).strip()
            if en_alts[0] and " " not in other:
                zipf = zipf_frequency(other, "de")
                not_noun[en_alts[0]] = max(zipf, not_noun.get(en_alts[0], 0.0))
            continue
        if len(de_senses) != len(en_senses):
            continue
        m = _NOUN.match(_alts(de_senses[0])[0])
        pl = _PLURAL.match(_alts(de_senses[1])[0]) if len(de_senses) > 1 else None
        if not m:
            continue
        en_pls = [_EN_NOISE.sub("", a).strip() for a in _alts(en_senses[1])] if pl else []
        plurals.update(en_pls)
        for i, en in enumerate(en_alts[:2]):
            if "{pl}" in _alts(en_senses[0])[i]:  # "vegetable; vegetables {pl}"
                plurals.add(en)
            if not (en.isalpha() and en.islower() and en.isascii()):
                continue
            ok_pl = len(en_pls) == len(en_alts) and en_pls[i].isalpha() and en_pls[i] != en
            if not ok_pl and en.endswith("s"):  # "premises": no English plural to be had by rule
                continue
            if not pl and en.endswith("ing"):  # a verb's -ing form (stirring: Umrühren), not a thing
                continue
            candidates.setdefault(en, []).append(
                Noun(en, en_pls[i] if ok_pl else english_plural(en), m.group(1), pl.group(1) if pl else "", m.group(2))
            )

    def german_zipf(noun: Noun) -> float:  # Hausaufgaben is the common form of Hausaufgabe
        return max(zipf_frequency(noun.de, "de"), zipf_frequency(noun.de_plural, "de") if noun.de_plural else 0.0)

    wanted = []
    for en in sorted(candidates, key=lambda w: (-zipf_frequency(w, "en"), w)):
        zipf = zipf_frequency(en, "en")
        if zipf < COMMON_MIN_ZIPF or len(wanted) >= 2 * n:
            break
        if not (en in exclude_en or en in plurals or en in COMMON_STOP or len(en) < 3 or zipf > 6.0):
            wanted.append(en)
    word = set(wanted)
    by_en: dict[str, list[str]] = {}
    for de, en_text in senses:
        for en in set(re.findall(r"[a-z]+", en_text)):
            if en in word or en[:-1] in word:
                by_en.setdefault(en if en in word else en[:-1], []).append(de)
    out: list[Noun] = []
    for en in wanted:
        # one candidate per German noun, a reading with a plural before a mass reading of it
        by_plural = sorted(candidates[en], key=lambda c: bool(c.de_plural))
        options = {c.de: c for c in by_plural if german_zipf(c) >= 2.5}
        together = {de: sum(de.lower() in sense for sense in by_en.get(en, [])) for de in options}
        ranked_de = sorted(options, key=lambda de: (-together[de], -german_zipf(options[de])))
        if not ranked_de or ranked_de[0] in exclude_de:
            continue
        best, runner_up = together[ranked_de[0]], together[ranked_de[1]] if len(ranked_de) > 1 else 0
        if best < 3 or best < 1.5 * runner_up:  # Ding does not say clearly which sense is the usual one
            continue
        if not_noun.get(en, 0.0) > german_zipf(options[ranked_de[0]]):  # cold: kalt before Erkältung
            continue
        out.append(options[ranked_de[0]])
        if len(out) >= n:
            break
    return out


def parse_verbs(text: str = VERB_SEEDS) -> dict[str, Verb]:
    verbs = {}
    for line in text.strip().splitlines():
        en, en3, past, pp, ing, de, de3, de_pp, aux = line.split()
        verbs[en] = Verb(en, en3, past, pp, ing, de, de3, de_pp, "sein" if aux == "s" else "haben")
    return verbs


def build(ding_path: Path) -> Lexicon:
    """Decline every seed noun with Ding's gender and plural; seeds Ding lacks are listed in `missing`."""
    lines = ding_path.read_text(encoding="utf-8").splitlines()
    table = ding_nouns(lines)
    lex = Lexicon(verbs=parse_verbs())
    for cls, seeds in NOUN_SEEDS.items():
        for seed in seeds.split():
            noun = decline_seed(*seed.split(":"), table)
            if noun is None:
                lex.missing.append(seed)
            else:
                lex.nouns.setdefault(cls, []).append(noun)
    for cls, seeds in ADJECTIVE_SEEDS.items():
        lex.adjectives[cls] = [Adjective(*s.split(":")) for s in seeds.split()]
    seeded = [n for ns in lex.nouns.values() for n in ns]
    exclude_en = {n.en for n in seeded} | {n.en_plural for n in seeded} | set(lex.verbs)
    lex.nouns[COMMON] = common_nouns(lines, exclude_en, {n.de for n in seeded})
    return lex


def seed_noun_lines(lines: Iterable[str]) -> list[str]:
    """Ding lines whose first sense names a seed noun, cut to noun | plural: all `build` reads.

    tests/data/ding_seed_nouns.txt is this function's output on the full dictionary."""
    heads = {seed.split(":")[1] for seeds in NOUN_SEEDS.values() for seed in seeds.split()}
    out = []
    for line in lines:
        if " :: " not in line or line.startswith("#"):
            continue
        de, en = line.split(" :: ", 1)
        if len(de.split(" | ")) != len(en.split(" | ")):
            continue
        if any((m := _NOUN.match(a)) and m.group(1) in heads for a in _alts(de.split(" | ")[0])):
            out.append(" | ".join(de.split(" | ")[:2]) + " :: " + " | ".join(en.split(" | ")[:2]))
    return out
