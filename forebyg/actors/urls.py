from django.urls import path

from forebyg.actors import views

app_name = "actors"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("struktur/", views.structure, name="structure"),
    path("internationalt-samarbejde/", views.international, name="international"),
    path("<slug:key>/", views.organisation_detail, name="organisation"),
]
