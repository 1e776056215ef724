"""Generated pairs for what this app's learners type first: its own topic (models, attention, words and
sentences, learning from data), whole-sentence idioms, and verbs with separable particles or
prepositional objects ("Er ruft seine Mutter an.", "Sie denkt an ihren Bruder.")."""

from __future__ import annotations

import random
from dataclasses import dataclass

from .german import HABEN, SEIN, WERDEN, Verb, cap, contract

# (English, German, German person, English 3rd person singular?)
PEOPLE = [
    ("I", "ich", "ich", False),
    ("you", "du", "du", False),
    ("he", "er", "er", True),
    ("she", "sie", "sie", True),
    ("we", "wir", "wir", False),
    ("they", "sie", "sie_pl", False),
    ("my brother", "mein Bruder", "er", True),
    ("my sister", "meine Schwester", "sie", True),
    ("the teacher", "der Lehrer", "er", True),
    ("the children", "die Kinder", "sie_pl", False),
    ("Anna", "Anna", "sie", True),
    ("Tom", "Tom", "er", True),
]

# ---- the app's own topic ----------------------------------------------------------------------

# subjects that do things with language: English, German nominative, 3rd person singular?
AGENTS = [
    ("the model", "das Modell", True),
    ("this model", "dieses Modell", True),
    ("the network", "das Netz", True),
    ("the neural network", "das neuronale Netz", True),
    ("the Transformer", "der Transformer", True),
    ("the encoder", "der Encoder", True),
    ("the decoder", "der Decoder", True),
    ("the computer", "der Computer", True),
    ("the machine", "die Maschine", True),
    ("the program", "das Programm", True),
    ("the models", "die Modelle", False),
    ("the language model", "das Sprachmodell", True),
    ("the student", "der Student", True),
    ("the teacher", "der Lehrer", True),
    ("I", "ich", False),
    ("we", "wir", False),
]
# accusative objects
THINGS = [
    ("the sentence", "den Satz"),
    ("this sentence", "diesen Satz"),
    ("the sentences", "die Sätze"),
    ("the whole sentence", "den ganzen Satz"),
    ("the English sentence", "den englischen Satz"),
    ("the German sentence", "den deutschen Satz"),
    ("the important words", "die wichtigen Wörter"),
    ("the paper", "den Artikel"),
    ("the word", "das Wort"),
    ("the words", "die Wörter"),
    ("every word", "jedes Wort"),
    ("the next word", "das nächste Wort"),
    ("the text", "den Text"),
    ("the data", "die Daten"),
    ("the translation", "die Übersetzung"),
    ("the meaning", "die Bedeutung"),
    ("the language", "die Sprache"),
    ("the example", "das Beispiel"),
    ("the question", "die Frage"),
    ("the answer", "die Antwort"),
    ("the vectors", "die Vektoren"),
    ("the matrix", "die Matrix"),
    ("the weights", "die Gewichte"),
    ("the attention", "die Aufmerksamkeit"),
    ("the grammar", "die Grammatik"),
    ("German", "Deutsch"),
    ("English", "Englisch"),
]
# English base, 3sg, participle; German infinitive, 3sg, participle (all take haben)
TOPIC_VERBS = [
    ("translate", "translates", "translated", "übersetzen", "übersetzt", "übersetzt"),
    ("read", "reads", "read", "lesen", "liest", "gelesen"),
    ("write", "writes", "written", "schreiben", "schreibt", "geschrieben"),
    ("learn", "learns", "learned", "lernen", "lernt", "gelernt"),
    ("understand", "understands", "understood", "verstehen", "versteht", "verstanden"),
    ("need", "needs", "needed", "brauchen", "braucht", "gebraucht"),
    ("use", "uses", "used", "benutzen", "benutzt", "benutzt"),
    ("see", "sees", "seen", "sehen", "sieht", "gesehen"),
    ("explain", "explains", "explained", "erklären", "erklärt", "erklärt"),
    ("compute", "computes", "computed", "berechnen", "berechnet", "berechnet"),
    ("check", "checks", "checked", "prüfen", "prüft", "geprüft"),
    ("change", "changes", "changed", "ändern", "ändert", "geändert"),
]
TOPIC_ADJECTIVES = [
    ("interesting", "interessant"),
    ("important", "wichtig"),
    ("difficult", "schwierig"),
    ("easy", "einfach"),
    ("simple", "einfach"),
    ("new", "neu"),
    ("fast", "schnell"),
    ("slow", "langsam"),
    ("useful", "nützlich"),
    ("good", "gut"),
    ("wrong", "falsch"),
    ("correct", "richtig"),
    ("fascinating", "faszinierend"),
    ("powerful", "mächtig"),
]
# topics that are "is" + adjective: English, German nominative, plural?
SUBJECTS_OF_STUDY = [
    ("Attention", "Aufmerksamkeit", False),
    ("Machine learning", "Maschinelles Lernen", False),
    ("Deep learning", "Deep Learning", False),
    ("Artificial intelligence", "Künstliche Intelligenz", False),
    ("Machine translation", "Maschinelle Übersetzung", False),
    ("Mathematics", "Mathematik", False),
    ("This model", "Dieses Modell", False),
    ("The translation", "Die Übersetzung", False),
    ("The sentence", "Der Satz", False),
    ("The network", "Das Netz", False),
    ("The data", "Die Daten", True),
    ("Neural networks", "Neuronale Netze", True),
    ("Transformers", "Transformer", True),
    ("Language models", "Sprachmodelle", True),
    ("Languages", "Sprachen", True),
]
TOPIC_FIXED = [
    ("Attention is all you need.", "Aufmerksamkeit ist alles, was du brauchst."),
    ("Attention is all we need.", "Aufmerksamkeit ist alles, was wir brauchen."),
    ("The model translates English into German.", "Das Modell übersetzt Englisch ins Deutsche."),
    ("The model translates the sentence into German.", "Das Modell übersetzt den Satz ins Deutsche."),
    ("Each word pays attention to the other words.", "Jedes Wort achtet auf die anderen Wörter."),
    ("The encoder reads the sentence.", "Der Encoder liest den Satz."),
    ("The decoder writes the translation.", "Der Decoder schreibt die Übersetzung."),
    ("The network learns from data.", "Das Netz lernt aus Daten."),
    ("The model learns from examples.", "Das Modell lernt aus Beispielen."),
    ("The model predicts the next word.", "Das Modell sagt das nächste Wort vorher."),
    ("The sentence has five words.", "Der Satz hat fünf Wörter."),
    ("How does attention work?", "Wie funktioniert Aufmerksamkeit?"),
    ("How does the model work?", "Wie funktioniert das Modell?"),
    ("I want to understand how the model works.", "Ich will verstehen, wie das Modell funktioniert."),
    ("I am learning about neural networks.", "Ich lerne etwas über neuronale Netze."),
    ("Computers can translate languages.", "Computer können Sprachen übersetzen."),
    ("The model makes mistakes.", "Das Modell macht Fehler."),
    ("The translation is not perfect.", "Die Übersetzung ist nicht perfekt."),
    ("This is a good translation.", "Das ist eine gute Übersetzung."),
    ("What does this word mean?", "Was bedeutet dieses Wort?"),
    ("Words have meanings.", "Wörter haben Bedeutungen."),
    ("The machine learns quickly.", "Die Maschine lernt schnell."),
    ("Language is complicated.", "Sprache ist kompliziert."),
]


