"""Hostile addresses of every page get an answer, never a server error.

Every endpoint that answers a GET is fuzzed (test_fuzz_forms.py checks the URL
map), with what it reads from the address: the queue's filters and search,
paging, the statistics' filters, ``lang``, ``next``, and the path's arguments.
"""

from urllib.parse import unquote_to_bytes

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz_world import address, fuzz_world
from tests.fuzzing import (
    QUERIED,
    check_answer,
    disturbed,
    fuzzing,
    plausible,
    roles,
)
from tests.hostile import JUNK, header_text, urlencoded

CASES = [(endpoint, role) for endpoint in QUERIED for role in roles(endpoint)]
#: Ends that a path may get: a slash, invalid UTF-8, a NUL, a way up.
SUFFIXES = ("", "", "", "/", "%ff", "%ED%A0%80", "%00", "/../..")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    with fuzz_world(tmp_path_factory.mktemp("fuzz"), csrf=True) as world:
        yield world


@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_hostile_queries_never_fail(world, endpoint, role):
    names = ["lang", *QUERIED[endpoint]]
    values = plausible(world)

    @fuzzing(endpoint)
    @given(data=st.data())
    def get(data):
        client = world.client(role)
        target = address(world, endpoint, role, data) + data.draw(
            st.sampled_from(SUFFIXES)
        )
        pairs = data.draw(disturbed({}, names, values))
        junk = data.draw(st.lists(st.sampled_from(JUNK), max_size=3))
        client.set_cookie("lang", data.draw(header_text()))

        response = client.get(
            headers={"Accept-Language": data.draw(header_text())},
            # The raw bytes of the path and query, as a WSGI server hands them
            # over: the test client would read "//../.." as a host name.
            environ_overrides={
                "PATH_INFO": unquote_to_bytes(target).decode("latin-1"),
                "QUERY_STRING": urlencoded(pairs, junk).decode("latin-1"),
            },
        )

        language = next((value for name, value in pairs if name == "lang"), None)
        world.stay_signed_in(role, response)
        check_answer(response, language=language)

    get()
