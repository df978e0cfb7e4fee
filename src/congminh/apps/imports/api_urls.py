from django.urls import path

from congminh.apps.imports.api import ImportBatchApi, ImportCreateApi

urlpatterns = [
    path("imports/", ImportCreateApi.as_view(), name="api-imports"),
    path("imports/<int:pk>/", ImportBatchApi.as_view(), name="api-import-batch"),
]
