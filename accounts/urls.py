from django.urls import include, path

from accounts import views

urlpatterns = [
    path("", views.account, name="account"),
    # Ahead of django.contrib.auth.urls: same names, with the second step of logging in.
    path("login/", views.LoginView.as_view(), name="login"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/disable/", views.two_factor_disable, name="two-factor-disable"),
    path("", include("django.contrib.auth.urls")),
]
