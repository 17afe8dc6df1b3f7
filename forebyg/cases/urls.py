"""The coordinators' case handling, under /sager/. No name, CPR number or purpose ever goes in a
URL: references are random, and a person search is a POST."""

from django.urls import path

from forebyg.cases.views import assessments, breakglass, cpr, handling, measures

app_name = "cases"

urlpatterns = [
    path("", handling.dashboard, name="dashboard"),
    path("personsoegning/", handling.person_search, name="person_search"),
    path("person/<int:pk>/", handling.person, name="person"),
    path("person/<int:pk>/cpr/", cpr.cpr_reveal, name="cpr_reveal"),
    path("indstillinger/", handling.screening_settings, name="settings"),
    path("<int:pk>/", handling.detail, name="detail"),
    path("<int:pk>/status/", handling.status, name="status"),
    path("<int:pk>/klassifikation/", handling.classify, name="classify"),
    path("<int:pk>/vurdering/ny/", assessments.assessment_new, name="assessment_new"),
    path("<int:pk>/vurdering/<int:version>/", assessments.assessment, name="assessment"),
    path("<int:pk>/foranstaltning/ny/", measures.measure_new, name="measure_new"),
    path("foranstaltning/<int:pk>/opfoelgning/", measures.measure_review, name="measure_review"),
    path("bilag/<int:pk>/", handling.attachment, name="attachment"),
    # Break-glass (nødadgang): docs/decisions/0009-break-glass.md
    path("noedadgang/", breakglass.request_access, name="break_glass"),
    path("noedadgang/<int:pk>/afslut/", breakglass.end_access, name="break_glass_end"),
    path("noedadgange/", breakglass.notices, name="break_glass_notices"),
]
