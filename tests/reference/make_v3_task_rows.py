#!/usr/bin/python3
"""Writes the small synthetic rows of tests/data/v3/ that the "v3" task cards (the selection tasks of the authors'
later code, Yangjiaxi/DeepThinking tasks/tasks_selection/) are tested on.

    /usr/bin/python3 tests/reference/make_v3_task_rows.py [--out tests/data/v3]

Every file is JSON Lines in the layout Hugging Face `datasets` gives for the dataset it mimics (the columns
`datasets.load_dataset(name, subset, split=split)` returns and the authors' task classes read). Nothing here comes
from those datasets: the texts are made up from word lists and templates, chosen by random.Random with fixed seeds,
so the output is the same on every run. The rows exercise what the authors' preprocessing must reproduce: leading and
trailing whitespace (stripped for some columns, kept for others), GLUE SST-2's trailing space, a few non-ASCII
characters, SNLI's label -1 rows, ARC rows with 3 or 5 choices and numeric answer keys, BIG-Bench Hard rows whose
option count differs from the task's, and one BIG-Bench Hard row with a duplicated option text.
tests/reference/v3_task_golden.py runs the authors' classes over these rows.
"""

import argparse
import json
import os
import random
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
GENERATOR = "tests/reference/make_v3_task_rows.py"

# MMLU subjects, in the order of the authors' tasks/tasks_selection/mmlu.py SUBJECTS (the 57 of cais/mmlu).
MMLU_SUBJECTS = [
    "abstract_algebra", "anatomy", "astronomy", "business_ethics", "clinical_knowledge", "college_biology",
    "college_chemistry", "college_computer_science", "college_mathematics", "college_medicine", "college_physics",
    "computer_security", "conceptual_physics", "econometrics", "electrical_engineering", "elementary_mathematics",
    "formal_logic", "global_facts", "high_school_biology", "high_school_chemistry", "high_school_computer_science",
    "high_school_european_history", "high_school_geography", "high_school_government_and_politics",
    "high_school_macroeconomics", "high_school_mathematics", "high_school_microeconomics", "high_school_physics",
    "high_school_psychology", "high_school_statistics", "high_school_us_history", "high_school_world_history",
    "human_aging", "human_sexuality", "international_law", "jurisprudence", "logical_fallacies", "machine_learning",
    "management", "marketing", "medical_genetics", "miscellaneous", "moral_disputes", "moral_scenarios", "nutrition",
    "philosophy", "prehistory", "professional_accounting", "professional_law", "professional_medicine",
    "professional_psychology", "public_relations", "security_studies", "sociology", "us_foreign_policy", "virology",
    "world_religions",
]

# BIG-Bench Hard tasks the authors register as selection tasks: multiple choice (expected option count) ...
BBH_MC = {
    "date_understanding": 6, "disambiguation_qa": 3, "geometric_shapes": 10, "hyperbaton": 2,
    "logical_deduction_three_objects": 3, "logical_deduction_five_objects": 5, "logical_deduction_seven_objects": 7,
    "movie_recommendation": 4, "penguins_in_a_table": 5, "ruin_names": 4, "salient_translation_error_detection": 6,
    "snarks": 2, "temporal_sequences": 4, "tracking_shuffled_objects_three_objects": 3,
    "tracking_shuffled_objects_five_objects": 5, "tracking_shuffled_objects_seven_objects": 7,
}
# ... and classification (label words)
BBH_CLS = {
    "boolean_expressions": ["False", "True"], "causal_judgement": ["Yes", "No"], "formal_fallacies": ["invalid", "valid"],
    "navigate": ["No", "Yes"], "sports_understanding": ["no", "yes"], "web_of_lies": ["No", "Yes"],
}

LETTERS = "ABCDEFGHIJK"


def rng_for(name):
    return random.Random(zlib.crc32(name.encode("utf-8")))


def balanced_labels(rng, n, num_labels):
    """n labels, each of 0..num_labels-1 as evenly as possible (at least n // num_labels times), shuffled."""
    labels = [i % num_labels for i in range(n)]
    rng.shuffle(labels)
    return labels


def pad(rng, text, i, every=5):
    """Leading/trailing whitespace on some rows (their code strips these columns)."""
    kind = i % every
    if kind == 1:
        return " " + text
    if kind == 2:
        return text + "  "
    if kind == 3:
        return "\t" + text + "\n"
    return text


def unique_draw(seen, make, key=None):
    """make() until its key is new to `seen` (rows of one file get pairwise different queries, so the demonstration
    string of a fixture tells exactly which rows were drawn)."""
    for attempt in range(10000):
        item = make()
        if attempt >= 200 and isinstance(item, str):  # a short list used up: number a variant
            item = f"{item} ({attempt})"
        k = key(item) if key else item
        if k not in seen:
            seen.add(k)
            return item
    raise RuntimeError("too few distinct items")


# ---------------------------------------------------------------------------------------------------------------
# sentiment / topic / question-type classification

POS_ADJ = ["charming", "moving", "witty", "luminous", "tender", "gripping", "smart", "joyous", "radiant", "sly"]
NEG_ADJ = ["tedious", "clumsy", "shallow", "limp", "dreary", "muddled", "hollow", "shrill", "stale", "sloppy"]
MID_ADJ = ["uneven", "modest", "ordinary", "familiar", "middling", "serviceable"]
NOUNS = ["film", "movie", "picture", "drama", "comedy", "thriller", "documentary", "romance", "story", "debut"]
EXTRAS = ["", " , with a café scene", " — and it shows", " about “home”", " , even at 90 minutes", ""]


def review(rng, polarity, glue_style):
    """polarity: 0 terrible .. 4 great (2 neutral)."""
    noun = rng.choice(NOUNS)
    if polarity >= 3:
        adj = rng.choice(POS_ADJ)
        head = "a truly" if polarity == 4 else "a"
    elif polarity <= 1:
        adj = rng.choice(NEG_ADJ)
        head = "an utterly" if polarity == 0 else "a"
    else:
        adj = rng.choice(MID_ADJ)
        head = "a"
    if head == "a" and adj[0] in "aeiou":
        head = "an"
    extra = rng.choice(EXTRAS)
    if glue_style:  # GLUE SST-2: lower-cased, tokens separated by spaces, one trailing space
        return f"{head} {adj} {noun}{extra} . "
    return f"{head.capitalize()} {adj} {noun}{extra}."


