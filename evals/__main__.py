"""``python -m evals``: the eval suite (same as ``extractor eval``)."""

from evals.cli import main

main()