def _topic_clause(rng: random.Random) -> tuple[str, str]:
    en_s, de_s, third = rng.choice(AGENTS)
    en_v, en_3, en_pp, de_inf, de_3, de_pp = rng.choice(TOPIC_VERBS)
    en_o, de_o = rng.choice(THINGS)
    person = {"I": "ich", "we": "wir"}.get(en_s, "er" if third else "sie_pl")
    verb = Verb(en_v, en_3, "", en_pp, "", de_inf, de_3, de_pp, "haben")
    r = rng.random()
    if r < 0.45:
        neg = rng.random() < 0.2 and en_o not in ("German", "English")  # "versteht kein Deutsch", not "... nicht"
        if neg:
            return cap(f"{en_s} {'does' if third else 'do'} not {en_v} {en_o}."), cap(
                f"{de_s} {verb.present(person)} {de_o} nicht."
            )
        return cap(f"{en_s} {en_3 if third else en_v} {en_o}."), cap(f"{de_s} {verb.present(person)} {de_o}.")
    if r < 0.65:
        return cap(f"{en_s} {'has' if third else 'have'} {en_pp} {en_o}."), cap(
            f"{de_s} {HABEN.present(person)} {de_o} {de_pp}."
        )
    if r < 0.8:
        return cap(f"{en_s} will {en_v} {en_o}."), cap(f"{de_s} {WERDEN.present(person)} {de_o} {de_inf}.")
    if r < 0.9:
        can = {"ich": "kann", "wir": "können", "er": "kann"}.get(person, "können")
        return cap(f"{en_s} can {en_v} {en_o}."), cap(f"{de_s} {can} {de_o} {de_inf}.")
    if en_s in ("I", "we"):
        return cap(f"{en_s} {en_v} {en_o}."), cap(f"{de_s} {verb.present(person)} {de_o}.")
    return f"{'Does' if third else 'Do'} {en_s} {en_v} {en_o}?", f"{cap(verb.present(person))} {de_s} {de_o}?"


# what one learns, reads or talks about: English, German (after "über", accusative)
ABOUT = [
    ("attention", "Aufmerksamkeit"),
    ("machine learning", "maschinelles Lernen"),
    ("neural networks", "neuronale Netze"),
    ("language models", "Sprachmodelle"),
    ("the Transformer", "den Transformer"),
    ("machine translation", "maschinelle Übersetzung"),
    ("grammar", "Grammatik"),
]


