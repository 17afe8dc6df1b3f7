"""Access requests (GDPR art. 15), under /indsigt/. The request's id, never a CPR number, is in
the URLs."""

from django.urls import path

from forebyg.access_requests import views

app_name = "access_requests"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("ny/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/rapport/", views.request_report, name="report"),
    path("<int:pk>/pdf/", views.request_pdf, name="pdf"),
    path("<int:pk>/forlaeng/", views.request_extend, name="extend"),
    path("<int:pk>/besvaret/", views.request_answer, name="answer"),
    path("<int:pk>/begraens/", views.request_restrict, name="restrict"),
]
