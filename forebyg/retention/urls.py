"""Retention pages of an organisation's data protection officer, under /opbevaring/."""

from django.urls import path

from forebyg.retention import views

app_name = "retention"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:organisation_pk>/", views.period_list, name="periods"),
    path("<int:organisation_pk>/koersler/", views.run_list, name="runs"),
    path("<int:organisation_pk>/koersler/godkend/", views.run_approve, name="approve"),
]
