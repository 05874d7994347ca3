"""A candidate's share printed beside its votes."""

from extractor.shares import with_shares_beside_votes
from schemas import Candidate, Contest, Evidence


def _candidate(article: str, name: str, votes: str) -> Candidate:
    start = article.index(votes)
    evidence = Evidence(quote=votes, start=start, end=start + len(votes), field="votes")
    return Candidate(name=name, votes=int(votes.replace(",", "")), evidence=[evidence])


ARTICLE = (
    "Lord Houchen polled 81,930 votes – 53.64% of the total – with Mr McEwan receiving "
    "63,141 votes (41.34%), Mr Thorley about 7,679 votes, around 5% and Ms Eyre 2,001, "
    "43% turnout."
)


def test_the_percentage_right_after_the_votes_is_the_share() -> None:
    contest = Contest(
        area="Tees Valley",
        candidates=[
            _candidate(ARTICLE, "Lord Houchen", "81,930"),
            _candidate(ARTICLE, "Mr McEwan", "63,141"),
            _candidate(ARTICLE, "Mr Thorley", "7,679"),
            _candidate(ARTICLE, "Ms Eyre", "2,001"),
        ],
    )
    shares = [c.share_pct for c in with_shares_beside_votes(contest, ARTICLE).candidates]
    # "around 5%" is approximate; "43% turnout" is the turnout, not Ms Eyre's share.
    assert shares == [53.64, 41.34, None, None]
    houchen = with_shares_beside_votes(contest, ARTICLE).candidates[0]
    [share] = [e for e in houchen.evidence if e.field == "share_pct"]
    assert ARTICLE[share.start : share.end] == "53.64"


def test_a_share_the_model_gave_is_kept() -> None:
    candidate = _candidate(ARTICLE, "Mr McEwan", "63,141").model_copy(update={"share_pct": 41.0})
    contest = Contest(area="Tees Valley", candidates=[candidate])
    assert with_shares_beside_votes(contest, ARTICLE).candidates[0].share_pct == 41.0