def _about(rng: random.Random) -> tuple[str, str]:
    """ "We are learning about machine learning." -> "Wir lernen etwas über maschinelles Lernen.", a paper
    about attention (ein Artikel), for beginners (für Anfänger), one word at a time (ein Wort nach dem anderen)."""
    en_t, de_t = rng.choice(ABOUT)
    r = rng.random()
    if r < 0.3:
        en_s, be, de_s, lernen = rng.choice([("I", "am", "Ich", "lerne"), ("We", "are", "Wir", "lernen"),
                                             ("The students", "are", "Die Studenten", "lernen"),
                                             ("She", "is", "Sie", "lernt")])  # fmt: skip
        return f"{en_s} {be} learning about {en_t}.", f"{de_s} {lernen} etwas über {de_t}."
    if r < 0.55:
        en_s, reads, de_s, liest = rng.choice([("I", "read", "Ich", "lese"), ("We", "read", "Wir", "lesen"),
                                               ("The students", "read", "Die Studenten", "lesen"),
                                               ("The teacher", "reads", "Der Lehrer", "liest")])  # fmt: skip
        return f"{en_s} {reads} a paper about {en_t}.", f"{de_s} {liest} einen Artikel über {de_t}."
    if r < 0.75:
        name_en, name_de, plural = rng.choice(SUBJECTS_OF_STUDY)
        easy_en, easy_de = rng.choice([("easy", "einfach"), ("not easy", "nicht einfach"),
                                       ("difficult", "schwierig"), ("interesting", "interessant")])  # fmt: skip
        be_en, be_de = ("are", "sind") if plural else ("is", "ist")
        return f"{name_en} {be_en} {easy_en} for beginners.", f"{name_de} {be_de} {easy_de} für Anfänger."
    agent_en, agent_de, third = rng.choice([a for a in AGENTS if a[0] in ("the model", "the decoder",
                                            "the encoder", "the Transformer", "the network")])  # fmt: skip
    verb = rng.choice([("reads", "liest"), ("writes", "schreibt"), ("translates", "übersetzt")])
    how_en, how_de = rng.choice([("one word at a time", "ein Wort nach dem anderen"),
                                 ("the whole sentence at once", "den ganzen Satz auf einmal"),
                                 ("the text step by step", "den Text Schritt für Schritt")])  # fmt: skip
    return f"{cap(agent_en)} {verb[0]} {how_en}.", f"{cap(agent_de)} {verb[1]} {how_de}."


def topic(rng: random.Random) -> tuple[str, str]:
    """A sentence about the app's own subject: a model translates, attention helps, the network learns."""
    r = rng.random()
    if r < 0.15:
        return rng.choice(TOPIC_FIXED)
    if r < 0.3:
        return _about(rng)
    if r < 0.5:
        en_s, de_s, plural = rng.choice(SUBJECTS_OF_STUDY)
        en_a, de_a = rng.choice(TOPIC_ADJECTIVES)
        degree_en, degree_de = rng.choice([("", ""), ("very ", "sehr "), ("not ", "nicht "), ("really ", "wirklich ")])
        be_en, be_de = ("are", "sind") if plural else ("is", "ist")
        return f"{en_s} {be_en} {degree_en}{en_a}.", f"{de_s} {be_de} {degree_de}{de_a}."
    return _topic_clause(rng)


# ---- idioms: whole sentences whose German is not word by word ---------------------------------

IDIOMS = [
    ("Thank you very much.", "Vielen Dank."),
    ("Thank you very much!", "Vielen Dank!"),
    ("Thanks a lot.", "Vielen Dank."),
    ("Thank you for your help.", "Danke für deine Hilfe."),
    ("You're welcome.", "Gern geschehen."),
    ("Happy birthday!", "Alles Gute zum Geburtstag!"),
    ("Today is my birthday.", "Heute ist mein Geburtstag."),
    ("Tomorrow is her birthday.", "Morgen ist ihr Geburtstag."),
    ("Long time no see.", "Lange nicht gesehen."),
    ("I have a headache.", "Ich habe Kopfschmerzen."),
    ("She has a cold.", "Sie ist erkältet."),
    ("Good luck!", "Viel Glück!"),
    ("Have fun!", "Viel Spaß!"),
    ("Have a nice day!", "Einen schönen Tag noch!"),
    ("Have a nice weekend!", "Schönes Wochenende!"),
    ("Get well soon!", "Gute Besserung!"),
    ("Enjoy your meal!", "Guten Appetit!"),
    ("Cheers!", "Prost!"),
    ("Merry Christmas!", "Frohe Weihnachten!"),
    ("Happy New Year!", "Frohes neues Jahr!"),
    ("Congratulations!", "Herzlichen Glückwunsch!"),
    ("Welcome!", "Willkommen!"),
    ("See you tomorrow.", "Bis morgen."),
    ("See you later.", "Bis später."),
    ("See you soon.", "Bis bald."),
    ("Nice to meet you.", "Freut mich, dich kennenzulernen."),
    ("I'm fine, thank you.", "Mir geht es gut, danke."),
    ("I am fine.", "Mir geht es gut."),
    ("Excuse me.", "Entschuldigung."),
    ("I'm sorry.", "Es tut mir leid."),
    ("I am sorry.", "Es tut mir leid."),
    ("No problem.", "Kein Problem."),
    ("Never mind.", "Macht nichts."),
    ("What time is it?", "Wie spät ist es?"),
    ("I don't know.", "Ich weiß es nicht."),
    ("I don't understand.", "Ich verstehe das nicht."),
    ("Can you help me?", "Kannst du mir helfen?"),
    ("Of course.", "Natürlich."),
    ("What is your name?", "Wie heißt du?"),
    ("I love you.", "Ich liebe dich."),
    ("I miss you.", "Ich vermisse dich."),
    ("It doesn't matter.", "Das macht nichts."),
    ("That's right.", "Das stimmt."),
    ("Where is the train station?", "Wo ist der Bahnhof?"),
    ("How do I get to the station?", "Wie komme ich zum Bahnhof?"),
    ("It will rain tomorrow.", "Morgen wird es regnen."),
    ("It will snow tomorrow.", "Morgen wird es schneien."),
    ("It is raining.", "Es regnet."),
    ("It is snowing.", "Es schneit."),
    ("I am hungry.", "Ich habe Hunger."),
    ("I am thirsty.", "Ich habe Durst."),
    ("I am cold.", "Mir ist kalt."),
    ("I am hot.", "Mir ist heiß."),
    ("I am bored.", "Mir ist langweilig."),
    ("How old are you?", "Wie alt bist du?"),
    ("Where do you come from?", "Woher kommst du?"),
    ("Take care!", "Pass auf dich auf!"),
    ("Good night.", "Gute Nacht."),
    ("Sleep well.", "Schlaf gut."),
    ("Hurry up!", "Beeil dich!"),
    ("Be careful!", "Sei vorsichtig!"),
    ("It's my turn.", "Ich bin dran."),
    ("I agree.", "Ich bin einverstanden."),
    ("That sounds good.", "Das klingt gut."),
    ("I have no idea.", "Ich habe keine Ahnung."),
    ("It is up to you.", "Das liegt bei dir."),
]


