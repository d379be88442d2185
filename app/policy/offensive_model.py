"""The trained offensive-language model from `alt-profanity-check`, read once into plain Python.

The package ships a TF-IDF vectoriser and five sigmoid-calibrated linear SVMs (scikit-learn, MIT licence).
Calling scikit-learn costs ~9 ms a text; the same arithmetic over a dict costs a few microseconds, so the
weights are copied out on first use (which imports scikit-learn once, ~3 s) and then scored here.
`probability(text)` equals `profanity_check.predict_prob([text])[0]` to floating-point rounding.
"""

from __future__ import annotations

import math
import re
import threading
from collections import Counter
from dataclasses import dataclass

# scikit-learn's default token pattern: words of two or more letters or digits.
_TOKEN = re.compile(r"(?u)\b\w\w+\b")


@dataclass(frozen=True)
class LinearModel:
    weights: tuple[dict[str, tuple[float, float]], ...]  # per calibrated classifier: word -> (coef, idf)
    intercepts: tuple[float, ...]
    sigmoids: tuple[tuple[float, float], ...]  # (a, b): p = 1 / (1 + exp(a * decision + b))
    stop_words: frozenset[str]

    def words(self, text: str) -> Counter[str]:
        return Counter(w for w in _TOKEN.findall(text.lower()) if w not in self.stop_words)

    def probability(self, text: str) -> float:
        counts = self.words(text)
        known = {w: c for w, c in counts.items() if w in self.weights[0]}
        norm = math.sqrt(sum((c * self.weights[0][w][1]) ** 2 for w, c in known.items())) if known else 0.0
        total = 0.0
        for weights, intercept, (a, b) in zip(self.weights, self.intercepts, self.sigmoids, strict=True):
            decision = intercept
            if norm:
                decision += sum(weights[w][0] * c * weights[w][1] for w, c in known.items()) / norm
            total += 1.0 / (1.0 + math.exp(a * decision + b))
        return total / len(self.weights)


_lock = threading.Lock()
_model: LinearModel | None = None


def _load() -> LinearModel:
    from importlib import resources

    import joblib  # installed with alt-profanity-check

    data = resources.files("profanity_check") / "data"
    vectorizer = joblib.load(data / "vectorizer.joblib")
    model = joblib.load(data / "model.joblib")
    idf = vectorizer.idf_
    vocabulary = {word: (index, float(idf[index])) for word, index in vectorizer.vocabulary_.items()}
    weights, intercepts, sigmoids = [], [], []
    for calibrated in model.calibrated_classifiers_:
        coef = calibrated.estimator.coef_[0]
        weights.append({word: (float(coef[index]), weight) for word, (index, weight) in vocabulary.items()})
        intercepts.append(float(calibrated.estimator.intercept_[0]))
        calibrator = calibrated.calibrators[0]
        sigmoids.append((float(calibrator.a_), float(calibrator.b_)))
    return LinearModel(tuple(weights), tuple(intercepts), tuple(sigmoids), frozenset(vectorizer.get_stop_words()))


def model() -> LinearModel:
    """The model, loaded on first use (thread-safe)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = _load()
    return _model
