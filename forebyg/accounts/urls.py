from django.urls import path

from forebyg.accounts import stepup, views
from forebyg.accounts.mfa import views as mfa_views
from forebyg.accounts.oidc import views as oidc_views

app_name = "accounts"

urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ind/mitid/", oidc_views.AuthenticateView.as_view(), name="oidc_authenticate"),
    path("log-ind/mitid/svar/", oidc_views.callback, name="oidc_callback"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("start/", views.start, name="start"),
    path("bekraeft/", stepup.step_up, name="step_up"),  # step-up (forebyg/accounts/stepup.py)
    # MFA after the password (forebyg/accounts/mfa/)
    path("log-ind/kode/", mfa_views.verify, name="mfa_verify"),
    path("log-ind/kode/opsaet/", mfa_views.enroll, name="mfa_enroll"),
    path("log-ind/kode/gendannelse/", mfa_views.recovery_codes, name="mfa_recovery_codes"),
]
