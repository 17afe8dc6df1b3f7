"""The case conferences, under /konferencer/. No name or CPR number ever goes in a URL."""

from django.urls import path

from forebyg.conferences import views

app_name = "conferences"

urlpatterns = [
    path("", views.conference_list, name="list"),
    path("ny/", views.conference_new, name="new"),
    path("<int:pk>/", views.conference_detail, name="detail"),
    path("<int:pk>/afholdt/", views.conference_held, name="held"),
    path("<int:pk>/deltager/", views.participant_add, name="participant_add"),
    path("<int:pk>/sag/", views.case_add, name="case_add"),
    path("<int:pk>/pdf/", views.conference_pdf, name="pdf"),
    path("punkt/<int:pk>/referat/", views.minutes_write, name="minutes"),
    path("punkt/<int:pk>/beslutning/", views.decision_record, name="decision"),
]
