"""Concerns (bekymringshenvendelser): recording them and following one's own reports."""

from django.urls import path

from forebyg.cases.views import intake

app_name = "concerns"

urlpatterns = [
    path("ny/", intake.report, name="report"),
    path("hotline/", intake.hotline, name="hotline"),
    path("kvittering/<str:reference>/", intake.receipt, name="receipt"),
    path("mine/", intake.mine, name="mine"),
    path("mine/<str:reference>/", intake.status, name="status"),
]
