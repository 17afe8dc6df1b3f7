from django.urls import path

from forebyg.plans.views import cards as card_views
from forebyg.plans.views import content as content_views
from forebyg.plans.views import exports as export_views
from forebyg.plans.views import overview as overview_views
from forebyg.plans.views import public as public_views
from forebyg.plans.views import versions as version_views

app_name = "plans"

# Each block is owned by one part of the app; keep additions inside your block.
urlpatterns: list = [
    # --- versions, workflow, sections, compare, public pages ---
    path("", version_views.home, name="home"),
    path("<int:plan_pk>/", version_views.plan_detail, name="plan"),
    path("<int:plan_pk>/ny-version/", version_views.version_new, name="version_new"),
    path("<int:plan_pk>/sammenlign/", version_views.compare, name="compare"),
    path("versioner/<int:pk>/", version_views.version_detail, name="version"),
    path("versioner/<int:pk>/afsnit/<slug:key>/", version_views.section_edit, name="section_edit"),
    path("versioner/<int:pk>/status/", version_views.version_move, name="version_move"),
    path("versioner/<int:pk>/vedtag/", version_views.version_adopt, name="version_adopt"),
    path(
        "versioner/<int:pk>/offentliggoer/", version_views.version_publish, name="version_publish"
    ),
    path("offentlig/", public_views.public_index, name="public_index"),
    path("offentlig/<str:code>/", public_views.public_plan, name="public"),
    path(
        "offentlig/<str:code>/version/<int:number>/",
        public_views.public_version,
        name="public_version",
    ),
    # --- end versions ---
    # --- roles matrix, initiatives, indicators, action cards ---
    path("versioner/<int:pk>/roller/", content_views.matrix_page, name="matrix"),
    path("versioner/<int:pk>/indsatser/", content_views.initiative_list, name="initiatives"),
    path("versioner/<int:pk>/indsatser/ny/", content_views.initiative_new, name="initiative_new"),
    path("indsatser/<int:pk>/", content_views.initiative_edit, name="initiative_edit"),
    path("indsatser/<int:pk>/indikatorer/ny/", content_views.indicator_new, name="indicator_new"),
    path("indikatorer/<int:pk>/", content_views.indicator_edit, name="indicator_edit"),
    path("versioner/<int:pk>/handlekort/", card_views.card_list, name="cards"),
    path("versioner/<int:pk>/handlekort/nyt/", card_views.card_new, name="card_new"),
    path("handlekort/<int:pk>/", card_views.card_page, name="card"),
    path("handlekort/<int:pk>/rediger/", card_views.card_edit, name="card_edit"),
    path("handlekort/<int:pk>/pdf/", card_views.card_pdf, name="card_pdf"),
    path(
        "offentlig/<str:code>/handlekort/<int:card_pk>/",
        card_views.public_card,
        name="public_card",
    ),
    # --- end content ---
    # --- exports, coverage, national overview ---
    path("versioner/<int:pk>/pdf/", export_views.version_pdf, name="version_pdf"),
    path("versioner/<int:pk>/docx/", export_views.version_docx, name="version_docx"),
    path("offentlig/<str:code>/pdf/", export_views.public_pdf, name="public_pdf"),
    path("landsoversigt/", overview_views.overview, name="overview"),
    path("landsoversigt/csv/", overview_views.overview_csv, name="overview_csv"),
    path("landsoversigt/xlsx/", overview_views.overview_xlsx, name="overview_xlsx"),
    # --- end exports ---
]
