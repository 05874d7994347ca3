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


def article_paths(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every dev-set article file, seeds first, sorted by id."""
    return sorted((root / "seeds").glob("*.txt")) + sorted(
        (root / "evals" / "articles").glob("*.txt")
    )


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
