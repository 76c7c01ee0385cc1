"""HTML pages of the request pipeline (mounted at / by the project urls)."""

from django.urls import path

from guichet import (
    registration,
    views_access,
    views_desk,
    views_intake,
    views_public,
    views_requester,
    views_reviews,
)

app_name = "requests"

urlpatterns = [
    # Public
    path("register/", views_public.register_list, name="register"),
    path("register/<int:pk>/", views_public.register_detail, name="register-detail"),
    path("patients/", views_public.patients, name="patients"),
    # Requester sign-up
    path("signup/", registration.signup, name="signup"),
    path("signup/sent/", registration.signup_sent, name="signup-sent"),
    path("signup/confirm/<str:token>/", registration.signup_confirm, name="signup-confirm"),
    # Requester
    path("my/requests/", views_requester.my_requests, name="my-requests"),
    path("my/requests/new/", views_intake.new_request, name="new"),
    path("my/requests/<int:pk>/", views_requester.detail, name="my-detail"),
    path("my/requests/<int:pk>/withdraw/", views_requester.withdraw, name="withdraw"),
    path("my/requests/<int:pk>/messages/", views_requester.post_message, name="my-message"),
    path("my/requests/<int:pk>/answer/", views_requester.answer_information, name="my-answer"),
    path("my/requests/<int:pk>/follow-up/", views_requester.follow_up, name="my-follow-up"),
    path("my/requests/<int:pk>/publications/", views_requester.publication, name="my-publication"),
    path(
        "my/requests/<int:pk>/feedback/<int:dataset_pk>/",
        views_requester.feedback,
        name="my-feedback",
    ),
    # Intake form (requester, or desk on someone's behalf)
    path("requests/<int:pk>/edit/<slug:section>/", views_intake.edit_section, name="edit"),
    path("requests/<int:pk>/submit/", views_intake.submit, name="submit"),
    path("requests/<int:pk>/estimate/", views_intake.estimate, name="estimate"),
    path(
        "requests/<int:pk>/files/<int:attachment_pk>/",
        views_intake.attachment_download,
        name="attachment",
    ),
    path(
        "requests/<int:pk>/files/<int:attachment_pk>/delete/",
        views_intake.attachment_delete,
        name="attachment-delete",
    ),
    # Desk
    path("staff/requests/", views_desk.inbox, name="inbox"),
    path("staff/requests/export.csv", views_desk.export_csv, name="inbox-export"),
    path("staff/requests/new/", views_desk.new_on_behalf, name="staff-new"),
    path("staff/document-access/", views_access.access_list, name="document-access"),
    path(
        "staff/document-access/export.csv",
        views_access.access_export,
        name="document-access-export",
    ),
    path("staff/requests/<int:pk>/", views_desk.detail, name="staff-detail"),
    path("staff/requests/<int:pk>/action/<slug:action>/", views_desk.action, name="action"),
    path("staff/requests/<int:pk>/committee/", views_desk.committee, name="committee"),
    path("staff/requests/<int:pk>/reviews/add/", views_desk.review_add, name="review-add"),
    path(
        "staff/requests/<int:pk>/reviews/<int:review_pk>/assign/",
        views_desk.review_assign,
        name="review-assign",
    ),
    path(
        "staff/requests/<int:pk>/relevance/<int:row_pk>/",
        views_desk.relevance,
        name="relevance",
    ),
    path("staff/requests/<int:pk>/messages/", views_desk.post_message, name="staff-message"),
    path("staff/requests/<int:pk>/quote/", views_desk.quote, name="quote"),
    path("staff/requests/<int:pk>/follow-up/", views_desk.follow_up, name="staff-follow-up"),
    path(
        "staff/requests/<int:pk>/publications/",
        views_desk.publication,
        name="staff-publication",
    ),
    path("staff/requests/<int:pk>/disputes/", views_desk.dispute_open, name="dispute-open"),
    path(
        "staff/requests/<int:pk>/disputes/<int:dispute_pk>/close/",
        views_desk.dispute_close,
        name="dispute-close",
    ),
    path("staff/register/<int:pk>/edit/", views_public.register_edit, name="register-edit"),
    # Reviewers
    path("staff/reviews/", views_reviews.queue, name="review-queue"),
    path("staff/reviews/<int:pk>/", views_reviews.review, name="review"),
]