def write_sst2(out):
    rng = rng_for("sst2")
    for split, n in (("validation", 10), ("train", 12)):
        rows = []
        for i, label in enumerate(balanced_labels(rng, n, 2)):
            s = review(rng, 3 if label else 1, True)
            if i % 4 == 1:
                s = " " + s
            rows.append({"sentence": s, "label": label, "idx": i})
        out(f"sst2/{split}.jsonl", rows)


def write_sst5(out):
    rng = rng_for("sst5")
    names = ["very negative", "negative", "neutral", "positive", "very positive"]
    for split, n in (("validation", 10), ("train", 25)):
        rows = []
        for i, label in enumerate(balanced_labels(rng, n, 5)):
            rows.append({"text": pad(rng, review(rng, label, False), i), "label": label, "label_text": names[label]})
        out(f"sst5/{split}.jsonl", rows)


def write_mr(out):
    rng = rng_for("mr")
    for split, n in (("validation", 10), ("train", 12)):
        rows = []
        for i, label in enumerate(balanced_labels(rng, n, 2)):
            text = review(rng, 4 if label else 0, True).rstrip()  # rotten_tomatoes: lower-cased, no trailing space
            rows.append({"text": pad(rng, text, i), "label": label})
        out(f"mr/{split}.jsonl", rows)


SUBJ_OBJ = [
    "the film follows a retired sailor who returns to his village in 1952 .",
    "a young chemist moves to lyon to work in her uncle's bakery .",
    "two brothers inherit a farm and must decide whether to sell it .",
    "the story is set in a small mining town during a long winter .",
    "after the war , a nurse searches for her missing brother .",
    "a detective is assigned to a case involving a stolen painting .",
    "the documentary traces the history of a jazz club in harlem .",
    "an engineer builds a bridge across a river in northern chile .",
]
SUBJ_SUBJ = [
    "it is a gentle , heartfelt film that never overstays its welcome .",
    "the dialogue is so clumsy it feels like a first draft .",
    "a smart , funny and surprisingly moving little movie .",
    "the whole thing feels tired — like a rerun of a rerun .",
    "what a delight : warm , wise and beautifully acted .",
    "the plot is a mess , but the music is “wonderful” .",
    "one of the most tedious hours i have spent in a cinema .",
    "an elegant , clever café comedy that earns its ending .",
]


def write_subj(out):
    rng = rng_for("subj")
    names = ["objective", "subjective"]
    for split, n in (("test", 10), ("train", 12)):
        rows, seen = [], set()
        for i, label in enumerate(balanced_labels(rng, n, 2)):
            text = unique_draw(seen, lambda: rng.choice(SUBJ_SUBJ if label else SUBJ_OBJ))
            rows.append({"text": pad(rng, text, i), "label": label, "label_text": names[label]})
        out(f"subj/{split}.jsonl", rows)


EMO_TEXTS = {
    0: ["what are you doing now i am at work where are you", "do you like pizza yes i do which one",
        "tell me about yourself i am a student okay", "where do you live in paris nice city"],
    1: ["i got the job today yay that's great news 😊", "we won the match wow i'm so happy for you",
        "my sister had a baby congrats that's lovely", "finally on holiday enjoy it i will"],
    2: ["i miss my dog so much sorry to hear that it hurts", "nobody came to my party that's sad i know",
        "i failed the exam again oh no i feel awful", "she left me today i'm sorry i can't stop crying"],
    3: ["you never listen to me why are you shouting i hate this", "stop lying to me i'm not it makes me furious",
        "my phone got stolen again that's awful i'm so angry", "you broke it again seriously i'm mad"],
}


def write_emoc(out):
    rng = rng_for("emoc")
    for split, n in (("test", 10), ("train", 20)):
        rows, seen = [], set()
        for i, label in enumerate(balanced_labels(rng, n, 4)):
            text = unique_draw(seen, lambda: rng.choice(EMO_TEXTS[label]))
            rows.append({"text": pad(rng, text, i), "label": label})
        out(f"emoc/{split}.jsonl", rows)


TREC_TEXTS = {
    0: ["What does NASA stand for ?", "What is the abbreviation for Texas ?", "What does “CPR” mean ?",
        "What is the full form of .com ?"],
    1: ["What is the name of the longest river in Africa ?", "What color is a giraffe 's tongue ?",
        "What kind of animal is Garfield ?", "What instrument did Miles Davis play ?"],
    2: ["How do you make a paper airplane ?", "Why is the sky blue ?", "What is a crème brûlée ?",
        "What causes thunder ?"],
    3: ["Who wrote Hamlet ?", "Who was the first woman in space ?", "Who invented the telephone ?",
        "Who painted the Mona Lisa ?"],
    4: ["Where is Mount Kilimanjaro ?", "What city is the capital of Peru ?", "Where was Napoleon born ?",
        "In what country is São Paulo ?"],
    5: ["How many legs does a spider have ?", "When did World War II end ?", "How tall is the Eiffel Tower ?",
        "How much does a liter of water weigh ?"],
}
TREC_FINE = {0: [0, 1], 1: [2, 3, 4, 5], 2: [6, 7, 8], 3: [10, 11], 4: [12, 13, 14], 5: [15, 16, 17]}


def write_trec(out):
    rng = rng_for("trec")
    for split, n in (("test", 12), ("train", 30)):
        rows, seen = [], set()
        for i, label in enumerate(balanced_labels(rng, n, 6)):
            text = unique_draw(seen, lambda: rng.choice(TREC_TEXTS[label]))
            rows.append({"text": pad(rng, text, i, every=6), "coarse_label": label,
                         "fine_label": rng.choice(TREC_FINE[label])})
        out(f"trec/{split}.jsonl", rows)


AG_WORDS = {
    0: (["UN", "Iraq", "EU", "Peru", "Kenya", "Nepal", "Chile"], ["talks", "vote", "summit", "truce", "protest"]),
    1: (["Yankees", "Arsenal", "Federer", "Lakers", "Ferrari", "Sox"], ["win", "lose", "draw", "rally", "sign ace"]),
    2: (["Oil", "Stocks", "Dollar", "Airbus", "Retail", "Banks"], ["rise", "fall", "slip", "surge", "merge"]),
    3: (["Google", "Intel", "NASA", "Linux", "Apple", "IBM"], ["chip", "probe", "patch", "phone", "beta"]),
}


