"""Hostile posts to every form get an answer, never a server error.

Every endpoint that takes a POST is read from the URL map, so a new form fails
these tests until tests/fuzzing.py knows its fields. Each is fuzzed with CSRF
on (a real token read from a page, mostly) and off (so that every post reaches
the form's validation), by whoever may use it.
"""

from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kifikifek.i18n import LANGUAGES
from tests.conftest import PASSWORD
from tests.fuzz_world import TRAVELLER, World, address, fuzz_world
from tests.fuzzing import (
    POSTED,
    QUERIED,
    check_answer,
    disturbed,
    field_names,
    fuzzing,
    plausible,
    roles,
    valid_submissions,
)
from tests.hostile import bodies, encoded, header_text, hostile_text

CASES = [(endpoint, role) for endpoint in POSTED for role in roles(endpoint)]
#: Addresses that the sign-in fuzz comes from, so that throttling slows it
#: down without stopping it at once.
GUESSERS = [f"10.0.0.{n}" for n in range(1, 9)]


@pytest.fixture(scope="module", params=[False, True], ids=["no-csrf", "csrf"])
def world(request, tmp_path_factory):
    with fuzz_world(tmp_path_factory.mktemp("fuzz"), csrf=request.param) as world:
        yield world


@pytest.mark.parametrize(("method", "fuzzed"), [("POST", POSTED), ("GET", QUERIED)])
def test_every_endpoint_is_fuzzed(app, method, fuzzed):
    rules = app.url_map.iter_rules()
    endpoints = {rule.endpoint for rule in rules if method in rule.methods}

    assert endpoints == set(fuzzed), "teach tests/fuzzing.py what new views read"


def test_every_field_has_values_to_draw(world):
    forms = filter(None, POSTED.values())
    names = {name for form in forms for name in field_names(form)}
    names |= {name for names in QUERIED.values() for name in names}

    assert names <= plausible(world).keys(), "teach tests/fuzzing.py their values"


def with_token(world: World, client, role: str, pairs: list, data: st.DataObject):
    """The fields and headers of a post with CSRF on: the page's token mostly,
    sometimes in a header, missing, or forged."""
    ways = ("field",) * 4 + ("header", "none", "forged")
    how = data.draw(st.sampled_from(ways))
    token = world.token(client, role)
    if how == "field":
        return [("csrf_token", token), *pairs], {}
    if how == "header":
        return pairs, {"X-CSRFToken": token}
    if how == "forged":
        return [("csrf_token", token[:-2] + "xx"), *pairs], {}
    return pairs, {}


@pytest.mark.parametrize(("endpoint", "role"), CASES)
def test_hostile_posts_never_fail(world, endpoint, role):
    form = POSTED[endpoint]
    names = field_names(form) if form else []
    values = plausible(world)
    limit = world.app.config["MAX_CONTENT_LENGTH"]

    @fuzzing(endpoint)
    @given(data=st.data())
    def post(data):
        # Sign-in needs a client nobody signed in to; an example may sign it in.
        client = world.client(role) if role != "anonymous" else world.app.test_client()
        target = address(world, endpoint, role, data)
        language = data.draw(st.sampled_from([None, *LANGUAGES]), label="lang")
        query = f"?lang={language}" if language else ""
        pairs = data.draw(disturbed(valid_submissions(world, endpoint), names, values))
        headers = {"Accept-Language": data.draw(header_text())}
        if world.csrf:
            pairs, token_header = with_token(world, client, role, pairs, data)
            headers |= token_header
        body = data.draw(bodies(pairs, limit))

        response = client.post(
            target + query,
            data=body.data,
            content_type=body.content_type,
            headers=headers,
            environ_base={"REMOTE_ADDR": data.draw(st.sampled_from(GUESSERS))},
            # Pages shown after an action render what it stored.
            follow_redirects=True,
        )

        world.stay_signed_in(role, response)
        check_answer(response, oversized=len(body.data) > limit, language=language)

    post()


def test_sign_in_goes_only_to_a_local_next(world):
    values = plausible(world)

    @fuzzing("moderation.login")
    @given(target=values["next"] | hostile_text())
    def sign_in(target):
        client = world.app.test_client()
        fields = {"username": TRAVELLER, "password": PASSWORD}
        if world.csrf:
            fields["csrf_token"] = world.token(client)

        response = client.post(f"/moderation/login?next={encoded(target)}", data=fields)

        assert response.status_code == 302
        location = urlsplit(response.location)
        assert not (location.scheme or location.netloc), response.location
        assert location.path.startswith("/") and not location.path.startswith("//")

    sign_in()
