"""The national action plan of 2016 and its tracker, under /handlingsplan/."""

from django.urls import path

from forebyg.national import views

app_name = "national"

urlpatterns = [
    path("", views.index, name="index"),
    path("fokusomraade/<int:number>/", views.focus_area, name="focus_area"),
    path("initiativ/nyt/", views.initiative_new, name="initiative_new"),
    path("initiativ/<int:pk>/", views.initiative, name="initiative"),
    path("initiativ/<int:pk>/rediger/", views.initiative_edit, name="initiative_edit"),
    path("initiativ/<int:pk>/status/", views.status_new, name="status_new"),
    path("eksport.csv", views.export_csv, name="export_csv"),
    path("eksport.xlsx", views.export_xlsx, name="export_xlsx"),
]