def agnews_text(rng, label, i):
    who, what = AG_WORDS[label]
    return f"{rng.choice(who)} {rng.choice(what)} {i}"


def write_agnews(out):
    rng = rng_for("agnews")
    # train has 40 rows: random.sample(pool, k <= 5) on more than 21 rows takes CPython's other branch (rejection
    # sampling into a set) than on smaller pools (partial shuffle of a copy); real pools are all that large
    for split, n in (("test", 2012), ("train", 40)):
        rows = []
        for i, label in enumerate(balanced_labels(rng, n, 4)):
            text = agnews_text(rng, label, i)
            if i % 7 == 3:
                text = " " + text + " "
            if i % 101 == 5:
                text = text + " — café"
            rows.append({"text": text, "label": label})
        out(f"agnews/{split}.jsonl", rows)


# ---------------------------------------------------------------------------------------------------------------
# sentence-pair classification

PEOPLE = ["A man", "A woman", "Two children", "An old man", "A girl", "A chef", "The team", "A dog"]
ACTIONS = [("is playing a guitar", "is making music", "is playing a concert", "is sleeping"),
           ("is cooking pasta", "is preparing food", "is cooking for guests", "is swimming"),
           ("is riding a bike", "is outdoors", "is riding to work", "is sitting at home"),
           ("is reading a book", "is reading", "is reading a novel", "is dancing"),
           ("is drinking a café au lait", "is having a drink", "is drinking before work", "is asleep")]


def nli_pair(rng, label):
    """(premise, hypothesis) for 0 entailment, 1 neutral, 2 contradiction."""
    who = rng.choice(PEOPLE)
    act = rng.choice(ACTIONS)
    return f"{who} {act[0]}.", f"{who} {act[1 + label]}."


def write_mnli(out):
    rng = rng_for("mnli")
    names = ["entailment", "neutral", "contradiction"]
    for split, n in (("validation", 10), ("train", 12)):
        rows, seen = [], set()
        for i, label in enumerate(balanced_labels(rng, n, 3)):
            p, h = unique_draw(seen, lambda: nli_pair(rng, label))
            if i % 5 == 2:
                h = h + " "  # SetFit/mnli columns are not stripped by their code
            rows.append({"text1": p, "text2": h, "label": label, "idx": i, "label_text": names[label]})
        out(f"mnli/{split}.jsonl", rows)


QNLI = [
    ("What is the capital of France?", "Paris is the capital and largest city of France.",
     "France is known for its cuisine."),
    ("Who wrote “Les Misérables”?", "Les Misérables was written by Victor Hugo in 1862.",
     "The novel has been adapted many times."),
    ("When did the Berlin Wall fall?", "The Berlin Wall fell on 9 November 1989.",
     "The wall divided the city for decades."),
    ("How many moons does Mars have?", "Mars has two small moons, Phobos and Deimos.",
     "Mars is the fourth planet from the Sun."),
    ("What language is spoken in Brazil?", "The official language of Brazil is Portuguese.",
     "Brazil is the largest country in South America."),
    ("What is the tallest mountain on Earth?", "Mount Everest, at 8,849 m, is the tallest mountain on Earth.",
     "Many climbers visit Nepal every spring."),
    ("Which gas do plants release?", "Plants release oxygen during photosynthesis.",
     "Plants grow toward the light."),
    ("Who painted “Guernica”?", "Guernica was painted by Pablo Picasso in 1937.",
     "The painting hangs in a museum in Madrid."),
]


def write_qnli(out):
    rng = rng_for("qnli")
    names = ["entailment", "not_entailment"]
    for split, n in (("validation", 10), ("train", 12)):
        rows, seen = [], set()
        for i, label in enumerate(balanced_labels(rng, n, 2)):
            q, yes, no = unique_draw(seen, lambda: rng.choice(QNLI), key=lambda item: (item[0], label))
            t2 = no if label else yes
            if i % 6 == 4:
                t2 = " " + t2
            rows.append({"text1": q, "text2": t2, "label": label, "idx": i, "label_text": names[label]})
        out(f"qnli/{split}.jsonl", rows)


def write_snli(out):
    rng = rng_for("snli")
    for split, n, unlabeled in (("validation", 10, 3), ("train", 12, 3)):
        labels = balanced_labels(rng, n, 3) + [-1] * unlabeled
        rng.shuffle(labels)
        rows, seen = [], set()
        for i, label in enumerate(labels):
            p, h = unique_draw(seen, lambda: nli_pair(rng, label if label >= 0 else rng.randrange(3)))
            rows.append({"premise": p, "hypothesis": h, "label": label})
        out(f"snli/{split}.jsonl", rows)


MRPC = [
    ("The company said profits rose 5 percent in the third quarter.",
     "Third-quarter profits rose 5 percent, the company said.",
     "The company said it would hire 200 new workers next year."),
    ("Shares of Acme closed at $ 12.40 on Tuesday.", "Acme 's stock ended Tuesday at $ 12.40 .",
     "Acme shares have doubled since January."),
    ("The minister resigned after the report was published.",
     "After the report came out , the minister stepped down.", "The report will be published next week."),
    ("Rain is expected across the region on Friday.", "Forecasters expect rain in the region Friday.",
     "Friday 's game was cancelled because of snow — again."),
    ("The bill passed the Senate by a vote of 62 to 38.", "Senators approved the bill 62-38.",
     "The bill now goes to the House for a vote."),
    ("Police arrested two men near the station late Sunday.",
     "Two men were arrested close to the station on Sunday night.", "The station reopened on Monday morning."),
    ("The museum in Zürich will reopen in May after renovations.",
     "After renovations , the Zürich museum reopens in May.", "The renovations cost more than expected."),
]


def write_mrpc(out):
    rng = rng_for("mrpc")
    names = ["not_equivalent", "equivalent"]
    for split, n in (("validation", 10), ("train", 12)):
        rows, seen = [], set()
        for i, label in enumerate(balanced_labels(rng, n, 2)):
            a, same, other = unique_draw(seen, lambda: rng.choice(MRPC), key=lambda item: (item[0], label))
            rows.append({"text1": a, "text2": same if label else other, "label": label, "idx": i,
                         "label_text": names[label]})
        out(f"mrpc/{split}.jsonl", rows)


# ---------------------------------------------------------------------------------------------------------------
# multiple choice

