from django.urls import path

from forebyg.prevention import views

app_name = "prevention"

urlpatterns = [
    path("", views.home, name="home"),
    path("forebyggelsestrekanten/<slug:key>/", views.level_detail, name="level"),
]