def idiom(rng: random.Random) -> tuple[str, str]:
    return rng.choice(IDIOMS)


# Set phrases whose German is not word by word, in every form a learner types: who has the pain, who is
# cold, whom the thanks are for, whose wish it is, what time it is. Written as whole lists (not drawn),
# so each form is in the phrasebook group once.
_ACHES = [("a headache", "Kopfschmerzen"), ("a toothache", "Zahnschmerzen"), ("a backache", "Rückenschmerzen"),
          ("an earache", "Ohrenschmerzen"), ("a stomachache", "Bauchschmerzen"),
          ("a sore throat", "Halsschmerzen")]  # fmt: skip
# English subject, has/have, German subject, hat/habe, dative pronoun (Mir ist kalt), dative of "es geht"
_SUFFERERS = [("I", "have", "Ich", "habe", "Mir"), ("You", "have", "Du", "hast", "Dir"),
              ("He", "has", "Er", "hat", "Ihm"), ("She", "has", "Sie", "hat", "Ihr"),
              ("We", "have", "Wir", "haben", "Uns"), ("They", "have", "Sie", "haben", "Ihnen"),
              ("My father", "has", "Mein Vater", "hat", "Meinem Vater"),
              ("My sister", "has", "Meine Schwester", "hat", "Meiner Schwester")]  # fmt: skip
_FELT = [("cold", "kalt"), ("hot", "heiß"), ("warm", "warm"), ("bored", "langweilig")]
_THANKED_FOR = [("your help", "deine Hilfe"), ("the gift", "das Geschenk"), ("the invitation", "die Einladung"),
                ("the flowers", "die Blumen"), ("your letter", "deinen Brief"), ("the tip", "den Tipp"),
                ("everything", "alles"), ("your answer", "deine Antwort"), ("the lovely evening", "den schönen Abend"),
                ("the coffee", "den Kaffee")]  # fmt: skip
_ADDRESSED = [("Anna", "Anna"), ("Tom", "Tom"), ("Mr Schmidt", "Herr Schmidt"), ("Mrs Müller", "Frau Müller"),
              ("children", "Kinder"), ("everybody", "alle zusammen")]  # fmt: skip
_WISHES = [("Happy birthday", "Alles Gute zum Geburtstag"), ("Happy Easter", "Frohe Ostern"),
           ("Merry Christmas", "Frohe Weihnachten"), ("Happy New Year", "Frohes neues Jahr"),
           ("Good luck", "Viel Glück"), ("Get well soon", "Gute Besserung"), ("Have fun", "Viel Spaß"),
           ("Good morning", "Guten Morgen"), ("Good afternoon", "Guten Tag"), ("Good evening", "Guten Abend"),
           ("Good night", "Gute Nacht"), ("Welcome", "Willkommen")]  # fmt: skip
_HAVE_A_NICE = [("Have a nice evening!", "Einen schönen Abend!"),
                ("Have a good trip!", "Gute Reise!"), ("Have a good journey!", "Gute Reise!"),
                ("Enjoy your trip!", "Gute Reise!"), ("Enjoy the film!", "Viel Spaß beim Film!"),
                ("Enjoy the party!", "Viel Spaß auf der Party!"), ("Have a nice weekend, Anna!",
                "Schönes Wochenende, Anna!"), ("Have a good flight!", "Guten Flug!")]  # fmt: skip
_SEE_YOU = [("tomorrow", "morgen"), ("later", "später"), ("soon", "bald"), ("on Monday", "Montag"),
            ("on Friday", "Freitag"), ("tonight", "heute Abend"), ("next month", "nächsten Monat"),
            ("next year", "nächstes Jahr"), ("at eight", "um acht"), ("on Sunday", "Sonntag")]  # fmt: skip
_HOURS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
_STUNDEN = ["eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn", "elf", "zwölf"]
_EXCLAIMED = [("That is a pity.", "Das ist schade."), ("Too bad!", "Schade!"),
              ("What a surprise!", "Was für eine Überraschung!"), ("What a beautiful day!", "Was für ein schöner Tag!"),
              ("What a nice idea!", "Was für eine schöne Idee!"), ("How nice!", "Wie schön!"),
              ("How kind of you!", "Wie nett von dir!"), ("That is a shame.", "Das ist schade."),
              ("Sorry, we are late.", "Entschuldigung, wir sind zu spät."),
              ("Sorry, he is late.", "Entschuldigung, er ist zu spät."),
              ("Excuse me, what time is it?", "Entschuldigung, wie spät ist es?"),
              ("What time is it, please?", "Wie spät ist es, bitte?"),
              ("How are you?", "Wie geht es dir?"), ("How is your mother?", "Wie geht es deiner Mutter?"),
              ("How are your parents?", "Wie geht es deinen Eltern?")]  # fmt: skip


