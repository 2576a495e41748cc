"""Every page loads with no console error, no failed request and no request
outside the local server."""

import pytest
from conftest import book_pages


@pytest.mark.parametrize("path", book_pages())
def test_page_loads_cleanly(visit, path):
    problems = visit(path).log.problems()
    assert not problems, "\n".join(problems)
