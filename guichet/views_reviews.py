"""The reviewer's queue and review form."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from guichet import domain
from guichet.forms import ReviewForm
from guichet.models import AccessRequest, RequestDataset, Review
from guichet.permissions import review_queue, visible_attachments, visible_reviews
from guichet.views_common import run_domain, staff_required


@staff_required
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    open_reviews = list(review_queue(request.user).select_related("request__requester"))
    # Overdue first, then by due date; reviews without a date last.
    open_reviews.sort(
        key=lambda r: (
            0 if r.due_on and r.due_on < today else 1,
            r.due_on or today.replace(year=today.year + 10),
            r.pk,
        )
    )
    assert request.user.is_authenticated  # @staff_required
    done = (
        visible_reviews(request.user)
        .filter(reviewer=request.user, submitted_at__isnull=False)
        .select_related("request")
        .order_by("-submitted_at")[:20]
    )
    return render(
        request,
        "guichet/reviews/queue.html",
        {"open_reviews": open_reviews, "done": done, "today": today},
    )


@staff_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    found = (
        visible_reviews(request.user)
        .select_related("request__organisation", "request__requester", "reviewer", "department")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    access_request = (
        AccessRequest.objects.select_related(
            "organisation__actor_type",
            "requester",
            "project_type",
            "collaboration_level",
            "use_case",
            "access_mode",
            "form_definition",
        )
        .prefetch_related(
            Prefetch(
                "requested_datasets",
                queryset=RequestDataset.objects.select_related("dataset"),
            ),
            "team",
            "requested_services__service",
            "answers__question",
            "answers__attachment",
        )
        .get(pk=found.request_id)
    )
    can_submit = domain.can_submit_review(found, request.user) and not found.is_submitted
    form = ReviewForm(request.POST or None)
    if request.method == "POST":
        if not can_submit:
            messages.error(request, _("This review cannot be given any more."))
            return redirect("requests:review", pk=pk)
        if form.is_valid():
            data = form.cleaned_data
            ok, response, problems = run_domain(
                request,
                access_request,
                lambda: domain.review_submit(
                    found,
                    by=request.user,
                    outcome=data["outcome"],
                    comments=data.get("comments", ""),
                    conditions=data.get("conditions", ""),
                ),
                success=_("Thank you: your opinion is recorded."),
            )
            if response is not None:
                return response
            if ok:
                return redirect("requests:review-queue")
            for problem in problems:
                form.add_error(None, problem)
    others = (
        Review.objects.filter(request=access_request)
        .exclude(pk=found.pk)
        .filter(pk__in=visible_reviews(request.user).values("pk"))
        .select_related("reviewer")
    )
    return render(
        request,
        "guichet/reviews/review.html",
        {
            "review": found,
            "access_request": access_request,
            "form": form,
            "can_submit": can_submit,
            "others": others,
            # Files sent later with a message (the ethics opinion asked for at screening...)
            # belong to the application the reviewer judges.
            "attachments": visible_attachments(request.user)
            .filter(request=access_request)
            .select_related("message")
            .order_by("uploaded_at", "pk"),
        },
    )
