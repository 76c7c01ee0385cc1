"""The whole journey of a data access request, in a real browser, as each person lives it.

Only the desk's starting point is built in code (the demo accounts, catalogue and service
offer, and the requester's laboratory); every step after that goes through the pages.
Screenshots of the major pages land in test-artifacts/e2e/ for the user guides."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accounts import demo as accounts_demo
from accounts.models import User
from catalogue import demo as catalogue_demo
from catalogue.models import Vocabulary, VocabularyTerm
from guichet.models import Organisation
from kpis import demo as kpis_demo
from offers import demo as offers_demo
from offers.models import ActorType, ProjectType
from tests.e2e.conftest import People, Screenshots

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PASSWORD = accounts_demo.DEMO_PASSWORD
PROJECT = "Cardiac rehabilitation pathways after acute heart failure"
LAB = "Laboratoire d'épidémiologie clinique, Université de Tours"


@pytest.fixture
def desk_ready(_allow_orm_next_to_the_event_loop: None) -> dict[str, Any]:
    """The demo desk's accounts, catalogue, offer and indicator targets, and the requester's
    laboratory (the demo's own requests are left out: the register shows only this one)."""
    quiet = io.StringIO()
    for module in (accounts_demo, catalogue_demo, offers_demo, kpis_demo):
        module.seed(quiet)

    lab = Organisation.objects.create(
        name=LAB,
        country="FR",
        legal_status="university",
        actor_type=ActorType.objects.get(code="academic_lab"),
    )
    lab.members.add(User.objects.get(username="demandeur"))

    return {
        "lab": lab,
        "project_type": ProjectType.objects.get(code="academic_research").pk,
        "access_mode": VocabularyTerm.objects.get(
            vocabulary=Vocabulary.ACCESS_MODE, code="secure_workspace"
        ).pk,
    }


def _expect() -> Any:
    from playwright.sync_api import expect

    return expect


def _state(page: Any) -> Any:
    return page.locator(".request-head .badge-muted")


def _messages(page: Any) -> Any:
    return page.locator("ul.messages")


def _act(page: Any, label: str, comment: str = "") -> None:
    """Fire one action from the request page's "Actions" box."""
    actions = page.locator("section[aria-labelledby=actions-h]")
    button = actions.get_by_role("button", name=label, exact=True)
    if not button.is_visible():  # actions that need a comment are folded in <details>
        actions.locator("summary", has_text=label).click()
    if comment:
        button.locator("xpath=..").locator("[name=comment]").fill(comment)
    button.click()
    page.wait_for_load_state()


def test_a_request_from_the_catalogue_to_the_public_register(
    desk_ready: dict[str, Any],
    people: People,
    screenshots: Screenshots,
    pdf_file: Callable[[str, str], Path],
) -> None:
    expect = _expect()
    today = timezone.localdate()

    # --- The requester finds a dataset and fills the intake form ---------------------------
    lea = people.login("demandeur", PASSWORD)
    lea.goto("/catalogue/")
    lea.fill("#q", "heart failure")
    lea.get_by_role("button", name="Search").click()
    results = lea.locator("main")
    expect(results).to_contain_text("Val-de-Loire heart failure cohort")
    screenshots.take(lea, "01-catalogue-search.png")

    lea.get_by_role("link", name="Val-de-Loire heart failure cohort").first.click()
    expect(lea.locator("h1")).to_contain_text("Val-de-Loire heart failure cohort")
    screenshots.take(lea, "02-dataset-sheet.png")

    lea.get_by_role("link", name="Request access to this dataset").click()
    expect(lea.locator("main")).to_contain_text("Val-de-Loire heart failure cohort")
    lea.fill("#id_title", PROJECT)
    lea.get_by_role("button", name="Create my draft").click()
    expect(_messages(lea)).to_contain_text("Your draft")
    reference = lea.locator(".request-head .badge").first.inner_text().strip()
    assert reference

    # People: the laboratory is preselected; one team member will access the data.
    lea.fill("#id_team-0-name", "Dr Léa Rousseau")
    lea.fill("#id_team-0-email", "lea.rousseau@univ-tours.example")
    lea.fill("#id_team-0-role", "Principal investigator")
    lea.check("#id_team-0-will_access_data")
    lea.fill("#id_team-1-name", "Hugo Perrin")
    lea.fill("#id_team-1-role", "Biostatistician")
    lea.check("#id_team-1-will_access_data")
    _save_and_continue(lea)

    lea.fill("#id_acronym", "REACT-HF")
    lea.fill(
        "#id_summary",
        "Describe the cardiac rehabilitation pathway of patients hospitalised for acute "
        "heart failure between 2018 and 2024.",
    )
    lea.fill("#id_objectives", "Measure the time to rehabilitation and what delays it.")
    lea.fill(
        "#id_scientific_question",
        "Which clinical and social factors delay entry into cardiac rehabilitation?",
    )
    lea.fill(
        "#id_public_interest",
        "Fewer readmissions by referring patients to rehabilitation earlier.",
    )
    lea.fill("#id_expected_benefits", "Referral recommendations for the region's hospitals.")
    _save_and_continue(lea)

    lea.select_option("#id_project_type", str(desk_ready["project_type"]))
    _save_and_continue(lea)

    expect(lea.get_by_label("Val-de-Loire heart failure cohort")).to_be_checked()
    lea.fill("#id_variables", "Age, sex, NYHA class, LVEF, stays, rehabilitation sessions.")
    lea.fill("#id_population", "Adults hospitalised for acute heart failure, 2018-2024.")
    lea.fill("#id_period_start", "2018-01-01")
    lea.fill("#id_period_end", "2024-12-31")
    lea.fill("#id_period_description", "Stays from January 2018 to December 2024")
    lea.select_option("#id_data_form", "pseudonymised")
    lea.fill(
        "#id_data_form_justification",
        "Successive stays of the same patient must be linked to measure delays.",
    )
    screenshots.take(lea, "03-intake-form.png")
    _save_and_continue(lea)

    lea.select_option("#id_access_mode", str(desk_ready["access_mode"]))
    lea.fill("#id_secure_environment", "The hospital's secure workspace (HDS-certified).")
    lea.fill("#id_safeguards", "Named accounts, access logs, aggregated outputs only.")
    lea.fill("#id_duration_months", "24")
    lea.select_option("#id_regulatory_route", "mr004")
    lea.fill("#id_regulatory_reference", "2231456 v 0")
    lea.select_option("#id_ethics_opinion", "not_required")
    lea.fill("#id_funding", "French National Research Agency (ANR), 2026 call.")
    _save_and_continue(lea)

    lea.fill(
        "#id_publication_plan",
        "A paper in a cardiology journal and a talk at the French Society of Cardiology.",
    )
    lea.fill("#id_timeline", "Extraction in Q1 2027, analyses in 2027, paper in 2028.")
    _save_and_continue(lea)
    # Services: one extraction, pseudonymised, and two workspace seats for a year; the fee
    # estimate follows as the quantities are typed.
    lea.get_by_label("Dataset extraction").fill("1")
    lea.get_by_label("Pseudonymisation", exact=True).fill("1")
    lea.get_by_label("Secure workspace seat").fill("24")
    expect(lea.locator("#estimate")).to_contain_text("Secure workspace seat")
    _save_and_continue(lea)

    lea.select_option("#id_kind", "protocol")
    protocol = pdf_file("react-hf-protocol.pdf", "REACT-HF study protocol")
    lea.set_input_files("#id_file", str(protocol))
    lea.get_by_role("button", name="Save", exact=True).click()
    expect(lea.locator("main")).to_contain_text("react-hf-protocol.pdf")
    _save_and_continue(lea)  # attachments
    _save_and_continue(lea)  # desk questions

    expect(lea.locator("main")).to_contain_text("Everything required is there")
    lea.get_by_role("button", name="Validate and submit").click()
    expect(_messages(lea)).to_contain_text("Your request is submitted")
    expect(lea.locator("main")).to_contain_text("Submitted")
    screenshots.take(lea, "04-intake-submitted.png")

    # --- The desk screens and asks for information; the requester answers -------------------
    camille = people.login("operateur", PASSWORD)
    camille.goto("/staff/requests/")
    camille.get_by_role("link", name=reference).first.click()
    expect(_state(camille)).to_have_text("Submitted")
    _act(camille, "Start screening")
    expect(_state(camille)).to_have_text("Screening")
    _act(
        camille,
        "Ask the requester for information",
        "Please attach the CNIL receipt of your MR-004 compliance declaration.",
    )
    expect(_state(camille)).to_have_text("Information requested")

    lea.goto("/my/requests/")
    lea.get_by_role("link", name=PROJECT).first.click()
    expect(lea.locator("main")).to_contain_text("CNIL receipt of your MR-004")
    lea.fill(
        "#answer-body",
        "Here is the receipt: our MR-004 compliance declaration is number 2231456 v 0.",
    )
    receipt = pdf_file("cnil-receipt-mr004.pdf", "CNIL receipt - MR-004 compliance declaration")
    lea.set_input_files("#answer-files", str(receipt))
    screenshots.take(lea, "05-information-request-answer.png")
    lea.get_by_role("button", name="Send my answer").click()
    expect(lea.locator("main")).to_contain_text("Screening")

    camille.reload()
    expect(_state(camille)).to_have_text("Screening")
    expect(camille.locator("main")).to_contain_text("cnil-receipt-mr004.pdf")
    screenshots.take(camille, "06-desk-screening.png")
    _act(camille, "Send to review")
    expect(_state(camille)).to_have_text("In review")

    # --- Reviewers give their opinion in parallel --------------------------------------
    sophie = people.login("relecteur", PASSWORD)
    claire = people.login("juriste", PASSWORD)
    for reviewer in (sophie, claire):
        reviewer.goto("/staff/reviews/")
        reviewer.get_by_role("link", name=reference).first.click()
        expect(reviewer.get_by_role("button", name="Give my opinion")).to_be_visible()
    sophie.get_by_label("Favourable", exact=True).check()
    sophie.fill("#id_comments", "Relevant question; six years of data give enough power.")
    claire.get_by_label("Favourable with conditions").check()
    claire.fill("#id_comments", "MR-004 is the right legal basis.")
    claire.fill("#id_conditions", "No result on fewer than 10 patients.")
    screenshots.take(sophie, "07-scientific-review.png")
    screenshots.take(claire, "08-legal-review.png")
    sophie.get_by_role("button", name="Give my opinion").click()
    expect(_messages(sophie)).to_contain_text("your opinion is recorded")
    claire.get_by_role("button", name="Give my opinion").click()
    expect(_messages(claire)).to_contain_text("your opinion is recorded")
    # The demo desk also consults the steward of the dataset's department.
    karim = people.login("referent", PASSWORD)
    karim.goto("/staff/reviews/")
    karim.get_by_role("link", name=reference).first.click()
    karim.get_by_label("Favourable", exact=True).check()
    karim.fill("#id_comments", "The cohort covers 2018-2024; the linkage key is available.")
    karim.get_by_role("button", name="Give my opinion").click()
    expect(_messages(karim)).to_contain_text("your opinion is recorded")

    # --- The committee approves with conditions --------------------------------------------
    camille.reload()
    expect(_state(camille)).to_have_text("Committee")
    camille.get_by_role("link", name="Record the committee's decision").click()
    camille.fill("#id_meeting_date", today.isoformat())
    camille.select_option("#id_decision", "approved_with_conditions")
    camille.fill(
        "#id_conditions",
        "Aggregated results only, never on fewer than 10 patients.",
    )
    camille.fill("#id_minutes", "Favourable opinion, unanimous among the members present.")
    screenshots.take(camille, "09-committee-decision.png")
    camille.get_by_role("button", name="Record the decision").click()
    expect(_messages(camille)).to_contain_text("The committee's decision is recorded")
    expect(_state(camille)).to_have_text("Approved with conditions")

    # --- The desk builds the quote and opens the negotiation ----------------------------------
    camille.get_by_role("button", name="Build the quote from the requester's wishes").click()
    expect(_messages(camille)).to_contain_text("built from the requester's wishes")
    camille.get_by_role("button", name="Send the quote").click()
    expect(_messages(camille)).to_contain_text("Quote sent to the requester")
    screenshots.take(camille, "10-quote.png")
    _act(camille, "Start negotiation")
    expect(_state(camille)).to_have_text("Negotiation")

    # --- Legal staff generate, revise and have the contract signed ----------------------------
    claire.goto(camille.url)
    claire.get_by_role("link", name="Prepare the contract").click()
    claire.get_by_role("button", name="Open the contract").click()
    expect(_messages(claire)).to_contain_text("Contract opened")
    claire.get_by_role("button", name="Generate a new version").click()
    expect(claire.locator("main")).to_contain_text("Ready")
    screenshots.take(claire, "11-contract-generated.png")
    claire.get_by_role("button", name="Send to the requester").click()
    expect(_messages(claire)).to_contain_text("available to the requester")

    claire.locator("summary", has_text="Depart from a standard clause").click()
    deviation = claire.locator("form[action$='/deviations/']")
    deviation.locator("[name=clause]").select_option(index=1)
    deviation.locator("[name=body_fr]").fill(
        "Les résultats sont communiqués au guichet quinze jours avant toute publication."
    )
    deviation.locator("[name=reason]").fill(
        "Requested by the laboratory: a shorter review period before publication."
    )
    deviation.get_by_role("button", name="Record the deviation").click()
    expect(_messages(claire)).to_contain_text("Deviation recorded")
    claire.get_by_role("button", name="Generate a new version").click()
    versions = claire.locator("section", has=claire.get_by_role("heading", name="Versions"))
    expect(versions.locator("tbody tr")).to_have_count(2)
    expect(versions.locator("tbody tr").first).to_contain_text("Ready")
    screenshots.take(claire, "12-contract-revision.png")
    claire.get_by_role("button", name="Send to the requester").click()

    with claire.expect_download() as download_info:
        versions.locator("tbody tr").first.get_by_role("link", name="Download the PDF").click()
    signed_copy = Path(download_info.value.path())
    assert signed_copy.read_bytes().startswith(b"%PDF")

    for party, name in (
        ("holder", "Pr Anne Lemaire, Chief Executive of the hospital"),
        ("requester", "Dr Léa Rousseau"),
    ):
        claire.locator("summary", has_text="Add a signatory").click()
        signatory = claire.locator("form[action$='/signatories/']")
        signatory.locator("[name=party]").select_option(party)
        signatory.locator("[name=name]").fill(name)
        signatory.get_by_role("button", name="Add", exact=True).click()
        expect(_messages(claire)).to_contain_text("Signatory added")
    for name in ("Pr Anne Lemaire", "Dr Léa Rousseau"):
        row = claire.locator("tr", has_text=name)
        row.locator("[name=signed_on]").fill(today.isoformat())
        row.locator("[name=signed_pdf]").set_input_files(str(signed_copy))
        row.get_by_role("button", name="Record the signature").click()
        expect(_messages(claire)).to_contain_text("Signature recorded")
    expect(claire.locator("h1 .badge")).to_have_text("Signed")
    screenshots.take(claire, "13-contract-signed.png")

    # --- The desk provisions the data, follows the project and closes it ----------------------
    camille.reload()
    expect(_state(camille)).to_have_text("Contract signed")
    _act(camille, "Start data provisioning")
    expect(_state(camille)).to_have_text("Data provisioning")
    screenshots.take(camille, "14-provisioning.png")
    _act(camille, "Data available: start the project")
    expect(_state(camille)).to_have_text("Project in progress")
    _act(camille, "Start closing")
    expect(_state(camille)).to_have_text("Closing")
    expect(camille.locator("main")).to_contain_text("Confirm that the data were deleted")
    camille.locator("summary", has_text="Update the follow-up").click()
    camille.fill("#id_access_granted_on", (today - timedelta(days=1)).isoformat())
    camille.fill(
        "#id_results_summary",
        "Median time to rehabilitation is 41 days; it doubles after the age of 75.",
    )
    camille.fill("#id_data_deletion_confirmed_on", today.isoformat())
    camille.locator("form[action$='/follow-up/']").get_by_role("button", name="Save").click()
    expect(camille.locator("main")).not_to_contain_text("Confirm that the data were deleted")
    _act(camille, "Close the project")
    expect(_state(camille)).to_have_text("Closed")
    screenshots.take(camille, "15-request-closed.png")

    # --- The manager reads the indicators and downloads the report -----------------------------
    marc = people.login("direction", PASSWORD)
    marc.goto("/staff/kpis/")
    marc.get_by_role("link", name="This year").click()
    expect(marc.locator("svg.kpi-quadrant")).to_be_visible()
    contracts = marc.locator("tr", has_text="P-DESK-2")
    expect(contracts).to_contain_text("1")
    screenshots.take(marc, "16-kpi-dashboard-quadrant.png")
    with marc.expect_download() as report_info:
        marc.get_by_role("link", name="PDF report").click()
    report = Path(report_info.value.path()).read_bytes()
    assert report.startswith(b"%PDF"), report[:40]

    # --- Anyone reads the project in the public transparency register ----------------------------
    visitor = people.anonymous()
    visitor.goto("/register/")
    expect(visitor.locator("main")).to_contain_text("1 project published")
    expect(visitor.locator("main")).to_contain_text(LAB)
    expect(visitor.locator("main")).to_contain_text("Completed")
    screenshots.take(visitor, "17-public-register.png")
    visitor.get_by_role("link", name=PROJECT).click()
    expect(visitor.locator("main")).to_contain_text("Median time to rehabilitation is 41 days")


def _save_and_continue(page: Any) -> None:
    page.get_by_role("button", name="Save and continue").click()
    _expect()(page.locator("ul.messages")).to_contain_text("Saved.")
