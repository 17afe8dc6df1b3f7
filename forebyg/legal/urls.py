from django.urls import path

from forebyg.legal import views

app_name = "legal"

urlpatterns = [
    path("", views.legal_basis_list, name="list"),
    path("<slug:key>/", views.legal_basis_detail, name="detail"),
]
