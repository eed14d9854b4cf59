from bragdoc import resources


def test_every_referenced_resource_resolves() -> None:
    for relative in resources.REFERENCED:
        assert resources.path(relative).is_file()


def test_a_missing_resource_names_itself() -> None:
    import pytest

    with pytest.raises(FileNotFoundError, match=r"icons/nope\.svg"):
        resources.path("icons/nope.svg")