def set_phrases() -> list[tuple[str, str]]:
    """Every form of the set phrases above (about 400 pairs): "He has a toothache." -> "Er hat
    Zahnschmerzen.", "We are cold." -> "Uns ist kalt.", "She is very well." -> "Ihr geht es sehr gut.",
    "Thanks a lot for the gift." -> "Vielen Dank für das Geschenk.", "It is half past seven." -> "Es ist
    halb acht."."""
    pairs: list[tuple[str, str]] = []
    for en_s, have, de_s, habe, dat in _SUFFERERS:
        for ache_en, ache_de in _ACHES:
            pairs.append((f"{en_s} {have} {ache_en}.", f"{de_s} {habe} {ache_de}."))
            pairs.append((f"{en_s} {have} {ache_en} today.", f"{de_s} {habe} heute {ache_de}."))
        be = "am" if en_s == "I" else "is" if have == "has" else "are"
        for felt_en, felt_de in _FELT:
            pairs.append((f"{en_s} {be} {felt_en}.", f"{dat} ist {felt_de}."))
            pairs.append((f"{en_s} {be} very {felt_en}.", f"{dat} ist sehr {felt_de}."))
        pairs.append((f"{en_s} {be} well.", f"{dat} geht es gut."))
        pairs.append((f"{en_s} {be} not well.", f"{dat} geht es nicht gut."))
        pairs.append((f"{en_s} {be} hungry.", f"{de_s} {habe} Hunger."))
        pairs.append((f"{en_s} {be} thirsty.", f"{de_s} {habe} Durst."))
    for dative, person in (("dir", "you"), ("ihm", "he"), ("ihr", "she")):
        be = "Are" if person == "you" else "Is"
        for felt_en, felt_de in _FELT[:2]:
            pairs.append((f"{be} {person} {felt_en}?", f"Ist {dative} {felt_de}?"))
    for thing_en, thing_de in _THANKED_FOR:
        pairs.append((f"Thanks for {thing_en}.", f"Danke für {thing_de}."))
        pairs.append((f"Thank you for {thing_en}.", f"Danke für {thing_de}."))
        pairs.append((f"Thank you very much for {thing_en}.", f"Vielen Dank für {thing_de}."))
        pairs.append((f"Thanks a lot for {thing_en}!", f"Vielen Dank für {thing_de}!"))
    for wish_en, wish_de in _WISHES:
        for who_en, who_de in _ADDRESSED:
            pairs.append((f"{wish_en}, {who_en}!", f"{wish_de}, {who_de}!"))
    pairs += _HAVE_A_NICE + _EXCLAIMED
    for when_en, when_de in _SEE_YOU:
        pairs.append((f"See you {when_en}.", f"Bis {when_de}."))
        pairs.append((f"See you {when_en}!", f"Bis {when_de}!"))
    for i, (hour, stunde) in enumerate(zip(_HOURS, _STUNDEN)):
        following = _STUNDEN[(i + 1) % 12]
        pairs.append((f"It is {hour} o'clock.", f"Es ist {'ein' if hour == 'one' else stunde} Uhr."))
        pairs.append((f"It is half past {hour}.", f"Es ist halb {following}."))
        pairs.append((f"It is quarter past {hour}.", f"Es ist Viertel nach {stunde}."))
        pairs.append((f"It is a quarter past {hour}.", f"Es ist Viertel nach {stunde}."))
        pairs.append((f"It is quarter to {hour}.", f"Es ist Viertel vor {stunde}."))
    return pairs


# ---- separable particles and prepositional objects ------------------------------------------


@dataclass(frozen=True)
class Separable:
    """A German verb with a separable particle: 'anrufen' = 'an' + 'rufen' ('Er ruft ... an')."""

    en: str  # call
    en_3sg: str
    en_participle: str
    particle: str  # an
    base: Verb  # rufen (its de_participle is the whole one: angerufen)
    object_kind: str = ""  # what it takes: "obj" (a person), "room", "device"; "" when used without an object

    @property
    def infinitive(self) -> str:
        return self.particle + self.base.de


def _v(de: str, de_3sg: str, participle: str, aux: str = "haben") -> Verb:
    return Verb("", "", "", "", "", de, de_3sg, participle, aux)


