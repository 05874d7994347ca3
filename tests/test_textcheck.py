from evals.textcheck import number_in_text


def test_number_check_accepts_written_forms_and_rejects_others() -> None:
    text = "Dent Coad's 16,333 beat 16313; turnout 51.99%; a solid ten per cent; down 1.2"
    assert number_in_text(16333, text)
    assert number_in_text(16313, text)
    assert number_in_text(51.99, text)
    assert number_in_text(10, text)
    assert number_in_text(-1.2, text)
    assert not number_in_text(333, text)
    assert not number_in_text(16334, text)
    assert not number_in_text(87.5, text)
    assert not number_in_text(1.9, text)
