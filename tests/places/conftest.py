import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _services_speak_english():
    """Services are called here outside any request: their refusals are read in the source language
    (pages and the API answer in Chinese through the middleware, as everywhere)."""
    with translation.override("en"):
        yield
