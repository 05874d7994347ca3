"""The dev set: articles (``seeds/`` and ``evals/articles/``) with their gold labels."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from schemas import ArticleExtraction

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class EvalArticle:
    """One labelled article."""

    id: str
    path: Path
    text: str
    gold: ArticleExtraction

    @property
    def sha256(self) -> str:
        """Hash of the article text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _seeds_dir(root: Path) -> Path:
    """``seeds/`` of a checkout, else the copy an installed wheel carries (``evals/seeds``)."""
    checkout = root / "seeds"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "seeds"


def article_paths(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every dev-set article file, seeds first, sorted by id."""
    return sorted(_seeds_dir(root).glob("*.txt")) + sorted(
        (root / "evals" / "articles").glob("*.txt")
    )


ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")


def load_user_set(articles_dir: Path, gold_dir: Path) -> list[EvalArticle]:
    """A user's own labelled set: every article file of ``articles_dir`` (.txt, .md, .html)
    with its gold labels in ``gold_dir/<same name>.json`` (an ``ArticleExtraction`` without
    ``meta``; the format is in ``evals/README.md``). An article without gold, or gold without
    its article, is an error naming them."""
    if not articles_dir.is_dir() or not gold_dir.is_dir():
        raise FileNotFoundError(
            f"--articles and --gold must be directories ({articles_dir}, {gold_dir})"
        )
    texts = {
        p.stem: p for p in sorted(articles_dir.iterdir()) if p.suffix.lower() in ARTICLE_SUFFIXES
    }
    golds = {p.stem: p for p in sorted(gold_dir.glob("*.json"))}
    unlabelled, orphans = sorted(set(texts) - set(golds)), sorted(set(golds) - set(texts))
    if unlabelled or orphans:
        raise ValueError(
            "every article needs its gold file and every gold file its article: "
            + (f"no gold for {', '.join(unlabelled[:5])}" if unlabelled else "")
            + ("; " if unlabelled and orphans else "")
            + (f"no article for {', '.join(orphans[:5])}" if orphans else "")
        )
    articles = []
    for stem, path in texts.items():
        try:
            gold = ArticleExtraction.model_validate_json(golds[stem].read_text(encoding="utf-8"))
        except ValueError as error:
            raise ValueError(f"{golds[stem]}: not valid gold labels: {error}") from error
        articles.append(EvalArticle(stem, path, path.read_text(encoding="utf-8"), gold))
    if not articles:
        raise FileNotFoundError(f"no articles in {articles_dir}")
    return articles


EVAL_SETS = ("dev", "real-dev", "real-test")


def load_real_set(
    split: str,
    only: list[str] | None = None,
    *,
    skip_missing: bool = False,
    skipped: list[str] | None = None,
) -> list[EvalArticle]:
    """The real texts of one split (``real-dev`` or ``real-test``) from the ignored cache.

    The texts are rebuilt from the committed manifest (:mod:`evals.realset`); a missing or
    changed text is an error that says how to get it back, unless ``skip_missing``: then the
    texts not in the cache are left out and their ids appended to ``skipped``, so a partial
    score is never mistaken for the whole split's.
    """
    from evals.realset import GOLD_DIR, load_manifest, sha256_text

    articles = []
    for entry in load_manifest():
        if entry.split != split or (only and not any(entry.id.startswith(p) for p in only)):
            continue
        if skip_missing and not entry.text_path.is_file():
            if skipped is not None:
                skipped.append(entry.id)
            continue
        if not entry.text_path.is_file():
            raise FileNotFoundError(
                f"{entry.id}: no cached text at {entry.text_path}; rebuild it with one search "
                f"({entry.query!r}) and `python -m evals.realset rebuild ANSWER.json`"
            )
        text = entry.text_path.read_text(encoding="utf-8")
        if sha256_text(text) != entry.sha256:
            raise ValueError(f"{entry.id}: {entry.text_path} does not match its manifest sha256")
        gold_path = GOLD_DIR / f"{entry.id}.json"
        gold = ArticleExtraction.model_validate_json(gold_path.read_text(encoding="utf-8"))
        articles.append(EvalArticle(entry.id, entry.text_path, text, gold))
    if not articles:
        raise FileNotFoundError(f"no articles in the {split} set (evals/real/manifest.jsonl)")
    return articles


def load_eval_set(
    name: str,
    root: Path = PROJECT_ROOT,
    only: list[str] | None = None,
    *,
    skip_missing: bool = False,
    skipped: list[str] | None = None,
) -> list[EvalArticle]:
    """Load one named evaluation set: ``dev`` (seeds and written articles) or a real split."""
    if name not in EVAL_SETS:
        raise ValueError(f"unknown eval set {name!r}: choose one of {', '.join(EVAL_SETS)}")
    if name == "dev":
        return load_dev_set(root, only)
    return load_real_set(name, only, skip_missing=skip_missing, skipped=skipped)


def load_dev_set(root: Path = PROJECT_ROOT, only: list[str] | None = None) -> list[EvalArticle]:
    """Load articles and gold; every article must have a gold file."""
    articles = []
    for path in article_paths(root):
        if only and not any(path.stem.startswith(prefix) for prefix in only):
            continue
        gold_path = root / "evals" / "gold" / f"{path.stem}.json"
        if not gold_path.is_file():
            raise FileNotFoundError(f"{path} has no gold file {gold_path}")
        gold = ArticleExtraction.model_validate_json(gold_path.read_text(encoding="utf-8"))
        articles.append(EvalArticle(path.stem, path, path.read_text(encoding="utf-8"), gold))
    if not articles:
        raise FileNotFoundError(f"no dev-set articles under {root}")
    return articles
