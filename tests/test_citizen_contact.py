"""A citizen can take back their contact details with their receipt code."""

from sqlalchemy import select

from kifikifek.extensions import db
from kifikifek.models import AuditEvent, Report
from tests.conftest import receipt_code, report_fields


def test_citizen_erases_their_contact_details(app, client):
    client.post("/", data=report_fields(wants_contact="y", contact="98 123 456"))
    code = receipt_code(client.get("/receipt").get_data(as_text=True))
    status = client.post(
        "/status", data={"code": code}, headers={"Accept-Language": "en"}
    )
    assert "Erase my contact details" in status.get_data(as_text=True)

    response = client.post(
        "/status/contact", data={"code": code}, headers={"Accept-Language": "en"}
    )

    assert response.status_code == 200
    assert "Your contact details have been erased." in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Report.contact)) is None
        assert db.session.scalar(select(AuditEvent.action)) == "contact_erased"


def test_a_wrong_code_erases_nothing(app, client):
    client.post("/", data=report_fields(wants_contact="y", contact="98 123 456"))

    response = client.post("/status/contact", data={"code": "ZZZZ-ZZZZ-ZZZZ"})

    assert response.status_code == 200
    with app.app_context():
        assert db.session.scalar(select(Report.contact)) == "98123456"