SCIENCE = [
    ("Which of these is a source of light?", ["the Sun", "the Moon", "a mirror", "a window", "a rock"]),
    ("Which unit measures mass?", ["kilogram", "meter", "second", "liter", "kelvin"]),
    ("What do plants need to make food?", ["sunlight", "sand", "salt", "smoke", "snow"]),
    ("Which state of matter has a fixed shape?", ["solid", "liquid", "gas", "plasma", "vapor"]),
    ("Which organ pumps blood through the body?", ["the heart", "the lungs", "the liver", "the skin", "the brain"]),
    ("What causes day and night on Earth?", ["Earth's rotation", "Earth's orbit", "the Moon's phases",
                                              "the tides", "solar flares"]),
    ("Which material conducts electricity best?", ["copper", "wood", "glass", "rubber", "plastic"]),
    ("A student heats ice in a pan. What happens first?", ["it melts", "it boils", "it freezes", "it burns",
                                                            "it glows"]),
    ("Which animal is a mammal?", ["a whale", "a shark", "a trout", "a frog", "a lizard"]),
    ("At what temperature does pure water boil at sea level?", ["100 °C", "50 °C", "0 °C", "212 °C", "37 °C"]),
    ("Which planet is closest to the Sun?", ["Mercury", "Venus", "Earth", "Mars", "Jupiter"]),
    ("Which tool measures temperature?", ["a thermometer", "a ruler", "a balance", "a barometer", "a compass"]),
]


def write_arc(out, subset, prefix):
    rng = rng_for(subset)
    for split in ("test", "train"):
        # kind: 4 letter keys, 4 numeric keys, 3 choices, 5 choices (the last two are dropped by their filter)
        kinds = ["4L"] * 6 + ["4N"] * 2 + ["3"] * 2 + ["5"] * 2
        rng.shuffle(kinds)
        rows = []
        for i, kind in enumerate(kinds):
            question, options = SCIENCE[(i + 5 * (split == "train")) % len(SCIENCE)]
            count = {"4L": 4, "4N": 4, "3": 3, "5": 5}[kind]
            correct = options[0]
            texts = options[:count]
            rng.shuffle(texts)
            labels = [str(j + 1) for j in range(count)] if kind == "4N" else list(LETTERS[:count])
            key = labels[texts.index(correct)]
            if i == 5:
                question = question + " "  # not stripped by their code
            rows.append({"id": f"{prefix}_{split}_{i:03d}", "question": question,
                         "choices": {"text": texts, "label": labels}, "answerKey": key})
        out(f"{subset}/{split}.jsonl", rows)


CSQA = [
    ("Where would you put a plate after washing it?", "plate", ["cupboard", "table", "restaurant", "flea market",
                                                                 "dishwasher"]),
    ("What do people typically do while playing guitar?", "playing guitar", ["sing", "cry", "sleep", "run",
                                                                              "frown"]),
    ("Where can you buy a croissant?", "croissant", ["bakery", "garage", "library", "prison", "desert"]),
    ("The fox walked from the city into the forest, what was it looking for?", "fox",
     ["natural habitat", "storybook", "dense forest", "hen house", "pet shop"]),
    ("What might a person feel after running a marathon?", "marathon", ["exhaustion", "boredom", "hunger",
                                                                        "cold", "confusion"]),
    ("Where is a good place to keep a café’s spare chairs?", "chair", ["storage room", "roof", "oven", "river",
                                                                       "bathtub"]),
    ("Where do you keep milk cold?", "milk", ["refrigerator", "oven", "closet", "garden", "attic"]),
    ("What does a person do when they are very tired?", "tired", ["sleep", "sing", "sprint", "shout", "study"]),
    ("Where would you find many books?", "books", ["library", "swimming pool", "bakery", "parking lot", "stadium"]),
    ("Where might a cow spend its day?", "cow", ["pasture", "office", "submarine", "airport", "theater"]),
]


def write_csqa(out):
    rng = rng_for("csqa")
    for split, n in (("validation", 10), ("train", 24)):
        rows = []
        for i in range(n):
            question, concept, options = CSQA[(i + 3 * (split == "train")) % len(CSQA)]
            if i >= len(CSQA):  # more rows than written questions: keep every query distinct
                question = f"{question} ({i})"
            texts = list(options)
            rng.shuffle(texts)
            key = LETTERS[texts.index(options[0])]
            rows.append({"id": f"csqa{split[0]}{i:04d}", "question": question, "question_concept": concept,
                         "choices": {"label": list("ABCDE"), "text": texts}, "answerKey": key})
        out(f"csqa/{split}.jsonl", rows)


HS_SUBJ = ["A man", "A woman", "A boy", "A girl", "A chef", "Two people", "A dog", "The kids"]
HS_ACT = ["is in a kitchen.", "stands on a roof.", "holds a rope.", "sits at a piano.", "walks into a gym.",
          "kneels by a car.", "is on a beach.", "opens a box."]
HS_B = ["he", "she", "they", "the man", "", "then", "we see"]
HS_END = ["picks up a pan.", "starts to sing.", "falls asleep.", "waves at the camera.", "runs away.",
          "pours water.", "ties a knot.", "drives off.", "laughs loudly.", "plays a chord."]
HS_ACTIVITY = ["Cooking", "Roof shingle removal", "Rope skipping", "Playing piano", "Gym", "Car wash",
               "Beach soccer", "Unboxing"]


def write_hellaswag(out):
    rng = rng_for("hellaswag")
    # train has 30 rows (> 21): see write_agnews
    for split, n, tag in (("validation", 2012, "val"), ("train", 30, "train")):
        rows = []
        for i in range(n):
            a = rng.randrange(len(HS_ACT))
            ctx_a = f"{rng.choice(HS_SUBJ)} {HS_ACT[a][:-1]} (clip {i})."  # the clip number keeps contexts distinct
            ctx_b = rng.choice(HS_B)
            ctx = f"{ctx_a} {ctx_b}" if ctx_b else ctx_a
            if i % 211 == 7:
                ctx = ctx.replace("stands", "stands—briefly—")
                ctx_a = ctx_a.replace("stands", "stands—briefly—")
            endings = rng.sample(HS_END, 4)
            rows.append({"ind": 100000 + i if tag == "val" else i, "activity_label": HS_ACTIVITY[a],
                         "ctx_a": ctx_a, "ctx_b": ctx_b, "ctx": ctx, "endings": endings,
                         "source_id": f"activitynet~v_{i:05d}", "split": tag,
                         "split_type": "indomain" if i % 2 == 0 else "zeroshot", "label": str(rng.randrange(4))})
        out(f"hellaswag/{split}.jsonl", rows)


