from django.urls import path

from forebyg.accounts import views

app_name = "accounts"

urlpatterns = [
    path("log-ind/", views.LoginView.as_view(), name="login"),
    path("log-ud/", views.LogoutView.as_view(), name="logout"),
    path("start/", views.start, name="start"),
]
