"""The information exchange between organisations, under /udveksling/. No CPR number or purpose
ever goes in a URL: questions are POSTs answered on the same page."""

from django.urls import path

from forebyg.exchange import views

app_name = "exchange"

urlpatterns = [
    path("kendt-andetsteds/", views.known_elsewhere, name="known_elsewhere"),
]