COPA = [
    ("The man turned on the faucet.", "effect", "The toilet filled with water.", "Water flowed from the spout."),
    ("The girl found a bug in her cereal.", "effect", "She poured milk in the bowl.", "She lost her appetite."),
    ("The woman retired", "cause", "She received her pension.", "She paid off her mortgage."),
    ("I wanted to conserve energy", "effect", "I swept the floor.", "I shut off the light."),
    ("The hamburger meat browned.", "cause", "The cook froze it.", "The cook grilled it."),
    ("My body cast a shadow over the grass.", "cause", "The sun was rising.", "The grass was cut."),
    ("The café closed early", "cause", "It ran out of croissants.", "It opened a new branch."),
    ("The student overslept...", "effect", "She finished early.", "She was late for class."),
    ("The child caught a cold", "cause", "He ate a sandwich.", "He played in the rain."),
    ("The glass fell off the table.", "effect", "It was made of plastic.", "It shattered on the floor."),
    ("I poured water on the campfire.", "effect", "The fire grew larger.", "The fire went out."),
    ("The runner sweated heavily.", "cause", "She drank a glass of milk.", "She ran ten miles in the heat."),
]


def write_copa(out):
    rng = rng_for("copa")
    for split, n in (("validation", 10), ("train", 12)):
        rows = []
        labels = balanced_labels(rng, n, 2)
        for i in range(n):
            premise, question, wrong, right = COPA[(i + 3 * (split == "train")) % len(COPA)]
            label = labels[i]
            c1, c2 = (right, wrong) if label == 0 else (wrong, right)
            rows.append({"premise": premise, "choice1": c1, "choice2": c2, "question": question, "idx": i,
                         "label": label})
        out(f"copa/{split}.jsonl", rows)


OBQA = [
    ("The sun is responsible for", ["plants sprouting, blooming and wilting", "puppies learning new tricks",
                                    "children growing up", "flowers wilting in a vase"]),
    ("When food is reduced in the stomach", ["nutrients are being deconstructed", "the mind needs time to digest",
                                             "take a second to digest", "all of these"]),
    ("A magnet will stick to", ["a steel spoon", "a wooden table", "a glass cup", "a paper towel"]),
    ("An example of a renewable resource is", ["wind", "coal", "oil", "natural gas"]),
    ("Sound travels fastest through", ["steel", "air", "a vacuum", "cotton"]),
    ("A caterpillar turns into a", ["butterfly", "beetle", "spider", "bird"]),
    ("Heat travels most easily through", ["a metal spoon", "a wooden stick", "a plastic fork", "a cotton glove"]),
    ("Rain is most likely to fall from", ["dark clouds", "clear skies", "a rainbow", "the moon"]),
    ("To see a bacterium, a scientist would use", ["a microscope", "a telescope", "binoculars", "a mirror"]),
    ("An animal that hibernates in winter is the", ["bear", "robin", "goldfish", "cow"]),
    ("The phases of the moon are caused by", ["the moon orbiting Earth", "clouds on the moon", "the Sun dimming",
                                              "volcanoes"]),
    ("Electricity flows easily through", ["an iron nail", "a rubber band", "a paper cup", "a wool sock"]),
]


def write_obqa(out):
    rng = rng_for("obqa")
    for split, n in (("validation", 10), ("train", 12)):
        rows = []
        for i in range(n):
            stem, options = OBQA[(i + 2 * (split == "train")) % len(OBQA)]
            texts = list(options)
            rng.shuffle(texts)
            rows.append({"id": f"{7000 + i}-{split}", "question_stem": stem,
                         "choices": {"text": texts, "label": list("ABCD")}, "answerKey": LETTERS[texts.index(options[0])]})
        out(f"obqa/{split}.jsonl", rows)


QASC = [
    ("What type of water formation is formed by clouds?", ["beads", "carbon", "hydrogen", "rain", "streams",
                                                           "ice", "snow", "fog"], "rain",
     "Clouds are made of water vapor.", "Rain is water falling from clouds."),
    ("What do bees help plants do?", ["reproduce", "die", "grow roots", "photosynthesize", "sleep", "migrate",
                                      "freeze", "rot"], "reproduce",
     "Pollination helps plants reproduce.", "Bees pollinate flowers."),
    ("What can cause a forest fire?", ["lightning", "snow", "fog", "frost", "moonlight", "dew", "hail", "mist"],
     "lightning", "Lightning can start fires.", "A forest fire is a fire in a forest."),
    ("Where do fish live?", ["water", "trees", "deserts", "clouds", "caves", "sand", "ice", "air"], "water",
     "Fish live in water.", "Lakes contain water."),
    ("What do plants absorb from the air?", ["carbon dioxide", "nitrogen gas", "helium", "smoke", "dust", "neon",
                                             "argon", "steam"], "carbon dioxide",
     "Plants use carbon dioxide.", "Carbon dioxide is in the air."),
    ("What protects the body from germs?", ["skin", "hair gel", "shoes", "glasses", "paper", "plastic", "metal",
                                            "wood"], "skin", "Skin is a barrier.", "Germs cause disease."),
    ("What helps a bird fly?", ["feathers", "scales", "fins", "hooves", "horns", "shells", "claws", "fur"],
     "feathers", "Birds have feathers.", "Feathers help birds fly."),
    ("What makes a magnet attract iron?", ["magnetism", "gravity", "friction", "sound", "light", "heat", "wind",
                                           "rain"], "magnetism", "Magnets attract iron.", "Magnetism is a force."),
    ("What do roots take up from soil?", ["water", "sunlight", "oxygen gas", "sand", "rocks", "insects", "wind",
                                          "snow"], "water", "Roots absorb water.", "Soil holds water."),
    ("What can erode rocks over time?", ["flowing water", "moonlight", "music", "shadows", "color", "thought",
                                         "paper", "silence"], "flowing water",
     "Erosion wears rocks down.", "Flowing water causes erosion."),
    ("What gives the body energy?", ["food", "noise", "shadows", "glass", "dreams", "paint", "dust", "ice cubes"],
     "food", "Food contains energy.", "The body uses energy."),
    ("What causes tides on Earth?", ["the Moon’s gravity", "wind", "fish", "boats", "rain", "earthquakes",
                                     "rivers", "clouds"], "the Moon’s gravity",
     "Gravity pulls on water.", "The Moon causes tides."),
]


