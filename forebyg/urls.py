from django.urls import include, path

from forebyg.accounts.admin_site import admin_site
from forebyg.core.views import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin_site.urls),
    path("", include("forebyg.accounts.urls")),
    path("", include("forebyg.prevention.urls")),
    path("hvem-goer-hvad/", include("forebyg.actors.urls")),
    path("retsgrundlag/", include("forebyg.legal.urls")),
    path("sager/", include("forebyg.cases.urls")),
    path("bekymringer/", include("forebyg.cases.concern_urls")),
    path("udveksling/", include("forebyg.exchange.urls")),
    path("konferencer/", include("forebyg.conferences.urls")),
    path("beredskab/", include("forebyg.plans.urls")),
    path("handlingsplan/", include("forebyg.national.urls")),
    path("infohusnetvaerk/", include("forebyg.networks.urls")),
    path("statistik/", include("forebyg.stats.urls")),
    path("indsigt/", include("forebyg.access_requests.urls")),
    path("opbevaring/", include("forebyg.retention.urls")),
    path("api/v1/", include("forebyg.api.urls")),
]

handler404 = "forebyg.core.views.page_not_found"
handler500 = "forebyg.core.views.server_error"
handler403 = "forebyg.core.views.permission_denied"
handler400 = "forebyg.core.views.bad_request"
