"""The information exchange between organisations, under /udveksling/. No CPR number or purpose
ever goes in a URL: questions are POSTs answered on the same page."""

from django.urls import path

from forebyg.exchange import views, views_cases

app_name = "exchange"

urlpatterns = [
    path("kendt-andetsteds/", views.known_elsewhere, name="known_elsewhere"),
    # The coordinators' actions on a case (each POST redirects to the case page)
    path("sag/<int:pk>/inviter/", views_cases.invite, name="invite"),
    path("sag/<int:pk>/samtykke/", views_cases.consent_new, name="consent_new"),
    path(
        "sag/<int:pk>/samtykke/<int:consent_pk>/tilbagekald/",
        views_cases.consent_withdraw,
        name="consent_withdraw",
    ),
    path("invitation/<int:pk>/identitet/", views_cases.reveal, name="reveal"),
    path("invitation/<int:pk>/tilbagekald/", views_cases.revoke, name="revoke"),
    # The partners' de-identified view
    path("partner/", views_cases.partner_cases, name="partner_cases"),
    path("partner/<int:pk>/", views_cases.partner_case, name="partner_case"),
    # The DPO's ledger
    path("log/", views_cases.ledger, name="ledger"),
    path("log/eksport/", views_cases.ledger_csv, name="ledger_csv"),
]