def write_qasc(out):
    rng = rng_for("qasc")
    for split, n in (("validation", 10), ("train", 12)):
        rows = []
        for i in range(n):
            question, options, right, f1, f2 = QASC[(i + 5 * (split == "train")) % len(QASC)]
            texts = list(options)
            rng.shuffle(texts)
            labels = list("ABCDEFGH")
            formatted = question + " " + " ".join(f"({l}) {t}" for l, t in zip(labels, texts))
            rows.append({"id": f"3{split[0]}{i:05d}", "question": question,
                         "choices": {"text": texts, "label": labels}, "answerKey": labels[texts.index(right)],
                         "fact1": f1, "fact2": f2, "combinedfact": f"{f1[:-1]} and {f2[0].lower()}{f2[1:]}",
                         "formatted_question": formatted})
        out(f"qasc/{split}.jsonl", rows)


WINO = [
    ("Sarah was a much better surgeon than Maria so _ always got the harder cases.", "Sarah", "Maria", "1"),
    ("The trophy doesn't fit into the brown suitcase because the _ is too large.", "trophy", "suitcase", "1"),
    ("Ian volunteered to eat Dennis's menudo after already having a bowl because _ despised eating intestine.",
     "Ian", "Dennis", "2"),
    ("He never comes to my home, but I always go to his house because the _ is smaller.", "home", "house", "1"),
    ("Kyle doesn't wear leg warmers to bed, while Logan almost always does. _ is more likely to live in a "
     "warmer climate.", "Kyle", "Logan", "1"),
    ("The café served crêpes instead of waffles because the _ were cheaper to make.", "crêpes", "waffles", "1"),
    ("Natalie took basic French lessons from Betty after getting a new job transfer, so _ was the student.",
     "Natalie", "Betty", "1"),
    ("The cat chased the mouse around the kitchen until the _ got tired", "cat", "mouse", "1"),
    ("Mary gave the book to Anna because _  had finished reading it.", "Mary", "Anna", "1"),
    ("Jen baked the bread and Amy only bought it, so the better baker is _.", "Jen", "Amy", "1"),
    ("Robert asked Eric to fix the sink because _ was a skilled plumber.", "Eric", "Robert", "1"),
    ("The ice melted faster than the wax because the _ was closer to the heater.", "ice", "wax", "1"),
]


def write_winogrande(out):
    rng = rng_for("winogrande")
    for split, n in (("validation", 12), ("train", 12)):
        rows = []
        for i in range(n):
            sentence, o1, o2, answer = WINO[(i + 4 * (split == "train")) % len(WINO)]
            if rng.random() < 0.5:  # swap the options
                o1, o2, answer = o2, o1, "2" if answer == "1" else "1"
            rows.append({"sentence": sentence, "option1": o1, "option2": o2, "answer": answer})
        out(f"winogrande/{split}.jsonl", rows)


def write_mmlu(out):
    for subject in MMLU_SUBJECTS:
        rng = rng_for("mmlu/" + subject)
        topic = subject.replace("_", " ")
        for split, n in (("test", 4 + rng.randrange(3)), ("dev", 5)):
            rows = []
            for i in range(n):
                a, b = rng.randrange(2, 40), rng.randrange(2, 40)
                right = str(a + b)
                wrong = {str(a + b + d) for d in (-2, -1, 1, 2, 3, 10)}
                opts = [right] + rng.sample(sorted(wrong), 3)
                rng.shuffle(opts)
                q = f"In {topic}, question {split}-{i}: what is {a} + {b}?"
                if i == 1 and split == "test":
                    q = q + " "  # not stripped by their code
                if i == 2:
                    opts[(opts.index(right) + 1) % 4] = "None of the above — “really”"
                rows.append({"question": q, "subject": subject, "choices": opts, "answer": opts.index(right)})
            out(f"mmlu/{subject}/{split}.jsonl", rows)


# ---------------------------------------------------------------------------------------------------------------
# BIG-Bench Hard