SEPARABLE = [  # transitive: object in between
    Separable("call", "calls", "called", "an", _v("rufen", "ruft", "angerufen"), "obj"),
    Separable("pick up", "picks up", "picked up", "ab", _v("holen", "holt", "abgeholt"), "obj"),
    Separable("invite", "invites", "invited", "ein", _v("laden", "lädt", "eingeladen"), "obj"),
    Separable("tidy", "tidies", "tidied", "auf", _v("räumen", "räumt", "aufgeräumt"), "room"),
    Separable("switch on", "switches on", "switched on", "ein", _v("schalten", "schaltet", "eingeschaltet"), "device"),
    Separable(
        "switch off", "switches off", "switched off", "aus", _v("schalten", "schaltet", "ausgeschaltet"), "device"
    ),
]
SEPARABLE_INTRANSITIVE = [  # used without an object
    Separable("get up", "gets up", "got up", "auf", _v("stehen", "steht", "aufgestanden", "sein")),
    Separable("watch TV", "watches TV", "watched TV", "fern", _v("sehen", "sieht", "ferngesehen")),
    Separable("come along", "comes along", "come along", "mit", _v("kommen", "kommt", "mitgekommen", "sein")),
    Separable("go shopping", "goes shopping", "gone shopping", "ein", _v("kaufen", "kauft", "eingekauft")),
    Separable("start", "starts", "started", "an", _v("fangen", "fängt", "angefangen")),
    Separable("come back", "comes back", "come back", "zurück", _v("kommen", "kommt", "zurückgekommen", "sein")),
    Separable(
        "fall asleep", "falls asleep", "fallen asleep", "ein", _v("schlafen", "schläft", "eingeschlafen", "sein")
    ),
]
PEOPLE_OBJECTS = [  # English, German accusative
    ("my mother", "meine Mutter"),
    ("my father", "meinen Vater"),
    ("her brother", "ihren Bruder"),
    ("his sister", "seine Schwester"),
    ("our friends", "unsere Freunde"),
    ("the doctor", "den Arzt"),
    ("me", "mich"),
    ("us", "uns"),
    ("the children", "die Kinder"),
]
ROOMS = [("my room", "mein Zimmer"), ("the kitchen", "die Küche"), ("the house", "das Haus")]
DEVICES = [("the light", "das Licht"), ("the computer", "den Computer"), ("the radio", "das Radio")]
TIMES = [
    ("", ""),
    ("", ""),
    ("at seven o'clock", "um sieben Uhr"),
    ("at six o'clock", "um sechs Uhr"),
    ("every morning", "jeden Morgen"),
    ("today", "heute"),
    ("tomorrow", "morgen"),
    ("in the evening", "am Abend"),
]
# verb + preposition with an accusative object; reflexive: the German pronoun before the object
PREPOSITIONAL = [  # English (base, 3sg), German infinitive, 3sg, preposition, reflexive?
    ("think of", "thinks of", "denken", "denkt", "an", False),
    ("wait for", "waits for", "warten", "wartet", "auf", False),
    ("look forward to", "looks forward to", "freuen", "freut", "auf", True),
    ("be interested in", "is interested in", "interessieren", "interessiert", "für", True),
    ("talk about", "talks about", "sprechen", "spricht", "über", False),
    ("ask for", "asks for", "bitten", "bittet", "um", False),
]
PREP_OBJECTS = [  # English, German accusative
    ("her brother", "ihren Bruder"),
    ("his mother", "seine Mutter"),
    ("the holidays", "die Ferien"),
    ("the weekend", "das Wochenende"),
    ("the bus", "den Bus"),
    ("the music", "die Musik"),
    ("the film", "den Film"),
    ("history", "Geschichte"),
    ("languages", "Sprachen"),
    ("the answer", "die Antwort"),
    ("help", "Hilfe"),
    ("you", "dich"),
    ("the weather", "das Wetter"),
]
REFLEXIVE = {"ich": "mich", "du": "dich", "er": "sich", "sie": "sich", "wir": "uns", "sie_pl": "sich"}
_SENSIBLE_PREP = {  # which objects go with which verb (no "asks for the weekend")
    "think of": {"her brother", "his mother", "you", "the holidays", "the weekend", "the answer", "the film"},
    "wait for": {"her brother", "his mother", "the bus", "the answer", "you", "the weekend", "the holidays"},
    "look forward to": {"the holidays", "the weekend", "the film", "the music"},
    "be interested in": {"history", "languages", "the music", "the film", "the weather"},
    "talk about": {
        "her brother",
        "his mother",
        "the holidays",
        "the weekend",
        "the music",
        "the film",
        "history",
        "languages",
        "the weather",
        "you",
    },
    "ask for": {"help", "the answer"},
}


def separable(rng: random.Random) -> tuple[str, str]:
    """'He calls his mother.' -> 'Er ruft seine Mutter an.'; 'We get up at seven.' -> 'Wir stehen um sieben Uhr auf.'"""
    en_s, de_s, person, third = rng.choice(PEOPLE)
    if rng.random() < 0.5:
        v = rng.choice(SEPARABLE)
        pool = {"obj": PEOPLE_OBJECTS, "room": ROOMS, "device": DEVICES}[v.object_kind]
        en_o, de_o = rng.choice(pool)
        if en_o in ("me", "us") and en_s in ("I", "we"):
            en_o, de_o = "my mother", "meine Mutter"
    else:
        v = rng.choice(SEPARABLE_INTRANSITIVE)
        en_o, de_o = "", ""
    en_t, de_t = rng.choice(TIMES)
    en_verb_words = v.en.split(" ", 1)
    r = rng.random()
    if r < 0.6:  # present: finite verb second, particle last
        en_v = v.en_3sg if third else v.en
        if en_o and " " in v.en and v.en.split()[1] in ("up", "on", "off"):  # pick my mother up
            head, tail = (en_v.split(" ", 1) + [""])[:2]
            en = " ".join(w for w in (en_s, head, en_o, tail, en_t) if w)
        else:
            en = " ".join(w for w in (en_s, en_v, en_o, en_t) if w)
        de = " ".join(w for w in (de_s, v.base.present(person), de_t, de_o, v.particle) if w)
    elif r < 0.85:  # perfect: the whole participle last
        aux = (SEIN if v.base.de_aux == "sein" else HABEN).present(person)
        have = "has" if third else "have"
        if en_t in ("at seven o'clock", "at six o'clock", "today"):
            en_t2, de_t2 = en_t, de_t
        else:
            en_t2, de_t2 = "", ""
        if en_o and len(en_verb_words) > 1 and en_verb_words[1] in ("up", "on", "off"):
            head, tail = v.en_participle.split(" ", 1)
            en = " ".join(w for w in (en_s, have, head, en_o, tail, en_t2) if w)
        else:
            en = " ".join(w for w in (en_s, have, v.en_participle, en_o, en_t2) if w)
        de = " ".join(w for w in (de_s, aux, de_t2, de_o, v.base.de_participle) if w)
    else:  # future or modal: the infinitive with its particle last
        en = " ".join(w for w in (en_s, "will", v.en if not en_o else _en_with_obj(v.en, en_o), en_t) if w)
        de = " ".join(w for w in (de_s, WERDEN.present(person), de_t, de_o, v.infinitive) if w)
    return cap(en) + ".", contract(cap(de)) + "."


