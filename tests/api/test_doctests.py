"""The examples in the docstrings of the linked-data modules (and the term conversion they use) run and hold."""

from __future__ import annotations

import doctest

import pytest

import api.documents
import api.jsonld
import api.published
import api.rdfdoc
import graph.convert

MODULES = [api.documents, api.jsonld, api.published, api.rdfdoc, graph.convert]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