def bbh_mc_item(task, rng, i, n):
    """(context, options, answer index) with n options for a multiple-choice BBH task."""
    if task == "date_understanding":
        day = rng.randrange(1, 28)
        ctx = f"Today is {['Monday', 'Friday', 'Sunday'][i % 3]}, 03/{day:02d}/2021. What is the date tomorrow in MM/DD/YYYY?"
        opts = [f"03/{day + 1:02d}/2021"] + [f"{m:02d}/{day:02d}/20{y}" for m, y in
                                             [(4, 21), (3, 20), (2, 21), (5, 19), (3, 22), (1, 18), (9, 21)]][: n - 1]
    elif task == "disambiguation_qa":
        ctx = ("In the following sentences, explain the antecedent of the pronoun (which thing the pronoun refers "
               f"to), or state that it is ambiguous.\nSentence: The nurse told the clerk{i} that she was late.")
        opts = ["The nurse was late", "The clerk was late", "Ambiguous", "Nobody was late"][:n]
    elif task == "geometric_shapes":
        ctx = f'This SVG path element <path d="M 10.00,{20 + i}.00 L 30.00,40.00 L 50.00,{20 + i}.00 L 10.00,{20 + i}.00"/> draws a'
        opts = ["triangle", "circle", "heptagon", "hexagon", "kite", "line", "octagon", "pentagon", "rectangle",
                "sector", "ellipse"][:n]
    elif task == "hyperbaton":
        ctx = "Which sentence has the correct adjective order:"
        opts = [f"lovely old-fashioned {['red', 'green', 'blue'][i % 3]} walking shoe",
                "old-fashioned red lovely walking shoe", "walking red lovely old-fashioned shoe"][:n]
    elif task.startswith("logical_deduction"):
        names = ["Amy", "Eli", "Eve", "Rob", "Ana", "Joe", "Mya", "Dan"][:n]
        ctx = ("The following paragraphs each describe a set of objects arranged in a fixed order. "
               f"In a golf tournament there were {n} golfers: {', '.join(names)}. {names[-1]} finished last (game {i}).")
        opts = [f"{nm} finished last" for nm in reversed(names)]
    elif task == "movie_recommendation":
        ctx = f"Find a movie similar to Amélie, Heat, Alien, Up (list {i}):"
        opts = ["Ratatouille", "The Matrix", "Jaws", "Fargo", "Big"][:n]
    elif task == "penguins_in_a_table":
        ctx = ("Here is a table where the first line is a header and each subsequent line is a penguin:  name, age, "
               "height (cm), weight (kg) Louis, 7, 50, 11 Bernard, 5, 80, 13 Vincent, 9, 60, 11 Gwen, 8, 70, 15\n"
               f"How many penguins are more than {i % 3 + 5} years old?")
        opts = [str(4 - i % 3), "1", "5", "0", "6", "7"][:n]
    elif task == "ruin_names":
        ctx = f"Which of the following is a humorous edit of this artist or movie name: 'the {['doors', 'cure', 'clash'][i % 3]}'?"
        opts = ["the boors", "thy doors", "the doorz", "tee doors", "the moors"][:n]
    elif task == "salient_translation_error_detection":
        ctx = ("The following translations from German to English contain a particular error. Please identify that "
               f"error.  Source: Die Straße in München ist {i + 2} Kilometer lang.\nTranslation: The street in Munich "
               f"is {i + 3} kilometers long.\nThe translation contains an error pertaining to")
        opts = ["Numerical Values", "Modifiers or Adjectives", "Negation or Antonyms", "Named Entities",
                "Dropped Content", "Facts", "Other"][:n]
    elif task == "snarks":
        ctx = "Which statement is sarcastic?"
        opts = [f"Oh great, another Monday meeting {i}, just what I needed",
                f"I am glad the Monday meeting {i} was short", "Meetings are fine"][:n]
    elif task == "temporal_sequences":
        ctx = ("Today, Emily went to the park. Between what times could they have gone?\nWe know that:\n"
               f"Emily woke up at {i + 5}am.\nThe park was closed after 8pm.\nBetween what times could Emily have gone to the park?")
        opts = [f"{i + 5}am to {i + 6}am", "1pm to 2pm", "3pm to 5pm", "6pm to 8pm", "9pm to 10pm"][:n]
    elif task.startswith("tracking_shuffled_objects"):
        names = ["Alice", "Bob", "Claire", "Dave", "Eve", "Fred", "Gertrude", "Hank"][:n]
        balls = ["red", "blue", "green", "pink", "white", "black", "brown", "orange"][:n]
        ctx = (f"{', '.join(names)} are playing a game. At the start of the game, each holds a ball: "
               + ", ".join(f"{a} has a {b} ball" for a, b in zip(names, balls))
               + f".\nFirst, {names[0]} and {names[1]} swap balls. At the end of the game, {names[0]} has the")
        opts = [f"{b} ball" for b in balls[1:] + balls[:1]]
    else:
        raise KeyError(task)
    if len(opts) != n:
        raise ValueError(f"{task}: {len(opts)} options, wanted {n}")
    return ctx, opts, 0


def bbh_mc_rows(task, expected):
    rng = rng_for("bbh/" + task)
    rows = []
    # four rows with the expected option count, two with another (dropped by their filter)
    counts = [expected] * 4 + [expected + 1, expected - 1 if expected > 2 else expected + 1]
    for i, n in enumerate(counts):
        ctx, opts, answer = bbh_mc_item(task, rng, i, n)
        order = list(range(n))
        rng.shuffle(order)
        opts = [opts[j] for j in order]
        answer = order.index(answer)
        if task == "date_understanding" and i == 1:
            # two options with the same text, the target naming the second: their parser answers the first
            dup = (answer + 2) % n
            opts[dup] = opts[answer]
            answer = max(answer, dup)
        lines = [f"({LETTERS[j]}) {o}" for j, o in enumerate(opts)]
        if i == 2:
            lines[0] += " "  # trailing space on an option line (their parser strips it)
            ctx = "  " + ctx + " "
        if i == 3:
            ctx = ctx.replace("the", "the “quoted”", 1)
        rows.append({"input": ctx + "\nOptions:\n" + "\n".join(lines), "target": f"({LETTERS[answer]})"})
    rng.shuffle(rows)
    return rows


def bool_expr(rng, depth):
    if depth == 0:
        return rng.choice(["True", "False"])
    form = rng.randrange(4)
    if form == 0:
        return "not " + bool_expr(rng, depth - 1)
    if form == 1:
        return f"( {bool_expr(rng, depth - 1)} )"
    return f"{bool_expr(rng, depth - 1)} {rng.choice(['and', 'or'])} {bool_expr(rng, depth - 1)}"


def bbh_cls_rows(task, words):
    rng = rng_for("bbh/" + task)
    rows, seen = [], set()
    n = 8
    for i in range(n):
        label = words[i % 2]
        if task == "boolean_expressions":
            while True:
                expr = bool_expr(rng, 2)
                value = str(eval(expr))  # the expression is Python syntax
                if value == label and expr not in seen:
                    seen.add(expr)
                    break
            text = f"{expr} is"
            if i == 3:
                text = " " + text + " "
            rows.append({"input": text, "target": label})
        elif task == "causal_judgement":
            story = (f"Tom{i} and Ana both pressed the button at the same time. The machine starts if at least one "
                     f"person presses it. The machine started. Did Tom{i} cause the machine to start?")
            text = "How would a typical person answer each of the following questions about causation?\n" + story
            if i == 2:
                text = text + "\nOptions:\n- Yes\n- No\n"  # stripped before the suffix goes
            elif i == 5:
                text = text + "\n"  # no options suffix at all
            else:
                text = text + "\nOptions:\n- Yes\n- No"
            rows.append({"input": text, "target": label})
        elif task == "formal_fallacies":
            arg = (f'"Here comes a perfectly valid argument: First of all, every friend of Ana{i} is a cousin of '
                   f'Zoë. Next, Lee is a friend of Ana{i}. So, necessarily, Lee is a cousin of Zoë."\n'
                   "Is the argument, given the explicitly stated premises, deductively valid or invalid?")
            if i == 4:
                text = arg + "\nOptions:\n- valid\n- invalid"  # not their suffix ("- valid \n"): kept
            else:
                text = arg + "\nOptions:\n- valid \n- invalid"
            rows.append({"input": text, "target": label})
        elif task == "navigate":
            steps = rng.randrange(1, 9)
            back = steps if label == "Yes" else steps + 1
            text = (f"If you follow these instructions, do you return to the starting point? Always face forward. "
                    f"Take {steps} steps left. Take {back} steps right.\nOptions:\n- Yes\n- No")
            if i == 1:
                text = "  " + text + "\n"
            rows.append({"input": text, "target": label})
        elif task == "sports_understanding":
            who = ["Lionel Messi", "Tom Brady", "Kylian Mbappé", "LeBron James", "Megan Rapinoe", "Patrick Mahomes",
                   "Aaron Judge", "Stephen Curry"][i]
            what = ["scored a penalty kick", "threw a touchdown pass", "hit a home run", "dunked the ball"][
                (i % 4) if label == "yes" else (i + 1) % 4]
            rows.append({"input": f'Is the following sentence plausible? "{who} {what}."', "target": label})
        elif task == "web_of_lies":
            names = ["Fidel", "Jerry", "Vina", "Millicent", "Raymond"]
            while True:  # draw until the chain's answer is this row's label
                truth = rng.random() < 0.5
                parts = [f"{names[0]} {'tells the truth' if truth else 'lies'}."]
                for a, b in zip(names, names[1:]):
                    says_truth = rng.random() < 0.5
                    parts.append(f"{b} says {a} {'tells the truth' if says_truth else 'lies'}.")
                    truth = truth == says_truth
                if ("Yes" if truth else "No") == label:
                    break
            text = "Question: " + " ".join(parts) + f" Does {names[-1]} tell the truth?"
            rows.append({"input": text, "target": label})
        else:
            raise KeyError(task)
    rng.shuffle(rows)
    return rows


