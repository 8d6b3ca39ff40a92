"""The punctuation-restoration model: features of a gap between two characters,
and a greedy left-to-right decoder over a stretch of text that has no marks.

Shared by the `restore` stage (inference) and tools/train_punct.py (training),
so the features a model was trained on are exactly the ones it is run with.
The model is a linear (multinomial logistic) classifier: for each feature
template a table from the template's key (a character, a bigram, ...) to three
weights, for comma, full stop and question mark, each relative to "no mark".
It is pure data (src/asrclean/data/punct_model.bin) and plain Python to run.

Speed: the decoder looks up each position of the text once (one dict hit, on
the trigram there, returns a row with what that trigram, its bigram and its
character give to the gaps around it; see _CELL), sums a gap's static score
from five neighbouring rows, and visits only the gaps whose static score leaves
a mark possible (or where something else needs a look); only there are the
features that depend on the marks decided so far added.

In three modules: features.py (what the model reads), model.py (its weights and their
layout), decode.py (the decoder).
"""

from .features import (
    CLASSES,
    COMMA,
    QUESTION,
    STOP,
    LEFT_PAD,
    OPENERS,
    PAD,
    PARTICLES,
    PAUSED,
    QUESTION_WORDS,
    RIGHT_PAD,
    SHORT_CAP,
    STATIC,
    bucket,
    dynamic_features,
    features,
    question_cue,
    reduce_char,
    reduce_text,
    short_bucket,
)
from .model import (
    MAGIC,
    Model,
    ROW,
    SCALE,
    SPEECH_CALIBRATION,
    save,
)
from .decode import (
    decode,
    decode_reference,
    pause_distances,
)

__all__ = [
    "CLASSES",
    "COMMA",
    "QUESTION",
    "STOP",
    "LEFT_PAD",
    "MAGIC",
    "Model",
    "OPENERS",
    "PAD",
    "PARTICLES",
    "PAUSED",
    "QUESTION_WORDS",
    "RIGHT_PAD",
    "ROW",
    "SCALE",
    "SHORT_CAP",
    "SPEECH_CALIBRATION",
    "STATIC",
    "bucket",
    "decode",
    "decode_reference",
    "dynamic_features",
    "features",
    "pause_distances",
    "question_cue",
    "reduce_char",
    "reduce_text",
    "save",
    "short_bucket",
]