def _en_with_obj(en_verb: str, obj: str) -> str:
    parts = en_verb.split(" ", 1)
    if len(parts) == 2 and parts[1] in ("up", "on", "off"):
        return f"{parts[0]} {obj} {parts[1]}"
    return f"{en_verb} {obj}"


def prepositional(rng: random.Random) -> tuple[str, str]:
    """'She is thinking of her brother.' -> 'Sie denkt an ihren Bruder.'; 'We look forward to the holidays.' ->
    'Wir freuen uns auf die Ferien.'"""
    en_s, de_s, person, third = rng.choice(PEOPLE)
    en_base, en_3, de_inf, de_3, prep, reflexive = rng.choice(PREPOSITIONAL)
    allowed = _SENSIBLE_PREP[en_base]
    objects = [o for o in PREP_OBJECTS if allowed is None or o[0] in allowed]
    en_o, de_o = rng.choice(objects)
    if en_o == "you" and en_s == "you":
        en_o, de_o = "her brother", "ihren Bruder"
    verb = _v(de_inf, de_3, "")
    de_verb = verb.present(person)
    refl = REFLEXIVE[person] if reflexive else ""
    neg = rng.random() < 0.15
    if en_base == "be interested in":
        be = {"I": "am"}.get(en_s, "is" if third else "are")
        en = f"{en_s} {be} {'not ' if neg else ''}interested in {en_o}"
    elif neg:
        en = f"{en_s} {'does' if third else 'do'} not {en_base} {en_o}"
    else:
        en = f"{en_s} {en_3 if third else en_base} {en_o}"
    de = " ".join(w for w in (de_s, de_verb, refl, "nicht" if neg else "", prep, de_o) if w)
    return cap(en) + ".", cap(de) + "."


# ---- senses: frequent words in their everyday sense ---------------------------------------------
# Ding lists several senses of "light", "right", "kind", "watch", "glasses", "late", "cold"... and the first
# is often not the one a learner means. Each frame below fixes the sense by its context.

SUBJECTS = [  # English, be, German, sein, haben
    ("I", "am", "Ich", "bin", "habe"),
    ("You", "are", "Du", "bist", "hast"),
    ("He", "is", "Er", "ist", "hat"),
    ("She", "is", "Sie", "ist", "hat"),
    ("We", "are", "Wir", "sind", "haben"),
    ("My brother", "is", "Mein Bruder", "ist", "hat"),
    ("My mother", "is", "Meine Mutter", "ist", "hat"),
    ("The teacher", "is", "Der Lehrer", "ist", "hat"),
    ("Our neighbour", "is", "Unser Nachbar", "ist", "hat"),
]
LIGHT_THINGS = [("bag", "Die Tasche"), ("box", "Die Kiste"), ("suitcase", "Der Koffer"), ("chair", "Der Stuhl"),
                ("jacket", "Die Jacke"), ("bike", "Das Fahrrad")]  # fmt: skip
PLACES_BRIGHT = [("room", "Das Zimmer"), ("kitchen", "Die Küche"), ("office", "Das Büro"), ("flat", "Die Wohnung")]
LATE_TRANSPORT = [("bus", "Der Bus"), ("train", "Der Zug"), ("plane", "Das Flugzeug"), ("tram", "Die Straßenbahn")]
HOT_DRINKS = [("tea", "Der Tee"), ("coffee", "Der Kaffee"), ("soup", "Die Suppe"), ("water", "Das Wasser"),
              ("milk", "Die Milch")]  # fmt: skip
OWNERS = [("My", "Mein", "Meine"), ("His", "Sein", "Seine"), ("Her", "Ihr", "Ihre"), ("Your", "Dein", "Deine"),
          ("Our", "Unser", "Unsere")]  # fmt: skip
FOOD_ORDERS = [("a pizza", "eine Pizza"), ("a salad", "einen Salat"), ("two coffees", "zwei Kaffee"),
               ("the fish", "den Fisch"), ("a glass of water", "ein Glas Wasser")]  # fmt: skip
