"""The examples in the docstrings of the linked-data modules run and hold."""

from __future__ import annotations

import doctest

import pytest

import api.documents
import api.jsonld
import api.published
import api.rdfdoc


@pytest.mark.parametrize("module", [api.documents, api.jsonld, api.published, api.rdfdoc], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
