"""The infohus networks' notes, under /infohusnetvaerk/."""

from django.urls import path

from forebyg.networks import views

app_name = "networks"

urlpatterns = [
    path("", views.note_list, name="list"),
    path("ny/", views.note_new, name="note_new"),
    path("notat/<int:pk>/", views.note_detail, name="note"),
]