def write_bbh(out):
    for task, expected in BBH_MC.items():
        out(f"bbh/{task}.jsonl", bbh_mc_rows(task, expected))
    for task, words in BBH_CLS.items():
        out(f"bbh/{task}.jsonl", bbh_cls_rows(task, words))


README_LINES = [
    ("subj/{test,train}.jsonl", "SetFit/subj (default) test / train: text, label 0/1, label_text"),
    ("emoc/{test,train}.jsonl", "emo (default) test / train: text, label 0..3"),
    ("mnli/{validation,train}.jsonl", "SetFit/mnli (default) validation / train: text1, text2, label 0..2, idx, "
                                      "label_text"),
    ("qnli/{validation,train}.jsonl", "SetFit/qnli (default) validation / train: text1, text2, label 0/1, idx, "
                                      "label_text"),
    ("snli/{validation,train}.jsonl", "snli (default) validation / train: premise, hypothesis, label -1..2 "
                                      "(-1 rows included)"),
    ("mrpc/{validation,train}.jsonl", "SetFit/mrpc (default) validation / train: text1, text2, label 0/1, idx, "
                                      "label_text"),
    ("arc_easy/{test,train}.jsonl", "ai2_arc ARC-Easy test / train: id, question, choices{text,label}, answerKey "
                                    "(3- and 5-choice rows and numeric keys included)"),
    ("arc_challenge/{test,train}.jsonl", "ai2_arc ARC-Challenge test / train: same columns as arc_easy"),
    ("csqa/{validation,train}.jsonl", "commonsense_qa (default) validation / train: id, question, question_concept, "
                                      "choices{label,text}, answerKey"),
    ("sst2/{validation,train}.jsonl", "glue sst2 validation / train: sentence (trailing space), label, idx"),
    ("sst5/{validation,train}.jsonl", "SetFit/sst5 (default) validation / train: text, label 0..4, label_text"),
    ("mr/{validation,train}.jsonl", "rotten_tomatoes (default) validation / train: text, label"),
    ("trec/{test,train}.jsonl", "trec (default) test / train: text, coarse_label 0..5, fine_label"),
    ("agnews/{test,train}.jsonl", "ag_news (default) test (2012 short rows) / train (40 rows): text, label 0..3"),
    ("hellaswag/{validation,train}.jsonl", "hellaswag (default) validation (2012 short rows) / train (30 rows): ind, "
                                           "activity_label, ctx_a, ctx_b, ctx, endings, source_id, split, "
                                           "split_type, label (string)"),
    ("copa/{validation,train}.jsonl", "super_glue copa validation / train: premise, choice1, choice2, question, idx, "
                                      "label"),
    ("obqa/{validation,train}.jsonl", "openbookqa main validation / train: id, question_stem, choices{text,label}, "
                                      "answerKey"),
    ("qasc/{validation,train}.jsonl", "qasc (default) validation / train: id, question, choices{text,label} (8), "
                                      "answerKey, fact1, fact2, combinedfact, formatted_question"),
    ("winogrande/{validation,train}.jsonl", "winogrande winogrande_xl validation (the same dev set as every size) / winogrande_xs train: "
                                                  "sentence, option1, option2, answer \"1\"/\"2\""),
    ("mmlu/<subject>/{test,dev}.jsonl", "cais/mmlu <subject> test (4-6 rows) / dev (5 rows), 57 subjects: question, "
                                        "subject, choices, answer"),
    ("bbh/<task>.jsonl", "maveriq/bigbenchhard <task> train, 22 tasks: input, target (multiple-choice tasks include "
                         "rows with another option count)"),
]


def write_readme(path):
    lines = ["# Synthetic rows for the v3 task cards", "",
             "Every file here is synthetic (made-up text, not the dataset's), in the JSON Lines layout Hugging Face "
             "`datasets` gives for the dataset/subset/split named; all written by `" + GENERATOR + "`.", ""]
    for files, what in README_LINES:
        lines.append(f"- `{files}`: synthetic; mimics {what}; written by `{GENERATOR}`.")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=os.path.join(REPO, "tests", "data", "v3"))
    args = parser.parse_args()
    written = []

    def out(rel, rows):
        path = os.path.join(args.out, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for row in rows:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
        written.append(rel)

    for fn in (write_subj, write_emoc, write_mnli, write_qnli, write_snli, write_mrpc, write_csqa, write_sst2,
               write_sst5, write_mr, write_trec, write_agnews, write_hellaswag, write_copa, write_obqa, write_qasc,
               write_winogrande, write_mmlu, write_bbh):
        fn(out)
    write_arc(out, "arc_easy", "Mercury")
    write_arc(out, "arc_challenge", "MCAS")
    write_readme(os.path.join(args.out, "README.md"))
    print(f"wrote {len(written)} files and README.md under {os.path.relpath(args.out)}")


if __name__ == "__main__":
    sys.exit(main())
