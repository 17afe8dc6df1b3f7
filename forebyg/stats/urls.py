"""The statistics, under /statistik/: one page per scope the user may open (the national scope,
a municipality or a police district), and that scope's publication as CSV or XLSX."""

from django.urls import path

from forebyg.stats import views

app_name = "stats"

urlpatterns = [
    path("", views.stats_index, name="index"),
    path("<slug:slug>/", views.stats_scope, name="scope"),
    path("<slug:slug>/statistik.csv", views.stats_export_csv, name="export_csv"),
    path("<slug:slug>/statistik.xlsx", views.stats_export_xlsx, name="export_xlsx"),
]