SENSES_FIXED = [
    ("Please turn on the light.", "Bitte mach das Licht an."),
    ("Please turn off the light.", "Bitte mach das Licht aus."),
    ("The light is off.", "Das Licht ist aus."),
    ("Turn right at the church.", "Biegen Sie an der Kirche rechts ab."),
    ("The shop is on the right.", "Das Geschäft ist rechts."),
    ("The station is on the left.", "Der Bahnhof ist links."),
    ("That is the right answer.", "Das ist die richtige Antwort."),
    ("Is this the right way?", "Ist das der richtige Weg?"),
    ("What kind of music do you like?", "Welche Art von Musik magst du?"),
    ("I need money from the bank.", "Ich brauche Geld von der Bank."),
    ("We sit on a bench in the park.", "Wir sitzen auf einer Bank im Park."),
    ("It is late.", "Es ist spät."),
    ("It is already late.", "Es ist schon spät."),
    ("I am late.", "Ich bin spät dran."),
    ("Open your books at page ten.", "Schlagt eure Bücher auf Seite zehn auf."),
    ("The lesson is over.", "Der Unterricht ist vorbei."),
    ("The children are playing football.", "Die Kinder spielen Fußball."),
    ("The dog is lying on the mat.", "Der Hund liegt auf der Matte."),
    ("My cat is very lazy.", "Meine Katze ist sehr faul."),
    ("It is a lovely day.", "Es ist ein schöner Tag."),
    ("The weather is fine today.", "Das Wetter ist heute schön."),
    ("The street is wet.", "Die Straße ist nass."),
    ("The towels are dry.", "Die Handtücher sind trocken."),
    ("I wrote her a letter.", "Ich habe ihr einen Brief geschrieben."),
    ("This letter is for you.", "Dieser Brief ist für dich."),
    ("We booked a table for two.", "Wir haben einen Tisch für zwei reserviert."),
    ("I would like to book a room.", "Ich möchte ein Zimmer buchen."),
    ("My glasses are on the table.", "Meine Brille liegt auf dem Tisch."),
    ("I cannot see without my glasses.", "Ohne meine Brille kann ich nichts sehen."),
    ("The glass is full.", "Das Glas ist voll."),
    ("What time does your watch say?", "Wie spät ist es auf deiner Uhr?"),
    ("The curry is very hot.", "Das Curry ist sehr scharf."),
]


def senses(rng: random.Random) -> tuple[str, str]:
    """A frequent word in its everyday sense: light (leicht, das Licht, hell), right (recht, richtig,
    rechts), kind (nett), ill (krank), late (spät, Verspätung), cold (erkältet, kalt), hot (heiß), still
    (noch), watch (Uhr), glasses (Brille), order (bestellen)."""
    r = rng.random()
    en_s, be, de_s, sein, haben = rng.choice(SUBJECTS)
    if r < 0.2:
        return rng.choice(SENSES_FIXED)
    if r < 0.3:
        en, de = rng.choice(LIGHT_THINGS)
        degree_en, degree_de = rng.choice([("", ""), ("very ", "sehr "), ("quite ", "ziemlich ")])
        return f"The {en} is {degree_en}light.", f"{de} ist {degree_de}leicht."
    if r < 0.37:
        en, de = rng.choice(PLACES_BRIGHT)
        return f"The {en} is very bright.", f"{de} ist sehr hell."
    if r < 0.47:
        agree = rng.choice([("right", "recht"), ("absolutely right", "völlig recht"), ("not right", "nicht recht")])
        return f"{en_s} {be} {agree[0]}.", f"{de_s} {haben} {agree[1]}."
    if r < 0.55:
        word_en, word_de = rng.choice([("kind", "nett"), ("ill", "krank"), ("sick", "krank"), ("tired", "müde")])
        still = rng.random() < 0.4
        return (f"{en_s} {be} {'still ' if still else 'very '}{word_en}.",
                f"{de_s} {sein} {'noch ' if still else 'sehr '}{word_de}.")  # fmt: skip
    if r < 0.62:
        en, de = rng.choice(LATE_TRANSPORT)
        again = rng.random() < 0.4
        return (f"The {en} is late{' again' if again else ''}.",
                f"{de} hat{' wieder' if again else ''} Verspätung.")  # fmt: skip
    if r < 0.69:
        return f"{en_s} {'has' if be == 'is' else 'have'} a cold.", f"{de_s} {sein} erkältet."
    if r < 0.77:
        en, de = rng.choice(HOT_DRINKS)
        temp_en, temp_de = rng.choice([("hot", "heiß"), ("cold", "kalt"), ("too hot", "zu heiß"), ("warm", "warm")])
        return f"The {en} is {temp_en}.", f"{de} ist {temp_de}."
    if r < 0.86:
        own_en, own_m, own_f = rng.choice(OWNERS)
        state_en, state_de = rng.choice([("new", "neu"), ("broken", "kaputt"), ("old", "alt"), ("expensive", "teuer")])
        if rng.random() < 0.5:
            return f"{own_en} watch is {state_en}.", f"{own_f} Uhr ist {state_de}."
        return f"{own_en} glasses are {state_en}.", f"{own_f} Brille ist {state_de}."
    en, de = rng.choice(FOOD_ORDERS)
    if en_s == "I":
        return f"I would like to order {en}.", f"Ich möchte {de} bestellen."
    return f"{en_s} {'orders' if be == 'is' else 'order'} {en}.", f"{de_s} {_bestellen(de_s)} {de}."


def senses_sentences(draws: int = 5000, seed: int = 0) -> list[tuple[str, str]]:
    """Every distinct pair `senses` gives in `draws` draws (about 280): few, so the phrasebook group repeats
    them; among 200,000 generated pairs they would be too rare to teach a sense."""
    rng = random.Random(seed)
    return sorted(set(senses(rng) for _ in range(draws)))


def _bestellen(subject_de: str) -> str:
    return {"Du": "bestellst", "Wir": "bestellen", "Ich": "bestelle"}.get(subject_de, "bestellt")
