from django.urls import path

from congminh.apps.imports.api import ImportCreateApi

urlpatterns = [path("imports/", ImportCreateApi.as_view(), name="api-imports")]
