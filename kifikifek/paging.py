"""Pages of a long list, numbered from the address."""

from flask import request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from kifikifek.extensions import db

#: Beyond any real list; keeps a page number in the URL from overflowing SQL.
LAST_PAGE = 100_000


def paginate(query: Select, per_page: int) -> Pagination:
    """The page the address asks for, or the last one if it asks beyond."""
    number = min(max(request.args.get("page", 1, type=int), 1), LAST_PAGE)
    page = db.paginate(query, page=number, per_page=per_page, error_out=False)
    if not page.items and page.pages and number > page.pages:
        page = db.paginate(query, page=page.pages, per_page=per_page)
    return page
