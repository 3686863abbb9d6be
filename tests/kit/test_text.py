from kit.text import split_list


def test_split_list_accepts_the_separators_officers_type():
    assert split_list("3、7，30") == ["3", "7", "30"]
    assert split_list(" a, b；c;d\te 、、 f ") == ["a", "b", "c", "d", "e", "f"]


def test_split_list_of_nothing_is_empty():
    assert split_list("") == []
    assert split_list(None) == []
    assert split_list(" 、，") == []
