import pytest

from schemas import NO_OVERALL_CONTROL, PartyRegistry, canonical_party, default_registry
from schemas.parties import normalise_party_key


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        ("Tories", "Conservative"),
        ("Tory", "Conservative"),
        ("Conservative Party", "Conservative"),
        ("conservative", "Conservative"),
        ("Con", "Conservative"),
        ("Lib Dems", "Liberal Democrats"),
        ("LD", "Liberal Democrats"),
        ("Liberal Democrat's", "Liberal Democrats"),
        ("Labour Co-op", "Labour"),
        ("Labour’s", "Labour"),
        ("Labour Party", "Labour"),
        ("SNP", "SNP"),
        ("Scottish National Party", "SNP"),
        ("Plaid", "Plaid Cymru"),
        ("Green Party", "Green"),
        ("Reform UK", "Reform UK"),
        ("Workers Party", "Workers Party"),
        ("Workers’ Party", "Workers Party"),
        ("Sinn Fein", "Sinn Féin"),
        ("no overall control", NO_OVERALL_CONTROL),
        ("NOC", NO_OVERALL_CONTROL),
    ],
)
def test_aliases_map_to_canonical_names(written: str, canonical: str) -> None:
    assert canonical_party(written) == canonical


def test_local_parties_keep_their_own_name() -> None:
    assert canonical_party("Chislehurst Matters") == "Chislehurst Matters"
    assert not default_registry().is_known("Chislehurst Matters")


def test_empty_party_is_none() -> None:
    assert canonical_party(None) is None
    assert canonical_party("  ") is None


def test_aliases_of_canonical_start_with_it() -> None:
    aliases = default_registry().aliases("Conservative")
    assert aliases[0] == "Conservative"
    assert "Tories" in aliases


def test_registry_from_mapping_is_independent_of_the_data_file() -> None:
    registry = PartyRegistry.from_mapping({"Alpha": ["A Party"]}, ["hung"])
    assert registry.canonical("the A party") == "Alpha"
    assert registry.canonical("Hung") == NO_OVERALL_CONTROL


def test_normalise_party_key_folds_case_accents_and_possessives() -> None:
    assert normalise_party_key("Sinn Féin") == "sinn fein"
    assert normalise_party_key("The Green Party") == "green"
    assert normalise_party_key("Labour’s") == "labour"


def test_a_party_with_a_bracket_the_registry_does_not_list_is_the_party_before_it() -> None:
    registry = default_registry()
    assert registry.canonical("Scottish National Party (SNP)") == "SNP"
    assert registry.canonical("Alliance (NI)") == "Alliance"
    # A person before the bracket is no party: the name stays as written.
    assert not registry.is_known("Jane Smith (Labour)")
    assert registry.canonical("Jane Smith (Labour)") == "Jane Smith (Labour)"
